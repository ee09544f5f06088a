import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { getMemory } from "@/lib/memory/core";
import { setMemoriesArchived, setMemoryMarks } from "@/lib/memory/lifecycle";
import { ownerId, stripOwner } from "@/lib/memory/owners";

// What agents and admins do with memory that retention looks after: mark a session memory
// important (kept in the customer's memory when the session ends), list and restore
// archived customer memory, and see and confirm the team knowledge due for review.

const by = (actor: Actor, customerId?: string | null) => ({
  actorType: "user" as const,
  actorUserId: actor.userId,
  customerId: customerId ?? null,
});

export const sessionImportanceSchema = z.object({
  memoryId: z.uuid("Unknown memory."),
  important: z.preprocess((value) => value === true || value === "true" || value === "on", z.boolean()),
});

/** Marks (or unmarks) a session memory of the actor's workspace as important. */
export async function markSessionMemoryImportant({
  actor,
  memoryId,
  important,
}: {
  actor: Actor;
  memoryId: string;
  important: boolean;
}): Promise<{ important: boolean }> {
  const memory = await getMemory({ workspaceId: actor.workspaceId, memoryId });
  if (memory.owner.scope !== "session") throw new ValidationError("Only session memory can be marked important.");
  // A link may point at another customer's ticket: it never joins this customer's memory.
  if (memory.type === "related_ticket") throw new ValidationError("A related ticket is a link for this ticket only; it cannot be kept.");
  await setMemoryMarks({
    workspaceId: actor.workspaceId,
    memoryId,
    marks: { important: important ? true : null },
    audit: important ? "memory.marked_important" : "memory.unmarked_important",
    by: by(actor, memory.owner.customerId),
  });
  return { important };
}

export interface ArchivedMemory {
  id: string;
  customerId: string;
  text: string;
  type: string;
  archivedAt: Date;
}

/** Archived customer memory of the workspace (of one customer when given), newest archive first. */
export async function listArchivedMemories({
  workspaceId,
  customerId,
  limit = 100,
}: {
  workspaceId: string;
  customerId?: string;
  limit?: number;
}): Promise<ArchivedMemory[]> {
  const prisma = await getPrisma();
  const rows = await prisma.memoryRecord.findMany({
    where: {
      workspaceId,
      collection: "memories",
      scope: "customer",
      archivedAt: { not: null },
      ...(customerId && { userId: ownerId(workspaceId, customerId) }),
    },
    orderBy: [{ archivedAt: "desc" }, { id: "asc" }],
    take: limit,
    select: { id: true, userId: true, text: true, payload: true, archivedAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    customerId: stripOwner(row.userId)!,
    text: row.text,
    type: (row.payload as { type?: string }).type ?? "note",
    archivedAt: row.archivedAt!,
  }));
}

export const restoreArchivedSchema = z.object({
  customerId: z.uuid("Unknown customer."),
  memoryIds: z.array(z.uuid()).max(1000).optional(),
});

/** Brings a customer's archived memory (all of it, or the given memories) back into search. */
export async function restoreArchivedMemories({
  actor,
  customerId,
  memoryIds,
}: {
  actor: Actor;
  customerId: string;
  memoryIds?: string[];
}): Promise<{ restored: number }> {
  const prisma = await getPrisma();
  const customer = await prisma.customer.findFirst({ where: { id: customerId, workspaceId: actor.workspaceId }, select: { id: true } });
  if (!customer) throw new NotFoundError("Customer");
  const archived = await listArchivedMemories({ workspaceId: actor.workspaceId, customerId, limit: 10_000 });
  const ids = archived.map((memory) => memory.id).filter((id) => !memoryIds || memoryIds.includes(id));
  const restored = await setMemoriesArchived({
    workspaceId: actor.workspaceId,
    customerId,
    memoryIds: ids,
    archived: false,
    at: new Date(),
    by: by(actor, customerId),
  });
  return { restored };
}

export interface KnowledgeDue {
  kind: "memory" | "article";
  id: string;
  /** The memory's text, or the article's title. */
  title: string;
  type: string;
  /** When it was flagged (memory) or became due (article). */
  dueSince: Date | null;
  lastReviewedAt: Date | null;
}

/**
 * Team knowledge due for review: memories the retention job flagged, and knowledge base
 * articles past their review date (which the job brings forward when the policy is stricter).
 */
export async function listKnowledgeDueForReview({
  workspaceId,
  now = new Date(),
  limit = 200,
}: {
  workspaceId: string;
  now?: Date;
  limit?: number;
}): Promise<KnowledgeDue[]> {
  const prisma = await getPrisma();
  const memories = await prisma.$queryRaw<
    Array<{ id: string; text: string; type: string | null; due_since: string; reviewed_at: string | null; updated_at: Date }>
  >`
    SELECT id, text, payload->>'type' AS type, payload->>'reviewDueSince' AS due_since, payload->>'reviewedAt' AS reviewed_at, updated_at
      FROM memories
     WHERE workspace_id = ${workspaceId}::uuid AND collection = 'memories' AND scope = 'agent' AND payload->'reviewDueSince' IS NOT NULL
     ORDER BY payload->>'reviewDueSince', id
     LIMIT ${limit}`;
  const articles = await prisma.knowledgeArticle.findMany({
    where: { workspaceId, status: { not: "RETIRED" }, reviewDueAt: { lte: now } },
    orderBy: [{ reviewDueAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, title: true, kind: true, reviewDueAt: true, reviewedAt: true, createdAt: true },
  });
  return [
    ...articles.map((article) => ({
      kind: "article" as const,
      id: article.id,
      title: article.title,
      type: article.kind,
      dueSince: article.reviewDueAt,
      lastReviewedAt: article.reviewedAt ?? article.createdAt,
    })),
    ...memories.map((memory) => {
      const reviewed = memory.reviewed_at ? new Date(memory.reviewed_at) : null;
      return {
        kind: "memory" as const,
        id: memory.id,
        title: memory.text,
        type: memory.type ?? "note",
        dueSince: new Date(memory.due_since),
        lastReviewedAt: reviewed && reviewed > memory.updated_at ? reviewed : memory.updated_at,
      };
    }),
  ];
}

export const knowledgeReviewSchema = z.object({ memoryId: z.uuid("Unknown memory.") });

/**
 * An admin confirms a knowledge memory is still right: the review clock restarts. Articles
 * are confirmed in the knowledge base (confirmReview), which owns their review date.
 */
export async function markKnowledgeReviewed({
  actor,
  memoryId,
  now = new Date(),
}: {
  actor: Actor;
  memoryId: string;
  now?: Date;
}): Promise<void> {
  if (actor.role !== "ADMIN") throw new ForbiddenError();
  const memory = await getMemory({ workspaceId: actor.workspaceId, memoryId });
  if (memory.owner.scope !== "agent") throw new NotFoundError("Memory");
  await setMemoryMarks({
    workspaceId: actor.workspaceId,
    memoryId,
    marks: { reviewedAt: now.toISOString(), reviewDueSince: null },
    audit: "memory.reviewed",
    by: by(actor),
  });
}
