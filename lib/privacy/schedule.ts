import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { defineJob, scheduleJob } from "@/lib/jobs";
import { resumeErasures } from "./erasure";
import { purgeOldPrivacyCodes } from "./verification";
import { log } from "@/lib/log";

// Erasures that stopped part-way are finished at start-up, before the app serves anyone:
// embedded, the data-folder lock makes this the only process, so it takes over every lease;
// on a server only expired leases (another process may be mid-job). A sweep every five
// minutes (a job, lib/jobs: once per mark across the cluster on a server) then picks up
// anything whose process died, and drops spent codes and their mail.

export const PRIVACY_SWEEP_JOB = "privacy.sweep";
export const PRIVACY_SWEEP_MS = 5 * 60_000;

defineJob(
  PRIVACY_SWEEP_JOB,
  async () => {
    await resumeErasures();
    await purgeOldPrivacyCodes();
  },
  // The next sweep is five minutes away: retrying sooner buys little.
  { payload: z.object({}), singleton: true, retryLimit: 1, retryDelaySeconds: 60, retryBackoff: false, expireInSeconds: 10 * 60 },
);

export async function completeUnfinishedErasures(): Promise<void> {
  const { completed, failed } = await resumeErasures({ takeOverLeases: env().databaseMode === "embedded" });
  if (completed.length > 0) log.info(`Completed ${completed.length} unfinished erasure request(s).`);
  if (failed.length > 0) log.warn(`${failed.length} erasure request(s) stopped again; they are retried every 5 minutes.`);
}

const state = globalThis as unknown as { __privacySweep?: () => void };

/** Whether the privacy sweep runs in this process (readiness, lib/health.ts). */
export function privacySweepScheduled(): boolean {
  return state.__privacySweep !== undefined;
}

/** Starts the sweep once per process (it runs once the job workers do); returns a function that stops it. */
export function schedulePrivacySweep(intervalMs = PRIVACY_SWEEP_MS): () => void {
  if (state.__privacySweep) return state.__privacySweep;
  const stop = scheduleJob(PRIVACY_SWEEP_JOB, { everyMinutes: Math.round(intervalMs / 60_000) });
  state.__privacySweep = () => {
    stop();
    state.__privacySweep = undefined;
  };
  return state.__privacySweep;
}
