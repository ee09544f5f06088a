import { toCsv } from "@/lib/csv/write";
import type { AuditRow } from "./list";

// Export formats of the audit log. Both carry the chain fields, so a copy can be checked
// offline with lib/audit/chain.ts's rules (keyed entries by someone holding the audit key).

const csvHeader = [
  "seq",
  "time",
  "actor_type",
  "actor_user_id",
  "actor_name",
  "action",
  "target_type",
  "target_id",
  "summary",
  "redacted",
  "summary_digest",
  "prev_hash",
  "hash",
  "keyed",
];

export function auditCsvHeaderLine(): string {
  return toCsv([csvHeader]);
}

/** One entry as a CSV line; through the shared writer, so a summary cannot run as a formula. */
export function auditCsvLine(row: AuditRow): string {
  return toCsv([
    [
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
    ],
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
