import "server-only";
import { randomUUID } from "node:crypto";
import cronParser from "cron-parser";
import { requestsInFlight } from "@/lib/http/in-flight";
import { processSingleton } from "@/lib/singleton";
import { runWithJobLog, takeQueuingRequestId } from "./log-context";
import { cronOf, getJobDefinition, parsePayload, retryDelayMs } from "./registry";
import type { EnqueueOptions, JobDefinition, JobSchedule, JobState, JobSummary } from "./types";

// The queue of the embedded default: the same handlers and retry rules as pg-boss, in this
// process. The embedded database is single-process by design (its data-folder lock), so
// memory is the queue; a job queued when the process stops is not kept (as with the timers
// this replaces). Finished jobs are kept for the jobs page up to a bound.

export const RECENT_JOBS_KEPT = 200;

interface EmbeddedJob extends JobSummary {
  payload: unknown;
  startAfter: number;
  /** Retries done so far (pg-boss's retry_count). */
  retries: number;
}

interface EmbeddedQueue {
  jobs: Map<string, EmbeddedJob>;
  running: boolean;
  active: Map<string, Promise<void>>;
  wake?: NodeJS.Timeout;
  schedules: Map<string, () => void>;
}

const queue = () =>
  processSingleton<EmbeddedQueue>("embeddedJobs", () => ({ jobs: new Map(), running: false, active: new Map(), schedules: new Map() }));

export function enqueueEmbedded(definition: JobDefinition, payload: unknown, options: EnqueueOptions = {}): string {
  const id = randomUUID();
  const workspaceId = (payload as { workspaceId?: unknown } | null)?.workspaceId;
  queue().jobs.set(id, {
    id,
    name: definition.name,
    state: "created",
    attempts: 0,
    workspaceId: typeof workspaceId === "string" ? workspaceId : null,
    createdAt: new Date(),
    startedAt: null,
    finishedAt: null,
    error: null,
    payload,
    startAfter: Date.now() + (options.startAfterSeconds ?? 0) * 1000,
    retries: 0,
  });
  pruneFinished();
  pump();
  return id;
}

export function startEmbedded(): void {
  queue().running = true;
  pump();
}

/** Stops taking jobs, then waits up to timeoutMs for those running (in-process there is no one to hand them back to). */
export async function stopEmbedded(timeoutMs: number): Promise<void> {
  const state = queue();
  state.running = false;
  for (const stop of state.schedules.values()) stop();
  state.schedules.clear();
  if (state.wake) clearTimeout(state.wake);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  await Promise.race([Promise.allSettled([...state.active.values()]), timeout]);
  clearTimeout(timer);
}

/** Jobs queued, waiting for a retry or running. */
export function pendingEmbeddedJobs(): number {
  return [...queue().jobs.values()].filter((job) => job.state === "created" || job.state === "retry" || job.state === "active").length;
}

export function embeddedRunning(): boolean {
  return queue().running;
}

/** Newest first, without payloads. */
export function listEmbeddedJobs(): JobSummary[] {
  // The map keeps insertion order: the order jobs were queued in.
  return [...queue().jobs.values()]
    .reverse()
    .map(({ payload: _payload, startAfter: _startAfter, retries: _retries, ...summary }) => ({ ...summary }));
}

/** Enqueues the job at each mark of the schedule while the queue runs; stop with unscheduleEmbedded. */
export function scheduleEmbedded(name: string, schedule: JobSchedule): void {
  const state = queue();
  state.schedules.get(name)?.();
  const fire = () => {
    if (state.running) enqueueEmbedded(getJobDefinition(name), {});
  };
  let timer: NodeJS.Timeout | undefined;
  if ("everyMinutes" in schedule) {
    cronOf(schedule); // the same check as on a server
    const every = schedule.everyMinutes * 60_000;
    const tick = (delay: number) => {
      timer = setTimeout(() => {
        fire();
        tick(every);
      }, delay);
      timer.unref();
    };
    tick(schedule.firstDelayMs ?? every);
  } else {
    const marks = cronParser.parseExpression(schedule.cron, { tz: "UTC" });
    const tick = () => {
      timer = setTimeout(
        () => {
          fire();
          tick();
        },
        Math.max(0, marks.next().getTime() - Date.now()),
      );
      timer.unref();
    };
    tick();
  }
  state.schedules.set(name, () => clearTimeout(timer));
}

