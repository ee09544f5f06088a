// Several app processes on one port, from one command (node:cluster): in server mode
// scripts/server.ts becomes a primary that serves nothing itself and keeps WEB_CONCURRENCY
// workers, each a whole console on the shared listener (the primary hands connections out
// in turn). The embedded default stays one process: PGlite has a single writer.
//
// - The first worker starts alone: its start-up (lib/startup.ts: migrations, the key
//   canary, re-encryption, the demo seed) does the one-time work, and the others, started
//   once it listens, find it done. They would be safe together (migrations wait on an
//   advisory lock, the seed on a unique slug), only slower and noisier.
// - A worker that dies is replaced, after a delay that doubles while replacements keep
//   dying young; one that fails before any worker ever listened stops the start instead.
// - SIGTERM or SIGINT: every worker drains as a single process does (graceful-shutdown.ts);
//   any still running after the bound is killed, then the primary exits 0.
// - A scrape of /api/metrics reaches one worker, which asks the primary: its
//   AggregatorRegistry sums every worker's registry (lib/metrics/registry.ts).
import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry } from "prom-client";
import { log as logger } from "../../lib/log";
import { CLUSTER_METRICS_REQUEST, CLUSTER_METRICS_RESPONSE, type ClusterMetricsResponse } from "../../lib/metrics/registry";

export interface ClusterOptions {
  workers: number;
  /** The worker's script, arguments and Node flags; default: this process's own (the server script again). */
  exec?: string;
  args?: string[];
  execArgv?: string[];
  /** Added to each worker's environment. */
  env?: NodeJS.ProcessEnv;
  /** How long workers may take to finish on SIGTERM before they are killed. */
  stopTimeoutMs: number;
  /** The first replacement's delay; it doubles for each worker in a row that dies within `youngMs`, up to `maxDelayMs`. */
  restartDelayMs?: number;
  maxDelayMs?: number;
  youngMs?: number;
  /** Where the primary's lines go; default: the process's log (lib/log.ts). */
  log?: (line: string, level?: "info" | "warn") => void;
}

/** How many app processes to run, and why fewer than asked (logged by the server). */
export function appProcessCount(config: {
  WEB_CONCURRENCY: number;
  databaseMode: "embedded" | "server";
  dev: boolean;
  /** Whether WEB_CONCURRENCY was set, rather than defaulted to the cores. */
  asked: boolean;
}): { count: number; note?: string } {
  if (config.dev) return { count: 1 };
  if (config.databaseMode === "embedded") {
    const note =
      config.asked && config.WEB_CONCURRENCY > 1
        ? `WEB_CONCURRENCY=${config.WEB_CONCURRENCY} ignored: the embedded database has one writer, so it runs one process (set DATABASE_URL for more).`
        : undefined;
    return { count: 1, note };
  }
  return { count: config.WEB_CONCURRENCY };
}

/** Runs the primary until a signal stops it; resolves with the exit code once every worker is gone. */
export function runPrimary(options: ClusterOptions): Promise<number> {
  const log = options.log ?? ((line: string, level: "info" | "warn" = "info") => logger[level](line));
  const restartDelayMs = options.restartDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const youngMs = options.youngMs ?? 30_000;
  cluster.setupPrimary({
    exec: options.exec ?? process.argv[1],
    args: options.args ?? process.argv.slice(2),
    execArgv: options.execArgv ?? process.execArgv,
  });

  const startedAt = new Map<Worker, number>();
  const restarts = new Set<NodeJS.Timeout>();
  let everListened = false;
  let stopping = false;
  let youngDeaths = 0;
  let resolveExit: (code: number) => void;
  const exited = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });

  const fork = () => {
    const worker = cluster.fork(options.env);
    startedAt.set(worker, Date.now());
    return worker;
  };

  cluster.on("listening", (worker) => {
    log(`App process ${worker.process.pid} is serving.`);
    if (everListened) return;
    everListened = true;
    for (let index = 1; index < options.workers; index += 1) fork();
  });

  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? Date.now());
    startedAt.delete(worker);
    if (stopping) {
      if (startedAt.size === 0) resolveExit(0);
      return;
    }
    if (!everListened) {
      // The start itself fails (the database unreachable, a bad key): replacing the worker
      // would fail the same way, forever. The worker printed why.
      // It is the only one: the others start once it serves.
      log(`The app process exited before serving (${signal ?? `code ${code}`}); stopping.`, "warn");
      stopping = true;
      resolveExit(code || 1);
      return;
    }
    youngDeaths = lived < youngMs ? youngDeaths + 1 : 0;
    const delay = Math.min(maxDelayMs, restartDelayMs * 2 ** Math.max(0, youngDeaths - 1));
    log(`App process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another in ${delay} ms.`, "warn");
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!stopping) fork();
    }, delay);
    restarts.add(timer);
  });

  // Prometheus: a worker asks for every worker's metrics; prom-client asks each of them.
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, message: { type?: string; id?: string }) => {
    if (message?.type !== CLUSTER_METRICS_REQUEST || !message.id) return;
    const reply = (answer: Omit<ClusterMetricsResponse, "type" | "id">) => {
      if (worker.isConnected())
        worker.send({ type: CLUSTER_METRICS_RESPONSE, id: message.id!, ...answer } satisfies ClusterMetricsResponse);
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: Error) => reply({ error: error.message }),
    );
  });

  async function stop(signal: NodeJS.Signals): Promise<void> {
    if (stopping) return;
    stopping = true;
    for (const timer of restarts) clearTimeout(timer);
    restarts.clear();
    const workers = [...startedAt.keys()];
    if (workers.length === 0) {
      resolveExit(0);
      return;
    }
    log(`${signal}: stopping ${workers.length} app process(es).`);
    for (const worker of workers) worker.process.kill("SIGTERM");
    const deadline = setTimeout(() => {
      for (const worker of startedAt.keys()) {
        log(`App process ${worker.process.pid} still running after ${options.stopTimeoutMs} ms; killing it.`, "warn");
        worker.process.kill("SIGKILL");
      }
    }, options.stopTimeoutMs);
    await exited.finally(() => clearTimeout(deadline));
  }

  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(signal));
  log(`Starting ${options.workers} app processes on one port (WEB_CONCURRENCY).`);
  fork();
  return exited;
}
