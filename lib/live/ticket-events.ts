import "server-only";
import { EventEmitter } from "node:events";
import { getDatabase } from "@/lib/db";
import { processSingleton } from "@/lib/singleton";

// Live updates: a database trigger announces every ticket change on one channel
// (migration ticket_events), whichever process made it; each process listens once
// (PGlite's own listener embedded, a LISTEN connection on a server) and fans the events
// out to its open streams (GET /api/live) through an in-process emitter.

export const TICKET_CHANNEL = "recall_desk_tickets";

export type TicketEvent =
  | { type: "ticket"; workspaceId: string; ticketId: string }
  /** A new notification for one user (migration notifications). */
  | { type: "notification"; workspaceId: string; userId: string }
  /** The listener reconnected: changes may have been missed, so look again. */
  | { type: "resync" };

interface Bus {
  emitter: EventEmitter;
  listening: Promise<() => Promise<void>> | null;
}

const bus = processSingleton<Bus>("ticketEvents", () => ({ emitter: new EventEmitter().setMaxListeners(0), listening: null }));

const PAYLOAD = /^(n:)?([0-9a-f-]{36}):([0-9a-f-]{36})$/;

function startListening(): Promise<() => Promise<void>> {
  if (!bus.listening) {
    const listening = getDatabase().then((database) =>
      database.listen(
        TICKET_CHANNEL,
        (payload) => {
          const match = PAYLOAD.exec(payload);
          if (!match) return;
          const event: TicketEvent = match[1]
            ? { type: "notification", workspaceId: match[2]!, userId: match[3]! }
            : { type: "ticket", workspaceId: match[2]!, ticketId: match[3]! };
          bus.emitter.emit("event", event);
        },
        () => bus.emitter.emit("event", { type: "resync" } satisfies TicketEvent),
      ),
    );
    // A failed start is tried again by the next subscriber.
    listening.catch(() => {
      if (bus.listening === listening) bus.listening = null;
    });
    bus.listening = listening;
  }
  return bus.listening;
}

/**
 * Calls `listener` for changes to the workspace's tickets (one ticket's, with `ticketId`),
 * for new notifications of `notificationsFor` (nobody else's), and for resyncs. Returns the
 * unsubscribe function.
 */
export async function subscribeTicketEvents(
  scope: { workspaceId: string; ticketId?: string; notificationsFor?: string },
  listener: (event: TicketEvent) => void,
): Promise<() => void> {
  await startListening();
  const handler = (event: TicketEvent) => {
    if (event.type === "resync") listener(event);
    else if (event.workspaceId !== scope.workspaceId) return;
    else if (event.type === "notification") {
      if (scope.notificationsFor === event.userId) listener(event);
    } else if (!scope.ticketId || event.ticketId === scope.ticketId) listener(event);
  };
  bus.emitter.on("event", handler);
  return () => bus.emitter.off("event", handler);
}

/** Calls `close` when the process shuts down, so open streams end and do not hold the drain up. */
export function onLiveShutdown(close: () => void): () => void {
  bus.emitter.once("shutdown", close);
  return () => bus.emitter.off("shutdown", close);
}

/** At shutdown (lib/startup.ts): open streams end, and the listener's connection closes before the pools do. */
export async function stopTicketEvents(): Promise<void> {
  bus.emitter.emit("shutdown");
  const listening = bus.listening;
  bus.listening = null;
  if (listening) await (await listening.catch(() => () => Promise.resolve()))();
}
