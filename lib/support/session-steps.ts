import "server-only";
import { runInBackground } from "@/lib/background";
import { chatModel, type ChatModel } from "@/lib/ai/llm";
import { extractStepsWithModel } from "@/lib/ai/model-memory";
import { meterUsage } from "@/lib/metrics/usage";
import type { WriteContext } from "@/lib/memory/context";
import { addStepTried, listSessionMemories, type StepSource } from "@/lib/memory/support-memory";
import { stepKey, stepsFromNote } from "./steps";

// Steps tried, written to the ticket's session memory as an agent works it. The checklist
// is the agent's own list and is kept as given. With a chat model, each reply and note is
// read by the model in the background (the reply never waits); offline, or when the model
// fails, a note's "Tried:" line is read instead (lib/support/steps.ts).

export async function recordStepsTried(input: {
  workspaceId: string;
  customerId: string;
  ticketId: string;
  messageId: string;
  kind: "AGENT" | "NOTE";
  body: string;
  checklist: string[];
  by: WriteContext;
  /** Tests pass one; the configured model (or none) otherwise. */
  model?: ChatModel | null;
}): Promise<void> {
  const model = input.model === undefined ? chatModel() : input.model;
  const fromNote = input.kind === "NOTE" ? stepsFromNote(input.body) : [];
  if (!model && input.checklist.length === 0 && fromNote.length === 0) return;
  // Steps already recorded are not written twice; if they cannot be read, the steps still are.
  const recorded = await listSessionMemories({
    workspaceId: input.workspaceId,
    customerId: input.customerId,
    sessionId: input.ticketId,
    kind: "step_tried",
  }).catch(() => []);
  const known = new Set(recorded.map((memory) => stepKey(memory.text)));
  let position = 0;
  const write = async (steps: string[], source: StepSource) => {
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
        console.error(`[memory] could not add a step tried to session ${input.ticketId}: ${(error as Error).message}`);
      }
    }
  };

  await write(input.checklist, "checklist");
  if (!model) return write(fromNote, "note");
  runInBackground("steps tried", async () => {
    const extracted = await meterUsage({ workspaceId: input.workspaceId, purpose: "steps" }, () =>
      extractStepsWithModel(input.body, model),
    ).catch((error: Error) => {
      console.warn(`[steps tried] model failed, reading the note's Tried: line instead: ${error.message}`);
      return null;
    });
    await (extracted ? write(extracted, "model") : write(fromNote, "note"));
  });
}
