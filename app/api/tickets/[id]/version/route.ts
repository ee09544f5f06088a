import { z } from "zod";
import { requireActor } from "@/lib/auth/guard";
import { jsonRoute } from "@/lib/auth/route";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** What changed last on a ticket (session auth): the ticket page polls this and re-renders when it moves. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return jsonRoute(async () => {
    const actor = await requireActor();
    const { id } = await params;
    if (!z.uuid().safeParse(id).success) throw new NotFoundError("Ticket");
    const prisma = await getPrisma();
    const ticket = await prisma.ticket.findFirst({ where: { id, workspaceId: actor.workspaceId }, select: { updatedAt: true, _count: { select: { messages: true } } } });
    if (!ticket) throw new NotFoundError("Ticket");
    return { version: `${ticket.updatedAt.toISOString()}/${ticket._count.messages}` };
  });
}
