import "server-only";
import { z } from "zod";
import { chatModel, isTransientModelError } from "@/lib/ai/llm";
import { assessMessage } from "@/lib/ai/signals";
import { learnFromMessage } from "@/lib/customers/learned-facts";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { defineJob, enqueueJob, type JobContext } from "@/lib/jobs";
import { log } from "@/lib/log";
import type { WriteContext } from "@/lib/memory/context";
import { inferMemories, listMemories } from "@/lib/memory/core";
import type { MemoryFilter } from "@/lib/memory/filters";
import type { ScopeTarget } from "@/lib/memory/owners";
import { rememberSignals } from "./message-memory";
import { recordModelStepsTried } from "./session-steps";

// The chat model's reading of a message just saved (an agent's reply or note, a customer's
// message), as a job queued in the message's own transaction: it runs once the message is
// committed, and a process that dies mid-call leaves it to be tried again rather than lost.
// The request has already done what needs no model (the lexicon's signals on the ticket, the
// reply's checklist); the job adds the model's signals, steps tried and facts learned, and
// mem0's extraction from the message. Without a chat model nothing is queued and the rules
// run in the request, as before.
//
// A transient model failure (no connection, a timeout, 429, 5xx) fails the try and the job
// runs again later; an answer that makes no sense, a refused key, or the last try keeps the
// rules' reading instead, as a retry would not mend it. A try after a failed one skips what
// an earlier try wrote, and messages.model_read_at marks the reading done.

export const MESSAGE_READINGS_JOB = "message.model-readings";
const RETRY_LIMIT = 5;

export const messageReadingsSchema = z.object({ workspaceId: z.uuid(), ticketId: z.uuid(), messageId: z.uuid() });
export type MessageReadings = z.infer<typeof messageReadingsSchema>;

/** Queues the model's reading of a message in the transaction that saves it; false (nothing queued) without a chat model. */
export async function queueModelReadings(tx: Prisma.TransactionClient, message: MessageReadings): Promise<boolean> {
  if (!chatModel()) return false;
  // A moment later: the in-process queue would start it as soon as the message commits, and
  // the request's own writes (the message in session memory, the checklist) come first.
  await enqueueJob(MESSAGE_READINGS_JOB, message, { tx, startAfterSeconds: 1 });
  return true;
}

async function readMessage({ workspaceId, ticketId, messageId }: MessageReadings, { attempt }: JobContext): Promise<void> {
  const prisma = await getPrisma();
  // Nothing to read for a message rolled back, erased, or read already.
  const message = await prisma.message.findFirst({
    where: { id: messageId, workspaceId, ticketId, modelReadAt: null },
    select: { kind: true, body: true, customerId: true, authorUserId: true, createdAt: true },
  });
  if (!message) return;
  // Null if the model was unset since: the rules' readings then, as in the request.
  const model = chatModel();
  const retryable = attempt <= RETRY_LIMIT;
  const { customerId, body } = message;
  const session: ScopeTarget = { scope: "session", customerId, sessionId: ticketId };
  const written = async (target: ScopeTarget, filter: MemoryFilter) =>
    attempt > 1 && (await listMemories({ workspaceId, target, filter, limit: 1 })).length > 0;
  const by: WriteContext =
    message.kind === "CUSTOMER"
      ? { actorType: "customer", customerId }
      : { actorType: "user", actorUserId: message.authorUserId, customerId };

  if (message.kind === "CUSTOMER") {
    if (!(await written(session, { type: "sentiment", messageId })))
      await rememberSignals({
        workspaceId,
        customerId,
        ticketId,
        text: body,
        signals: assessMessage(body),
        model,
        wait: true,
        retryable,
        message: { id: messageId, createdAt: message.createdAt },
      });
  } else if (!(await written(session, { type: "step_tried", messageId, source: { in: ["model", "note"] } }))) {
    await recordModelStepsTried({ workspaceId, customerId, ticketId, messageId, kind: message.kind, body, by, model, retryable });
  }

  // What a note says is the team's, not the customer's: nothing is learned from it.
  if (message.kind !== "NOTE" && !(await written({ scope: "customer", customerId }, { sourceMessageId: messageId })))
    await learnFromMessage({
      workspaceId,
      ticketId,
      messageId,
      text: body,
      from: message.kind === "CUSTOMER" ? "customer" : "agent",
      wait: true,
      retryable,
    });

  // mem0's own extraction into the session (what addSessionContext runs in the background
  // for messages it is not told the job reads). mem0 skips facts it holds already.
  const who = message.kind === "CUSTOMER" ? "Customer" : message.kind === "NOTE" ? "Internal note" : "Agent";
  await inferMemories({ workspaceId, target: session, text: `${who}: ${body}`, type: "inferred", by }).catch((error: Error) => {
    if (retryable && isTransientModelError(error)) throw error;
    log.warn({ err: error, messageId }, "[memory] fact extraction from the message failed");
  });

  await prisma.message.updateMany({ where: { id: messageId, workspaceId, modelReadAt: null }, data: { modelReadAt: new Date() } });
}

defineJob(MESSAGE_READINGS_JOB, readMessage, {
  payload: messageReadingsSchema,
  retryLimit: RETRY_LIMIT,
  // 5-10 s, then twice as long each time: a rate limit or an overloaded model has time to clear.
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 5 * 60,
  concurrency: 4,
});
