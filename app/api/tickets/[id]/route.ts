import { requireActor } from "@/lib/auth/guard";
import { jsonRoute } from "@/lib/auth/route";
import { getTicketDetail } from "@/lib/support/tickets";

export const dynamic = "force-dynamic";

/** The console's JSON view of one ticket (session auth); the public REST API is /api/v1. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return jsonRoute(async () => {
    const actor = await requireActor();
    const { id } = await params;
    return getTicketDetail({ actor, ticketId: id });
  });
}
