// Graceful shutdown of the console's HTTP server (scripts/server.ts) on SIGTERM or SIGINT:
// readiness turns 503, the listener closes (a load balancer's next connection goes to
// another process), requests in flight finish within a bounded wait, then what the app
// registered with onShutdown (lib/startup.ts: schedules, background work, database pools)
// is closed, and the process exits 0. Docker and Kubernetes send SIGTERM and kill a few
// seconds later (compose.yaml's stop_grace_period is longer than the default wait).
import type { Server } from "node:http";
import { log as logger } from "../../lib/log";
import { beginShutdown, runShutdownSteps } from "../../lib/shutdown";

export interface ShutdownOptions {
  /** How long requests in flight may take before their connections are closed (SHUTDOWN_TIMEOUT_MS). */
  timeoutMs: number;
  /** How long closing the app's resources may take before the process exits anyway. */
  stepsTimeoutMs?: number;
  /** Where the shutdown's lines go; default: the process's log (lib/log.ts). */
  log?: (line: string, level?: "info" | "warn") => void;
}

/**
 * Stops accepting connections and waits until the open ones are done, at most `timeoutMs`;
 * then closes the rest. Resolves with how many connections were cut that way.
 */
export function drainServer(server: Server, timeoutMs: number): Promise<{ cut: number }> {
  return new Promise((resolve) => {
    // A keep-alive connection (a proxy's pool) may still bring requests: they are answered,
    // and told that the connection closes after the answer.
    server.prependListener("request", (_request, response) => {
      if (!response.headersSent) response.setHeader("connection", "close");
    });
    // close() drops idle connections once; a connection whose request finishes later
    // becomes idle then, so it is swept until none is left.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      server.getConnections((_error, count) => {
        server.closeAllConnections();
        finish(count);
      });
    }, timeoutMs);
    let finished = false;
    function finish(cut: number) {
      if (finished) return;
      finished = true;
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve({ cut });
    }
    server.close(() => finish(0));
  });
}

/** The whole shutdown, once: drain, then run the registered steps within their own bound. */
export async function shutDown(server: Server, options: ShutdownOptions & { signal: string }): Promise<void> {
  const log = options.log ?? ((line: string, level: "info" | "warn" = "info") => logger[level](line));
  const stepsTimeoutMs = options.stepsTimeoutMs ?? 5000;
  beginShutdown();
  log(`${options.signal}: finishing the requests in flight (up to ${options.timeoutMs} ms), then closing the database.`);
  const { cut } = await drainServer(server, options.timeoutMs);
  if (cut > 0) log(`Closed ${cut} connection(s) still busy after ${options.timeoutMs} ms (SHUTDOWN_TIMEOUT_MS).`, "warn");
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    runShutdownSteps((line) => log(line, "warn")).then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), stepsTimeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (!closed) log(`Closing the app's resources took longer than ${stepsTimeoutMs} ms; exiting anyway.`, "warn");
}

/**
 * SIGTERM and SIGINT shut the server down and exit 0. A second signal changes nothing: with
 * `npm start` a terminal's Ctrl-C reaches the server twice (directly and forwarded by
 * scripts/start.ts), and the wait is bounded anyway.
 */
export function installGracefulShutdown(server: Server, options: ShutdownOptions): void {
  let started = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (started) return;
      started = true;
      void shutDown(server, { ...options, signal }).finally(() => process.exit(0));
    });
  }
}
