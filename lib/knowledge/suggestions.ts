import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { articleInputSchema, reviewDue } from "./articles";

// A fix that keeps recurring in resolved tickets becomes a knowledge base draft, never agent
// memory directly: it was written about (and partly by) customers, and agent memory reaches
// every later draft. An admin reads it and publishes it (publishArticle puts it in agent
// memory), edits it, or dismisses it.
//
// One suggestion per recurring fix: a later resolution of the same issue (its similar
// tickets overlap an earlier suggestion's sources) is linked to a pending suggestion, and
// changes nothing once that suggestion was dismissed, published or otherwise reviewed.

export const PROMOTION_ORIGIN = "promotion";
/** Source tickets kept on a suggestion: enough to check the fix, not a list to scroll. */
const MAX_SOURCES = 20;

export type SuggestionOutcome =
  { action: "created" | "linked"; articleId: string } | { action: "skipped"; reason: "reviewed" | "invalid"; articleId?: string };

/**
 * Drafts an entry from a recurring fix, written by whoever resolved the ticket (agents
 * included: nothing reaches agent memory). `title` and `body` must already be stripped of
 * personal data; `sourceTicketIds` are the similar resolved tickets, newest first, and
 * `ticketId` the one being resolved.
 */
export async function suggestArticle(input: {
  actor: Actor;
  ticketId: string;
  sourceTicketIds: string[];
  title: string;
  body: string;
  product?: string | null;
}): Promise<SuggestionOutcome> {
  const { actor } = input;
  const prisma = await getPrisma();
  const parsed = articleInputSchema.safeParse({
    kind: "COMMON_ISSUE",
    title: input.title.slice(0, 200),
    body: input.body,
    products: input.product ? [input.product] : [],
  });
  if (!parsed.success) return { action: "skipped", reason: "invalid" };
  const data = parsed.data;
  const sources = [input.ticketId, ...input.sourceTicketIds.filter((id) => id !== input.ticketId)].slice(0, MAX_SOURCES);
  const reviewDueAt = await reviewDue(actor.workspaceId);

  return prisma.$transaction(async (tx) => {
    const earlier = await tx.knowledgeArticle.findFirst({
      where: {
        workspaceId: actor.workspaceId,
        origin: PROMOTION_ORIGIN,
        sourceTicketIds: { hasSome: [input.ticketId, ...input.sourceTicketIds] },
      },
      orderBy: { createdAt: "desc" },
      select: { id: true, status: true, reviewedAt: true, sourceTicketIds: true },
    });
    if (earlier && (earlier.status !== "DRAFT" || earlier.reviewedAt))
      return { action: "skipped", reason: "reviewed", articleId: earlier.id };
    if (earlier) {
      // The admin may have edited the text already: only the evidence grows.
      if (!earlier.sourceTicketIds.includes(input.ticketId) && earlier.sourceTicketIds.length < MAX_SOURCES) {
        await tx.knowledgeArticle.update({
          where: { id: earlier.id },
          data: { sourceTicketIds: [...earlier.sourceTicketIds, input.ticketId] },
        });
        await recordAudit(tx, {
          workspaceId: actor.workspaceId,
          actorUserId: actor.userId,
          actorType: "user",
          action: "knowledge.suggestion_linked",
          targetType: "knowledge",
          targetId: earlier.id,
          summary: { ticketId: input.ticketId, sources: earlier.sourceTicketIds.length + 1 },
        });
      }
      return { action: "linked", articleId: earlier.id };
    }
    const created = await tx.knowledgeArticle.create({
      data: {
        workspaceId: actor.workspaceId,
        kind: data.kind,
        title: data.title,
        body: data.body,
        products: data.products,
        origin: PROMOTION_ORIGIN,
        sourceTicketIds: sources,
        reviewDueAt,
        versions: {
          create: {
            workspaceId: actor.workspaceId,
            version: 1,
            kind: data.kind,
            title: data.title,
            body: data.body,
            products: data.products,
            authorUserId: actor.userId,
            note: "suggested from resolved tickets",
          },
        },
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "knowledge.suggested",
      targetType: "knowledge",
      targetId: created.id,
      summary: { version: 1, kind: data.kind, sources: sources.length, ticketId: input.ticketId },
    });
    return { action: "created", articleId: created.id };
  });
}

/** Suggestions no admin has looked at yet, with their source tickets (those still held). */
export async function listSuggestions({ actor, limit = 50 }: { actor: Actor; limit?: number }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const articles = await prisma.knowledgeArticle.findMany({
    where: { workspaceId: actor.workspaceId, origin: PROMOTION_ORIGIN, status: "DRAFT", reviewedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, title: true, body: true, products: true, version: true, createdAt: true, sourceTicketIds: true },
  });
  const tickets = await prisma.ticket.findMany({
    where: { workspaceId: actor.workspaceId, id: { in: articles.flatMap((article) => article.sourceTicketIds) } },
    select: { id: true, number: true, subject: true },
  });
  const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
  return articles.map(({ sourceTicketIds, ...article }) => ({
    ...article,
    // An erased customer's tickets are gone: the suggestion stays, without the link.
    sources: sourceTicketIds.flatMap((id) => byId.get(id) ?? []).sort((a, b) => a.number - b.number),
  }));
}

/** Retires a suggestion an admin does not want; a repeat of the same fix will not suggest it again. */
export async function dismissSuggestion({ actor, articleId }: { actor: Actor; articleId: string }) {
  assertAdmin(actor);
  if (!z.uuid().safeParse(articleId).success) throw new NotFoundError("Suggestion");
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    const article = await tx.knowledgeArticle.findFirst({
      where: { id: articleId, workspaceId: actor.workspaceId, origin: PROMOTION_ORIGIN },
      select: { id: true, status: true, version: true },
    });
    if (!article) throw new NotFoundError("Suggestion");
    if (article.status !== "DRAFT")
      throw new ValidationError(
        article.status === "PUBLISHED"
          ? "This entry is published: unpublish or retire it instead."
          : "This suggestion was already dismissed.",
      );
    await tx.knowledgeArticle.update({ where: { id: article.id }, data: { status: "RETIRED" } });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "knowledge.suggestion_dismissed",
      targetType: "knowledge",
      targetId: article.id,
      summary: { version: article.version },
    });
  });
}
