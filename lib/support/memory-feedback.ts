import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { getMemory } from "@/lib/memory/core";

// An agent's verdict on a memory shown for a ticket (retrieval accuracy on the metrics page).
// One verdict per agent, memory and ticket; changing one's mind replaces it.

export const memoryFeedbackSchema = z.object({
  ticketId: z.uuid("Unknown ticket."),
  memoryId: z.uuid("Unknown memory."),
  helpful: z.boolean(),
});

export async function recordMemoryFeedback({
  actor,
  ticketId,
  memoryId,
  helpful,
}: { actor: Actor } & z.infer<typeof memoryFeedbackSchema>) {
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: ticketId, workspaceId: actor.workspaceId },
    select: { id: true, customerId: true },
  });
  if (!ticket) throw new NotFoundError("Ticket");
  // Throws NotFoundError for a memory of another workspace.
  const memory = await getMemory({ workspaceId: actor.workspaceId, memoryId });
  await prisma.memoryFeedback.upsert({
    where: { memoryId_ticketId_userId: { memoryId, ticketId, userId: actor.userId } },
    create: {
      workspaceId: actor.workspaceId,
      memoryId,
      scope: memory.owner.scope,
      ticketId,
      customerId: ticket.customerId,
      userId: actor.userId,
      helpful,
    },
    update: { helpful, createdAt: new Date() },
  });
}
