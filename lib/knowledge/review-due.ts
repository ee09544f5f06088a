import "server-only";
import { z } from "zod";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import type { KnowledgeKind } from "@/lib/db/generated/client";
import { getRetentionPolicy } from "@/lib/retention/policy";
import { listKnowledgeDueForReview, markKnowledgeReviewed } from "@/lib/retention/memories";
import { confirmReview, kindLabels } from "./articles";

// The admin's list of team knowledge due for review: knowledge base entries past their
// review date, and team memories no entry backs that the retention job flagged (both at
// the workspace's review age, 180 days by default). Marking one reviewed restarts its clock
// and is audited (knowledge.reviewed, memory.reviewed).

export interface DueForReview {
  kind: "article" | "memory";
  id: string;
  /** The entry's title, or the memory's text. */
  title: string;
  /** "Common issue and solution", ... or the memory's type. */
  type: string;
  status: "PUBLISHED" | "DRAFT" | null;
  owner: string | null;
  dueSince: Date | null;
  lastReviewedAt: Date | null;
}

export const dueReviewRef = z.object({ kind: z.enum(["article", "memory"]), id: z.uuid("Unknown entry.") });
export type DueReviewRef = z.infer<typeof dueReviewRef>;

/** Entries first (oldest due first), then memories; with the review age in force. */
export async function listDueForReview({
  actor,
  now = new Date(),
}: {
  actor: Actor;
  now?: Date;
}): Promise<{ reviewDays: number; items: DueForReview[] }> {
  assertAdmin(actor);
  const [due, policy] = await Promise.all([
    listKnowledgeDueForReview({ workspaceId: actor.workspaceId, now }),
    getRetentionPolicy({ workspaceId: actor.workspaceId }),
  ]);
  const prisma = await getPrisma();
  const articles = await prisma.knowledgeArticle.findMany({
    where: { workspaceId: actor.workspaceId, id: { in: due.filter((item) => item.kind === "article").map((item) => item.id) } },
    select: { id: true, status: true, owner: { select: { name: true } } },
  });
  const byId = new Map(articles.map((article) => [article.id, article]));
  return {
    reviewDays: policy.knowledgeReviewDays,
    items: due.map((item) => {
      const article = item.kind === "article" ? byId.get(item.id) : undefined;
      return {
        kind: item.kind,
        id: item.id,
        title: item.title,
        type: item.kind === "article" ? (kindLabels[item.type as KnowledgeKind] ?? item.type) : item.type.replaceAll("_", " "),
        status: article && article.status !== "RETIRED" ? article.status : null,
        owner: article?.owner?.name ?? null,
        dueSince: item.dueSince,
        lastReviewedAt: item.lastReviewedAt,
      };
    }),
  };
}

/** The admin confirms the entry or memory is still right: its review clock restarts (audited). */
export async function markDueReviewed({ actor, kind, id }: { actor: Actor } & DueReviewRef): Promise<void> {
  assertAdmin(actor);
  if (kind === "article") await confirmReview({ actor, articleId: id });
  else await markKnowledgeReviewed({ actor, memoryId: id });
}
