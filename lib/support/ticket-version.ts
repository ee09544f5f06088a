import "server-only";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";

/** What changed last on a ticket of the actor's workspace: its update time and message count. */
export async function getTicketVersion({ actor, ticketId }: { actor: Actor; ticketId: string }): Promise<{ version: string }> {
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: ticketId, workspaceId: actor.workspaceId },
    select: { updatedAt: true, _count: { select: { messages: true } } },
  });
  if (!ticket) throw new NotFoundError("Ticket");
  return { version: `${ticket.updatedAt.toISOString()}/${ticket._count.messages}` };
}
