import "server-only";
import { getDatabase } from "@/lib/db";
import { embeddedBacklog } from "./embedded";

// What /api/metrics reports of the job queues: per job, the runs whose time has come (queued,
// or a retry whose wait is over), the runs waiting for a later time (a retry's backoff, a
// delayed start), and how long the oldest due run has waited. On a server from pg-boss's
// table, through its index of waiting jobs (job_i5: state before active), so that a scrape
// never reads the finished jobs the table keeps; embedded from the in-process queue.

export interface JobBacklog {
  job: string;
  due: number;
  later: number;
  oldestDueSeconds: number;
}

/** pg-boss's internal queues (__pgboss__...) are not the app's jobs. */
export const serverJobBacklogQuery = `
  SELECT name AS job,
         count(*) FILTER (WHERE start_after <= now())::int AS due,
         count(*) FILTER (WHERE start_after > now())::int AS later,
         coalesce(extract(epoch FROM now() - min(start_after) FILTER (WHERE start_after <= now())), 0)::float8 AS oldest_due_seconds
    FROM pgboss.job
   WHERE state < 'active' AND left(name, 10) <> '__pgboss__'
   GROUP BY name`;

export async function jobBacklog(): Promise<JobBacklog[]> {
  const database = await getDatabase();
  if (database.mode !== "server") return embeddedBacklog(Date.now());
  const [installed] = await database.sql.query<{ ok: boolean }>(`SELECT to_regclass('pgboss.job') IS NOT NULL AS ok`);
  if (!installed?.ok) return [];
  const rows = await database.sql.query<{ job: string; due: number; later: number; oldest_due_seconds: number }>(serverJobBacklogQuery, []);
  return rows.map((row) => ({
    job: row.job,
    due: Number(row.due),
    later: Number(row.later),
    oldestDueSeconds: Number(row.oldest_due_seconds),
  }));
}
