import "server-only";
import { getPrisma } from "@/lib/db";
import { type ChainBreak, type ChainHead, ChainVerifier } from "./chain";
import { auditKey } from "./record";

export type ChainStatus =
  | { ok: true; entries: number; legacy: number; unkeyed: number }
  | { ok: false; entries: number; legacy: number; unkeyed: number; brokenAt: ChainBreak; problems: number };

const BATCH = 1000;

/**
 * Walks a workspace's whole audit chain in seq order and reports the first broken entry
 * (changed content or summary, a missing or reordered entry, a redaction nobody recorded,
 * an entry rewritten without the audit key). Read-only. `legacy` counts entries from before
 * the chain that are not sealed yet, `unkeyed` entries hashed before the chain was keyed.
 * `head`: a chain head recorded earlier; the chain must still hold it.
 */
export async function verifyAuditChain({ workspaceId, head }: { workspaceId: string; head?: ChainHead }): Promise<ChainStatus> {
  const prisma = await getPrisma();
  const verifier = new ChainVerifier({ key: auditKey(), head });
  let after = 0;
  for (;;) {
    const batch = await prisma.auditLog.findMany({
      where: { workspaceId, seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: BATCH,
      select: {
        id: true,
        workspaceId: true,
        seq: true,
        createdAt: true,
        actorType: true,
        actorUserId: true,
        action: true,
        targetType: true,
        targetId: true,
        summary: true,
        summaryDigest: true,
        prevHash: true,
        hash: true,
        keyed: true,
        redactedAt: true,
      },
    });
    for (const entry of batch) verifier.add(entry);
    if (batch.length < BATCH) break;
    after = batch[batch.length - 1]!.seq;
  }
  const workspace = await prisma.workspace.findUnique({ where: { id: workspaceId }, select: { auditSeq: true } });
  verifier.finish(workspace?.auditSeq ?? 0);
  const brokenAt = verifier.firstBreak();
  const counts = { entries: verifier.entries, legacy: verifier.legacy, unkeyed: verifier.unkeyed };
  if (!brokenAt) return { ok: true, ...counts };
  return { ok: false, ...counts, brokenAt, problems: verifier.problems() };
}
