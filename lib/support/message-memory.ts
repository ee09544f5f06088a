import "server-only";
import { runInBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db";
import { log } from "@/lib/log";
import { chatModel, isTransientModelError, type ChatModel } from "@/lib/ai/llm";
import { classifyWithModel } from "@/lib/ai/model-signals";
import type { MessageSignals } from "@/lib/ai/signals";
import { meterUsage } from "@/lib/metrics/usage";
import type { WriteContext } from "@/lib/memory/context";
import { addSessionContext } from "@/lib/memory/support-memory";

// What a ticket's messages add to its session memory: the conversation itself, and the
// sentiment and urgency of what the customer writes.

/**
 * Records the message's sentiment and urgency in session memory. With a chat model the
 * model's reading replaces the lexicon's on the ticket (which shows the lexicon's until
 * then); if the model answers nonsense or fails, the lexicon's reading is kept.
 */
export async function rememberSignals(input: {
  workspaceId: string;
  customerId: string;
  ticketId: string;
  text: string;
  signals: MessageSignals;
  model?: ChatModel | null;
  /** Await the model's reading (inside a job, whose retry makes it durable) instead of running it in the background. */
  wait?: boolean;
  /**
   * With wait, in a job that has tries left: a transient model failure (no connection, a
   * timeout, 429, 5xx) throws, for the job to try again, instead of keeping the lexicon's.
   */
  retryable?: boolean;
  /**
   * The message read (lib/support/message-readings.ts): named on the session memory, and its
   * reading is not put on the ticket once a newer customer message has come.
   */
  message?: { id: string; createdAt: Date };
}) {
  const model = input.model === undefined ? chatModel() : input.model;
  if (!model) return rememberSignalsInSession(input, input.signals, "lexicon");
  const work = async () => {
    const read = await meterUsage({ workspaceId: input.workspaceId, purpose: "signals" }, () => classifyWithModel(input.text, model)).catch(
      (error: Error) => {
        if (input.wait && input.retryable && isTransientModelError(error)) throw error;
        log.warn({ err: error, ticketId: input.ticketId }, "[signals] model failed, keeping the lexicon's reading");
        return null;
      },
    );
    if (read) {
      const prisma = await getPrisma();
      await prisma.ticket.updateMany({
        where: {
          id: input.ticketId,
          workspaceId: input.workspaceId,
          ...(input.message && { messages: { none: { kind: "CUSTOMER", createdAt: { gt: input.message.createdAt } } } }),
        },
        data: { sentiment: read.sentiment, urgency: read.urgency },
      });
    }
    await rememberSignalsInSession(input, read ?? input.signals, read ? "model" : "lexicon");
  };
  if (input.wait) return work();
  runInBackground("signals", work);
}

async function rememberSignalsInSession(
  input: { workspaceId: string; customerId: string; ticketId: string; message?: { id: string } },
  signals: MessageSignals,
  source: "model" | "lexicon",
) {
  const { sentiment, urgency, because } = signals;
  if (sentiment === "neutral" && urgency === "normal") return;
  await rememberInSession({
    workspaceId: input.workspaceId,
    customerId: input.customerId,
    ticketId: input.ticketId,
    kind: "sentiment",
    text: `Customer sentiment ${sentiment}, urgency ${urgency}${because.length ? ` (${because.slice(0, 5).join(", ")})` : ""}.`,
    metadata: { source, ...(input.message && { messageId: input.message.id }) },
    by: { actorType: "system", customerId: input.customerId },
  });
}

/**
 * The conversation also goes into the ticket's session memory. The message itself is
 * already saved, so a failing memory write is logged rather than undoing the reply.
 */
export async function rememberInSession(input: {
  workspaceId: string;
  customerId: string;
  ticketId: string;
  text: string;
  kind: "message" | "issue" | "sentiment";
  metadata?: Record<string, string>;
  /** False when the model's fact extraction runs elsewhere (the message-readings job). */
  infer?: boolean;
  by: WriteContext;
}) {
  try {
    await addSessionContext({
      workspaceId: input.workspaceId,
      customerId: input.customerId,
      sessionId: input.ticketId,
      kind: input.kind,
      text: input.text,
      metadata: input.metadata,
      infer: input.infer,
      by: input.by,
    });
  } catch (error) {
    log.error({ err: error, ticketId: input.ticketId }, "[memory] could not add to the ticket's session");
  }
}
