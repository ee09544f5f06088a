import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { getPrisma } from "@/lib/db";
import { log } from "@/lib/log";

// What memory costs, counted where it is spent: each memory search and write, the tokens
// the embedder is given (search queries included), and the tokens of every chat-model call.
// Counts are rows in the database (memory_usage, one per workspace, day, kind, scope and
// model) incremented with INSERT ... ON CONFLICT, so several app processes add to the same
// figures. Embedders and chat clients do not know the workspace: they note what they spend
// in the tally of the enclosing meterUsage call, which records it for its workspace.

export type UsageKind = "search" | "write" | "query_embedding" | "write_embedding" | "llm";

/** What an LLM call was for (the scope column of its rows). */
export type ModelPurpose = "draft" | "extraction" | "signals" | "steps" | "summary";

export interface UsageCount {
  kind: UsageKind;
  /** customer | agent | session; for llm rows, what the call was for. */
  scope?: string;
  model?: string;
  events?: number;
  inputTokens?: number;
  outputTokens?: number;
}

/** About four characters a token in English: used where a server reports no usage (and for the offline embedder). */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

// The day usage is counted on: today, unless the work runs inside countUsageAt. Memory writes
// and searches meter themselves deep inside the memory library, which takes no clock.
const usageDays = new AsyncLocalStorage<Date>();

/** Runs `fn` with what it spends counted on the day of `at`: the demo's history, replayed through the app's verbs (lib/demo/history.ts). */
export function countUsageAt<T>(at: Date, fn: () => Promise<T>): Promise<T> {
  return usageDays.run(at, fn);
}

/** Adds the counts to the workspace's figures for the day of `at` (UTC). */
export async function recordUsage({
  workspaceId,
  counts,
  at = usageDays.getStore() ?? new Date(),
}: {
  workspaceId: string;
  counts: UsageCount[];
  at?: Date;
}): Promise<void> {
  const merged = new Map<string, Required<UsageCount>>();
  for (const count of counts) {
    const row = {
      kind: count.kind,
      scope: count.scope ?? "",
      model: count.model ?? "",
      events: count.events ?? 0,
      inputTokens: count.inputTokens ?? 0,
      outputTokens: count.outputTokens ?? 0,
    };
    const key = [row.kind, row.scope, row.model].join("\u0000");
    const seen = merged.get(key);
    if (seen) {
      seen.events += row.events;
      seen.inputTokens += row.inputTokens;
      seen.outputTokens += row.outputTokens;
    } else merged.set(key, row);
  }
  // One statement, rows in key order: two processes adding to the same rows lock them in the
  // same order, so they queue rather than deadlock.
  const rows = [...merged.entries()]
    .filter(([, row]) => row.events > 0 || row.inputTokens > 0 || row.outputTokens > 0)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([, row]) => row);
  if (rows.length === 0) return;
  const params: unknown[] = [workspaceId, at.toISOString().slice(0, 10)];
  const values = rows.map((row) => {
    params.push(row.kind, row.scope, row.model, Math.round(row.events), Math.round(row.inputTokens), Math.round(row.outputTokens));
    const n = params.length;
    return `($1::uuid, $2::date, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}::bigint, $${n - 1}::bigint, $${n}::bigint)`;
  });
  const prisma = await getPrisma();
  await prisma.$executeRawUnsafe(
    `INSERT INTO memory_usage (workspace_id, day, kind, scope, model, events, input_tokens, output_tokens)
     VALUES ${values.join(", ")}
     ON CONFLICT (workspace_id, day, kind, scope, model) DO UPDATE
        SET events = memory_usage.events + excluded.events,
            input_tokens = memory_usage.input_tokens + excluded.input_tokens,
            output_tokens = memory_usage.output_tokens + excluded.output_tokens`,
    ...params,
  );
}

interface Tally {
  embeddings: Map<string, { calls: number; tokens: number }>;
  models: Map<string, { calls: number; input: number; output: number }>;
}

const tallies = new AsyncLocalStorage<Tally>();

function noteEmbedding(model: string, texts: string[]): void {
  const tally = tallies.getStore();
  if (!tally) return;
  const entry = tally.embeddings.get(model) ?? { calls: 0, tokens: 0 };
  entry.calls += 1;
  entry.tokens += texts.reduce((sum, text) => sum + estimateTokens(text), 0);
  tally.embeddings.set(model, entry);
}

