import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { onLiveShutdown, subscribeTicketEvents } from "./ticket-events";

// GET /api/live: a server-sent event stream of ticket changes for the inbox (the whole
// workspace) or one ticket page. A stream ends after a few minutes and the browser opens a
// new one, which checks the session again (a disabled user's stream does not outlive it).

export const liveQuerySchema = z.object({ ticket: z.uuid().optional() });

const HEARTBEAT_MS = 20_000;
const LIFETIME_MS = 5 * 60_000;

/**
 * One stream per browser tab: the workspace's ticket changes (or one ticket's) and the
 * signed-in user's new notifications (components/use-live-events.ts shares it).
 */
export async function openLiveStream({
  actor,
  ticketId,
  signal,
}: {
  actor: Actor;
  ticketId?: string;
  signal: AbortSignal;
}): Promise<Response> {
  if (ticketId) {
    const prisma = await getPrisma();
    const ticket = await prisma.ticket.findFirst({ where: { id: ticketId, workspaceId: actor.workspaceId }, select: { id: true } });
    if (!ticket) throw new NotFoundError("Ticket");
  }
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const scope = { workspaceId: actor.workspaceId, ticketId, notificationsFor: actor.userId };
      const unsubscribe = await subscribeTicketEvents(scope, (event) => {
        if (event.type === "resync") send("event: resync\ndata: {}\n\n");
        else if (event.type === "notification") send("event: notification\ndata: {}\n\n");
        else send(`event: ticket\ndata: ${JSON.stringify({ ticketId: event.ticketId })}\n\n`);
      });
      const heartbeat = setInterval(() => send(": still here\n\n"), HEARTBEAT_MS);
      const end = setTimeout(() => cleanup(), LIFETIME_MS);
      let closed = false;
      cleanup = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(end);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener("abort", () => cleanup());
      const offShutdown = onLiveShutdown(() => cleanup());
      const previous = cleanup;
      cleanup = () => {
        offShutdown();
        previous();
      };
      // The client may have gone while the subscription was set up.
      if (signal.aborted) cleanup();
      // The browser waits this long before reconnecting when the stream ends. "ready" is sent
      // once subscribed: from here on no change is missed, so the page looks once then.
      send("retry: 2000\nevent: ready\ndata: {}\n\n");
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      // nginx and other proxies must pass events on as they come (deploy/nginx.conf).
      "x-accel-buffering": "no",
    },
  });
}
