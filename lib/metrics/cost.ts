import "server-only";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { env } from "@/lib/env";
import type { ProjectionInput } from "./cost-projection";

// The cost page's measured figures: what memory spent in this workspace, month by month
// (memory_usage, counted as it happened: lib/metrics/usage.ts), per ticket opened in the
// month, and the storage its memories take now. Prices are the configured ones; an embedder
// that runs in the process (the offline default) costs nothing per token.

export const COST_MONTHS = 6;
/** What the projection assumes storage costs when nothing better is known (a managed PostgreSQL disk). */
export const STORAGE_PRICE_PER_GB_MONTH = 0.25;

const SCOPES = ["customer", "agent", "session"] as const;
export type MemoryScope = (typeof SCOPES)[number];

export interface MonthFigures {
  /** YYYY-MM */
  month: string;
  tickets: number;
  searches: number;
  writes: number;
  queryEmbeddingTokens: number;
  writeEmbeddingTokens: number;
  llmInputTokens: number;
  llmOutputTokens: number;
  embeddingCost: number;
  llmCost: number;
  total: number;
  /** The month's total over the tickets opened in it; null in a month without tickets. */
  perTicket: number | null;
}

export interface ModelFigures {
  model: string;
  kind: "embedding" | "llm";
  /** Embedding calls, or model calls. */
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  /** An embedder that runs in the process: no per-token price. */
  local: boolean;
}

export interface ScopeFigures {
  scope: MemoryScope;
  searches: number;
  writes: number;
  memories: number;
  bytes: number;
}

type Row = Record<string, unknown>;
const n = (value: unknown) => Number(value ?? 0);

/** Only an OpenAI-compatible embedder is paid per token (lib/memory/embedders.ts names it "openai:<model>"). */
const paidEmbedder = (model: string) => model.startsWith("openai:");

function monthKeys(now: Date, count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1 - index), 1));
    return date.toISOString().slice(0, 7);
  });
}

