import "server-only";
import { requestsQuietForMs } from "@/lib/http/in-flight";
import { processSingleton } from "@/lib/singleton";

// Requests first. A process's jobs and its requests share its CPU (embedded, the database's
// one thread too), so a job started during a burst of requests slows every one of them. While
// requests are in flight (lib/http/in-flight.ts), or one ended less than QUIET_MS ago (under
// load the count touches zero between requests), jobs wait for the quiet, or until they have
// been due for HOLD_MAX_MS: under steady load the work still gets done, at the requests'
// expense. The in-process queue applies this as it starts jobs (./embedded.ts), letting one
// job run beside the requests; pg-boss's workers take a turn here (./server.ts), none beside
// them: on a server, one job per process beside a burst took a third of ticket creation's
// throughput (docs/BENCHMARKS.md, fifth round).

export const HOLD_MAX_MS = 30_000;
export const QUIET_MS = 50;

const running = () => processSingleton("jobsBesideRequests", () => ({ count: 0 }));

/**
 * Waits until a job due since `dueSince` (epoch ms) may run: requests quiet, held HOLD_MAX_MS,
 * or fewer than `beside` jobs of this process running. Then counts it running until the
 * returned function is called.
 */
export async function takeJobTurn(dueSince: number, { beside = 0 }: { beside?: number } = {}): Promise<() => void> {
  const state = running();
  for (;;) {
    const quietFor = requestsQuietForMs();
    const heldFor = Date.now() - dueSince;
    if (quietFor >= QUIET_MS || state.count < beside || heldFor >= HOLD_MAX_MS) break;
    const untilQuiet = quietFor > 0 ? QUIET_MS - quietFor : QUIET_MS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(untilQuiet, HOLD_MAX_MS - heldFor))));
  }
  state.count += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    state.count -= 1;
  };
}
