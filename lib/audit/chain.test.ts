import { describe, expect, it } from "vitest";
import { canonicalJson, ChainVerifier, entryHash, REDACTION_ACTION, type StoredEntry, summaryDigest } from "./chain";

const workspaceId = "00000000-0000-4000-8000-000000000001";

/** `keyedFrom`: the first seq hashed with `key` (entries before it are unkeyed, from before keying). */
function chain(count: number, options: { key?: Uint8Array; keyedFrom?: number } = {}): StoredEntry[] {
  const entries: StoredEntry[] = [];
  let prevHash: string | null = null;
  for (let seq = 1; seq <= count; seq++) {
    const summary = { ticket: seq, fields: ["status"] };
    const base = {
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
      workspaceId,
      seq,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
      actorType: "user",
      actorUserId: "00000000-0000-4000-8000-0000000000aa",
      action: "ticket.updated",
      targetType: "ticket",
      targetId: `t-${seq}`,
      summary,
      summaryDigest: summaryDigest(summary),
      prevHash,
      redactedAt: null,
    };
    const keyed = Boolean(options.key) && seq >= (options.keyedFrom ?? 1);
    const hash = entryHash(base, keyed ? options.key : null);
    entries.push({ ...base, hash, keyed });
    prevHash = hash;
  }
  return entries;
}

function verify(entries: StoredEntry[]) {
  const verifier = new ChainVerifier();
  for (const entry of entries) verifier.add(entry);
  return verifier.firstBreak();
}

describe("canonicalJson", () => {
  it("sorts keys at every level and writes times as ISO", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: new Date("2026-01-02T03:04:05.678Z") } })).toBe(
      '{"a":{"c":"2026-01-02T03:04:05.678Z","d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("gives the same digest whatever the key order or undefined fields", () => {
    expect(summaryDigest({ a: 1, b: "x", c: undefined })).toBe(summaryDigest({ b: "x", a: 1 }));
    expect(summaryDigest({ a: 1 })).not.toBe(summaryDigest({ a: 2 }));
  });
});

describe("ChainVerifier", () => {
  it("accepts an intact chain", () => {
    expect(verify(chain(5))).toBeNull();
  });

  it("reports the entry whose action was changed", () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, action: "ticket.deleted" };
    expect(verify(entries)).toMatchObject({ seq: 3, reason: "content does not match its hash" });
  });

  it("reports the entry whose summary was changed", () => {
    const entries = chain(5);
    entries[1] = { ...entries[1]!, summary: { ticket: 99 } };
    expect(verify(entries)).toMatchObject({ seq: 2, reason: "summary was changed" });
  });

  it("reports a deleted entry at the one after the gap", () => {
    const entries = chain(5);
    entries.splice(2, 1);
    expect(verify(entries)).toMatchObject({ seq: 4 });
  });

  it("reports a rewritten hash at the next entry, which no longer links", () => {
    const entries = chain(4);
    const changed = { ...entries[1]!, action: "x" };
    entries[1] = { ...changed, hash: entryHash({ ...changed, summaryDigest: changed.summaryDigest!, prevHash: changed.prevHash }) };
    expect(verify(entries)).toMatchObject({ seq: 3, reason: "does not link to the previous entry" });
  });

  it("accepts a redacted summary only when a later entry records the redaction", () => {
    const entries = chain(3);
    entries[0] = { ...entries[0]!, summary: { redacted: true }, redactedAt: new Date() };
    expect(verify(entries)).toMatchObject({ seq: 1, reason: "redacted without a recorded redaction" });

    const last = entries[2]!;
    const summary = { count: 1, seqs: [1] };
    const record = {
      ...last,
      id: "r",
      seq: 4,
      action: REDACTION_ACTION,
      summary,
      summaryDigest: summaryDigest(summary),
      prevHash: last.hash,
      redactedAt: null,
    };
    entries.push({ ...record, hash: entryHash({ ...record, summaryDigest: record.summaryDigest }) });
    expect(verify(entries)).toBeNull();
  });

  it("accepts entries from before the chain only as a prefix", () => {
    const legacy = chain(2).map((entry) => ({ ...entry, hash: null, prevHash: null, summaryDigest: null }));
    const verifier = new ChainVerifier();
    for (const entry of legacy) verifier.add(entry);
    expect(verifier.firstBreak()).toBeNull();
    expect(verifier.legacy).toBe(2);

    const entries = chain(3);
    entries[2] = { ...entries[2]!, hash: null };
    expect(verify(entries)).toMatchObject({ seq: 3, reason: "entry has no hash after the chain began" });
  });
});

