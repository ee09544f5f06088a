import "server-only";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getDatabase } from "@/lib/db";
import { listEmbeddedJobs } from "./embedded";
import type { JobState, JobSummary } from "./types";

// What /jobs lists: the recent jobs of the caller's workspace (a payload's `workspaceId`)
// and the system jobs that carry none (retention, the privacy sweep: they cover every
// workspace and name none in their errors). Never the payload itself.

const ERROR_CHARS = 500;

export async function listRecentJobs({ actor, limit = 100 }: { actor: Actor; limit?: number }): Promise<JobSummary[]> {
  assertAdmin(actor);
  const database = await getDatabase();
  const jobs =
    database.mode === "server"
      ? await listServerJobs(database.sql, actor.workspaceId, limit)
      : listEmbeddedJobs().filter((job) => job.workspaceId === null || job.workspaceId === actor.workspaceId);
  return jobs.slice(0, limit).map((job) => ({ ...job, error: job.error && job.error.slice(0, ERROR_CHARS) }));
}

interface JobRow {
  id: string;
  name: string;
  state: JobState;
  attempts: number;
  workspace_id: string | null;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  error: string | null;
}

// pg-boss's tables: `job` (live) and `archive` (finished ones after 12 hours, dropped after
// 7 days). Its internal queues (__pgboss__...) are not the app's jobs. An error is an Error
// serialised ({message}), a string handed to fail() ({value}), or the expiry's {value:{message}}.
async function listServerJobs(
  sql: Awaited<ReturnType<typeof getDatabase>>["sql"],
  workspaceId: string,
  limit: number,
): Promise<JobSummary[]> {
  const [installed] = await sql.query<{ ok: boolean }>(`SELECT to_regclass('pgboss.archive') IS NOT NULL AS ok`);
  if (!installed?.ok) return [];
  const columns = "id, name, state, retry_count, started_on, data, created_on, completed_on, output";
  const rows = await sql.query<JobRow>(
    `SELECT id::text, name, state::text AS state,
            CASE WHEN started_on IS NULL THEN 0 ELSE retry_count + 1 END AS attempts,
            data->>'workspaceId' AS workspace_id, created_on, started_on,
            CASE WHEN state IN ('completed', 'failed', 'cancelled') THEN completed_on END AS completed_on,
            CASE WHEN state IN ('failed', 'retry') THEN
              COALESCE(output->>'message', output->'value'->>'message', output->>'value') END AS error
       FROM (SELECT ${columns} FROM pgboss.job UNION ALL SELECT ${columns} FROM pgboss.archive) AS jobs
      WHERE left(name, 10) <> '__pgboss__' AND (data->>'workspaceId' IS NULL OR data->>'workspaceId' = $1)
      ORDER BY created_on DESC, id DESC
      LIMIT $2`,
    [workspaceId, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    state: row.state,
    attempts: Number(row.attempts),
    workspaceId: row.workspace_id,
    createdAt: new Date(row.created_on),
    startedAt: row.started_on && new Date(row.started_on),
    finishedAt: row.completed_on && new Date(row.completed_on),
    error: row.error,
  }));
}