function noteModelCall(tally: Tally, model: string, input: number, output: number): void {
  const entry = tally.models.get(model) ?? { calls: 0, input: 0, output: 0 };
  entry.calls += 1;
  entry.input += input;
  entry.output += output;
  tally.models.set(model, entry);
}

interface MeterableEmbedder {
  readonly id: string;
  embedQuery(text: string): Promise<number[]>;
  embedDocuments(texts: string[]): Promise<number[][]>;
}

/** The embedder, noting the tokens of every text it embeds (estimated) under its id. */
export function meterEmbedder<E extends MeterableEmbedder>(embedder: E): E {
  const metered = Object.create(embedder) as E;
  metered.embedQuery = async (text: string) => {
    const vector = await embedder.embedQuery(text);
    noteEmbedding(embedder.id, [text]);
    return vector;
  };
  metered.embedDocuments = async (texts: string[]) => {
    const vectors = await embedder.embedDocuments(texts);
    noteEmbedding(embedder.id, texts);
    return vectors;
  };
  return metered;
}

type ChatBody = { model?: string; stream?: boolean | null; messages?: Array<{ content?: unknown }> };
type ChatCompletion = {
  model?: string;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  choices?: Array<{ message?: { content?: string | null } }>;
};
interface ChatClient {
  chat: { completions: { create: (body: never, options?: never) => PromiseLike<unknown> } };
}

/**
 * Has an OpenAI-compatible client note the tokens of each (non-streaming) chat completion:
 * the server's usage, or an estimate from the text when it reports none. Streams are
 * counted by their caller (drafts record their own tokens).
 */
export function meterChatCompletions<C extends ChatClient | undefined | null>(client: C): C {
  if (!client?.chat?.completions) return client;
  const completions = client.chat.completions;
  const create = completions.create.bind(completions) as (body: ChatBody, options?: unknown) => PromiseLike<unknown>;
  completions.create = (body: ChatBody, options?: unknown) => {
    const tally = tallies.getStore();
    const pending = create(body, options);
    if (tally && !body?.stream) {
      pending.then(
        (result) => {
          const completion = result as ChatCompletion;
          const input =
            completion.usage?.prompt_tokens ??
            estimateTokens(
              (body.messages ?? [])
                .map((message) => (typeof message.content === "string" ? message.content : JSON.stringify(message.content ?? "")))
                .join("\n"),
            );
          const output = completion.usage?.completion_tokens ?? estimateTokens(completion.choices?.[0]?.message?.content ?? "");
          noteModelCall(tally, body.model ?? completion.model ?? "unknown", input, output);
        },
        () => undefined,
      );
    }
    return pending;
  };
  return client;
}

/**
 * Runs `fn` and records for the workspace what it spent: the event itself (a search, the
 * memories written: `events` of the result, one by default), the embedding tokens of the
 * texts embedded inside it and the chat-model tokens. A failed call still records the
 * tokens it spent. Recording never fails the call: a counter lost is logged.
 */
export async function meterUsage<T>(
  input: { workspaceId: string; kind?: "search" | "write"; scope?: string; purpose?: ModelPurpose; events?: (value: T) => number },
  fn: () => Promise<T>,
): Promise<T> {
  const tally: Tally = { embeddings: new Map(), models: new Map() };
  let events = 0;
  try {
    const value = await tallies.run(tally, fn);
    events = input.kind ? (input.events?.(value) ?? 1) : 0;
    return value;
  } finally {
    const counts: UsageCount[] = [];
    if (input.kind && events > 0) counts.push({ kind: input.kind, scope: input.scope, events });
    for (const [model, entry] of tally.embeddings) {
      counts.push({
        kind: input.kind === "search" ? "query_embedding" : "write_embedding",
        scope: input.scope,
        model,
        events: entry.calls,
        inputTokens: entry.tokens,
      });
    }
    for (const [model, entry] of tally.models) {
      counts.push({
        kind: "llm",
        scope: input.purpose ?? (input.kind === "write" ? "extraction" : ""),
        model,
        events: entry.calls,
        inputTokens: entry.input,
        outputTokens: entry.output,
      });
    }
    await recordUsage({ workspaceId: input.workspaceId, counts }).catch((error: Error) => log.warn({ err: error }, "[usage] not counted"));
  }
}
