import "server-only";
import { env } from "@/lib/env";
import {
  enqueueEmbedded,
  enqueueEmbeddedMany,
  scheduleEmbedded,
  startEmbedded,
  stopEmbedded,
  embeddedRunning,
  unscheduleEmbedded,
  pendingEmbeddedJobs,
} from "./embedded";
import { log } from "@/lib/log";
import { withQueuingRequestId } from "./log-context";
import { forgetSchedule, getJobDefinition, listSchedules, parsePayload, recordSchedule } from "./registry";
import {
  enqueueOnServer,
  pendingServerJobs,
  scheduleOnServer,
  serverJobInsert,
  serverWorkersRunning,
  type ServerQueueOptions,
  startServerWorkers,
  stopServerWorkers,
} from "./server";
import type { Prisma } from "@/lib/db/generated/client";
import type { EnqueueOptions, JobSchedule } from "./types";

// The job API the app uses: define a job (lib/jobs/registry.ts), enqueue it, schedule it,
// and run workers from start-up to shutdown. In server mode pg-boss runs them
// (lib/jobs/server.ts), in the embedded default the in-process queue (lib/jobs/embedded.ts):
// the same handlers, payload checks and retry rules either way.

export { defineJob } from "./registry";
export type { JobContext, JobSchedule, JobState, JobSummary } from "./types";

const serverMode = () => env().databaseMode === "server";

/**
 * Queues a run of the job; the payload is checked against the job's schema first, and
 * carries the id of the request being served, for the job's log lines. Returns the job's id.
 */
export async function enqueueJob(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<string> {
  const definition = getJobDefinition(name);
  if (definition.options.coalesce) throw new Error(`Job ${name} coalesces: queue it with nudgeJob`);
  const parsed = withQueuingRequestId(parsePayload(definition, payload));
  const id = serverMode() ? await enqueueOnServer(definition, parsed, options) : enqueueEmbedded(definition, parsed, options);
  return id!;
}

/**
 * Queues a run of a coalescing job (its `coalesce` option) unless one already waits, which
 * then does the work. Returns whether a run was queued.
 */
export async function nudgeJob(name: string, payload: unknown = {}): Promise<boolean> {
  const definition = getJobDefinition(name);
  if (!definition.options.coalesce) throw new Error(`Job ${name} does not coalesce: queue it with enqueueJob`);
  const parsed = withQueuingRequestId(parsePayload(definition, payload));
  const id = serverMode() ? await enqueueOnServer(definition, parsed) : enqueueEmbedded(definition, parsed);
  return id !== null;
}

/** Queues one run of the job per payload (checked as enqueueJob does); returns their ids. */
export async function enqueueJobs(name: string, payloads: unknown[], options: EnqueueOptions = {}): Promise<string[]> {
  const definition = getJobDefinition(name);
  if (definition.options.coalesce) throw new Error(`Job ${name} coalesces: queue it with nudgeJob`);
  const parsed = payloads.map((payload) => withQueuingRequestId(parsePayload(definition, payload)));
  if (!serverMode()) return enqueueEmbeddedMany(definition, parsed, options);
  const ids: string[] = [];
  for (const payload of parsed) ids.push((await enqueueOnServer(definition, payload, options))!);
  return ids;
}

/**
 * For a write that queues its job in the same statement (one round trip, no transaction): on a
 * server, the job's insert, to be the body of a data-modifying WITH clause; in the embedded
 * default null, and the caller queues the job with enqueueJob once its write is done (the
 * in-process queue is not in the database). `when` conditions the insert on the rest of the
 * statement (e.g. that its row was written).
 */
export async function jobInsertStatement(name: string, payload: unknown, options: { when?: Prisma.Sql } = {}): Promise<Prisma.Sql | null> {
  if (!serverMode()) return null;
  const definition = getJobDefinition(name);
  return serverJobInsert(definition, withQueuingRequestId(parsePayload(definition, payload)), options.when);
}

/**
 * Runs the job (with an empty payload) on a schedule. Recorded at once, applied when the
 * workers start (or now, if they run): on a server pg-boss sends it once per mark whatever
 * the number of processes; embedded, a timer in this process. Returns a function that
 * stops it in this process (a server's schedule stays in the database for the others).
 */
export function scheduleJob(name: string, schedule: JobSchedule): () => void {
  getJobDefinition(name);
  recordSchedule(name, schedule);
  if (jobWorkersRunning()) applySchedule(name, schedule);
  return () => {
    forgetSchedule(name);
    if (!serverMode()) unscheduleEmbedded(name);
  };
}

function applySchedule(name: string, schedule: JobSchedule): void {
  if (!serverMode()) return scheduleEmbedded(name, schedule);
  scheduleOnServer(name, schedule).catch((error: Error) => log.warn({ err: error, job: name }, "[jobs] could not schedule the job"));
}

/** Starts this process's workers for every defined job, and the schedules asked for so far. */
export async function startJobWorkers(options: ServerQueueOptions = {}): Promise<void> {
  if (serverMode()) {
    await startServerWorkers(options);
    for (const [name, schedule] of listSchedules()) await scheduleOnServer(name, schedule);
    return;
  }
  startEmbedded();
  for (const [name, schedule] of listSchedules()) scheduleEmbedded(name, schedule);
}

// Within the 7 s scripts/server.ts leaves a process after its requests drain, so the pools still close.
const STOP_TIMEOUT_MS = 5_000;

/**
 * On SIGTERM (lib/startup.ts registers it): no new job starts, running ones get up to
 * timeoutMs to finish; on a server those still running are handed back for a retry.
 */
export async function stopJobWorkers(timeoutMs = STOP_TIMEOUT_MS): Promise<void> {
  if (serverMode()) await stopServerWorkers(timeoutMs);
  else await stopEmbedded(timeoutMs);
}

export function jobWorkersRunning(): boolean {
  return serverMode() ? serverWorkersRunning() : embeddedRunning();
}

/**
 * Waits until no job this process queued is queued, waiting for a retry or running (on a
 * server: of its latest 10,000; another process's jobs are not waited for), starting this
 * process's workers if they are not running: for tests and benchmarks that read what jobs write.
 */
export async function settleJobs(timeoutMs = 30_000): Promise<void> {
  if (!jobWorkersRunning()) await startJobWorkers({ pollingIntervalSeconds: 0.5 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = serverMode() ? await pendingServerJobs() : pendingEmbeddedJobs();
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} job(s) still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
