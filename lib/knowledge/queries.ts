import "server-only";
import { diffWords } from "diff";
import { z } from "zod";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { NotFoundError } from "@/lib/errors";
import { knowledgeKinds } from "./articles";

export const knowledgeQuerySchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  kind: z.enum(knowledgeKinds).optional().catch(undefined),
  product: z.string().trim().max(120).optional().catch(undefined),
  status: z.enum(["DRAFT", "PUBLISHED", "RETIRED", "REVIEW"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type KnowledgeQuery = z.infer<typeof knowledgeQuerySchema>;

const PAGE_SIZE = 50;

/** How many drafts cited each article (any of its published versions), by article id. */
export async function citationCounts(workspaceId: string, articleIds?: string[]): Promise<Map<string, number>> {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRawUnsafe<Array<{ article_id: string; cited: bigint | number }>>(
    `SELECT v.article_id::text AS article_id, count(*) AS cited
       FROM drafts d
       CROSS JOIN LATERAL unnest(d.cited_knowledge_ids) AS c(memory_id)
       JOIN knowledge_versions v ON v.workspace_id = d.workspace_id AND v.memory_id = c.memory_id
      WHERE d.workspace_id = $1::uuid ${articleIds ? "AND v.article_id = ANY($2::uuid[])" : ""}
      GROUP BY v.article_id`,
    ...(articleIds ? [workspaceId, articleIds] : [workspaceId]),
  );
  return new Map(rows.map((row) => [row.article_id, Number(row.cited)]));
}

export async function listArticles({ actor, query, now = new Date() }: { actor: Actor; query: KnowledgeQuery; now?: Date }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const where: Prisma.KnowledgeArticleWhereInput = {
    workspaceId: actor.workspaceId,
    ...(query.kind && { kind: query.kind }),
    ...(query.product && { products: { has: query.product } }),
    ...(query.status === "REVIEW"
      ? { status: { not: "RETIRED" }, reviewDueAt: { lte: now } }
      : query.status
        ? { status: query.status }
        : {}),
    ...(query.q && {
      OR: [
        { title: { contains: query.q, mode: "insensitive" } },
        { body: { contains: query.q, mode: "insensitive" } },
        { key: { equals: query.q } },
      ],
    }),
  };
  const page = query.page ?? 1;
  const [articles, total, dueForReview, productRows] = await Promise.all([
    prisma.knowledgeArticle.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        key: true,
        kind: true,
        title: true,
        products: true,
        status: true,
        version: true,
        publishedVersion: true,
        reviewDueAt: true,
        updatedAt: true,
        owner: { select: { name: true } },
      },
    }),
    prisma.knowledgeArticle.count({ where }),
    prisma.knowledgeArticle.count({ where: { workspaceId: actor.workspaceId, status: { not: "RETIRED" }, reviewDueAt: { lte: now } } }),
    prisma.$queryRaw<
      Array<{ product: string }>
    >`SELECT DISTINCT unnest(products) AS product FROM knowledge_articles WHERE workspace_id = ${actor.workspaceId}::uuid ORDER BY 1`,
  ]);
  const cited = await citationCounts(
    actor.workspaceId,
    articles.map((article) => article.id),
  );
  return {
    articles: articles.map((article) => ({
      ...article,
      cited: cited.get(article.id) ?? 0,
      reviewDue: article.status !== "RETIRED" && !!article.reviewDueAt && article.reviewDueAt <= now,
    })),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    dueForReview,
    products: productRows.map((row) => row.product),
  };
}

export async function getArticle({ actor, articleId }: { actor: Actor; articleId: string }) {
  assertAdmin(actor);
  if (!z.uuid().safeParse(articleId).success) throw new NotFoundError("Knowledge entry");
  const prisma = await getPrisma();
  const article = await prisma.knowledgeArticle.findFirst({
    where: { id: articleId, workspaceId: actor.workspaceId },
    include: {
      owner: { select: { id: true, name: true } },
      versions: {
        orderBy: { version: "desc" },
        select: { version: true, title: true, note: true, createdAt: true, memoryId: true, author: { select: { name: true } } },
      },
    },
  });
  if (!article) throw new NotFoundError("Knowledge entry");
  const cited = await citationCounts(actor.workspaceId, [article.id]);
  return { ...article, cited: cited.get(article.id) ?? 0 };
}

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

/** A word diff of two versions' title, products and body. */
export async function diffVersions({ actor, articleId, from, to }: { actor: Actor; articleId: string; from: number; to: number }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const versions = await prisma.knowledgeVersion.findMany({
    where: { articleId, workspaceId: actor.workspaceId, version: { in: [from, to] } },
  });
  const left = versions.find((version) => version.version === from);
  const right = versions.find((version) => version.version === to);
  if (!left || !right) throw new NotFoundError("Version");
  const parts = (a: string, b: string): DiffPart[] =>
    diffWords(a, b).map((change) => ({ kind: change.added ? "added" : change.removed ? "removed" : "same", text: change.value }));
  return {
    from: left.version,
    to: right.version,
    title: parts(left.title, right.title),
    products: parts(left.products.join(", "), right.products.join(", ")),
    kind: left.kind === right.kind ? null : { from: left.kind, to: right.kind },
    body: parts(left.body, right.body),
  };
}

/** Who may own a knowledge entry: the workspace's enabled users. */
export async function listKnowledgeOwners({ actor }: { actor: Actor }): Promise<Array<{ id: string; name: string }>> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  return prisma.user.findMany({
    where: { workspaceId: actor.workspaceId, disabledAt: null },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}
