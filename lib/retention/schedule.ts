import "server-only";
import { RetentionBusyError, runRetention } from "./run";

// The server runs retention itself: a few minutes after start (so a start is not slowed
// and a server restarted often still runs it), then hourly. Timers are unref'd so they
// never keep a process alive; on a shared PostgreSQL server the advisory lock lets one
// process's run through and the others skip that hour.

export const RETENTION_INTERVAL_MS = 60 * 60_000;
export const RETENTION_FIRST_DELAY_MS = 5 * 60_000;

const state = globalThis as unknown as { __retentionSchedule?: () => void };

/** Whether the retention schedule runs in this process (readiness, lib/health.ts). */
export function retentionScheduled(): boolean {
  return state.__retentionSchedule !== undefined;
}

/** Starts the schedule once per process; returns a function that stops it. */
export function scheduleRetention(options: { intervalMs?: number; firstDelayMs?: number } = {}): () => void {
  if (state.__retentionSchedule) return state.__retentionSchedule;
  const run = async () => {
    try {
      const result = await runRetention({ trigger: "schedule" });
      const failed = result.workspaces.filter((workspace) => workspace.status === "failed");
      if (failed.length > 0) console.warn(`[retention] failed in ${failed.map((workspace) => workspace.slug).join(", ")}`);
    } catch (error) {
      if (error instanceof RetentionBusyError) return;
      console.warn(`[retention] run failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    void run();
    interval = setInterval(() => void run(), options.intervalMs ?? RETENTION_INTERVAL_MS);
    interval.unref();
  }, options.firstDelayMs ?? RETENTION_FIRST_DELAY_MS);
  first.unref();
  state.__retentionSchedule = () => {
    clearTimeout(first);
    if (interval) clearInterval(interval);
    state.__retentionSchedule = undefined;
  };
  return state.__retentionSchedule;
}
