import "server-only";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { sealAuditChain } from "./record";

// The chain head: the newest entry's seq, hash and time. Someone with the database but not
// the audit key cannot extend a rewrite past a keyed entry; someone who rewrites the whole
// chain (or holds the key) is caught only against a head recorded outside the database. So
// admins export it (the audit page's "Chain head" box) and an auditor keeps the copies;
// verifyAuditChain({ head }) checks that the chain still holds one.

export const CHAIN_HEAD_FORMAT = "recall-desk/audit-chain-head/v1";

export interface AuditChainHead {
  format: typeof CHAIN_HEAD_FORMAT;
  workspaceId: string;
  workspace: string;
  seq: number;
  hash: string;
  keyed: boolean;
  createdAt: string;
  exportedAt: string;
}

/** The newest sealed entry of the admin's workspace, or null while the log is empty. */
export async function getAuditChainHead({ actor, now = new Date() }: { actor: Actor; now?: Date }): Promise<AuditChainHead | null> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  await sealAuditChain(prisma, actor.workspaceId);
  const [workspace, entry] = await Promise.all([
    prisma.workspace.findUniqueOrThrow({ where: { id: actor.workspaceId }, select: { slug: true } }),
    prisma.auditLog.findFirst({
      where: { workspaceId: actor.workspaceId, hash: { not: null } },
      orderBy: { seq: "desc" },
      select: { seq: true, hash: true, keyed: true, createdAt: true },
    }),
  ]);
  if (!entry?.hash || entry.seq === null) return null;
  return {
    format: CHAIN_HEAD_FORMAT,
    workspaceId: actor.workspaceId,
    workspace: workspace.slug,
    seq: entry.seq,
    hash: entry.hash,
    keyed: entry.keyed,
    createdAt: entry.createdAt.toISOString(),
    exportedAt: now.toISOString(),
  };
}
