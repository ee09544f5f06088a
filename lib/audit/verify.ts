import "server-only";
import { getPrisma } from "@/lib/db";
import { type ChainBreak, ChainVerifier } from "./chain";

export type ChainStatus =
  | { ok: true; entries: number; legacy: number }
  | { ok: false; entries: number; legacy: number; brokenAt: ChainBreak; problems: number };

const BATCH = 1000;

/**
 * Walks a workspace's whole audit chain in seq order and reports the first broken entry
 * (changed content or summary, a missing or reordered entry, a redaction nobody recorded).
 * Read-only. `legacy` counts entries from before the chain that are not sealed yet.
 */
export async function verifyAuditChain({ workspaceId }: { workspaceId: string }): Promise<ChainStatus> {
  const prisma = await getPrisma();
  const verifier = new ChainVerifier();
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
  if (!brokenAt) return { ok: true, entries: verifier.entries, legacy: verifier.legacy };
  return { ok: false, entries: verifier.entries, legacy: verifier.legacy, brokenAt, problems: verifier.problems() };
}