export async function getCostFigures({ actor, now = new Date(), months = COST_MONTHS }: { actor: Actor; now?: Date; months?: number }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const keys = monthKeys(now, months);
  const since = new Date(`${keys[0]}-01T00:00:00Z`);
  const workspaceId = actor.workspaceId;
  const config = env();
  const prices = {
    embeddingPerMTok: config.EMBEDDING_PRICE_PER_MTOK,
    llmInputPerMTok: config.LLM_PRICE_INPUT_PER_MTOK,
    llmOutputPerMTok: config.LLM_PRICE_OUTPUT_PER_MTOK,
  };

  const [usage, ticketRows, storageRows, firstRow, allTickets] = await Promise.all([
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT to_char(day, 'YYYY-MM') AS month, kind, scope, model, sum(events) AS events, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens
         FROM memory_usage WHERE workspace_id = $1::uuid AND day >= $2::date
        GROUP BY 1, 2, 3, 4`,
      workspaceId,
      since.toISOString().slice(0, 10),
    ),
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(*) AS tickets
         FROM tickets WHERE workspace_id = $1::uuid AND created_at >= $2 GROUP BY 1`,
      workspaceId,
      since,
    ),
    // What the rows take in the table (text, payload, vector), mem0's entity links included.
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT scope, count(*) FILTER (WHERE collection = 'memories') AS memories, coalesce(sum(pg_column_size(m.*)), 0) AS bytes
         FROM memories m WHERE workspace_id = $1::uuid GROUP BY scope`,
      workspaceId,
    ),
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT to_char(min(day), 'YYYY-MM-DD') AS first FROM memory_usage WHERE workspace_id = $1::uuid`,
      workspaceId,
    ),
    prisma.ticket.count({ where: { workspaceId } }),
  ]);

  const costOf = (row: Row) => {
    const model = String(row.model);
    if (row.kind === "llm") return (n(row.input_tokens) * prices.llmInputPerMTok + n(row.output_tokens) * prices.llmOutputPerMTok) / 1e6;
    if (row.kind === "query_embedding" || row.kind === "write_embedding")
      return paidEmbedder(model) ? (n(row.input_tokens) * prices.embeddingPerMTok) / 1e6 : 0;
    return 0;
  };

  const ticketsByMonth = new Map(ticketRows.map((row) => [String(row.month), n(row.tickets)]));
  const monthFigures: MonthFigures[] = keys.map((month) => {
    const rows = usage.filter((row) => row.month === month);
    const sum = (kind: string, field: "events" | "input_tokens" | "output_tokens") =>
      rows.filter((row) => row.kind === kind).reduce((total, row) => total + n(row[field]), 0);
    const embeddingCost = rows.filter((row) => row.kind !== "llm").reduce((total, row) => total + costOf(row), 0);
    const llmCost = rows.filter((row) => row.kind === "llm").reduce((total, row) => total + costOf(row), 0);
    const tickets = ticketsByMonth.get(month) ?? 0;
    return {
      month,
      tickets,
      searches: sum("search", "events"),
      writes: sum("write", "events"),
      queryEmbeddingTokens: sum("query_embedding", "input_tokens"),
      writeEmbeddingTokens: sum("write_embedding", "input_tokens"),
      llmInputTokens: sum("llm", "input_tokens"),
      llmOutputTokens: sum("llm", "output_tokens"),
      embeddingCost,
      llmCost,
      total: embeddingCost + llmCost,
      perTicket: tickets > 0 ? (embeddingCost + llmCost) / tickets : null,
    };
  });

  const modelMap = new Map<string, ModelFigures>();
  for (const row of usage) {
    if (row.kind !== "llm" && row.kind !== "query_embedding" && row.kind !== "write_embedding") continue;
    const kind = row.kind === "llm" ? "llm" : "embedding";
    const key = `${kind}\u0000${String(row.model)}`;
    const entry = modelMap.get(key) ?? {
      model: String(row.model),
      kind,
      calls: 0,
      inputTokens: 0,
      outputTokens: 0,
      cost: 0,
      local: kind === "embedding" && !paidEmbedder(String(row.model)),
    };
    entry.calls += n(row.events);
    entry.inputTokens += n(row.input_tokens);
    entry.outputTokens += n(row.output_tokens);
    entry.cost += costOf(row);
    modelMap.set(key, entry);
  }
  const models = [...modelMap.values()].sort((left, right) => left.kind.localeCompare(right.kind) || right.inputTokens - left.inputTokens);

  const scopes: ScopeFigures[] = SCOPES.map((scope) => {
    const stored = storageRows.find((row) => row.scope === scope);
    const events = (kind: string) =>
      usage.filter((row) => row.kind === kind && row.scope === scope).reduce((total, row) => total + n(row.events), 0);
    return { scope, searches: events("search"), writes: events("write"), memories: n(stored?.memories), bytes: n(stored?.bytes) };
  });

  const window = monthFigures.reduce(
    (total, month) => ({
      tickets: total.tickets + month.tickets,
      searches: total.searches + month.searches,
      writes: total.writes + month.writes,
      embeddingTokens: total.embeddingTokens + month.queryEmbeddingTokens + month.writeEmbeddingTokens,
      llmInputTokens: total.llmInputTokens + month.llmInputTokens,
      llmOutputTokens: total.llmOutputTokens + month.llmOutputTokens,
    }),
    { tickets: 0, searches: 0, writes: 0, embeddingTokens: 0, llmInputTokens: 0, llmOutputTokens: 0 },
  );
  const per = (value: number) => (window.tickets > 0 ? value / window.tickets : 0);
  const customerBytes = scopes.find((scope) => scope.scope === "customer")!.bytes;
  const perTicket = {
    tickets: window.tickets,
    searches: per(window.searches),
    writes: per(window.writes),
    embeddingTokens: per(window.embeddingTokens),
    llmInputTokens: per(window.llmInputTokens),
    llmOutputTokens: per(window.llmOutputTokens),
    // What a ticket leaves behind: customer memory is kept, session memory is cleared on
    // resolution and the team's knowledge does not grow with tickets.
    storageBytes: allTickets > 0 ? customerBytes / allTickets : 0,
  };
  const monthsWithTickets = monthFigures.filter((month) => month.tickets > 0).length;

  // The projection starts from this workspace: its average month, its figures per ticket.
  const projectionDefaults: ProjectionInput = {
    ticketsPerMonth: monthsWithTickets > 0 ? Math.round(window.tickets / monthsWithTickets) : 1_000,
    months: 12,
    searchesPerTicket: round(perTicket.searches, 2),
    writesPerTicket: round(perTicket.writes, 2),
    embeddingTokensPerTicket: Math.round(perTicket.embeddingTokens),
    llmInputTokensPerTicket: Math.round(perTicket.llmInputTokens),
    llmOutputTokensPerTicket: Math.round(perTicket.llmOutputTokens),
    storageBytesPerTicket: Math.round(perTicket.storageBytes),
    // The configured embedder's price, or nothing for one that runs in the process.
    embeddingPricePerMTok: config.OPENAI_API_KEY ? prices.embeddingPerMTok : 0,
    llmInputPricePerMTok: prices.llmInputPerMTok,
    llmOutputPricePerMTok: prices.llmOutputPerMTok,
    storagePricePerGbMonth: STORAGE_PRICE_PER_GB_MONTH,
  };

  const first = firstRow[0]?.first;
  return {
    months: monthFigures,
    models,
    scopes,
    storageBytes: scopes.reduce((total, scope) => total + scope.bytes, 0),
    perTicket,
    prices,
    countingSince: typeof first === "string" ? first : null,
    projectionDefaults,
  };
}

export type CostFigures = Awaited<ReturnType<typeof getCostFigures>>;

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
