import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import type { KnowledgeKind, Prisma } from "@/lib/db/generated/client";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { deleteMemory } from "@/lib/memory/core";
import { addAgentKnowledge, type KnowledgeType } from "@/lib/memory/support-memory";
import { getRetentionPolicy } from "@/lib/retention/policy";

// The knowledge base. Each save is a new version of the article; only the published
// version lives in agent memory. Publishing writes the new version's memory first and then
// removes the old one, so agents are never left without the entry in between. Every verb
// that changes the knowledge base checks the role itself: admins only.

export const knowledgeKinds = ["PRODUCT_DOC", "COMMON_ISSUE", "ESCALATION", "CAPABILITY", "POLICY"] as const;
export const kindLabels: Record<KnowledgeKind, string> = {
  PRODUCT_DOC: "Product documentation",
  COMMON_ISSUE: "Common issue and solution",
  ESCALATION: "Escalation procedure",
  CAPABILITY: "Agent capabilities and limits",
  POLICY: "Company policy",
};
const memoryTypeOf: Record<KnowledgeKind, KnowledgeType> = {
  PRODUCT_DOC: "product_doc",
  COMMON_ISSUE: "solution",
  ESCALATION: "escalation",
  CAPABILITY: "capability",
  POLICY: "policy",
};

export const REVIEW_DAYS_DEFAULT = 180;
const DAY_MS = 86_400_000;

const products = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((value) => {
    const list = Array.isArray(value) ? value : (value ?? "").split(/[,|]/);
    return [...new Set(list.map((item) => item.trim()).filter(Boolean))].slice(0, 20);
  })
  .pipe(z.array(z.string().max(120, "Keep each product name under 120 characters.")));

export const articleInputSchema = z.object({
  kind: z.enum(knowledgeKinds, "Choose a kind of knowledge."),
  title: z.string().trim().min(3, "Give the entry a title of at least 3 characters.").max(200, "Keep the title under 200 characters."),
  body: z.string().trim().min(10, "Write at least a sentence.").max(20_000, "Keep an entry under 20,000 characters."),
  products,
  ownerId: z
    .union([z.uuid("Choose a member of this workspace."), z.literal(""), z.null()])
    .optional()
    .transform((value) => value || null),
  note: z.string().trim().max(300).optional(),
});
export type ArticleInput = z.input<typeof articleInputSchema>;

export const articleRef = z.object({ articleId: z.uuid("Unknown entry.") });

function parseInput(input: ArticleInput) {
  const parsed = articleInputSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
    throw new ValidationError("Please correct the highlighted fields.", fieldErrors);
  }
  return parsed.data;
}

async function ownedArticle(tx: Prisma.TransactionClient, actor: Actor, articleId: string) {
  if (!z.uuid().safeParse(articleId).success) throw new NotFoundError("Knowledge entry");
  const article = await tx.knowledgeArticle.findFirst({ where: { id: articleId, workspaceId: actor.workspaceId } });
  if (!article) throw new NotFoundError("Knowledge entry");
  return article;
}

async function checkOwner(tx: Prisma.TransactionClient, actor: Actor, ownerId: string | null) {
  if (!ownerId) return;
  const owner = await tx.user.findFirst({ where: { id: ownerId, workspaceId: actor.workspaceId }, select: { id: true } });
  if (!owner) throw new ValidationError("Please correct the highlighted fields.", { ownerId: ["Choose a member of this workspace."] });
}

/** What agents' memory holds for an entry: "Title. Body" (no doubled stop after a question). */
export const memoryText = (title: string, body: string) => `${title}${/[.?!:]$/.test(title) ? "" : "."} ${body}`;

/** The workspace's review age (retention policy; 180 days by default). */
export async function reviewDue(workspaceId: string, from = Date.now()): Promise<Date> {
  const { knowledgeReviewDays } = await getRetentionPolicy({ workspaceId });
  return new Date(from + (knowledgeReviewDays ?? REVIEW_DAYS_DEFAULT) * DAY_MS);
}

const by = (actor: Actor) => ({ actorType: "user" as const, actorUserId: actor.userId });

export async function createArticle({
  actor,
  input,
  key,
  publish = false,
}: {
  actor: Actor;
  input: ArticleInput;
  key?: string;
  publish?: boolean;
}) {
  assertAdmin(actor);
  const data = parseInput(input);
  const prisma = await getPrisma();
  const reviewDueAt = await reviewDue(actor.workspaceId);
  const article = await prisma.$transaction(async (tx) => {
    await checkOwner(tx, actor, data.ownerId);
    const created = await tx.knowledgeArticle.create({
      data: {
        workspaceId: actor.workspaceId,
        key: key ?? null,
        kind: data.kind,
        title: data.title,
        body: data.body,
        products: data.products,
        ownerId: data.ownerId ?? actor.userId,
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
            note: data.note ?? "created",
          },
        },
      },
    });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "knowledge.created",
      targetType: "knowledge",
      targetId: created.id,
      summary: { version: 1, kind: data.kind, ...(key && { key }) },
    });
    return created;
  });
  if (publish) await publishArticle({ actor, articleId: article.id });
  return article.id;
}

