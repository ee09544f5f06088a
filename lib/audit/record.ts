import { randomUUID } from "node:crypto";
import { deriveSecret } from "@/lib/auth/secret";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { beforeDatabaseCloses } from "@/lib/db/close-hooks";
import { canonicalJson, entryHash, entryMac, REDACTION_ACTION, summaryDigest } from "./chain";
import { log } from "@/lib/log";

// Audit entries are written with the change they describe, inside its transaction, so a
// failed audit write rolls the change back. Each workspace's entries form a hash chain
// (./chain.ts), each hash an HMAC under the audit key; the database refuses to delete or
// rewrite them (migration audit_chain).

/** The key of the chain's HMACs, derived from the root secret for this use only. */
export const auditKey = () => deriveSecret("audit");

export interface AuditEntry {
  workspaceId: string;
  actorUserId?: string | null;
  actorType: "user" | "system" | "api" | "customer";
  action: string;
  targetType: string;
  targetId?: string | null;
  customerId?: string | null;
  /**
   * What changed: ids, field names and counts. Never personal data (a customer's name, email,
   * phone, a ticket subject, message text; the customer is referenced by customerId or
   * targetId), passwords or keys: an erasure deletes the customer, not the team's log.
   */
  summary?: Prisma.InputJsonObject;
}

/**
 * An entry as it is appended pending (not yet chained): its content, its summary in canonical
 * form (so the digest is the same when recomputed from the database) and its MAC. For
 * statements that write the entry themselves (lib/support/ticket-opening.ts), which then call
 * sealSoon.
 */
export function pendingAuditRow(entry: AuditEntry) {
  const summary = JSON.parse(canonicalJson(entry.summary ?? {})) as Prisma.InputJsonObject;
  const content = {
    id: randomUUID(),
    workspaceId: entry.workspaceId,
    createdAt: new Date(),
    actorType: entry.actorType,
    actorUserId: entry.actorUserId ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    summaryDigest: summaryDigest(summary),
  };
  return { ...content, customerId: entry.customerId ?? null, summary, keyed: true, entryMac: entryMac(content, auditKey()) };
}

/**
 * `chain: "later"` appends the entry pending without trying for the chain's end: for hot
 * paths (opening a ticket) where the three statements of chaining in the request cost more
 * than a batch does a moment later. The entry is chained before anyone reads the log.
 */
export async function recordAudit(
  tx: Prisma.TransactionClient,
  entry: AuditEntry,
  options: { chain?: "now" | "later" } = {},
): Promise<void> {
  const row = pendingAuditRow(entry);
  // Another transaction holds the chain's end: append pending rather than wait for it.
  const head = options.chain === "later" ? null : await lockChainHead(tx, entry.workspaceId, { wait: false });
  if (!head) {
    await tx.auditLog.create({ data: row });
    sealSoon(entry.workspaceId);
    return;
  }
  // At most a batch here: a backlog is the sealer's, not this request's.
  const { end } = await chainPending(tx, entry.workspaceId, head, 1);
  const { customerId: _customerId, summary: _summary, keyed: _keyed, entryMac: _entryMac, ...content } = row;
  const fields = { ...content, seq: end.seq + 1, prevHash: end.hash };
  const hash = entryHash(fields, auditKey());
  await tx.auditLog.create({ data: { ...row, seq: fields.seq, prevHash: fields.prevHash, hash } });
  await tx.auditChainHead.update({ where: { workspaceId: entry.workspaceId }, data: { seq: fields.seq, hash } });
}

/** Appends entries pending in one statement, as recordAudit with `chain: "later"` does one. */
export async function appendPendingAudit(tx: Prisma.TransactionClient, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await tx.auditLog.createMany({ data: entries.map(pendingAuditRow) });
  for (const workspaceId of new Set(entries.map((entry) => entry.workspaceId))) sealSoon(workspaceId);
}

interface ChainEnd {
  seq: number;
  hash: string | null;
}

/**
 * Locks the workspace's chain head until the transaction ends and returns it; with
 * `wait: false`, null at once when another transaction holds it. A transaction that already
 * holds it gets it again.
 */
async function lockChainHead(tx: Prisma.TransactionClient, workspaceId: string, { wait }: { wait: boolean }): Promise<ChainEnd | null> {
  const rows = wait
    ? await tx.$queryRaw<ChainEnd[]>`SELECT "seq", "hash" FROM "audit_chain_heads" WHERE "workspace_id" = ${workspaceId}::uuid FOR UPDATE`
    : await tx.$queryRaw<
        ChainEnd[]
      >`SELECT "seq", "hash" FROM "audit_chain_heads" WHERE "workspace_id" = ${workspaceId}::uuid FOR UPDATE SKIP LOCKED`;
  return rows[0] ?? null;
}

const PENDING_BATCH = 500;

