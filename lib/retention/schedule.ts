import "server-only";
import { z } from "zod";
import { defineJob, scheduleJob } from "@/lib/jobs";
import { RetentionBusyError, runRetention } from "./run";
import { log } from "@/lib/log";

// Retention is a job (lib/jobs): hourly across the cluster on a server (pg-boss sends it
// once per mark and its singleton queue runs one at a time, whatever the number of
// processes); embedded, a few minutes after start (so a start is not slowed and a server
// restarted often still runs it), then hourly. A run started meanwhile from the CLI or the
// settings page holds the retention lock (lib/retention/lock.ts): the job then skips.

export const RETENTION_JOB = "retention.run";
export const RETENTION_INTERVAL_MS = 60 * 60_000;
export const RETENTION_FIRST_DELAY_MS = 5 * 60_000;

defineJob(
  RETENTION_JOB,
  async () => {
    try {
      const result = await runRetention({ trigger: "schedule" });
      const failed = result.workspaces.filter((workspace) => workspace.status === "failed");
      if (failed.length === 0) return;
      log.warn({ workspaces: failed.map((workspace) => workspace.slug) }, "[retention] failed in some workspaces");
      // Every workspace's admins see system jobs: the error counts, it does not name them.
      throw new Error(`Retention failed in ${failed.length} workspace(s); the server log names them.`);
    } catch (error) {
      if (error instanceof RetentionBusyError) return;
      throw error;
    }
  },
  // One retry, for a process that died mid-run (a run is idempotent: it redoes only what is
  // still due); past it the next hour's run is the retry.
  { payload: z.object({}), singleton: true, retryLimit: 1, retryDelaySeconds: 300, retryBackoff: false, expireInSeconds: 30 * 60 },
);

const state = globalThis as unknown as { __retentionSchedule?: () => void };

/** Whether the retention schedule runs in this process (readiness, lib/health.ts). */
export function retentionScheduled(): boolean {
  return state.__retentionSchedule !== undefined;
}

/** Starts the schedule once per process (it runs once the job workers do); returns a function that stops it. */
export function scheduleRetention(options: { intervalMs?: number; firstDelayMs?: number } = {}): () => void {
  if (state.__retentionSchedule) return state.__retentionSchedule;
  const stop = scheduleJob(RETENTION_JOB, {
    everyMinutes: Math.round((options.intervalMs ?? RETENTION_INTERVAL_MS) / 60_000),
    firstDelayMs: options.firstDelayMs ?? RETENTION_FIRST_DELAY_MS,
  });
  state.__retentionSchedule = () => {
    stop();
    state.__retentionSchedule = undefined;
  };
  return state.__retentionSchedule;
}
