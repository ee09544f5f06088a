import { z } from "zod";
import { sessionRoute } from "@/lib/http/boundary";
import { heartbeatPresence, presenceStateSchema } from "@/lib/support/presence";

export const dynamic = "force-dynamic";

/**
 * The ticket page's heartbeat (session auth, same origin): records that the agent is viewing
 * the ticket, typing a reply, or has left, and answers who else is on it now.
 */
export const POST = sessionRoute(
  { params: z.object({ id: z.uuid() }), body: z.object({ state: presenceStateSchema }), maxBytes: 1_024 },
  async ({ actor, params, body }) => ({ body: await heartbeatPresence({ actor, ticketId: params.id, state: body.state }) }),
);
