import { createHash, createHmac } from "node:crypto";

// The audit log's hash chain, as pure functions so that anyone holding an export can check
// it with the same rules (no database, no server-only imports).
//
// Each entry's hash covers its content and the previous entry's hash of the same workspace.
// The summary enters only through its digest, so erasure can scrub a summary and keep the
// digest (and with it the chain) intact. `customerId` is not hashed: it only locates entries
// for erasure, and the database clears it when the customer is deleted.
//
// Entries are keyed: their hash is an HMAC-SHA256 under the audit key (derived from the root
// secret, lib/auth/secret.ts), so someone who can write the database but does not hold the
// key cannot rewrite an entry and recompute the chain after it. Entries from before keying
// (keyed = false) keep their plain SHA-256 and are accepted only before the first keyed
// entry, which links to them and so seals them too. The key is a parameter: whoever holds it
// can verify an export offline.

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

/** What a pending entry's MAC covers: its content, without its place in the chain. */
export type EntryContent = Omit<ChainedFields, "seq" | "prevHash">;

/** The content's fields as hashed: canonical times, nulls for absent ids. */
function contentOf(fields: EntryContent) {
  return {
    v: CHAIN_VERSION,
    id: fields.id,
    workspaceId: fields.workspaceId,
    createdAt: new Date(fields.createdAt).toISOString(),
    actorType: fields.actorType,
    actorUserId: fields.actorUserId ?? null,
    action: fields.action,
    targetType: fields.targetType,
    targetId: fields.targetId ?? null,
    summaryDigest: fields.summaryDigest,
  };
}

const hmacHex = (key: Uint8Array, text: string) => createHmac("sha256", key).update(text, "utf8").digest("hex");

/** The entry's hash: HMAC-SHA256 under `key` for keyed entries, plain SHA-256 without one. */
export function entryHash(fields: ChainedFields, key?: Uint8Array | null): string {
  const text = canonicalJson({ ...contentOf(fields), seq: fields.seq, prevHash: fields.prevHash ?? null });
  return key ? hmacHex(key, text) : sha256Hex(text);
}

/**
 * The MAC a writer puts on an entry it appends pending (not yet chained): the sealer chains
 * only entries whose MAC holds, so someone who can write the database but does not hold the
 * key cannot slip an entry in for the app to chain.
 */
export function entryMac(fields: EntryContent, key: Uint8Array): string {
  return hmacHex(key, canonicalJson({ ...contentOf(fields), kind: "pending" }));
}

/** A checkpoint: the chain was verified up to this entry. */
export interface CheckpointFields {
  workspaceId: string;
  seq: number;
  hash: string;
  keyed: boolean;
}

export function checkpointSignature(fields: CheckpointFields, key: Uint8Array): string {
  return hmacHex(key, canonicalJson({ v: CHAIN_VERSION, kind: "checkpoint", ...fields }));
}

/** An entry as stored, enough to check it. */
export interface StoredEntry extends Omit<ChainedFields, "summaryDigest" | "prevHash"> {
  summary: unknown;
  summaryDigest: string | null;
  prevHash: string | null;
  hash: string | null;
  /** The hash is an HMAC under the audit key (absent in exports from before keying: false). */
  keyed?: boolean;
  redactedAt: Date | string | null;
}

export interface ChainBreak {
  seq: number;
  /** Null when the entry itself is gone (deleted from the end of the log). */
  id: string | null;
  createdAt: string | null;
  reason: string;
}

/** The newest entry of a chain, as an auditor records it outside the database. */
export interface ChainHead {
  seq: number;
  hash: string;
  createdAt: string;
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
  private keyedSeen = false;
  private breaks: ChainBreak[] = [];
  private readonly key: Uint8Array | null;
  private readonly head: ChainHead | null;
  /** Redacted entries not yet covered by a later redaction record. */
  private unexplainedRedactions = new Map<number, ChainBreak>();
  entries = 0;
  legacy = 0;
  /** Sealed entries with a plain SHA-256 (from before the chain was keyed). */
  unkeyed = 0;
  /** The last entry seen, to export as the chain head. */
  last: ChainHead | null = null;

  /**
   * `key`: the audit key; without it keyed entries cannot be checked and count as breaks.
   * `head`: a chain head recorded earlier (outside the database): the entry at its seq must
   * still carry its hash, which catches a rewrite of the whole chain.
   */
  constructor(options: { key?: Uint8Array | null; head?: ChainHead | null; from?: CheckpointFields | null } = {}) {
    this.key = options.key ?? null;
    this.head = options.head ?? null;
    // From a checkpoint: the entries up to it were verified before; the walk continues after it.
    if (options.from) {
      this.expectedSeq = options.from.seq + 1;
      this.previousHash = options.from.hash;
      this.sealedSeen = true;
      this.keyedSeen = options.from.keyed;
    }
  }

  add(entry: StoredEntry): void {
    this.entries += 1;
    const at = (reason: string): ChainBreak => ({
      seq: entry.seq,
      id: entry.id,
      createdAt: new Date(entry.createdAt).toISOString(),
      reason,
    });
    const fail = (reason: string) => this.breaks.push(at(reason));

    if (entry.seq !== this.expectedSeq) {
      fail(
        entry.seq > this.expectedSeq
          ? `entries #${this.expectedSeq}–#${entry.seq - 1} are missing`
          : `sequence number repeats (expected #${this.expectedSeq})`,
      );
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
    const fields = { ...entry, summaryDigest: entry.summaryDigest ?? "", prevHash: entry.prevHash ?? null };
    if (entry.keyed) {
      this.keyedSeen = true;
      if (!this.key) fail("is keyed: checking it needs the audit key");
      else if (entryHash(fields, this.key) !== entry.hash) fail("content does not match its hash");
    } else {
      this.unkeyed += 1;
      // Anyone can compute a plain hash: after the first keyed entry one is a rewrite.
      if (this.keyedSeen) fail("unkeyed entry after the chain became keyed");
      if (entryHash(fields) !== entry.hash) fail("content does not match its hash");
    }
    this.previousHash = entry.hash;
    this.last = { seq: entry.seq, hash: entry.hash, createdAt: new Date(entry.createdAt).toISOString() };
    if (this.head && this.head.seq === entry.seq && this.head.hash !== entry.hash) fail("differs from the chain head recorded earlier");

    if (entry.redactedAt) this.unexplainedRedactions.set(entry.seq, at("redacted without a recorded redaction"));
    if (entry.action === REDACTION_ACTION && !entry.redactedAt) {
      const seqs = (entry.summary as { seqs?: unknown } | null)?.seqs;
      if (Array.isArray(seqs)) for (const seq of seqs) this.unexplainedRedactions.delete(Number(seq));
    }
  }

  /** A break found outside the walk (at a checkpoint, before it, or among pending entries). */
  breakAt(entry: { seq: number; id: string | null; createdAt: Date | string | null }, reason: string): void {
    this.breaks.push({ seq: entry.seq, id: entry.id, createdAt: entry.createdAt ? new Date(entry.createdAt).toISOString() : null, reason });
  }

  /** The workspace's counter says how many entries there should be: catches deletions at the end. */
  finish(lastSeq: number): void {
    if (lastSeq >= this.expectedSeq) {
      this.breaks.push({
        seq: this.expectedSeq,
        id: null,
        createdAt: null,
        reason: `entries #${this.expectedSeq}–#${lastSeq} are missing`,
      });
    }
    if (this.head && this.head.seq >= this.expectedSeq) {
      this.breaks.push({ seq: this.head.seq, id: null, createdAt: null, reason: "the chain head recorded earlier is missing" });
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
