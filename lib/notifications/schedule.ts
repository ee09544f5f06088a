import "server-only";
import { z } from "zod";
import { defineJob, scheduleJob } from "@/lib/jobs";
import { mailPendingNotifications } from "./notifications";
import { notifySlaDue } from "./sla";

// Every minute, as a job (lib/jobs: on a server once per minute across the cluster, embedded
// a timer in this process): first replies about to be late, then notifications waiting for
// their mail. Both are safe to run in several processes at once (./sla.ts, ./notifications.ts).

export const NOTIFICATION_SWEEP_JOB = "notifications.sweep";
export const NOTIFICATION_SWEEP_MINUTES = 1;

defineJob(
  NOTIFICATION_SWEEP_JOB,
  async () => {
    await notifySlaDue();
    while ((await mailPendingNotifications()).claimed > 0);
  },
  { payload: z.object({}), retryLimit: 0, expireInSeconds: 10 * 60, coalesce: true },
);

const state = globalThis as unknown as { __notificationSweep?: () => void };

/** Schedules the sweep once per process (it runs once the job workers do); returns a function that stops it. */
export function scheduleNotifications(): () => void {
  if (state.__notificationSweep) return state.__notificationSweep;
  const stop = scheduleJob(NOTIFICATION_SWEEP_JOB, { everyMinutes: NOTIFICATION_SWEEP_MINUTES });
  state.__notificationSweep = () => {
    stop();
    state.__notificationSweep = undefined;
  };
  return state.__notificationSweep;
}
