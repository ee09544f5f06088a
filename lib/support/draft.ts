import "server-only";
import { buildDraftMessages, checkDraft, type DraftSource, numberSources, UnusableDraftError } from "@/lib/ai/draft-prompt";
import { chatModel, type ChatModel, describeModelError } from "@/lib/ai/llm";
import { composeTemplateDraft } from "@/lib/ai/template-draft";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { recordUsage } from "@/lib/metrics/usage";
import { getTicketMemoryContext, type TicketMemoryContext } from "./memory-context";

// Reply drafts. With a chat model configured the draft streams from it, grounded in the
// three panes and citing them; without one, the template drafter composes it. For a
// ticket whose sender is not verified the panes hold no customer memory (memory-context.ts),
// so neither drafter can repeat it to whoever typed the customer's address. Either way
// the draft is recorded (model, tokens, latency, cited memories) for the metrics.

export type DraftEvent =
  | { type: "start"; kind: "llm" | "template"; model: string; sources: DraftSource[] }
  | { type: "delta"; text: string }
  | { type: "done"; draftId: string; text: string; citations: DraftSource[]; warnings: string[] }
  | { type: "error"; message: string };

const CONVERSATION_TURNS = 20;

/**
 * Reads what the draft needs (and checks the ticket is the actor's, throwing NotFoundError
 * before anything streams), then returns the draft as a stream of events. `now` dates the
 * draft and its token counts (the demo's history); now by default.
 */
export async function prepareDraft({
  actor,
  ticketId,
  model = chatModel(),
  now,
}: {
  actor: Actor;
  ticketId: string;
  model?: ChatModel | null;
  now?: Date;
}) {
  const context = await getTicketMemoryContext({ actor, ticketId, conversation: CONVERSATION_TURNS });
  return model ? llmDraft(actor, context, model, now) : templateDraft(actor, context, now);
}

interface DraftRecord {
  kind: "llm" | "template";
  model: string;
  status: "ok" | "failed";
  error?: string;
  text: string;
  citations: DraftSource[];
  promptTokens?: number;
  completionTokens?: number;
  firstTokenMs?: number;
  latencyMs: number;
}

async function recordDraft(actor: Actor, context: TicketMemoryContext, draft: DraftRecord, now?: Date): Promise<string> {
  const prisma = await getPrisma();
  const row = await prisma.draft.create({
    data: {
      workspaceId: actor.workspaceId,
      ticketId: context.ticket.id,
      customerId: context.ticket.customerId,
      authorUserId: actor.userId,
      kind: draft.kind,
      model: draft.model,
      status: draft.status,
      error: draft.error,
      // PostgreSQL text cannot hold NUL, which a broken stream may carry.
      text: draft.text.replaceAll("\u0000", ""),
      promptTokens: draft.promptTokens ?? 0,
      completionTokens: draft.completionTokens ?? 0,
      firstTokenMs: draft.firstTokenMs,
      latencyMs: draft.latencyMs,
      citedMemoryIds: draft.citations.map((source) => source.id),
      citedKnowledgeIds: draft.citations.filter((source) => source.scope === "agent").map((source) => source.id),
      ...(now && { createdAt: now }),
    },
    select: { id: true },
  });
  // The cost page counts these tokens from memory_usage, which outlives the draft (erased with its customer).
  if (draft.kind === "llm") {
    await recordUsage({
      workspaceId: actor.workspaceId,
      at: now,
      counts: [
        {
          kind: "llm",
          scope: "draft",
          model: draft.model,
          events: 1,
          inputTokens: draft.promptTokens,
          outputTokens: draft.completionTokens,
        },
      ],
    }).catch((error: Error) => console.warn(`[usage] draft tokens not counted: ${error.message}`));
  }
  return row.id;
}

/** What the agent should know about what the draft was not given (an unverified sender). */
function notes(context: TicketMemoryContext): string[] {
  return context.customerHidden ? [context.customerHidden] : [];
}

