import "server-only";
import { getPrisma, type PrismaClient } from "@/lib/db";
import { type ChainBreak, type ChainHead, ChainVerifier, type CheckpointFields, checkpointSignature, entryMac } from "./chain";
import { auditKey, entryContentSelect, sealAuditChain } from "./record";

export type ChainStatus =
  /** `remaining`: entries after the last one checked, left for the next check when `limit` stopped the walk (else 0). */
  | { ok: true; entries: number; legacy: number; unkeyed: number; from: number; remaining: number }
  | { ok: false; entries: number; legacy: number; unkeyed: number; from: number; brokenAt: ChainBreak; problems: number };

const BATCH = 1000;

const entrySelect = {
  ...entryContentSelect,
  workspaceId: true,
  seq: true,
  summary: true,
  summaryDigest: true,
  prevHash: true,
  hash: true,
  keyed: true,
  redactedAt: true,
} as const;

/**
 * Checks a workspace's audit chain and reports the first broken entry (changed content or
 * summary, a missing or reordered entry, a redaction nobody recorded, an entry rewritten
 * without the audit key, a pending entry the app did not write). Pending entries committed
 * before the call are chained first.
 *
 * By default the walk starts at the newest signed checkpoint (a point up to which an earlier
 * walk found the chain whole) and writes a new one at the end, so its cost follows the
 * entries written since, not the size of the log; the checkpoint's own entry must still carry
 * its hash, and redactions before it must still be recorded. `full: true` walks from the
 * first entry (the audit page's "Verify the whole log", `npm run audit:verify`), which is
 * what catches a rewrite of entries before the checkpoint by someone holding the key.
 * `legacy` counts entries from before the chain not sealed yet, `unkeyed` entries hashed
 * before the chain was keyed; `from` is the seq the walk started after (0: the whole log).
 * `head`: a chain head recorded earlier; the chain must still hold it. `limit` bounds the
 * entries walked (the audit page: a view never walks millions); the checkpoint written at the
 * last one checked lets the next check go on from there.
 */
export async function verifyAuditChain({
  workspaceId,
  head,
  full = false,
  limit = Number.POSITIVE_INFINITY,
}: {
  workspaceId: string;
  head?: ChainHead;
  full?: boolean;
  limit?: number;
}): Promise<ChainStatus> {
  const prisma = await getPrisma();
  const key = auditKey();
  await sealAuditChain(prisma, workspaceId);
  // The walk stops at the chain's end as it is now: entries the sealer chains meanwhile (memory
  // writes and openings append pending, chained a moment later) are the next check's.
  const lastSeq = (await prisma.auditChainHead.findUnique({ where: { workspaceId }, select: { seq: true } }))?.seq ?? 0;
  const checkpoint = full ? null : await latestCheckpoint(prisma, workspaceId, key);
  const from = checkpoint?.seq ?? 0;
  const verifier = new ChainVerifier({ key, head, from: checkpoint });
  if (checkpoint) {
    for (const entry of await entriesAt(prisma, workspaceId, [checkpoint.seq, ...(head && head.seq <= checkpoint.seq ? [head.seq] : [])])) {
      if (entry.seq === checkpoint.seq && entry.hash !== checkpoint.hash)
        verifier.breakAt(entry, "differs from the checkpoint verified earlier");
      if (head && entry.seq === head.seq && entry.hash !== head.hash)
        verifier.breakAt(entry, "differs from the chain head recorded earlier");
    }
    await checkEarlierRedactions(prisma, workspaceId, checkpoint.seq, verifier);
  }
  let after = from;
  let walked = 0;
  let stopped = false;
  for (;;) {
    const take = Math.min(BATCH, limit - walked);
    const batch = await prisma.auditLog.findMany({
      where: { workspaceId, seq: { gt: after, lte: lastSeq } },
      orderBy: { seq: "asc" },
      take,
      select: entrySelect,
    });
    for (const entry of batch) verifier.add({ ...entry, seq: entry.seq! });
    walked += batch.length;
    if (batch.length < take) break;
    after = batch[batch.length - 1]!.seq!;
    if (walked >= limit) {
      stopped = true;
      break;
    }
  }
  // Stopped by the limit, the walk has not reached the end: what lies past it is not missing.
  if (!stopped) verifier.finish(lastSeq);
  await checkUnchainable(prisma, workspaceId, key, verifier, lastSeq);
  await checkPastTheEnd(prisma, workspaceId, verifier);

  const brokenAt = verifier.firstBreak();
  const counts = { entries: verifier.entries, legacy: verifier.legacy, unkeyed: verifier.unkeyed, from };
  if (!brokenAt) {
    if (verifier.last && verifier.last.seq > from && verifier.legacy === 0) await writeCheckpoint(prisma, workspaceId, verifier.last, key);
    const remaining = stopped ? Math.max(0, lastSeq - (verifier.last?.seq ?? from)) : 0;
    return { ok: true, ...counts, remaining };
  }
  return { ok: false, ...counts, brokenAt, problems: verifier.problems() };
}