export function unscheduleEmbedded(name: string): void {
  const state = queue();
  state.schedules.get(name)?.();
  state.schedules.delete(name);
}

function pruneFinished(): void {
  const { jobs } = queue();
  const finished = [...jobs.values()].filter((job) => job.finishedAt !== null);
  const excess = jobs.size - RECENT_JOBS_KEPT;
  if (excess <= 0) return;
  for (const job of finished.slice(0, excess)) jobs.delete(job.id);
}

// In the embedded default the jobs, the database and the requests share one thread, so a
// job started during a burst of requests slows every one of them. A due job waits while
// requests are in flight (lib/http/in-flight.ts), checked every HOLD_CHECK_MS, for at most
// HOLD_MAX_MS: under steady load the work still gets done, at the requests' expense.
const HOLD_CHECK_MS = 25;
export const HOLD_MAX_MS = 30_000;

// Starts every job that is due and allowed (its definition's concurrency, singleton), then
// sets one timer for the next one that will be.
function pump(): void {
  const state = queue();
  if (state.wake) clearTimeout(state.wake);
  state.wake = undefined;
  if (!state.running) return;
  const now = Date.now();
  let nextAt = Infinity;
  const busy = new Map<string, number>();
  for (const id of state.active.keys()) {
    const name = state.jobs.get(id)?.name;
    if (name) busy.set(name, (busy.get(name) ?? 0) + 1);
  }
  const holding = requestsInFlight() > 0;
  const waiting = [...state.jobs.values()]
    .filter((job) => job.state === "created" || job.state === "retry")
    .sort((a, b) => a.startAfter - b.startAfter);
  for (const job of waiting) {
    if (job.startAfter > now) {
      nextAt = Math.min(nextAt, job.startAfter);
      break;
    }
    // Requests first: while any is in flight, one job at a time runs beside them, unless a
    // job has waited HOLD_MAX_MS.
    if (holding && state.active.size >= 1 && now - job.startAfter < HOLD_MAX_MS) {
      nextAt = Math.min(nextAt, now + HOLD_CHECK_MS);
      break;
    }
    const definition = getJobDefinition(job.name);
    const running = busy.get(job.name) ?? 0;
    if (running >= (definition.options.singleton ? 1 : definition.options.concurrency)) continue;
    busy.set(job.name, running + 1);
    const run = runJob(definition, job).finally(() => {
      state.active.delete(job.id);
      pump();
    });
    state.active.set(job.id, run);
  }
  if (nextAt !== Infinity) {
    state.wake = setTimeout(pump, Math.max(0, nextAt - now));
    state.wake.unref();
  }
}

async function runJob(definition: JobDefinition, job: EmbeddedJob): Promise<void> {
  if (job.startedAt) job.retries += 1;
  job.state = "active";
  job.startedAt = new Date();
  job.attempts = job.retries + 1;
  const { payload, requestId } = takeQueuingRequestId(job.payload);
  const willRetry = job.retries < definition.options.retryLimit;
  try {
    await runWithJobLog({ name: job.name, id: job.id, attempt: job.attempts, requestId, willRetry }, () =>
      withinSeconds(
        definition.handler(parsePayload(definition, payload), { jobId: job.id, attempt: job.attempts }),
        definition.options.expireInSeconds,
      ),
    );
    finish(job, "completed", null);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (willRetry) {
      job.state = "retry";
      job.error = message;
      job.startAfter = Date.now() + retryDelayMs(definition.options, job.retries);
    } else finish(job, "failed", message);
  }
}

function finish(job: EmbeddedJob, state: JobState, error: string | null): void {
  job.state = state;
  job.error = error;
  job.finishedAt = new Date();
}

// pg-boss fails a handler that outlives the job's expiry the same way.
async function withinSeconds<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`job took longer than ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
