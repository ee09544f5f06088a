import "server-only";
import { isTransientModelError, type ChatModel } from "@/lib/ai/llm";
import { extractStepsWithModel } from "@/lib/ai/model-memory";
import { log } from "@/lib/log";
import { meterUsage } from "@/lib/metrics/usage";
import type { WriteContext } from "@/lib/memory/context";
import { addStepTried, listSessionMemories, type StepSource } from "@/lib/memory/support-memory";
import { stepKey, stepsFromNote } from "./steps";

// Steps tried, written to the ticket's session memory as an agent works it. The checklist
// is the agent's own list and is kept as given, with the reply. With a chat model, each
// reply and note is then read by the model in a job (lib/support/message-readings.ts; the
// reply never waits); offline, or when the model's answer is unusable, a note's "Tried:"
// line is read instead (lib/support/steps.ts).

interface StepsInput {
  workspaceId: string;
  customerId: string;
  ticketId: string;
  messageId: string;
  kind: "AGENT" | "NOTE";
  body: string;
  by: WriteContext;
}

/**
 * The steps known as the message is saved: the checklist, and a note's Tried: line unless
 * the model is to read the note (the line is then the fallback of its reading).
 */
export async function recordStepsTried(input: StepsInput & { checklist: string[]; modelReads: boolean }): Promise<void> {
  const fromNote = input.kind === "NOTE" && !input.modelReads ? stepsFromNote(input.body) : [];
  const write = stepWriter(input);
  await write(input.checklist, "checklist");
  await write(fromNote, "note");
}

/**
 * The model's reading of the steps the message states. An unusable answer, or a failure when
 * `retryable` is false (the job's last try), falls back to a note's Tried: line; a transient
 * failure with `retryable` throws, for the job to try again. Steps already recorded for the
 * ticket (a checklist, an earlier try of this job) are not written twice.
 */
export async function recordModelStepsTried(input: StepsInput & { model: ChatModel | null; retryable: boolean }): Promise<void> {
  const write = stepWriter(input);
  if (!input.model) return write(stepsFromNote(input.body), "note");
  const model = input.model;
  const extracted = await meterUsage({ workspaceId: input.workspaceId, purpose: "steps" }, () =>
    extractStepsWithModel(input.body, model),
  ).catch((error: Error) => {
    if (input.retryable && isTransientModelError(error)) throw error;
    log.warn({ err: error, messageId: input.messageId }, "[steps tried] model failed, reading the note's Tried: line instead");
    return null;
  });
  await (extracted ? write(extracted, "model") : write(stepsFromNote(input.body), "note"));
}

/** Writes steps in order, skipping those the session holds already (read once, at the first write). */
function stepWriter(input: StepsInput) {
  let known: Set<string> | undefined;
  let position = 0;
  return async (steps: string[], source: StepSource) => {
    if (steps.length === 0) return;
    // If they cannot be read, the steps are still written.
    known ??= new Set(
      (
        await listSessionMemories({
          workspaceId: input.workspaceId,
          customerId: input.customerId,
          sessionId: input.ticketId,
          kind: "step_tried",
        }).catch(() => [])
      ).map((memory) => stepKey(memory.text)),
    );
    for (const step of steps) {
      if (known.has(stepKey(step))) continue;
      known.add(stepKey(step));
      try {
        await addStepTried({
          workspaceId: input.workspaceId,
          customerId: input.customerId,
          sessionId: input.ticketId,
          step,
          source,
          messageId: input.messageId,
          position: position++,
          by: input.by,
        });
      } catch (error) {
        // The message is saved already: a failing memory write is logged, not undone.
        log.error({ err: error, ticketId: input.ticketId }, "[memory] could not add a step tried to the ticket's session");
      }
    }
  };
}
