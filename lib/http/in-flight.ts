import { processSingleton } from "@/lib/singleton";

// Requests this process is serving right now, counted by scripts/server.ts. The embedded
// default's job queue holds new jobs back while any is in flight (lib/jobs/embedded.ts):
// there the database and the jobs share the requests' one thread. Event streams (live
// updates) stay open for as long as a page is, so they are not counted.

const state = () => processSingleton("requestsInFlight", () => ({ count: 0, lastEndedAt: -Infinity, idle: new Set<() => void>() }));

/** Counts a request until the returned function is called (more calls do nothing). */
export function requestStarted(): () => void {
  const current = state();
  current.count += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    current.count -= 1;
    current.lastEndedAt = performance.now();
    if (current.count === 0) for (const listener of current.idle) listener();
  };
}

export function requestsInFlight(): number {
  return state().count;
}

/** Milliseconds since the last request ended, if none is in flight; 0 while one is (Infinity before any). */
export function requestsQuietForMs(): number {
  const { count, lastEndedAt } = state();
  return count > 0 ? 0 : performance.now() - lastEndedAt;
}

/** Calls the listener each time the last request in flight ends, until the returned function is called. */
export function whenNoRequestInFlight(listener: () => void): () => void {
  const { idle } = state();
  idle.add(listener);
  return () => void idle.delete(listener);
}

/** The live-update stream (app/api/live); other event streams are known by what they accept. */
export const LIVE_STREAM_PATH = "/api/live";

/** Whether a request is counted: not static files, not event streams. */
export function countsAsInFlight(request: { kind: string; url?: string; accept?: string | string[] }): boolean {
  if (request.kind === "static") return false;
  const pathname = (request.url ?? "/").split("?")[0]!;
  return pathname !== LIVE_STREAM_PATH && !String(request.accept ?? "").includes("text/event-stream");
}
