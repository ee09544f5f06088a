import { z } from "zod";
import { sessionRoute } from "@/lib/http/boundary";
import { getTicketVersion } from "@/lib/support/ticket-version";

export const dynamic = "force-dynamic";

/** What changed last on a ticket (session auth): the ticket page polls this and re-renders when it moves. */
export const GET = sessionRoute({ params: z.object({ id: z.uuid() }) }, async ({ actor, params }) => ({
  body: await getTicketVersion({ actor, ticketId: params.id }),
}));