/** Saves the edit as a new version (a draft until published). Returns the new version number, or the current one when nothing changed. */
export async function saveArticle({
  actor,
  articleId,
  input,
}: {
  actor: Actor;
  articleId: string;
  input: ArticleInput;
}): Promise<{ version: number; changed: boolean }> {
  assertAdmin(actor);
  const data = parseInput(input);
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const article = await ownedArticle(tx, actor, articleId);
    await checkOwner(tx, actor, data.ownerId);
    const changed =
      article.kind !== data.kind ||
      article.title !== data.title ||
      article.body !== data.body ||
      article.products.join("|") !== data.products.join("|");
    const ownerChanged = (data.ownerId ?? article.ownerId) !== article.ownerId;
    if (!changed && !ownerChanged) return { version: article.version, changed: false };
    const version = changed ? article.version + 1 : article.version;
    await tx.knowledgeArticle.update({
      where: { id: article.id },
      data: {
        kind: data.kind,
        title: data.title,
        body: data.body,
        products: data.products,
        version,
        ...(data.ownerId && { ownerId: data.ownerId }),
        ...(article.status === "RETIRED" && { status: "DRAFT" }),
      },
    });
    if (changed) {
      await tx.knowledgeVersion.create({
        data: {
          articleId: article.id,
          workspaceId: actor.workspaceId,
          version,
          kind: data.kind,
          title: data.title,
          body: data.body,
          products: data.products,
          authorUserId: actor.userId,
          note: data.note ?? null,
        },
      });
    }
    const fields = [
      article.kind !== data.kind && "kind",
      article.title !== data.title && "title",
      article.body !== data.body && "body",
      article.products.join("|") !== data.products.join("|") && "products",
      ownerChanged && "owner",
    ].filter(Boolean);
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "knowledge.saved",
      targetType: "knowledge",
      targetId: article.id,
      summary: { version, fields: fields as string[] },
    });
    return { version, changed };
  });
}

/** Puts a version (the latest by default) into agent memory, replacing the published one. */
export async function publishArticle({ actor, articleId, version }: { actor: Actor; articleId: string; version?: number }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const article = await ownedArticle(prisma, actor, articleId);
  const target = await prisma.knowledgeVersion.findFirst({ where: { articleId: article.id, version: version ?? article.version } });
  if (!target) throw new NotFoundError("Version");
  if (article.status === "PUBLISHED" && article.publishedVersion === target.version) return { memoryId: article.memoryId };
  const reviewDueAt = await reviewDue(actor.workspaceId);

  const memoryId = await addAgentKnowledge({
    workspaceId: actor.workspaceId,
    type: memoryTypeOf[target.kind],
    text: memoryText(target.title, target.body),
    product: target.products.length === 1 ? target.products[0] : undefined,
    metadata: {
      articleId: article.id,
      version: target.version,
      ...(target.products.length > 1 && { products: target.products.join("|") }),
    },
    by: by(actor),
  });
  try {
    await prisma.$transaction(async (tx) => {
      // Someone else may have published meanwhile: compare-and-set on the memory id.
      const updated = await tx.knowledgeArticle.updateMany({
        where: { id: article.id, memoryId: article.memoryId },
        data: { status: "PUBLISHED", publishedVersion: target.version, memoryId, reviewedAt: new Date(), reviewDueAt },
      });
      if (updated.count !== 1) throw new ValidationError("This entry was just changed by someone else; reload and try again.");
      await tx.knowledgeVersion.update({ where: { id: target.id }, data: { memoryId } });
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        actorType: "user",
        action: "knowledge.published",
        targetType: "knowledge",
        targetId: article.id,
        summary: { version: target.version, replacedVersion: article.publishedVersion },
      });
    });
  } catch (error) {
    await deleteMemory({ workspaceId: actor.workspaceId, memoryId, by: by(actor) }).catch(() => undefined);
    throw error;
  }
  if (article.memoryId) await forgetPublished(actor, article.memoryId);
  return { memoryId };
}

async function forgetPublished(actor: Actor, memoryId: string) {
  try {
    await deleteMemory({ workspaceId: actor.workspaceId, memoryId, by: by(actor) });
  } catch (error) {
    // Already gone (an admin forgot it from a ticket's pane): nothing left to remove.
    if (!(error instanceof NotFoundError)) throw error;
  }
}

/** Takes the entry out of agent memory; `retire` also marks it as no longer maintained. */
export async function unpublishArticle({ actor, articleId, retire = false }: { actor: Actor; articleId: string; retire?: boolean }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const article = await prisma.$transaction(async (tx) => {
    const current = await ownedArticle(tx, actor, articleId);
    await tx.knowledgeArticle.update({
      where: { id: current.id },
      data: { status: retire ? "RETIRED" : "DRAFT", publishedVersion: null, memoryId: null },
    });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: retire ? "knowledge.retired" : "knowledge.unpublished",
      targetType: "knowledge",
      targetId: current.id,
      summary: { version: current.publishedVersion },
    });
    return current;
  });
  if (article.memoryId) await forgetPublished(actor, article.memoryId);
}

/** Makes an old version the latest again (as a new version, so history is never rewritten). */
export async function restoreVersion({ actor, articleId, version }: { actor: Actor; articleId: string; version: number }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const old = await prisma.knowledgeVersion.findFirst({ where: { articleId, workspaceId: actor.workspaceId, version } });
  if (!old) throw new NotFoundError("Version");
  return saveArticle({
    actor,
    articleId,
    input: { kind: old.kind, title: old.title, body: old.body, products: old.products, note: `restored version ${version}` },
  });
}

/** An admin confirms the entry is still right: the review clock restarts. */
export async function confirmReview({ actor, articleId }: { actor: Actor; articleId: string }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const now = new Date();
  const nextReview = await reviewDue(actor.workspaceId, now.getTime());
  await prisma.$transaction(async (tx) => {
    const article = await ownedArticle(tx, actor, articleId);
    await tx.knowledgeArticle.update({ where: { id: article.id }, data: { reviewedAt: now, reviewDueAt: nextReview } });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "knowledge.reviewed",
      targetType: "knowledge",
      targetId: article.id,
      summary: { nextReview: nextReview.toISOString().slice(0, 10) },
    });
  });
}
