import "server-only";
import { scheduleJob } from "@/lib/jobs";
import { MAIL_DELIVERY_JOB } from "./delivery";

// The sweep that sends queued replies and retries failed tries when their wait is over. A
// reply also queues a run as soon as it is written (deliverMailSoon); the sweep catches what
// that missed (a restart, a server that was down). A job (lib/jobs): on a server once a
// minute across the cluster, embedded a timer in this process; FOR UPDATE SKIP LOCKED gives
// each row to one run.

export const MAIL_SWEEP_MINUTES = 1;
/** Embedded: the first sweep after a start, without waiting for the minute. */
const FIRST_SWEEP_MS = 15_000;

const state = globalThis as unknown as { __mailSweep?: () => void };

/** Schedules the sweep once per process (it runs once the job workers do); returns a function that stops it. */
export function scheduleMailDelivery(): () => void {
  if (state.__mailSweep) return state.__mailSweep;
  const stop = scheduleJob(MAIL_DELIVERY_JOB, { everyMinutes: MAIL_SWEEP_MINUTES, firstDelayMs: FIRST_SWEEP_MS });
  state.__mailSweep = () => {
    stop();
    state.__mailSweep = undefined;
  };
  return state.__mailSweep;
}
