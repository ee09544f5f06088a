// What each app process measures in memory, through prom-client: request durations, its
// database pools, and Node's own figures (CPU, memory, event-loop lag). Not server-only:
// scripts/server.ts records every request here too. The registry sits on globalThis, so the
// server script and Next's bundles (each with its own copy of this module) fill one; and
// prom-client is one copy per process (next.config.mjs keeps it out of the bundles).
//
// Under node:cluster (scripts/lib/cluster.ts) a scrape reaches one worker. That worker asks
// the primary, whose AggregatorRegistry collects every worker's registry and sums them
// (prom-client's own IPC), so one scrape sees the whole server.
import { randomUUID } from "node:crypto";
import cluster from "node:cluster";
import { AggregatorRegistry, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** A worker asking the primary for every worker's metrics, and the primary's answer. */
export const CLUSTER_METRICS_REQUEST = "recall-desk:metrics-request";
export const CLUSTER_METRICS_RESPONSE = "recall-desk:metrics-response";

export interface ClusterMetricsRequest {
  type: typeof CLUSTER_METRICS_REQUEST;
  id: string;
}
export interface ClusterMetricsResponse {
  type: typeof CLUSTER_METRICS_RESPONSE;
  id: string;
  text?: string;
  error?: string;
}

/** What a pg Pool reports about its connections. */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

interface ProcessMetrics {
  registry: Registry;
  routeDuration: Histogram<"method" | "route" | "status">;
  serverDuration: Histogram<"kind" | "method" | "status">;
  jobDuration: Histogram<"job" | "outcome">;
  jobsRunning: Gauge<"job">;
  jobsHeld: Gauge<"job">;
  pools: Map<string, PoolCounts>;
}

// Seconds: a health probe takes a few milliseconds, a drafted reply several seconds.
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// A job runs from milliseconds (a mail nudge) to minutes (a re-embedding).
const jobBuckets = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900];
const knownMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
// A client chooses the method: anything unusual is one label value, not a new series each.
const methodLabel = (method: string) => (knownMethods.has(method) ? method : "other");

function createProcessMetrics(): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const pools = new Map<string, PoolCounts>();
  const poolGauge = (name: string, help: string, read: (pool: PoolCounts) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["pool"],
      registers: [registry],
      collect() {
        this.reset();
        for (const [pool, counts] of pools) this.set({ pool }, read(counts));
      },
    });
  poolGauge("recall_db_pool_connections", "Connections open in the process's PostgreSQL pool (server mode).", (pool) => pool.totalCount);
  poolGauge("recall_db_pool_idle_connections", "Open connections not lent to a query.", (pool) => pool.idleCount);
  poolGauge("recall_db_pool_waiting_requests", "Queries waiting for a connection (the pool is exhausted).", (pool) => pool.waitingCount);
  const metrics: ProcessMetrics = {
    registry,
    routeDuration: new Histogram({
      name: "recall_http_request_duration_seconds",
      help: "Route handlers (lib/http/boundary.ts) until their answer's headers, by route template and status.",
      labelNames: ["method", "route", "status"],
      buckets: durationBuckets,
      registers: [registry],
    }),
    serverDuration: new Histogram({
      name: "recall_http_server_request_duration_seconds",
      help: "Every request the server answers until its last byte, by kind (page, action, api, static) and status.",
      labelNames: ["kind", "method", "status"],
      buckets: durationBuckets,
      registers: [registry],
    }),
    // Both queues run jobs through lib/jobs/log-context.ts, which reports here; under a
    // cluster the primary sums every worker's.
    jobDuration: new Histogram({
      name: "recall_job_duration_seconds",
      help: "Job attempts this process ran, by job and outcome (completed; failed, to be retried; failed for good).",
      labelNames: ["job", "outcome"],
      buckets: jobBuckets,
      registers: [registry],
    }),
    jobsRunning: new Gauge({
      name: "recall_jobs_running",
      help: "Job attempts running now, by job.",
      labelNames: ["job"],
      registers: [registry],
    }),
    jobsHeld: new Gauge({
      name: "recall_jobs_held",
      help: "Jobs a server worker has claimed that wait for their process's requests to quiet down, by job.",
      labelNames: ["job"],
      registers: [registry],
    }),
    pools,
  };
  if (cluster.isWorker) {
    // The primary's AggregatorRegistry asks each worker over IPC; constructing one here
    // installs prom-client's worker side of that exchange, answering from this registry.
    AggregatorRegistry.setRegistries([registry]);
    new AggregatorRegistry();
  }
  return metrics;
}

