"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";

// One server-sent event stream per browser tab (GET /api/live: the workspace's ticket changes
// and the user's new notifications), shared by everything on the page that follows changes:
// browsers allow about six connections per site, so one stream per component would starve
// the page's own requests after a few tabs. EventSource reconnects by itself; each time the
// stream opens every follower looks again (changes made before it was up were not streamed).

export type LiveEvent = { type: "ticket"; ticketId: string } | { type: "notification" } | { type: "resync" };

const followers = new Set<(event: LiveEvent) => void>();
const connectionWatchers = new Set<() => void>();
let source: EventSource | null = null;
let connected = false;

function setConnected(value: boolean): void {
  connected = value;
  for (const watch of connectionWatchers) watch();
}

function emit(event: LiveEvent): void {
  for (const follower of followers) follower(event);
}

function ensureSource(): void {
  if (source || typeof EventSource === "undefined") return;
  source = new EventSource("/api/live");
  // "ready" comes once the server listens for this stream, on every (re)connection: what
  // changed between the page's render and then (or while the stream was down) was not
  // streamed, so followers look once.
  source.addEventListener("ready", () => {
    setConnected(true);
    emit({ type: "resync" });
  });
  source.onerror = () => setConnected(false);
  source.addEventListener("ticket", (message) => {
    const { ticketId } = JSON.parse((message as MessageEvent<string>).data) as { ticketId: string };
    emit({ type: "ticket", ticketId });
  });
  source.addEventListener("notification", () => emit({ type: "notification" }));
  source.addEventListener("resync", () => emit({ type: "resync" }));
}

function releaseSource(): void {
  if (followers.size > 0 || !source) return;
  source.close();
  source = null;
  setConnected(false);
}

function watchConnection(watch: () => void): () => void {
  connectionWatchers.add(watch);
  return () => connectionWatchers.delete(watch);
}

/**
 * Calls `onChange` for each pushed event `accepts` (and after every reconnect); returns
 * whether the stream is up, so callers poll only while it is down.
 */
export function useLiveEvents(accepts: (event: LiveEvent) => boolean, onChange: () => void): boolean {
  const accept = useRef(accepts);
  const change = useRef(onChange);
  useEffect(() => {
    accept.current = accepts;
    change.current = onChange;
  }, [accepts, onChange]);
  useEffect(() => {
    const follower = (event: LiveEvent) => {
      if (event.type === "resync" || accept.current(event)) change.current();
    };
    followers.add(follower);
    ensureSource();
    return () => {
      followers.delete(follower);
      releaseSource();
    };
  }, []);
  return useSyncExternalStore(
    watchConnection,
    () => connected,
    () => false,
  );
}
