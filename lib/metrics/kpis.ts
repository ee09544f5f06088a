import "server-only";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { env } from "@/lib/env";
import { citationCounts } from "@/lib/knowledge/queries";

// The KPIs of the metrics page, computed from the workspace's own rows. "Handled with memory"
// means an agent sent a drafted reply that cited at least one memory; drafts asked for and
// not sent do not count, and tickets whose replies were all written by hand count as "without".

export const metricsQuerySchema = z.object({
  weeks: z.coerce.number().int().min(2).max(52).catch(12),
  product: z.string().trim().max(120).optional().catch(undefined),
  agent: z.uuid().optional().catch(undefined),
});
export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

type Row = Record<string, unknown>;
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export interface WeekPoint {
  week: string;
  withMemoryHours: number | null;
  withoutMemoryHours: number | null;
  resolved: number;
  csat: number | null;
  rated: number;
  drafts: number;
  draftsCitingKnowledge: number;
}

export interface Breakdown {
  label: string;
  resolved: number;
  withMemoryHours: number | null;
  withoutMemoryHours: number | null;
  csat: number | null;
}

/** What the metrics page filters by: the workspace's agents and the products its tickets name. */
export async function listMetricsFilters({
  actor,
}: {
  actor: Actor;
}): Promise<{ agents: Array<{ id: string; name: string }>; products: string[] }> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const [agents, productRows] = await Promise.all([
    prisma.user.findMany({ where: { workspaceId: actor.workspaceId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    prisma.ticket.findMany({
      where: { workspaceId: actor.workspaceId, product: { not: null } },
      distinct: ["product"],
      select: { product: true },
      take: 100,
    }),
  ]);
  return { agents, products: productRows.map((row) => row.product!).filter(Boolean) };
}

export async function workspaceMetrics({ actor, query, now = new Date() }: { actor: Actor; query: MetricsQuery; now?: Date }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const since = new Date(now.getTime() - query.weeks * 7 * 86_400_000);
  const params: unknown[] = [actor.workspaceId, since];
  let filter = "";
  if (query.product) {
    params.push(query.product);
    filter += ` AND t.product = $${params.length}`;
  }
  if (query.agent) {
    params.push(query.agent);
    filter += ` AND t.assignee_id = $${params.length}::uuid`;
  }
  const resolvedTickets = `
    SELECT t.id, t.product, t.assignee_id, t.created_at, t.resolved_at, t.csat_score,
           EXISTS (SELECT 1 FROM drafts d WHERE d.ticket_id = t.id AND d.status = 'ok' AND d.sent_message_id IS NOT NULL AND cardinality(d.cited_memory_ids) > 0) AS with_memory
      FROM tickets t
     WHERE t.workspace_id = $1::uuid AND t.resolved_at >= $2 ${filter}`;
  const hours = "extract(epoch FROM resolved_at - created_at) / 3600.0";
  const grouped = (key: string) => `
    SELECT ${key} AS key, count(*) AS resolved,
           avg(${hours}) FILTER (WHERE with_memory) AS with_memory_hours,
           avg(${hours}) FILTER (WHERE NOT with_memory) AS without_memory_hours,
           avg(csat_score) AS csat, count(csat_score) AS rated
      FROM (${resolvedTickets}) r GROUP BY 1`;

  const [weeks, products, agents, drafts, cost, cleanup, scopes, feedback, totals] = await Promise.all([
    prisma.$queryRawUnsafe<Row[]>(`${grouped("date_trunc('week', resolved_at)")} ORDER BY 1`, ...params),
    prisma.$queryRawUnsafe<Row[]>(`${grouped("coalesce(product, 'No product')")} ORDER BY 2 DESC LIMIT 12`, ...params),
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT coalesce(u.name, 'Unassigned') AS label, g.* FROM (${grouped("assignee_id")}) g LEFT JOIN users u ON u.id = g.key ORDER BY g.resolved DESC LIMIT 12`,
      ...params,
    ),
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT date_trunc('week', d.created_at) AS week, count(*) AS drafts,
              count(*) FILTER (WHERE cardinality(d.cited_knowledge_ids) > 0) AS citing_knowledge
         FROM drafts d JOIN tickets t ON t.id = d.ticket_id
        WHERE d.workspace_id = $1::uuid AND d.created_at >= $2 AND d.status = 'ok' ${filter}
        GROUP BY 1 ORDER BY 1`,
      ...params,
    ),
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT count(DISTINCT t.id) AS tickets,
              coalesce(sum(d.prompt_tokens), 0) AS prompt_tokens,
              coalesce(sum(d.completion_tokens), 0) AS completion_tokens,
              count(d.id) AS drafts
         FROM tickets t LEFT JOIN drafts d ON d.ticket_id = t.id
        WHERE t.workspace_id = $1::uuid AND t.resolved_at >= $2 ${filter}`,
      ...params,
    ),
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT count(*) AS resolved,
              count(*) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM memories m WHERE m.collection = 'memories' AND m.scope = 'session'
                   AND m.workspace_id = t.workspace_id AND m.run_id = t.workspace_id::text || ':' || t.id::text)) AS cleared
         FROM tickets t WHERE t.workspace_id = $1::uuid AND t.resolved_at >= $2 ${filter}`,
      ...params,
    ),
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT scope, count(*) AS memories FROM memories WHERE workspace_id = $1::uuid AND collection = 'memories' GROUP BY scope`,
      actor.workspaceId,
    ),
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT scope, count(*) FILTER (WHERE helpful) AS helpful, count(*) AS rated FROM memory_feedback WHERE workspace_id = $1::uuid AND created_at >= $2 GROUP BY scope`,
      actor.workspaceId,
      since,
    ),
    // Embedding tokens, estimated from the text written to memory (about four characters a token).
    // Sealed text (customer and session memory) counts its plaintext bytes: the base64 after
    // "enc:v1:<key id>:" (16 characters) holds a 12-byte IV and a 16-byte tag around them.
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT coalesce(sum(CASE WHEN new_text LIKE 'enc:v1:%' THEN greatest(0, (length(new_text) - 16) * 3 / 4 - 28) ELSE length(coalesce(new_text, '')) END), 0) AS chars
         FROM memory_history WHERE workspace_id = $1::uuid AND created_at >= $2 AND event IN ('ADD', 'UPDATE')`,
      actor.workspaceId,
      since,
    ),
  ]);

  const draftsByWeek = new Map(drafts.map((row) => [new Date(row.week as string).toISOString(), row]));
  const series: WeekPoint[] = [];
  const start = new Date(since);
  start.setUTCHours(0, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7)); // Monday, as date_trunc('week') does
  const byWeek = new Map(weeks.map((row) => [new Date(row.key as string).toISOString(), row]));
  for (let week = start; week <= now; week = new Date(week.getTime() + 7 * 86_400_000)) {
    const key = week.toISOString();
    const row = byWeek.get(key);
    const draftRow = draftsByWeek.get(key);
    series.push({
      week: key.slice(0, 10),
      withMemoryHours: num(row?.with_memory_hours),
      withoutMemoryHours: num(row?.without_memory_hours),
      resolved: Number(row?.resolved ?? 0),
      csat: num(row?.csat),
      rated: Number(row?.rated ?? 0),
      drafts: Number(draftRow?.drafts ?? 0),
      draftsCitingKnowledge: Number(draftRow?.citing_knowledge ?? 0),
    });
  }
  const breakdown = (rows: Row[], label: (row: Row) => string): Breakdown[] =>
    rows.map((row) => ({
      label: label(row),
      resolved: Number(row.resolved),
      withMemoryHours: num(row.with_memory_hours),
      withoutMemoryHours: num(row.without_memory_hours),
      csat: num(row.csat),
    }));

  const config = env();
  const costRow = cost[0] ?? {};
  const embeddingTokens = Math.ceil(Number(totals[0]?.chars ?? 0) / 4);
  const llmCost =
    (Number(costRow.prompt_tokens ?? 0) * config.LLM_PRICE_INPUT_PER_MTOK +
      Number(costRow.completion_tokens ?? 0) * config.LLM_PRICE_OUTPUT_PER_MTOK) /
    1e6;
  const embeddingCost = (embeddingTokens * config.EMBEDDING_PRICE_PER_MTOK) / 1e6;
  const resolvedCount = Number(costRow.tickets ?? 0);

  // Knowledge utilisation: most cited entries, and published entries never cited.
  const counts = await citationCounts(actor.workspaceId);
  const published = await prisma.knowledgeArticle.findMany({
    where: { workspaceId: actor.workspaceId, status: "PUBLISHED" },
    select: { id: true, title: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  const ranked = published
    .map((article) => ({ ...article, cited: counts.get(article.id) ?? 0 }))
    .sort((left, right) => right.cited - left.cited);
  const allDrafts = series.reduce((sum, point) => sum + point.drafts, 0);
  const citing = series.reduce((sum, point) => sum + point.draftsCitingKnowledge, 0);

  return {
    series,
    products: breakdown(products, (row) => String(row.key)),
    agents: breakdown(agents, (row) => String(row.label)),
    knowledge: {
      drafts: allDrafts,
      citingShare: allDrafts ? citing / allDrafts : null,
      mostCited: ranked.filter((article) => article.cited > 0).slice(0, 5),
      neverCited: ranked.filter((article) => article.cited === 0),
    },
    cost: {
      resolved: resolvedCount,
      promptTokens: Number(costRow.prompt_tokens ?? 0),
      completionTokens: Number(costRow.completion_tokens ?? 0),
      embeddingTokens,
      drafts: Number(costRow.drafts ?? 0),
      perTicket: resolvedCount ? (llmCost + embeddingCost) / resolvedCount : null,
      total: llmCost + embeddingCost,
    },
    cleanup: { resolved: Number(cleanup[0]?.resolved ?? 0), cleared: Number(cleanup[0]?.cleared ?? 0) },
    memoryCounts: Object.fromEntries(
      ["customer", "agent", "session"].map((scope) => [scope, Number(scopes.find((row) => row.scope === scope)?.memories ?? 0)]),
    ) as Record<"customer" | "agent" | "session", number>,
    feedback: feedback.map((row) => ({ scope: String(row.scope), helpful: Number(row.helpful), rated: Number(row.rated) })),
    evaluation: latestEvaluation(),
  };
}

export interface EvaluationFigures {
  at: string;
  suites: Record<
    string,
    { ours?: { "mrr@10": number; "recall@1": number; "recall@5": number; cases: number }; bm25?: { "mrr@10": number } }
  >;
}

/** The figures `npm run eval -- --save <file>` wrote last, if any. */
export function latestEvaluation(): EvaluationFigures | null {
  const config = env();
  const file = config.EVAL_RESULTS_FILE ?? path.join(config.dataDir, "eval-latest.json");
  try {
    return JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as EvaluationFigures;
  } catch {
    return null;
  }
}