/** The process's metrics, created on first use. */
export function processMetrics(): ProcessMetrics {
  const slot = globalThis as unknown as { __recallDeskMetrics?: ProcessMetrics };
  slot.__recallDeskMetrics ??= createProcessMetrics();
  return slot.__recallDeskMetrics;
}

/** One route handler's answer: `route` is the template (/api/v1/tickets/[id]), never the URL with its ids. */
export function observeRoute(sample: { method: string; route: string; status: number; seconds: number }): void {
  processMetrics().routeDuration.observe(
    { method: methodLabel(sample.method), route: sample.route, status: String(sample.status) },
    sample.seconds,
  );
}

/** What kind of request the server saw, from what it can tell before Next routes it. */
export function requestKind(request: { url?: string; headers: Record<string, string | string[] | undefined> }): string {
  const pathname = (request.url ?? "/").split("?")[0]!;
  if (pathname.startsWith("/_next/")) return "static";
  if (pathname.startsWith("/api/")) return "api";
  if (request.headers["next-action"]) return "action";
  return "page";
}

export function observeServerRequest(sample: { kind: string; method: string; status: number; seconds: number }): void {
  processMetrics().serverDuration.observe(
    { kind: sample.kind, method: methodLabel(sample.method), status: String(sample.status) },
    sample.seconds,
  );
}

export type JobOutcome = "completed" | "retrying" | "failed";

/** Counts a job attempt as running until the returned function reports how it ended. */
export function jobAttemptStarted(job: string): (outcome: JobOutcome) => void {
  const { jobDuration, jobsRunning } = processMetrics();
  const started = performance.now();
  jobsRunning.inc({ job });
  let ended = false;
  return (outcome) => {
    if (ended) return;
    ended = true;
    jobsRunning.dec({ job });
    jobDuration.observe({ job, outcome }, (performance.now() - started) / 1000);
  };
}

/** Counts a claimed job as held (waiting for its turn beside requests) until the returned function is called. */
export function jobHeld(job: string): () => void {
  const { jobsHeld } = processMetrics();
  jobsHeld.inc({ job });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    jobsHeld.dec({ job });
  };
}

/** Reports the pool's connections as `name` until the returned function is called (the pool closed). */
export function watchPool(name: string, pool: PoolCounts): () => void {
  const { pools } = processMetrics();
  pools.set(name, pool);
  return () => {
    if (pools.get(name) === pool) pools.delete(name);
  };
}

/**
 * The Prometheus text of this process's metrics, or in a cluster worker of every worker's
 * (asked of the primary; if it does not answer in time, this worker's alone, saying so).
 */
export async function processMetricsText(options: { timeoutMs?: number } = {}): Promise<string> {
  const { registry } = processMetrics();
  const send = process.send?.bind(process);
  if (!cluster.isWorker || !send) return registry.metrics();
  const id = randomUUID();
  const answer = await new Promise<ClusterMetricsResponse | null>((resolve) => {
    const timer = setTimeout(() => finish(null), options.timeoutMs ?? 6000);
    function onMessage(message: unknown) {
      const response = message as ClusterMetricsResponse | undefined;
      if (response?.type === CLUSTER_METRICS_RESPONSE && response.id === id) finish(response);
    }
    function finish(response: ClusterMetricsResponse | null) {
      clearTimeout(timer);
      process.off("message", onMessage);
      resolve(response);
    }
    process.on("message", onMessage);
    send({ type: CLUSTER_METRICS_REQUEST, id } satisfies ClusterMetricsRequest);
  });
  if (answer?.text !== undefined) return answer.text;
  const reason = answer?.error ?? "the primary did not answer";
  return `# Only worker ${process.pid}'s metrics: ${reason.replace(/\n/g, " ")}\n${await registry.metrics()}`;
}
