import "server-only";
import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { processSingleton } from "@/lib/singleton";
import { jobHeld } from "@/lib/metrics/registry";
import { takeJobTurn } from "./beside-requests";
import { runWithJobLog, takeQueuingRequestId } from "./log-context";
import { cronOf, getJobDefinition, listJobDefinitions, parsePayload } from "./registry";
import { Prisma } from "@/lib/db/generated/client";
import type { EnqueueOptions, JobDefinition, JobSchedule } from "./types";

// Server mode: pg-boss, PostgreSQL's own queue, in its `pgboss` schema. Every app process
// runs workers; a job is claimed with FOR UPDATE SKIP LOCKED, so one process runs it. A job
// whose process died stays active until its expiry, then pg-boss's maintenance (one process
// at a time) puts it back for a retry. Failed past its retries, a job stays `failed`: the
// dead letters, listed on /jobs until pg-boss archives and drops them (7 days).

/** Tuning for tests (short expiry and maintenance); the defaults are pg-boss's. */
export interface ServerQueueOptions {
  maintenanceIntervalSeconds?: number;
  pollingIntervalSeconds?: number;
}

interface ServerQueue {
  boss?: Promise<PgBoss>;
  queues: Map<string, Promise<void>>;
  workers: boolean;
  options: ServerQueueOptions;
  /** The latest jobs this process queued, oldest first, for pendingServerJobs (bounded: TRACKED_JOBS). */
  queued: Set<string>;
}

const TRACKED_JOBS = 10_000;

const state = () => processSingleton<ServerQueue>("pgBoss", () => ({ queues: new Map(), workers: false, options: {}, queued: new Set() }));

/** pg-boss, started once per process. It holds connections of its own, on the direct URL when there is one. */
export function getBoss(options: ServerQueueOptions = {}): Promise<PgBoss> {
  const current = state();
  if (current.boss) return current.boss;
  current.options = options;
  const config = env();
  // A transaction pooler breaks session state; pg-boss's maintenance relies on it (advisory
  // locks), so it gets the session connection Prisma's migrations use too.
  const connectionString = config.DATABASE_DIRECT_URL ?? config.DATABASE_URL;
  if (!connectionString) throw new Error("The job queue's server mode needs DATABASE_URL");
  const boss = new PgBoss({
    connectionString,
    application_name: "recall-desk-jobs",
    max: 4,
    ...(options.maintenanceIntervalSeconds && { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }),
  });
  boss.on("error", (error) => log.warn({ err: error }, "[jobs] queue error"));
  const starting = boss.start();
  starting.catch(() => {
    if (current.boss === starting) current.boss = undefined;
  });
  current.boss = starting;
  return starting;
}

/** Creates the job's queue once per process (idempotent in pg-boss) and brings its retry rules up to date. */
function ensureQueue(boss: PgBoss, definition: JobDefinition): Promise<void> {
  const { queues } = state();
  let ready = queues.get(definition.name);
  if (!ready) {
    const { retryLimit, retryDelaySeconds, retryBackoff, expireInSeconds, singleton, coalesce } = definition.options;
    const queue = { retryLimit, retryDelay: retryDelaySeconds, retryBackoff, expireInSeconds };
    const policy = singleton ? ("singleton" as const) : coalesce ? ("stately" as const) : ("standard" as const);
    // updateQueue sets the policy too (pg-boss takes a missing one as "standard"): without it a
    // singleton or stately queue would lose its policy at every start.
    ready = withRaceRetries(() => boss.createQueue(definition.name, { name: definition.name, policy, ...queue })).then(() =>
      boss.updateQueue(definition.name, { name: definition.name, policy, ...queue }),
    );
    ready.catch(() => queues.delete(definition.name));
    queues.set(definition.name, ready);
  }
  return ready;
}

