import "server-only";
import { randomUUID } from "node:crypto";
import cronParser from "cron-parser";
import { requestsQuietForMs, whenNoRequestInFlight } from "@/lib/http/in-flight";
import { processSingleton } from "@/lib/singleton";
import { HOLD_MAX_MS, QUIET_MS } from "./beside-requests";
import { runWithJobLog, takeQueuingRequestId } from "./log-context";
import { cronOf, getJobDefinition, parsePayload, retryDelayMs } from "./registry";
import type { EnqueueOptions, JobDefinition, JobSchedule, JobState, JobSummary } from "./types";

// The queue of the embedded default: the same handlers and retry rules as pg-boss, in this
// process. The embedded database is single-process by design (its data-folder lock), so
// memory is the queue; a job queued when the process stops is not kept (as with the timers
// this replaces). Finished jobs are kept for the jobs page up to a bound. Jobs waiting to run
// are kept in the order they are due, so that neither queuing nor starting one goes over the
// whole queue: at start a backlog of thousands may be queued at once (requeueUnwrittenOpenings).

export const RECENT_JOBS_KEPT = 200;

interface EmbeddedJob extends JobSummary {
  payload: unknown;
  startAfter: number;
  /** Queued order, for jobs due at the same millisecond. */
  seq: number;
  /** Retries done so far (pg-boss's retry_count). */
  retries: number;
}

interface EmbeddedQueue {
  /** Every job the jobs page may list, in the order they were queued. */
  jobs: Map<string, EmbeddedJob>;
  /** Per job name, the jobs queued or waiting for a retry, by startAfter, then seq. */
  waiting: Map<string, EmbeddedJob[]>;
  /** Ids of finished jobs still in `jobs`, oldest first. */
  finished: Set<string>;
  seq: number;
  running: boolean;
  active: Map<string, Promise<void>>;
  wake?: NodeJS.Timeout;
  wakeAt: number;
  stopWatchingRequests?: () => void;
  pumping: boolean;
  pumpAgain: boolean;
  schedules: Map<string, () => void>;
}

const queue = () =>
  processSingleton<EmbeddedQueue>("embeddedJobs", () => ({
    jobs: new Map(),
    waiting: new Map(),
    finished: new Set(),
    seq: 0,
    running: false,
    pumping: false,
    pumpAgain: false,
    wakeAt: Infinity,
    active: new Map(),
    schedules: new Map(),
  }));

/** The job's id; null when the job coalesces and a run of it already waits. */
export function enqueueEmbedded(definition: JobDefinition, payload: unknown, options: EnqueueOptions = {}): string | null {
  if (definition.options.coalesce && (queue().waiting.get(definition.name)?.length ?? 0) > 0) return null;
  const [id] = enqueueEmbeddedMany(definition, [payload], options);
  return id!;
}

/** Queues one run per payload, in that order; returns their ids. */
export function enqueueEmbeddedMany(definition: JobDefinition, payloads: unknown[], options: EnqueueOptions = {}): string[] {
  const state = queue();
  const startAfter = Date.now() + (options.startAfterSeconds ?? 0) * 1000;
  const ids = payloads.map((payload) => {
    const id = randomUUID();
    const workspaceId = (payload as { workspaceId?: unknown } | null)?.workspaceId;
    const job: EmbeddedJob = {
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
      startAfter,
      seq: state.seq++,
      retries: 0,
    };
    state.jobs.set(id, job);
    addWaiting(state, job);
    return id;
  });
  pump();
  return ids;
}

const dueBefore = (a: EmbeddedJob, b: EmbeddedJob) => a.startAfter < b.startAfter || (a.startAfter === b.startAfter && a.seq < b.seq);

// Binary search for the first waiting job due after this one: the usual job, due now, goes at the end.
function addWaiting(state: EmbeddedQueue, job: EmbeddedJob): void {
  let waiting = state.waiting.get(job.name);
  if (!waiting) state.waiting.set(job.name, (waiting = []));
  let low = 0;
  let high = waiting.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (dueBefore(waiting[middle]!, job)) low = middle + 1;
    else high = middle;
  }
  waiting.splice(low, 0, job);
}

export function startEmbedded(): void {
  const state = queue();
  state.running = true;
  // Jobs held back for requests start once the last one has ended QUIET_MS ago.
  state.stopWatchingRequests ??= whenNoRequestInFlight(() => wakeAt(state, Date.now() + QUIET_MS));
  pump();
}

/** Stops taking jobs, then waits up to timeoutMs for those running (in-process there is no one to hand them back to). */
export async function stopEmbedded(timeoutMs: number): Promise<void> {
  const state = queue();
  state.running = false;
  state.stopWatchingRequests?.();
  state.stopWatchingRequests = undefined;
  for (const stop of state.schedules.values()) stop();
  state.schedules.clear();
  if (state.wake) clearTimeout(state.wake);
  state.wake = undefined;
  state.wakeAt = Infinity;
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
  const state = queue();
  let waiting = 0;
  for (const jobs of state.waiting.values()) waiting += jobs.length;
  return waiting + state.active.size;
}

