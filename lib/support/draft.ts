import "server-only";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { composeTemplateDraft, type TemplateDraft } from "@/lib/ai/template-draft";
import { getTicketMemoryContext } from "./memory-context";

/** A reply draft for the ticket, grounded in the three panes. (LLM drafting: issue 4, not yet.) */
export async function draftReply({ actor, ticketId }: { actor: Actor; ticketId: string }): Promise<TemplateDraft & { kind: "template" }> {
  const context = await getTicketMemoryContext({ actor, ticketId });
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: ticketId, workspaceId: actor.workspaceId },
    select: { customer: { select: { name: true, communicationPreference: true } } },
  });
  if (!ticket) throw new NotFoundError("Ticket");
  const draft = composeTemplateDraft({
    customerName: ticket.customer.name,
    agentName: actor.name,
    preference: ticket.customer.communicationPreference,
    context,
  });
  return { ...draft, kind: "template" };
}
