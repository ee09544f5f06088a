import "server-only";
import { deliverDueMail } from "./delivery";
import { log } from "@/lib/log";

// The sweep that sends queued replies and retries failed tries when their wait is over. A
// reply is also sent at once after it is written; the sweep catches what that missed (a
// restart, a server that was down). Every process sweeps; FOR UPDATE SKIP LOCKED gives
// each row to one of them.

export const MAIL_SWEEP_MS = 15_000;

const state = globalThis as unknown as { __mailSweep?: () => void };

/** Starts the sweep once per process; returns a function that stops it. */
export function scheduleMailDelivery(intervalMs = MAIL_SWEEP_MS): () => void {
  if (state.__mailSweep) return state.__mailSweep;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void deliverDueMail()
      .catch((error: Error) => log.warn({ err: error }, "[mail] delivery sweep failed"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  state.__mailSweep = () => {
    clearInterval(timer);
    state.__mailSweep = undefined;
  };
  return state.__mailSweep;
}