async function* templateDraft(actor: Actor, context: TicketMemoryContext, now?: Date): AsyncGenerator<DraftEvent> {
  const started = performance.now();
  const draft = composeTemplateDraft({
    customerName: context.person.name,
    agentName: actor.name,
    preference: context.person.communicationPreference,
    context,
  });
  const citations: DraftSource[] = draft.citations.map(({ n, id, scope, type, text }) => ({ n, id, scope, type, text }));
  yield { type: "start", kind: "template", model: "template", sources: citations };
  yield { type: "delta", text: draft.text };
  const draftId = await recordDraft(
    actor,
    context,
    { kind: "template", model: "template", status: "ok", text: draft.text, citations, latencyMs: Math.round(performance.now() - started) },
    now,
  );
  yield { type: "done", draftId, text: draft.text, citations, warnings: notes(context) };
}

async function* llmDraft(actor: Actor, context: TicketMemoryContext, model: ChatModel, now?: Date): AsyncGenerator<DraftEvent> {
  const started = performance.now();
  const sources = numberSources(context);
  const messages = buildDraftMessages({
    customerName: context.person.name,
    agentName: actor.name,
    preference: context.person.communicationPreference,
    subject: context.ticket.subject,
    conversation: context.conversation,
    sources,
  });
  yield { type: "start", kind: "llm", model: model.model, sources };

  // A stalled stream is aborted after idleTimeoutMs without new words, first ones included.
  const abort = new AbortController();
  let idle = setTimeout(() => abort.abort(), model.idleTimeoutMs);
  let raw = "";
  let firstTokenMs: number | undefined;
  let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
  const failed = async (message: string) => {
    await recordDraft(
      actor,
      context,
      {
        kind: "llm",
        model: model.model,
        status: "failed",
        error: message,
        text: raw,
        citations: [],
        firstTokenMs,
        latencyMs: Math.round(performance.now() - started),
        ...tokens(),
      },
      now,
    );
    return { type: "error" as const, message };
  };
  // Servers that do not report usage get an estimate (about four characters a token).
  const tokens = () => ({
    promptTokens: usage?.prompt_tokens ?? Math.ceil(messages.reduce((sum, message) => sum + message.content.length, 0) / 4),
    completionTokens: usage?.completion_tokens ?? Math.ceil(raw.length / 4),
  });
  try {
    const stream = await model.client.chat.completions.create(
      { model: model.model, messages, stream: true, stream_options: { include_usage: true }, temperature: 0.3, max_tokens: 700 },
      { signal: abort.signal },
    );
    for await (const chunk of stream) {
      clearTimeout(idle);
      idle = setTimeout(() => abort.abort(), model.idleTimeoutMs);
      if (chunk.usage) usage = chunk.usage;
      const delta = chunk.choices[0]?.delta?.content;
      if (!delta) continue;
      firstTokenMs ??= Math.round(performance.now() - started);
      raw += delta;
      yield { type: "delta", text: delta };
    }
  } catch (error) {
    if (!abort.signal.aborted) console.error("[draft] model failed:", error instanceof Error ? error.message : error);
    yield await failed(describeModelError(error, model.idleTimeoutMs));
    return;
  } finally {
    clearTimeout(idle);
  }
  let checked;
  try {
    checked = checkDraft(raw, sources);
  } catch (error) {
    if (error instanceof UnusableDraftError) {
      yield await failed(error.message);
      return;
    }
    throw error;
  }
  const draftId = await recordDraft(
    actor,
    context,
    {
      kind: "llm",
      model: model.model,
      status: "ok",
      text: checked.text,
      citations: checked.citations,
      firstTokenMs,
      latencyMs: Math.round(performance.now() - started),
      ...tokens(),
    },
    now,
  );
  yield { type: "done", draftId, text: checked.text, citations: checked.citations, warnings: [...notes(context), ...checked.warnings] };
}
