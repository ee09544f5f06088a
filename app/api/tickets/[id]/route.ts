import { z } from "zod";
import { sessionRoute } from "@/lib/http/boundary";
import { getTicketDetail } from "@/lib/support/tickets";

export const dynamic = "force-dynamic";

/** The console's JSON view of one ticket (session auth); the public REST API is /api/v1. */
export const GET = sessionRoute({ params: z.object({ id: z.uuid() }) }, async ({ actor, params }) => ({
  body: await getTicketDetail({ actor, ticketId: params.id }),
}));
