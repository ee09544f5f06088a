import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";

// Knowledge entries an erasure found that may mention the erased customer
// (lib/privacy/knowledge-scan.ts). An admin reads the passage, edits the entry if it should
// change (a new version, as any edit), and resolves the flag. The passage is deleted then:
// it may hold the very address that was erased.

export const reviewFlagRef = z.object({ flagId: z.uuid("Unknown flag.") });

export interface ReviewFlagRow {
  id: string;
  articleId: string | null;
  memoryId: string | null;
  /** The article's title; null for a team memory no article backs. */
  title: string | null;
  reason: string;
  /** The passage split around the match, for highlighting. */
  before: string;
  match: string;
  after: string;
  createdAt: Date;
  resolvedAt: Date | null;
}

/** Open flags of the admin's workspace, oldest first. */
export async function listKnowledgeReviewFlags({ actor, limit = 200 }: { actor: Actor; limit?: number }): Promise<ReviewFlagRow[]> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const flags = await prisma.knowledgeReviewFlag.findMany({
    where: { workspaceId: actor.workspaceId, resolvedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      articleId: true,
      memoryId: true,
      reason: true,
      passage: true,
      matchStart: true,
      matchLength: true,
      createdAt: true,
      resolvedAt: true,
      article: { select: { title: true } },
    },
  });
  return flags.map(({ article, passage, matchStart, matchLength, ...flag }) => {
    const end = Math.min(passage.length, matchStart + matchLength);
    return {
      ...flag,
      title: article?.title ?? null,
      before: passage.slice(0, matchStart),
      match: passage.slice(matchStart, end),
      after: passage.slice(end),
    };
  });
}

/** How many flags wait, for the knowledge page's notice. */
export async function countOpenReviewFlags({ actor }: { actor: Actor }): Promise<number> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  return prisma.knowledgeReviewFlag.count({ where: { workspaceId: actor.workspaceId, resolvedAt: null } });
}

/** Marks the flag reviewed (by whom, when), audited, and deletes its passage. */
export async function resolveKnowledgeReviewFlag({ actor, flagId }: { actor: Actor; flagId: string }): Promise<void> {
  assertAdmin(actor);
  if (!z.uuid().safeParse(flagId).success) throw new NotFoundError("Review flag");
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    const flag = await tx.knowledgeReviewFlag.findFirst({
      where: { id: flagId, workspaceId: actor.workspaceId },
      select: { id: true, articleId: true, memoryId: true, resolvedAt: true },
    });
    if (!flag) throw new NotFoundError("Review flag");
    if (flag.resolvedAt) return;
    await tx.knowledgeReviewFlag.update({
      where: { id: flag.id },
      data: { resolvedAt: new Date(), resolvedByUserId: actor.userId, passage: "", matchStart: 0, matchLength: 0 },
    });
    // The summary names the flag, never the passage.
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "knowledge.review_flag_resolved",
      targetType: flag.articleId ? "knowledge" : "memory",
      targetId: flag.articleId ?? flag.memoryId,
      summary: { flagId: flag.id },
    });
  });
}
