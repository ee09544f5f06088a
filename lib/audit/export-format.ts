import type { AuditRow } from "./list";

// Export formats of the audit log. Both carry the chain fields, so a copy can be checked
// offline with lib/audit/chain.ts's rules (keyed entries by someone holding the audit key).

export const csvHeader = ["seq", "time", "actor_type", "actor_user_id", "actor_name", "action", "target_type", "target_id", "summary", "redacted", "summary_digest", "prev_hash", "hash", "keyed"];

/** A CSV cell: quoted when needed, and text a spreadsheet would run as a formula is defused. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function auditCsvLine(row: AuditRow): string {
  return csvLine([
    row.seq,
    row.createdAt.toISOString(),
    row.actorType,
    row.actorUserId,
    row.actorName,
    row.action,
    row.targetType,
    row.targetId,
    row.summary,
    row.redacted ? "yes" : "no",
    row.summaryDigest,
    row.prevHash,
    row.hash,
    row.keyed ? "yes" : "no",
  ]);
}

export function auditJsonEntry(row: AuditRow) {
  return {
    seq: row.seq,
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    actor: { type: row.actorType, userId: row.actorUserId, name: row.actorName },
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    summary: row.summary,
    redacted: row.redacted,
    summaryDigest: row.summaryDigest,
    prevHash: row.prevHash,
    hash: row.hash,
    keyed: row.keyed,
  };
}