/**
 * Under the head's lock: chains the pending entries committed so far, oldest first, after
 * `head`, at most `batches` batches of PENDING_BATCH, and returns the new end (the caller
 * updates the head row) and whether more may be pending. An entry whose MAC does not hold
 * was not written by recordAudit: it is left pending, and verification reports it.
 */
async function chainPending(
  tx: Prisma.TransactionClient,
  workspaceId: string,
  head: ChainEnd,
  batches: number,
): Promise<{ end: ChainEnd; more: boolean }> {
  let end = head;
  // Entries from before the chain existed are sealed first, once per workspace.
  if (end.seq > 0 && end.hash === null) end = { seq: end.seq, hash: await sealLegacyEntries(tx, workspaceId) };
  const key = auditKey();
  let after: { createdAt: Date; id: string } | null = null;
  for (let round = 0; ; round += 1) {
    if (round === batches) return { end, more: true };
    const batch: PendingRow[] = await tx.auditLog.findMany({
      where: {
        workspaceId,
        seq: null,
        ...(after && { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: PENDING_BATCH,
      select: pendingSelect,
    });
    if (batch.length === 0) break;
    const chained: { id: string; seq: number; prevHash: string | null; hash: string }[] = [];
    for (const pending of batch) {
      const content = { ...pending, workspaceId, summaryDigest: pending.summaryDigest ?? "" };
      if (!pending.entryMac || !pending.summaryDigest || entryMac(content, key) !== pending.entryMac) continue;
      const fields = { ...content, seq: end.seq + 1, prevHash: end.hash };
      const hash = entryHash(fields, key);
      chained.push({ id: pending.id, seq: fields.seq, prevHash: fields.prevHash, hash });
      end = { seq: fields.seq, hash };
    }
    // One statement for the batch: the sealer keeps up with hundreds of entries a second.
    if (chained.length > 0) {
      await tx.$executeRaw`
        UPDATE "audit_logs" AS a SET "seq" = v.seq, "prev_hash" = v.prev_hash, "hash" = v.hash
        FROM unnest(${chained.map((entry) => entry.id)}::uuid[], ${chained.map((entry) => entry.seq)}::int[],
                    ${chained.map((entry) => entry.prevHash)}::text[], ${chained.map((entry) => entry.hash)}::text[])
          AS v(id, seq, prev_hash, hash)
        WHERE a."id" = v.id`;
    }
    if (batch.length < PENDING_BATCH) break;
    const last = batch[batch.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
  return { end, more: false };
}

/** The columns an entry's hash and MAC cover besides its place in the chain (./chain.ts contentOf). */
export const entryContentSelect = {
  id: true,
  createdAt: true,
  actorType: true,
  actorUserId: true,
  action: true,
  targetType: true,
  targetId: true,
} as const;

const pendingSelect = { ...entryContentSelect, summaryDigest: true, entryMac: true } as const;
type PendingRow = Prisma.AuditLogGetPayload<{ select: typeof pendingSelect }>;

/**
 * Chains the workspace's pending entries now. `wait: true` (the audit page, exports,
 * verification, redaction) waits for the head so that everything committed before the call
 * is chained; `wait: false` (the sweep) gives way to a transaction holding it, which chains
 * them itself. Returns how many were chained.
 */
export async function sealAuditChain(db: PrismaClient, workspaceId: string, { wait = true }: { wait?: boolean } = {}): Promise<number> {
  // A backlog (memory writes and openings append pending) is chained a few thousand entries per
  // transaction, so that no transaction outlives its timeout on a slow machine.
  let chained = 0;
  for (;;) {
    const step = await db.$transaction((tx) => sealInTransaction(tx, workspaceId, { wait }), { timeout: 30_000 });
    chained += step.chained;
    // Nothing chained though more is pending: entries whose MAC does not hold (verification reports them).
    if (!step.more || step.chained === 0) return chained;
  }
}

const SEAL_BATCHES_PER_TRANSACTION = 4;

async function sealInTransaction(
  tx: Prisma.TransactionClient,
  workspaceId: string,
  { wait }: { wait: boolean },
): Promise<{ chained: number; more: boolean }> {
  const head = await lockChainHead(tx, workspaceId, { wait });
  if (!head) return { chained: 0, more: false };
  const { end, more } = await chainPending(tx, workspaceId, head, SEAL_BATCHES_PER_TRANSACTION);
  if (end.seq !== head.seq || end.hash !== head.hash) {
    await tx.auditChainHead.update({ where: { workspaceId }, data: { seq: end.seq, hash: end.hash } });
  }
  return { chained: end.seq - head.seq, more };
}

/** The workspaces with pending entries (the partial index audit_logs_pending_idx). */
export async function workspacesWithPendingAudit(db: Prisma.TransactionClient): Promise<string[]> {
  const rows = await db.auditLog.findMany({ where: { seq: null }, distinct: ["workspaceId"], select: { workspaceId: true }, take: 1000 });
  return rows.map((row) => row.workspaceId);
}

const sealTimers = new Map<string, NodeJS.Timeout>();
export const SEAL_DELAY_MS = 200;

/**
 * A pending entry is chained by the next audited write of its workspace; if none comes, by
 * this: shortly after its transaction has (probably) committed. The sweep
 * (./seal-schedule.ts) catches what this misses.
 */
export function sealSoon(workspaceId: string): void {
  if (sealTimers.has(workspaceId)) return;
  const timer = setTimeout(() => {
    sealTimers.delete(workspaceId);
    void import("@/lib/db")
      .then(async ({ getPrisma }) => sealAuditChain(await getPrisma(), workspaceId, { wait: false }))
      .catch((error: Error) => log.warn({ err: error, workspaceId }, "[audit] could not chain pending entries"));
  }, SEAL_DELAY_MS);
  timer.unref();
  sealTimers.set(workspaceId, timer);
}

// A process closing its database (shutdown, the end of a script) chains what its timers
// would have, rather than leave it to the next start or a timer firing mid-close.
beforeDatabaseCloses(async () => {
  const pending = [...sealTimers.keys()];
  for (const timer of sealTimers.values()) clearTimeout(timer);
  sealTimers.clear();
  if (!pending.length) return;
  const { getPrisma } = await import("@/lib/db");
  const prisma = await getPrisma();
  for (const workspaceId of pending)
    await sealAuditChain(prisma, workspaceId, { wait: false }).catch((error: Error) =>
      log.warn({ err: error, workspaceId }, "[audit] could not chain pending entries"),
    );
});

/**
 * Chains the entries written before the hash chain existed (numbered by migration
 * audit_chain, hashes null), in seq order. Runs once per workspace, under the workspace
 * lock; returns the hash of the last entry.
 */
async function sealLegacyEntries(tx: Prisma.TransactionClient, workspaceId: string): Promise<string | null> {
  let prevHash: string | null = null;
  let after = 0;
  const key = auditKey();
  const last = await tx.auditLog.findFirst({
    where: { workspaceId, hash: { not: null } },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  if (last) {
    prevHash = last.hash;
    after = last.seq ?? 0;
  }
  for (;;) {
    const batch = await tx.auditLog.findMany({
      where: { workspaceId, hash: null, seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: 500,
      select: { ...entryContentSelect, seq: true, summary: true },
    });
    if (batch.length === 0) return prevHash;
    for (const entry of batch) {
      const digest = summaryDigest(entry.summary);
      const seq = entry.seq!;
      const hash = entryHash({ ...entry, seq, workspaceId, summaryDigest: digest, prevHash }, key);
      await tx.auditLog.update({ where: { id: entry.id }, data: { summaryDigest: digest, prevHash, hash, keyed: true } });
      prevHash = hash;
      after = seq;
    }
  }
}

/** Who asked for a redaction; recorded on the entry that lists the redacted entries. */
export interface RedactionBy {
  actorType: AuditEntry["actorType"];
  actorUserId?: string | null;
}

/**
 * For GDPR erasure: scrubs the summaries of every audit entry about a customer (its
 * `customerId`, or a `customer` target with that id) and records which entries were
 * redacted in a new `audit.redacted` entry. The chain stays verifiable: hashes cover the
 * summary's digest, which is kept, and the verifier accepts a scrubbed summary only when a
 * later `audit.redacted` entry lists it.
 *
 * Call it inside the erasure's transaction, before deleting the customer row: deleting the
 * customer clears `customer_id` on its entries, after which they can no longer be found.
 * Action, target, actor and time stay: they hold ids, not personal data.
 */
export async function redactAuditEntries(
  tx: Prisma.TransactionClient,
  options: { workspaceId: string; customerId: string; by?: RedactionBy },
): Promise<{ redacted: number; seqs: number[] }> {
  const { workspaceId, customerId } = options;
  // Under the chain's lock, and chained first: a redacted summary must already be digested,
  // and its entry numbered for the redaction record to list it.
  await sealInTransaction(tx, workspaceId, { wait: true });
  const entries = await tx.auditLog.findMany({
    where: {
      workspaceId,
      redactedAt: null,
      seq: { not: null },
      OR: [{ customerId }, { targetType: "customer", targetId: customerId }],
    },
    orderBy: { seq: "asc" },
    select: { id: true, seq: true },
  });
  if (entries.length === 0) return { redacted: 0, seqs: [] };
  const seqs = entries.map((entry) => entry.seq!);
  await tx.auditLog.updateMany({
    where: { id: { in: entries.map((entry) => entry.id) } },
    data: { summary: { redacted: true }, redactedAt: new Date() },
  });
  await recordAudit(tx, {
    workspaceId,
    actorType: options.by?.actorType ?? "system",
    actorUserId: options.by?.actorUserId ?? null,
    action: REDACTION_ACTION,
    targetType: "audit_log",
    summary: { count: seqs.length, seqs },
  });
  return { redacted: seqs.length, seqs };
}