describe("ChainVerifier.finish", () => {
  it("reports entries deleted from the end of the log", () => {
    const verifier = new ChainVerifier();
    for (const entry of chain(3)) verifier.add(entry);
    verifier.finish(5);
    expect(verifier.firstBreak()).toMatchObject({ seq: 4, id: null, reason: "entries #4–#5 are missing" });
  });
});

describe("a keyed chain", () => {
  const key = Buffer.alloc(32, 7);

  /** Rewrites entries from `index` on as someone with database access but no key would: consistently, unkeyed. */
  function rewriteUnkeyed(entries: StoredEntry[], index: number, change: Partial<StoredEntry>): StoredEntry[] {
    const out = entries.slice(0, index);
    let prevHash = index > 0 ? out[index - 1]!.hash : null;
    for (const entry of entries.slice(index)) {
      const next = { ...entry, ...(entry === entries[index] ? change : {}), prevHash, keyed: false };
      next.summaryDigest = summaryDigest(next.summary);
      next.hash = entryHash({ ...next, summaryDigest: next.summaryDigest });
      out.push(next);
      prevHash = next.hash;
    }
    return out;
  }

  const check = (entries: StoredEntry[], options: ConstructorParameters<typeof ChainVerifier>[0] = { key }) => {
    const verifier = new ChainVerifier(options);
    for (const entry of entries) verifier.add(entry);
    return verifier;
  };

  it("verifies with the key, and not without it or with another", () => {
    const entries = chain(4, { key });
    const verified = check(entries);
    expect(verified.firstBreak()).toBeNull();
    expect(verified.last).toMatchObject({ seq: 4, hash: entries[3]!.hash });
    expect(check(entries, {}).firstBreak()).toMatchObject({ seq: 1, reason: "is keyed: checking it needs the audit key" });
    expect(check(entries, { key: Buffer.alloc(32, 8) }).firstBreak()).toMatchObject({ seq: 1, reason: "content does not match its hash" });
  });

  it("accepts unkeyed entries from before keying, linked to by the first keyed one", () => {
    const verifier = check(chain(5, { key, keyedFrom: 3 }));
    expect(verifier.firstBreak()).toBeNull();
    expect(verifier.unkeyed).toBe(2);
  });

  it("detects an entry rewritten with a consistently recomputed plain hash", () => {
    const entries = chain(5, { key });
    // Only the last entry, so no later keyed entry links to it: still caught.
    const tail = rewriteUnkeyed(entries, 4, { summary: { ticket: 5, fields: ["priority"] } });
    expect(check(tail).firstBreak()).toMatchObject({ seq: 5, reason: "unkeyed entry after the chain became keyed" });
    const middle = rewriteUnkeyed(entries, 2, { action: "ticket.deleted" });
    expect(check(middle).firstBreak()).toMatchObject({ seq: 3, reason: "unkeyed entry after the chain became keyed" });
    // Claiming to be keyed does not help without the key.
    const claimed = middle.map((entry, index) => (index >= 2 ? { ...entry, keyed: true } : entry));
    expect(check(claimed).firstBreak()).toMatchObject({ seq: 3, reason: "content does not match its hash" });
  });

  it("catches a rewrite of the whole chain against a chain head recorded earlier", () => {
    const entries = chain(4, { key });
    const head = { seq: 4, hash: entries[3]!.hash!, createdAt: new Date(entries[3]!.createdAt).toISOString() };
    const rewritten = rewriteUnkeyed(entries, 0, { action: "ticket.deleted" });
    // Unkeyed from the first entry on, it looks like a chain from before keying...
    expect(check(rewritten).firstBreak()).toBeNull();
    // ...but not like the chain whose head the auditor wrote down.
    expect(check(rewritten, { key, head }).firstBreak()).toMatchObject({ seq: 4, reason: "differs from the chain head recorded earlier" });
    expect(check(entries, { key, head }).firstBreak()).toBeNull();
    const shortened = check(entries.slice(0, 3), { key, head });
    shortened.finish(3);
    expect(shortened.firstBreak()).toMatchObject({ seq: 4, reason: "the chain head recorded earlier is missing" });
  });
});