/** Per job name with runs waiting: those due now, those waiting for a later time, and how long the oldest due one has waited. */
export function embeddedBacklog(now: number): Array<{ job: string; due: number; later: number; oldestDueSeconds: number }> {
  const backlog = [];
  for (const [job, jobs] of queue().waiting) {
    if (!jobs.length) continue;
    // Waiting runs are kept by startAfter: the due ones come first.
    let low = 0;
    let high = jobs.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (jobs[middle]!.startAfter <= now) low = middle + 1;
      else high = middle;
    }
    backlog.push({ job, due: low, later: jobs.length - low, oldestDueSeconds: low ? (now - jobs[0]!.startAfter) / 1000 : 0 });
  }
  return backlog;
}

export function embeddedRunning(): boolean {
  return queue().running;
}

/** Newest first, without payloads. */
export function listEmbeddedJobs(): JobSummary[] {
  // The map keeps insertion order: the order jobs were queued in.
  return [...queue().jobs.values()]
    .reverse()
    .map(({ payload: _payload, startAfter: _startAfter, seq: _seq, retries: _retries, ...summary }) => ({ ...summary }));
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

// Requests first (./beside-requests.ts): while they are in flight one job at a time runs
// beside them, the others wait for the quiet or HOLD_MAX_MS.

function wakeAt(state: EmbeddedQueue, at: number): void {
  if (state.wake && state.wakeAt <= at) return;
  if (state.wake) clearTimeout(state.wake);
  state.wakeAt = at;
  state.wake = setTimeout(pump, Math.max(0, at - Date.now()));
  state.wake.unref();
}

// Starts every job that is due and allowed (its definition's concurrency, singleton), then
// sets one timer for the next one that will be. A handler may queue a job before its first
// await, so pump can be called from within itself: that call makes the outer one go again.
function pump(): void {
  const state = queue();
  if (state.pumping) {
    state.pumpAgain = true;
    return;
  }
  state.pumping = true;
  try {
    do {
      state.pumpAgain = false;
      pumpOnce(state);
    } while (state.pumpAgain);
  } finally {
    state.pumping = false;
  }
}

function pumpOnce(state: EmbeddedQueue): void {
  if (state.wake) clearTimeout(state.wake);
  state.wake = undefined;
  state.wakeAt = Infinity;
  if (!state.running) return;
  const now = Date.now();
  let nextAt = Infinity;
  const busy = new Map<string, number>();
  for (const id of state.active.keys()) {
    const name = state.jobs.get(id)?.name;
    if (name) busy.set(name, (busy.get(name) ?? 0) + 1);
  }
  const quietFor = requestsQuietForMs();
  const holding = quietFor < QUIET_MS;
  // Each round starts the job due first among those whose name has room to run another.
  for (;;) {
    let next: EmbeddedJob | undefined;
    let definition: JobDefinition | undefined;
    for (const [name, jobs] of state.waiting) {
      const head = jobs[0];
      if (!head) continue;
      if (head.startAfter > now) {
        nextAt = Math.min(nextAt, head.startAfter);
        continue;
      }
      if (next && !dueBefore(head, next)) continue;
      const candidate = getJobDefinition(name);
      // A full name gets another turn when one of its runs ends (which pumps).
      const limit = candidate.options.singleton || candidate.options.coalesce ? 1 : candidate.options.concurrency;
      if ((busy.get(name) ?? 0) >= limit) continue;
      next = head;
      definition = candidate;
    }
    if (!next || !definition) break;
    // Requests first: one job at a time runs beside them, unless a job has waited
    // HOLD_MAX_MS. The last request's end wakes the queue QUIET_MS later.
    if (holding && state.active.size >= 1 && now - next.startAfter < HOLD_MAX_MS) {
      nextAt = Math.min(nextAt, next.startAfter + HOLD_MAX_MS, quietFor > 0 ? now + QUIET_MS - quietFor : Infinity);
      break;
    }
    const job = next;
    const jobs = state.waiting.get(job.name)!;
    jobs.shift();
    if (jobs.length === 0) state.waiting.delete(job.name);
    busy.set(job.name, (busy.get(job.name) ?? 0) + 1);
    const run = runJob(definition, job).finally(() => {
      state.active.delete(job.id);
      // A retry waits again only once this run has left `active`.
      if (job.state === "retry") addWaiting(state, job);
      else if (job.finishedAt) finish(state, job);
      pump();
    });
    state.active.set(job.id, run);
  }
  if (nextAt !== Infinity) wakeAt(state, nextAt);
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
    end(job, "completed", null);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (willRetry) {
      job.state = "retry";
      job.error = message;
      job.startAfter = Date.now() + retryDelayMs(definition.options, job.retries);
    } else end(job, "failed", message);
  }
}

function end(job: EmbeddedJob, outcome: JobState, error: string | null): void {
  job.state = outcome;
  job.error = error;
  job.finishedAt = new Date();
}

/** Kept for the jobs page: the newest RECENT_JOBS_KEPT finished jobs. */
function finish(state: EmbeddedQueue, job: EmbeddedJob): void {
  state.finished.add(job.id);
  for (const id of state.finished) {
    if (state.finished.size <= RECENT_JOBS_KEPT) break;
    state.finished.delete(id);
    state.jobs.delete(id);
  }
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
