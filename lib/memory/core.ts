import { runInBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { env } from "@/lib/env";
import { meterUsage } from "@/lib/metrics/usage";
import { withCallContext, type WriteContext } from "./context";
import type { MemoryFilter } from "./filters";
import { getMem0 } from "./mem0";
import { type ScopeTarget, scopeFilters, scopeOwners, stripOwner } from "./owners";
import { HeldWrites, writeHeld } from "./store";
import { contentTokens } from "./text";

// The generic operations every scope shares: add, search, list, get, update, delete,
// history. Typed helpers for each kind of memory are in support-memory.ts.

export interface MemoryItem {
  id: string;
  text: string;
  scope: string;
  type: string;
  metadata: Record<string, unknown>;
  createdAt: string | null;
  updatedAt: string | null;
  expiresOn: string | null;
}

export interface ScoredMemory extends MemoryItem {
  score: number;
  /** Why it came up: the query words it shares, and the parts of the blended score. */
  matched: { terms: string[]; semantic: number; keyword: number };
}

const RESERVED = new Set([
  "data",
  "hash",
  "textLemmatized",
  "createdAt",
  "updatedAt",
  "user_id",
  "agent_id",
  "run_id",
  "expiration_date",
  "attributedTo",
]);

function toItem(id: string, payload: Record<string, unknown>): MemoryItem {
  const metadata = Object.fromEntries(Object.entries(payload).filter(([key]) => !RESERVED.has(key)));
  const text = payload.data ?? payload.memory;
  return {
    id,
    text: typeof text === "string" ? text : "",
    scope: typeof payload.scope === "string" ? payload.scope : "",
    type: typeof payload.type === "string" ? payload.type : "note",
    metadata,
    createdAt: (payload.createdAt as string | undefined) ?? null,
    updatedAt: (payload.updatedAt as string | undefined) ?? null,
    expiresOn: (payload.expiration_date as string | undefined) ?? null,
  };
}

export interface AddMemoryInput {
  workspaceId: string;
  target: ScopeTarget;
  text: string;
  type: string;
  metadata?: Record<string, string | number | boolean | null>;
  /** YYYY-MM-DD after which search no longer returns it. */
  expiresOn?: string;
  /** Send through mem0's LLM fact extraction (only when an LLM is configured). */
  infer?: boolean;
  by: WriteContext;
}

/** Adds one memory as written (no LLM) and returns its id. */
export async function addMemory(input: AddMemoryInput): Promise<string> {
  const [id] = await addMemories({ workspaceId: input.workspaceId, target: input.target, items: [input], by: input.by });
  return id!;
}

/**
 * Adds several memories of one owner as written (no LLM), in one transaction: mem0 makes
 * each its own, and a ticket's opening links up to eight related tickets. Returns their ids
 * in order; nothing is written when any of them fails.
 */
export async function addMemories(input: {
  workspaceId: string;
  target: ScopeTarget;
  items: Array<Pick<AddMemoryInput, "text" | "type" | "metadata" | "expiresOn">>;
  by: WriteContext;
}): Promise<string[]> {
  const items = input.items.map((item) => ({ ...item, text: item.text.trim() }));
  if (!items.length) return [];
  if (items.some((item) => !item.text)) throw new Error("A memory needs text");
  const { memory } = await getMem0();
  const held = new HeldWrites();
  return meterUsage({ workspaceId: input.workspaceId, kind: "write", scope: input.target.scope, events: () => items.length }, async () => {
    const ids: string[] = [];
    await withCallContext({ write: input.by, held }, async () => {
      for (const item of items) {
        const result = await memory.add(item.text, {
          ...scopeOwners(input.workspaceId, input.target),
          metadata: { ...item.metadata, type: item.type, scope: input.target.scope },
          infer: false,
          ...(item.expiresOn && { expirationDate: item.expiresOn }),
        });
        const id = (result as { results: Array<{ id: string }> }).results[0]?.id;
        if (!id) throw new Error("mem0 stored nothing");
        ids.push(id);
      }
    });
    await writeHeld(held, input.by);
    return ids;
  });
}

/**
 * With an LLM configured, also runs the text through mem0's fact extraction, in the
 * background: a reply never waits for it, and a failing LLM only logs.
 */
export function inferInBackground(input: Omit<AddMemoryInput, "infer">): void {
  if (!env().OPENAI_API_KEY) return;
  runInBackground("memory: fact extraction", async () => {
    const { memory } = await getMem0();
    await meterUsage({ workspaceId: input.workspaceId, kind: "write", scope: input.target.scope, events: written }, () =>
      withCallContext({ write: input.by }, () =>
        memory.add(input.text, {
          ...scopeOwners(input.workspaceId, input.target),
          metadata: { ...input.metadata, type: "inferred", scope: input.target.scope },
          infer: true,
        }),
      ),
    );
  });
}

/**
 * Runs the text through mem0's fact extraction now, with `instructions` added to mem0's own
 * prompt, and returns the memories it added (none without an LLM). Callers that must not
 * wait run it through runInBackground.
 */
export async function inferMemories(
  input: Omit<AddMemoryInput, "infer" | "expiresOn"> & { instructions?: string; role?: "user" | "assistant" },
): Promise<Array<{ id: string; text: string }>> {
  if (!env().OPENAI_API_KEY) return [];
  const { memory } = await getMem0();
  const result = await meterUsage({ workspaceId: input.workspaceId, kind: "write", scope: input.target.scope, events: written }, () =>
    withCallContext({ write: input.by, instructions: input.instructions }, () =>
      memory.add([{ role: input.role ?? "user", content: input.text }], {
        ...scopeOwners(input.workspaceId, input.target),
        metadata: { ...input.metadata, type: input.type, scope: input.target.scope },
        infer: true,
      }),
    ),
  );
  return result.results.map((item) => ({ id: item.id, text: item.memory }));
}

/** Memories an inferring add wrote (mem0 returns one result per memory added). */
const written = (result: unknown) => (result as { results?: unknown[] }).results?.length ?? 0;

export interface SearchInput {
  workspaceId: string;
  target: ScopeTarget;
  query: string;
  limit?: number;
  filter?: MemoryFilter;
}

export async function searchMemories(input: SearchInput): Promise<ScoredMemory[]> {
  const { memory } = await getMem0();
  const queryTerms = new Set(contentTokens(input.query));
  // Counted with the tokens of the query's embedding (lib/metrics/usage.ts).
  const response = await meterUsage({ workspaceId: input.workspaceId, kind: "search", scope: input.target.scope }, () =>
    withCallContext({ filter: input.filter }, () =>
      // Threshold 0: mem0's default 0.1 on raw cosine dropped right answers (STACK-NOTES).
      memory.search(input.query, {
        filters: scopeFilters(input.workspaceId, input.target),
        topK: input.limit ?? 5,
        threshold: 0,
        explain: true,
      }),
    ),
  );
  const results = (response as unknown as { results: Array<Record<string, unknown>> }).results;
  return results.map((result) => {
    // mem0 hands the parts of the score back as `score_details` (camelCase inside).
    const details = (result.score_details ?? {}) as { semanticScore?: number; bm25Score?: number };
    const item = toItem(String(result.id), { ...(result.metadata as object), ...result, data: result.memory });
    const terms = [...new Set(contentTokens(item.text))].filter((term) => queryTerms.has(term));
    return {
      ...item,
      score: Number(result.score ?? 0),
      matched: { terms, semantic: details.semanticScore ?? 0, keyword: details.bm25Score ?? 0 },
    };
  });
}

export async function listMemories(input: {
  workspaceId: string;
  target: ScopeTarget;
  filter?: MemoryFilter;
  limit?: number;
}): Promise<MemoryItem[]> {
  const { memory } = await getMem0();
  const response = await withCallContext({ filter: input.filter }, () =>
    memory.getAll({ filters: scopeFilters(input.workspaceId, input.target), topK: input.limit ?? 100 }),
  );
  return (response as unknown as { results: Array<Record<string, unknown>> }).results.map((result) =>
    toItem(String(result.id), { ...(result.metadata as object), ...result, data: result.memory }),
  );
}

/** A memory of the workspace, or NotFoundError (also for another workspace's memory). */
export async function getMemory({
  workspaceId,
  memoryId,
}: {
  workspaceId: string;
  memoryId: string;
}): Promise<MemoryItem & { owner: ScopeTarget }> {
  const prisma = await getPrisma();
  const row = await prisma.memoryRecord.findFirst({
    where: { id: memoryId, workspaceId, collection: "memories" },
    select: { id: true, payload: true, scope: true, userId: true, agentId: true, runId: true },
  });
  if (!row) throw new NotFoundError("Memory");
  const owner: ScopeTarget =
    row.scope === "agent"
      ? { scope: "agent", agentId: stripOwner(row.agentId) }
      : { scope: row.scope as "customer" | "session", customerId: stripOwner(row.userId), sessionId: stripOwner(row.runId) };
  return { ...toItem(row.id, row.payload as Record<string, unknown>), owner };
}

/** New text for a memory; `metadata` keys given are set too (mem0 merges them into the old ones). */
export async function updateMemory(input: {
  workspaceId: string;
  memoryId: string;
  text: string;
  metadata?: Record<string, string | number | boolean | null>;
  by: WriteContext;
}): Promise<void> {
  const { owner } = await getMemory(input);
  const { memory } = await getMem0();
  const text = input.text.trim();
  await meterUsage({ workspaceId: input.workspaceId, kind: "write", scope: owner.scope }, () =>
    withCallContext({ write: input.by }, () => memory.update(input.memoryId, input.metadata ? { text, metadata: input.metadata } : text)),
  );
}

export async function deleteMemory(input: { workspaceId: string; memoryId: string; by: WriteContext }): Promise<void> {
  await getMemory(input);
  const { memory } = await getMem0();
  await withCallContext({ write: input.by }, () => memory.delete(input.memoryId));
}

/** Deletes every memory of the owner in the given scope, and only those. */
export async function deleteScope(input: { workspaceId: string; target: ScopeTarget; by: WriteContext }): Promise<number> {
  const prisma = await getPrisma();
  const filters = scopeFilters(input.workspaceId, input.target);
  const rows = await prisma.memoryRecord.findMany({
    where: {
      workspaceId: input.workspaceId,
      collection: "memories",
      scope: input.target.scope,
      ...(filters.user_id && { userId: filters.user_id }),
      ...(filters.agent_id && { agentId: filters.agent_id }),
      ...(filters.run_id && { runId: filters.run_id }),
    },
    select: { id: true },
  });
  const { memory } = await getMem0();
  await withCallContext({ write: input.by }, async () => {
    for (const row of rows) await memory.delete(row.id);
  });
  return rows.length;
}

export async function getMemoryHistory({ workspaceId, memoryId }: { workspaceId: string; memoryId: string }) {
  const prisma = await getPrisma();
  return prisma.memoryHistory.findMany({
    where: { workspaceId, memoryId },
    orderBy: { createdAt: "asc" },
    select: { event: true, oldText: true, newText: true, actorUserId: true, createdAt: true },
  });
}
