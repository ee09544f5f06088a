import { createHash } from "node:crypto";

// The audit log's hash chain, as pure functions so that anyone holding an export can check
// it with the same rules (no database, no server-only imports).
//
// Each entry's hash covers its content and the previous entry's hash of the same workspace.
// The summary enters only through its digest, so erasure can scrub a summary and keep the
// digest (and with it the chain) intact. `customerId` is not hashed: it only locates entries
// for erasure, and the database clears it when the customer is deleted.

export const CHAIN_VERSION = 1;

/**
 * JSON with object keys sorted at every level and no whitespace; times as ISO 8601 UTC
 * (Date#toJSON). Values JSON cannot hold (undefined, functions) are dropped as
 * JSON.stringify drops them, so an entry hashes the same before and after a round trip
 * through the database's jsonb.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value ?? null))));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function summaryDigest(summary: unknown): string {
  return sha256Hex(canonicalJson(summary ?? {}));
}

/** What an entry's hash covers. */
export interface ChainedFields {
  id: string;
  workspaceId: string;
  seq: number;
  createdAt: Date | string;
  actorType: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  summaryDigest: string;
  /** The previous entry's hash; null for the workspace's first entry. */
  prevHash: string | null;
}

export function entryHash(fields: ChainedFields): string {
  return sha256Hex(
    canonicalJson({
      v: CHAIN_VERSION,
      id: fields.id,
      workspaceId: fields.workspaceId,
      seq: fields.seq,
      createdAt: new Date(fields.createdAt).toISOString(),
      actorType: fields.actorType,
      actorUserId: fields.actorUserId ?? null,
      action: fields.action,
      targetType: fields.targetType,
      targetId: fields.targetId ?? null,
      summaryDigest: fields.summaryDigest,
      prevHash: fields.prevHash ?? null,
    }),
  );
}

/** An entry as stored, enough to check it. */
export interface StoredEntry extends Omit<ChainedFields, "summaryDigest" | "prevHash"> {
  summary: unknown;
  summaryDigest: string | null;
  prevHash: string | null;
  hash: string | null;
  redactedAt: Date | string | null;
}

export interface ChainBreak {
  seq: number;
  /** Null when the entry itself is gone (deleted from the end of the log). */
  id: string | null;
  createdAt: string | null;
  reason: string;
}

/** The action of the entry that records a redaction; its summary lists the redacted seqs. */
export const REDACTION_ACTION = "audit.redacted";

/**
 * Walks one workspace's entries in seq order, fed in batches, and remembers the first
 * broken entry. Entries from before the chain existed (no hash) are accepted only as a
 * prefix: they are sealed by the next audited change.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private previousHash: string | null = null;
  private sealedSeen = false;
  private breaks: ChainBreak[] = [];
  /** Redacted entries not yet covered by a later redaction record. */
  private unexplainedRedactions = new Map<number, ChainBreak>();
  entries = 0;
  legacy = 0;

  add(entry: StoredEntry): void {
    this.entries += 1;
    const at = (reason: string): ChainBreak => ({ seq: entry.seq, id: entry.id, createdAt: new Date(entry.createdAt).toISOString(), reason });
    const fail = (reason: string) => this.breaks.push(at(reason));

    if (entry.seq !== this.expectedSeq) {
      fail(entry.seq > this.expectedSeq ? `entries #${this.expectedSeq}–#${entry.seq - 1} are missing` : `sequence number repeats (expected #${this.expectedSeq})`);
    }
    this.expectedSeq = entry.seq + 1;

    if (!entry.hash) {
      if (this.sealedSeen) fail("entry has no hash after the chain began");
      else this.legacy += 1;
      this.previousHash = null;
      return;
    }
    this.sealedSeen = true;
    if ((entry.prevHash ?? null) !== this.previousHash) fail("does not link to the previous entry");
    if (!entry.summaryDigest) fail("has no summary digest");
    else if (!entry.redactedAt && summaryDigest(entry.summary) !== entry.summaryDigest) fail("summary was changed");
    const expected = entryHash({ ...entry, summaryDigest: entry.summaryDigest ?? "", prevHash: entry.prevHash ?? null });
    if (expected !== entry.hash) fail("content does not match its hash");
    this.previousHash = entry.hash;

    if (entry.redactedAt) this.unexplainedRedactions.set(entry.seq, at("redacted without a recorded redaction"));
    if (entry.action === REDACTION_ACTION && !entry.redactedAt) {
      const seqs = (entry.summary as { seqs?: unknown } | null)?.seqs;
      if (Array.isArray(seqs)) for (const seq of seqs) this.unexplainedRedactions.delete(Number(seq));
    }
  }

  /** The workspace's counter says how many entries there should be: catches deletions at the end. */
  finish(lastSeq: number): void {
    if (lastSeq >= this.expectedSeq) {
      this.breaks.push({ seq: this.expectedSeq, id: null, createdAt: null, reason: `entries #${this.expectedSeq}–#${lastSeq} are missing` });
    }
  }

  /** The first broken entry by seq, or null when the whole chain checks out. */
  firstBreak(): ChainBreak | null {
    const all = [...this.breaks, ...this.unexplainedRedactions.values()];
    if (all.length === 0) return null;
    return all.reduce((first, next) => (next.seq < first.seq ? next : first));
  }

  problems(): number {
    return this.breaks.length + this.unexplainedRedactions.size;
  }
}
