import { sessionRoute } from "@/lib/http/boundary";
import { liveQuerySchema, openLiveStream } from "@/lib/live/stream";

export const dynamic = "force-dynamic";

export const GET = sessionRoute({ query: liveQuerySchema }, ({ actor, query, request }) =>
  openLiveStream({ actor, ticketId: query.ticket, signal: request.signal }),
);