// Processes starting together create the same queues: pg-boss's create_queue (a row and a
// partition) can deadlock with itself or find the partition just made. The retry finds the
// queue there and does nothing.
async function withRaceRetries(create: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await create();
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      const race = code === "40P01" || code === "23505" || code === "42P07" || /already exists/.test(message ?? "");
      if (!race || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

/** The job's id; null when the job coalesces and a run of it already waits. */
export async function enqueueOnServer(definition: JobDefinition, payload: unknown, options: EnqueueOptions = {}): Promise<string | null> {
  const boss = await getBoss();
  await ensureQueue(boss, definition);
  const { retryLimit, retryDelaySeconds, retryBackoff, expireInSeconds } = definition.options;
  const id = await boss.send(definition.name, payload as object, {
    retryLimit,
    retryDelay: retryDelaySeconds,
    retryBackoff,
    expireInSeconds,
    ...(options.startAfterSeconds && { startAfter: options.startAfterSeconds }),
    ...(options.tx && { db: inTransaction(options.tx) }),
  });
  if (!id) {
    // A coalescing job's run already waits: it does this work too.
    if (definition.options.coalesce) return null;
    throw new Error(`Job ${definition.name} was not queued`);
  }
  track(id);
  return id;
}

/**
 * The job's row as the body of a data-modifying WITH clause, for a write that queues its job in
 * its own statement (no transaction, one round trip: lib/support/ticket-opening.ts). What
 * pg-boss's send writes (its plans.insertJob) with every option taken from the queue's row,
 * which ensureQueue keeps current: retries, backoff, expiry, retention, dead letter, policy.
 * `when`: a condition on the rest of the statement (a data-modifying WITH clause runs whether
 * or not anything reads it, so a job for a row the statement did not write needs one).
 */
export async function serverJobInsert(definition: JobDefinition, payload: unknown, when?: Prisma.Sql): Promise<Prisma.Sql> {
  await ensureQueue(await getBoss(), definition);
  const id = randomUUID();
  track(id);
  return Prisma.sql`
    INSERT INTO pgboss.job ("id", "name", "data", "start_after", "dead_letter", "expire_in", "keep_until",
                            "retry_limit", "retry_delay", "retry_backoff", "policy")
    SELECT ${id}::uuid, q."name", ${JSON.stringify(payload)}::jsonb, now(), q."dead_letter",
           COALESCE(q."expire_seconds", 900) * interval '1 second',
           now() + COALESCE(q."retention_minutes" * interval '1 minute', interval '14 days'),
           COALESCE(q."retry_limit", 2),
           CASE WHEN q."retry_backoff" THEN GREATEST(COALESCE(q."retry_delay", 0), 1) ELSE COALESCE(q."retry_delay", 0) END,
           COALESCE(q."retry_backoff", false), q."policy"
    FROM pgboss.queue q WHERE q."name" = ${definition.name}${when ? Prisma.sql` AND ${when}` : Prisma.empty}
    ON CONFLICT DO NOTHING`;
}

/** Remembers a job this process queued, for pendingServerJobs. */
function track(id: string): void {
  const { queued } = state();
  queued.add(id);
  if (queued.size > TRACKED_JOBS) queued.delete(queued.values().next().value!);
}

/** pg-boss's statements run on the caller's Prisma transaction (objects as JSON text, as pg sends them). */
function inTransaction(tx: Prisma.TransactionClient) {
  return {
    async executeSql(text: string, values: unknown[]) {
      const params = values.map((value) =>
        value !== null && typeof value === "object" && !(value instanceof Date) ? JSON.stringify(value) : value,
      );
      return { rows: await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params) };
    },
  };
}

/** Starts a worker per defined job (and per unit of its concurrency) in this process. */
export async function startServerWorkers(options: ServerQueueOptions = {}): Promise<void> {
  const current = state();
  const boss = await getBoss(options);
  if (current.workers) return;
  current.workers = true;
  for (const definition of listJobDefinitions()) {
    await ensureQueue(boss, definition);
    for (let index = 0; index < definition.options.concurrency; index += 1) {
      // Set once work() returns; the first fetch, and so the handler, comes after it.
      const worker: { id?: string } = {};
      worker.id = await boss.work(
        definition.name,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: current.options.pollingIntervalSeconds ?? 2 },
        async ([job]) => {
          if (!job) return;
          // Requests first: under load, jobs wait for a quiet moment (or HOLD_MAX_MS).
          const released = jobHeld(job.name);
          const endTurn = await takeJobTurn(job.startAfter.getTime()).finally(released);
          try {
            const run = getJobDefinition(job.name);
            const attempt = job.retryCount + 1;
            const { payload, requestId } = takeQueuingRequestId(job.data);
            await runWithJobLog({ name: job.name, id: job.id, attempt, requestId, willRetry: job.retryCount < job.retryLimit }, () =>
              run.handler(parsePayload(run, payload), { jobId: job.id, attempt }),
            );
          } finally {
            endTurn();
            // pg-boss waits its polling interval after every fetch, even one that found a job:
            // one job per worker per interval. Told, it fetches the next at once; only a fetch
            // that finds nothing waits.
            if (worker.id) boss.notifyWorker(worker.id);
          }
        },
      );
    }
  }
}

/** Writes the schedule into pg-boss: its clock sends the job once per mark across every process. */
export async function scheduleOnServer(name: string, schedule: JobSchedule): Promise<void> {
  const boss = await getBoss();
  await ensureQueue(boss, getJobDefinition(name));
  await boss.schedule(name, cronOf(schedule), {}, { tz: "UTC" });
}

/**
 * Stops taking jobs, lets those running finish for up to timeoutMs, then hands the rest
 * back (pg-boss fails them with "shut down while active", so they are retried), and closes
 * its connections.
 */
export async function stopServerWorkers(timeoutMs: number): Promise<void> {
  const current = state();
  const starting = current.boss;
  current.boss = undefined;
  current.workers = false;
  current.queues.clear();
  if (!starting) return;
  const boss = await starting.catch(() => undefined);
  if (!boss) return;
  await boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
}

/** Of the jobs this process queued, how many are still queued, waiting for a retry or running. */
export async function pendingServerJobs(): Promise<number> {
  const { queued } = state();
  if (queued.size === 0) return 0;
  const boss = await getBoss();
  // A job queued in a transaction that rolled back has no row: it is not pending.
  const { rows } = await boss
    .getDb()
    .executeSql(`SELECT id::text FROM pgboss.job WHERE id = ANY($1::uuid[]) AND state IN ('created', 'retry', 'active')`, [[...queued]]);
  const pending = new Set((rows as Array<{ id: string }>).map((row) => row.id));
  for (const id of queued) if (!pending.has(id)) queued.delete(id);
  return pending.size;
}

export function serverWorkersRunning(): boolean {
  return state().workers;
}
