import pg from "pg";
import { z } from "zod";
import { defineJob } from "@/lib/jobs";

// Jobs the two-process tests of lib/jobs run: each run writes rows to job_test_runs (made
// by the test in its own database), so the test can count who ran what, and how often.

export const COUNT_JOB = "test.count";
export const SLOW_JOB = "test.slow";

let pool: pg.Pool | undefined;
const db = () => (pool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 }));

async function record(key: string, phase: string, attempt: number): Promise<void> {
  await db().query("INSERT INTO job_test_runs (key, pid, attempt, phase) VALUES ($1, $2, $3, $4)", [key, process.pid, attempt, phase]);
}

export function defineTestJobs(): void {
  defineJob(
    COUNT_JOB,
    async ({ key }, { attempt }) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await record(key, "done", attempt);
    },
    { payload: z.object({ key: z.string() }), retryLimit: 0 },
  );
  // The first attempt hangs (the test kills its process); a later one finishes.
  defineJob(
    SLOW_JOB,
    async ({ key }, { attempt }) => {
      await record(key, "started", attempt);
      if (attempt === 1) await new Promise((resolve) => setTimeout(resolve, 120_000));
      await record(key, "done", attempt);
    },
    { payload: z.object({ key: z.string() }), retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false, expireInSeconds: 3 },
  );
}

export async function closeTestJobs(): Promise<void> {
  await pool?.end();
  pool = undefined;
}
