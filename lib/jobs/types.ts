import type { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";

// What a job is, whichever queue runs it: pg-boss on a PostgreSQL server, the in-process
// queue with the embedded database (lib/jobs/embedded.ts). The states are pg-boss's.

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

export interface JobRetryOptions {
  /** Tries after the first one; past them the job stays failed (the dead letters the jobs page lists). */
  retryLimit: number;
  /** Wait before a retry, in whole seconds (pg-boss's unit). */
  retryDelaySeconds: number;
  /** Doubles the wait at each retry, with jitter (pg-boss's formula, the same in-process). */
  retryBackoff: boolean;
}

export interface JobOptions<T> extends JobRetryOptions {
  /** Checked when the job is enqueued and again when it runs (a queued row may predate a change). */
  payload: z.ZodType<T>;
  /** A run taking longer fails; on a server, a job whose process died is retried once this passes. */
  expireInSeconds: number;
  /** At most one run of this job at a time across every process (pg-boss's singleton queue policy). */
  singleton: boolean;
  /**
   * At most one run waiting and one running across every process: queuing it while a run
   * waits adds nothing, the waiting run does the work (pg-boss's stately queue policy). For
   * sweeps that are also queued after each change (mail delivery).
   */
  coalesce: boolean;
  /** Runs of this job at once in one process. */
  concurrency: number;
}

export interface JobContext {
  jobId: string;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
}

export type JobHandler<T> = (payload: T, context: JobContext) => Promise<void>;

export interface JobDefinition<T = unknown> {
  name: string;
  handler: JobHandler<T>;
  options: JobOptions<T>;
}

/**
 * When a scheduled job is enqueued. `cron` is five fields in UTC; `everyMinutes` must divide
 * an hour (on a server it becomes a cron, at the same marks on every process).
 * `firstDelayMs` is for the in-process queue only: a short-lived embedded process still
 * gets a run without waiting for the next mark.
 */
export type JobSchedule = { cron: string } | { everyMinutes: number; firstDelayMs?: number };

export interface EnqueueOptions {
  startAfterSeconds?: number;
  /**
   * The transaction of the change the job follows from. On a server the job is written in
   * it (pg-boss's `db` option): queued if and only if the change commits. The in-process
   * queue has no table: the job is queued at once, and its handler must find nothing to do
   * when the change was rolled back.
   */
  tx?: Prisma.TransactionClient;
}

/** One job as the jobs page shows it; the payload is never shown (it may name a customer). */
export interface JobSummary {
  id: string;
  name: string;
  state: JobState;
  attempts: number;
  /** From the payload; null for system jobs that cover every workspace. */
  workspaceId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}
