import "server-only";
import { mailPendingNotifications } from "./notifications";
import { notifySlaDue } from "./sla";
import { log } from "@/lib/log";

// Every minute in every process: first replies about to be late, then notifications waiting
// for their mail. Both are safe to run in several processes at once (./sla.ts, ./notifications.ts).

export const NOTIFICATION_SWEEP_MS = 60_000;

const state = globalThis as unknown as { __notificationSweep?: () => void };

export function scheduleNotifications(intervalMs = NOTIFICATION_SWEEP_MS): () => void {
  if (state.__notificationSweep) return state.__notificationSweep;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void notifySlaDue()
      .then(() => mailPendingNotifications())
      .catch((error: Error) => log.warn({ err: error }, "[notifications] sweep failed"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  state.__notificationSweep = () => {
    clearInterval(timer);
    state.__notificationSweep = undefined;
  };
  return state.__notificationSweep;
}
