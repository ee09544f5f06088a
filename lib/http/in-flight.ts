import { processSingleton } from "@/lib/singleton";

// Requests this process is serving right now, counted by scripts/server.ts. The embedded
// default's job queue holds new jobs back while any is in flight (lib/jobs/embedded.ts):
// there the database and the jobs share the requests' one thread. Event streams (live
// updates) stay open for as long as a page is, so they are not counted.

const state = () => processSingleton("requestsInFlight", () => ({ count: 0 }));

/** Counts a request until the returned function is called (more calls do nothing). */
export function requestStarted(): () => void {
  const current = state();
  current.count += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    current.count -= 1;
  };
}

export function requestsInFlight(): number {
  return state().count;
}

/** Whether a request is counted: not static files, not event streams. */
export function countsAsInFlight(kind: string, accept: string | string[] | undefined): boolean {
  return kind !== "static" && !String(accept ?? "").includes("text/event-stream");
}
