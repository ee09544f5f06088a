import "server-only";
import { currentRequestId, log, withLogContext } from "@/lib/log";
import { jobAttemptStarted } from "@/lib/metrics/registry";

// A job's log lines name the request that queued it (lib/log.ts): the id travels in the
// queued payload under a reserved key, which both queues take out again before the job's
// schema and handler see the payload.

const REQUEST_ID_KEY = "_requestId";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The payload as queued: with the current request's id, when a request is being served. */
export function withQueuingRequestId(payload: unknown): unknown {
  const requestId = currentRequestId();
  if (!requestId || !isPlainObject(payload)) return payload;
  return { ...payload, [REQUEST_ID_KEY]: requestId };
}

/** A queued payload split into the job's own payload and the id of the request that queued it. */
export function takeQueuingRequestId(data: unknown): { payload: unknown; requestId?: string } {
  if (!isPlainObject(data) || !(REQUEST_ID_KEY in data)) return { payload: data };
  const { [REQUEST_ID_KEY]: requestId, ...payload } = data;
  return { payload, requestId: typeof requestId === "string" ? requestId : undefined };
}

export interface JobRun {
  name: string;
  id: string;
  attempt: number;
  requestId?: string;
  /** Whether a failure is retried: one past the retries is logged as an error, not a warning. */
  willRetry: boolean;
}

/**
 * Runs one attempt of a job in its log context, with a line when it starts and when it ends,
 * counted in the process's metrics (recall_job_duration_seconds, recall_jobs_running).
 */
export function runWithJobLog<T>(job: JobRun, run: () => Promise<T>): Promise<T> {
  return withLogContext({ requestId: job.requestId, jobId: job.id, job: job.name }, async () => {
    const started = performance.now();
    const ended = jobAttemptStarted(job.name);
    log.info({ attempt: job.attempt }, "job started");
    try {
      const result = await run();
      ended("completed");
      log.info({ attempt: job.attempt, durationMs: Math.round(performance.now() - started) }, "job finished");
      return result;
    } catch (error) {
      ended(job.willRetry ? "retrying" : "failed");
      const fields = { err: error, attempt: job.attempt, durationMs: Math.round(performance.now() - started), willRetry: job.willRetry };
      if (job.willRetry) log.warn(fields, "job failed");
      else log.error(fields, "job failed");
      throw error;
    }
  });
}