async function entriesAt(prisma: PrismaClient, workspaceId: string, seqs: number[]) {
  const rows = await prisma.auditLog.findMany({ where: { workspaceId, seq: { in: seqs } }, select: entrySelect });
  const found = new Set(rows.map((row) => row.seq));
  const missing = seqs.filter((seq) => !found.has(seq)).map((seq) => ({ ...missingEntry, seq }));
  return [...rows.map((row) => ({ ...row, seq: row.seq! })), ...missing];
}

const missingEntry = { id: null, createdAt: null, hash: null };

/** The newest checkpoint whose signature holds; a forged or altered one is passed over. */
async function latestCheckpoint(prisma: PrismaClient, workspaceId: string, key: Uint8Array): Promise<CheckpointFields | null> {
  const rows = await prisma.auditCheckpoint.findMany({
    where: { workspaceId },
    orderBy: { seq: "desc" },
    take: 5,
    select: { seq: true, hash: true, keyed: true, signature: true },
  });
  for (const { signature, ...fields } of rows) {
    const checkpoint = { workspaceId, ...fields };
    if (checkpointSignature(checkpoint, key) === signature) return checkpoint;
  }
  return null;
}

async function writeCheckpoint(prisma: PrismaClient, workspaceId: string, last: ChainHead, key: Uint8Array): Promise<void> {
  const entry = await prisma.auditLog.findFirst({ where: { workspaceId, seq: last.seq }, select: { keyed: true } });
  if (!entry) return;
  const fields = { workspaceId, seq: last.seq, hash: last.hash, keyed: entry.keyed };
  await prisma.auditCheckpoint.create({ data: { ...fields, signature: checkpointSignature(fields, key) } });
  // The newest few are enough to fall back on; older ones only cost rows.
  const keep = await prisma.auditCheckpoint.findMany({ where: { workspaceId }, orderBy: { seq: "desc" }, take: 5, select: { id: true } });
  await prisma.auditCheckpoint.deleteMany({ where: { workspaceId, id: { notIn: keep.map((row) => row.id) } } });
}

/**
 * Entries up to the checkpoint are not walked again, but a redaction may have scrubbed one
 * since: each redacted entry there must be listed by a redaction record (any, the records
 * being few: one per erasure).
 */
async function checkEarlierRedactions(prisma: PrismaClient, workspaceId: string, upTo: number, verifier: ChainVerifier): Promise<void> {
  const redacted = await prisma.auditLog.findMany({
    where: { workspaceId, seq: { lte: upTo }, redactedAt: { not: null } },
    select: entrySelect,
  });
  if (redacted.length === 0) return;
  const records = await prisma.auditLog.findMany({
    where: { workspaceId, action: "audit.redacted", redactedAt: null },
    select: { summary: true },
  });
  const listed = new Set<number>();
  for (const record of records) {
    const seqs = (record.summary as { seqs?: unknown } | null)?.seqs;
    if (Array.isArray(seqs)) for (const seq of seqs) listed.add(Number(seq));
  }
  for (const entry of redacted)
    if (!listed.has(entry.seq!)) verifier.breakAt({ ...entry, seq: entry.seq! }, "redacted without a recorded redaction");
}

/**
 * An entry numbered past the chain's end was not chained by the app. The newest entry is read
 * before the end: the sealer moves both in one transaction, so an entry it chains meanwhile
 * is never past the end read after it.
 */
async function checkPastTheEnd(prisma: PrismaClient, workspaceId: string, verifier: ChainVerifier): Promise<void> {
  const newest = await prisma.auditLog.findFirst({
    where: { workspaceId, seq: { not: null } },
    orderBy: { seq: "desc" },
    select: entrySelect,
  });
  const end = (await prisma.auditChainHead.findUnique({ where: { workspaceId }, select: { seq: true } }))?.seq ?? 0;
  if (newest && newest.seq! > end) verifier.breakAt({ ...newest, seq: newest.seq! }, "lies past the end of the chain");
}

/**
 * Pending entries whose MAC does not hold are ones the sealer refuses: the app did not write
 * them. Pending entries whose MAC holds were committed after this check's seal (or by a
 * transaction still open at it) and are chained by the sealer's next batch: not a break.
 */
async function checkUnchainable(prisma: PrismaClient, workspaceId: string, key: Uint8Array, verifier: ChainVerifier, lastSeq: number) {
  const pending = await prisma.auditLog.findMany({
    where: { workspaceId, seq: null },
    // Oldest first: a refused entry stays pending for good, behind a burst of new ones.
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 100,
    select: { ...entrySelect, entryMac: true },
  });
  for (const entry of pending) {
    const valid =
      entry.entryMac && entry.summaryDigest && entryMac({ ...entry, summaryDigest: entry.summaryDigest }, key) === entry.entryMac;
    if (!valid)
      verifier.breakAt({ ...entry, seq: lastSeq + 1 }, "was not written by the app (its MAC does not hold), so it is not chained");
  }
}
