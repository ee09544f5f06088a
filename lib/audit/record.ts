import { randomUUID } from "node:crypto";
import { deriveSecret } from "@/lib/auth/secret";
import type { Prisma } from "@/lib/db/generated/client";
import { canonicalJson, entryHash, REDACTION_ACTION, summaryDigest } from "./chain";

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

export async function recordAudit(tx: Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  const { seq, prevHash } = await nextChainPosition(tx, entry.workspaceId);
  // Stored in canonical form, so the digest is the same when recomputed from the database.
  const summary = JSON.parse(canonicalJson(entry.summary ?? {})) as Prisma.InputJsonObject;
  const fields = {
    id: randomUUID(),
    workspaceId: entry.workspaceId,
    seq,
    // Taken after the lock, so times follow the chain's order within a process.
    createdAt: new Date(),
    actorType: entry.actorType,
    actorUserId: entry.actorUserId ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    summaryDigest: summaryDigest(summary),
    prevHash,
  };
  await tx.auditLog.create({
    data: { ...fields, customerId: entry.customerId ?? null, summary, keyed: true, hash: entryHash(fields, auditKey()) },
  });
}

/**
 * Takes the next seq of the workspace's chain. Incrementing `workspaces.audit_seq` locks the
 * workspace row until the transaction ends, so concurrent writers (processes, pool
 * connections) queue here and each links to the entry committed before it. The counter is
 * transactional, unlike a sequence: a rolled-back change leaves no gap.
 */
async function nextChainPosition(tx: Prisma.TransactionClient, workspaceId: string): Promise<{ seq: number; prevHash: string | null }> {
  const { auditSeq: seq } = await tx.workspace.update({
    where: { id: workspaceId },
    data: { auditSeq: { increment: 1 } },
    select: { auditSeq: true },
  });
  if (seq === 1) return { seq, prevHash: null };
  const previous = await tx.auditLog.findUnique({
    where: { workspaceId_seq: { workspaceId, seq: seq - 1 } },
    select: { hash: true },
  });
  if (previous && !previous.hash) return { seq, prevHash: await sealLegacyEntries(tx, workspaceId) };
  // A missing previous entry means the log was already tampered with: keep writing and let
  // the verifier point at the gap rather than stop every change in the workspace.
  return { seq, prevHash: previous?.hash ?? null };
}

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
    after = last.seq;
  }
  for (;;) {
    const batch = await tx.auditLog.findMany({
      where: { workspaceId, hash: null, seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: 500,
      select: {
        id: true,
        seq: true,
        createdAt: true,
        actorType: true,
        actorUserId: true,
        action: true,
        targetType: true,
        targetId: true,
        summary: true,
      },
    });
    if (batch.length === 0) return prevHash;
    for (const entry of batch) {
      const digest = summaryDigest(entry.summary);
      const hash = entryHash({ ...entry, workspaceId, summaryDigest: digest, prevHash }, key);
      await tx.auditLog.update({ where: { id: entry.id }, data: { summaryDigest: digest, prevHash, hash, keyed: true } });
      prevHash = hash;
      after = entry.seq;
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
  // Under the workspace lock, and sealed first: a redacted summary must already be digested.
  await tx.$queryRaw`SELECT 1 FROM "workspaces" WHERE "id" = ${workspaceId}::uuid FOR NO KEY UPDATE`;
  await sealLegacyEntries(tx, workspaceId);
  const entries = await tx.auditLog.findMany({
    where: {
      workspaceId,
      redactedAt: null,
      OR: [{ customerId }, { targetType: "customer", targetId: customerId }],
    },
    orderBy: { seq: "asc" },
    select: { id: true, seq: true },
  });
  if (entries.length === 0) return { redacted: 0, seqs: [] };
  const seqs = entries.map((entry) => entry.seq);
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
