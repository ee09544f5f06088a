import "server-only";
import type { Actor } from "@/lib/auth/guard";
import { composeTemplateDraft, type TemplateDraft } from "@/lib/ai/template-draft";
import { getTicketMemoryContext } from "./memory-context";

/** A reply draft for the ticket, grounded in the three panes. (LLM drafting: issue 4, not yet.) */
export async function draftReply({ actor, ticketId }: { actor: Actor; ticketId: string }): Promise<TemplateDraft & { kind: "template" }> {
  const { person, ...context } = await getTicketMemoryContext({ actor, ticketId });
  const draft = composeTemplateDraft({
    customerName: person.name,
    agentName: actor.name,
    preference: person.communicationPreference,
    context,
  });
  return { ...draft, kind: "template" };
}
