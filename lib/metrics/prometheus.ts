import "server-only";
import { Counter, Gauge, Registry } from "prom-client";
import { getDatabase } from "@/lib/db";
import { jobBacklog } from "@/lib/jobs/backlog";
import { listJobDefinitions } from "@/lib/jobs/registry";
import { processMetricsText } from "./registry";

// The Prometheus endpoint's text (/api/metrics): the processes' own metrics (lib/metrics/
// registry.ts: request durations, pools, Node's figures; every worker's under a cluster),
// then what the database says, read once per scrape by the process that answers it.
//
// A scrape must cost the same at a million rows as at a thousand: table sizes are the
// catalogue's estimates, queues and backlogs are counted through an index on their state
// (only the rows still waiting), and usage comes from counters maintained as it happens
// (memory_usage). prometheus.integration.test.ts checks every plan for a scan of a big table.
// Jobs: per process, attempts by outcome and those running (lib/metrics/registry.ts); per
// queue, the backlog (lib/jobs/backlog.ts).

/** Tables whose size is reported, from the catalogue. */
export const estimatedTables = [
  "tickets",
  "messages",
  "customers",
  "drafts",
  "memories",
  "memory_history",
  "audit_logs",
  "mail_deliveries",
] as const;

/** Every query a scrape runs, by what it feeds; exported so the test can EXPLAIN them. */
export const scrapeQueries = {
  // reltuples is refreshed by VACUUM and ANALYZE (autovacuum; the embedded maintenance);
  // n_live_tup by every commit, but it restarts at 0 after a crash. The statistics, when
  // they have seen rows, else the last ANALYZE.
  tableRows: {
    sql: `SELECT c.relname AS "table",
                 CASE WHEN coalesce(s.n_live_tup, 0) > 0 THEN s.n_live_tup::float8 ELSE greatest(c.reltuples, 0)::float8 END AS "rows"
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
           WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname = ANY($1::text[])`,
    params: [[...estimatedTables]],
  },
  // The backlog only (open and pending), one index range per workspace: resolved and
  // closed tickets, which grow without end, are not read.
  ticketBacklog: {
    sql: `SELECT w.slug, b.status, b.n
            FROM workspaces w
            CROSS JOIN LATERAL (
              SELECT t.status::text AS status, count(*)::int AS n
                FROM tickets t
               WHERE t.workspace_id = w.id AND t.status IN ('OPEN', 'PENDING')
               GROUP BY t.status
            ) b`,
    params: [],
  },
  // The (status, next_at) index: sent and stored mail, the bulk of the table, is not read.
  mailQueue: {
    sql: `SELECT d.status, count(*)::int AS n,
                 count(*) FILTER (WHERE d.status = 'queued' AND d.next_at <= now())::int AS due,
                 coalesce(extract(epoch FROM now() - min(d.next_at) FILTER (WHERE d.status = 'queued' AND d.next_at <= now())), 0)::float8 AS oldest_due_seconds
            FROM mail_deliveries d
           WHERE d.status IN ('queued', 'sending', 'failed', 'bounced')
           GROUP BY d.status`,
    params: [],
  },
  erasures: {
    sql: `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(e.created_at)), 0)::float8 AS oldest_seconds
            FROM erasure_requests e
           WHERE e.status = 'pending'`,
    params: [],
  },
  retention: {
    sql: `SELECT w.slug, extract(epoch FROM r.started_at)::float8 AS started
            FROM workspaces w
            CROSS JOIN LATERAL (
              SELECT started_at FROM retention_runs WHERE workspace_id = w.id ORDER BY started_at DESC LIMIT 1
            ) r`,
    params: [],
  },
  // Counters kept by lib/metrics/usage.ts (one row per workspace, day, kind, scope, model).
  usage: {
    sql: `SELECT w.slug, u.kind, u.scope, u.model,
                 sum(u.events)::float8 AS events, sum(u.input_tokens)::float8 AS input, sum(u.output_tokens)::float8 AS output
            FROM memory_usage u
            JOIN workspaces w ON w.id = u.workspace_id
           GROUP BY 1, 2, 3, 4`,
    params: [],
  },
} satisfies Record<string, { sql: string; params: unknown[] }>;

type Rows<K extends string> = Array<Record<K, string | number>>;

/** The database's figures, as Prometheus text. */
export async function databaseMetricsText(): Promise<string> {
  const { sql } = await getDatabase();
  const run = <K extends string>(query: { sql: string; params: unknown[] }) =>
    sql.query<Record<K, string | number>>(query.sql, query.params);
  const [jobs, tableRows, backlog, mail, erasures, retention, usage] = await Promise.all([
    jobBacklog(),
    run<"table" | "rows">(scrapeQueries.tableRows),
    run<"slug" | "status" | "n">(scrapeQueries.ticketBacklog),
    run<"status" | "n" | "due" | "oldest_due_seconds">(scrapeQueries.mailQueue),
    run<"n" | "oldest_seconds">(scrapeQueries.erasures),
    run<"slug" | "started">(scrapeQueries.retention),
    run<"slug" | "kind" | "scope" | "model" | "events" | "input" | "output">(scrapeQueries.usage),
  ]);
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });

  const rows = gauge("recall_table_rows_estimated", "Rows per table, as the database's statistics estimate them (no count).", ["table"]);
  for (const row of tableRows as Rows<"table" | "rows">) rows.set({ table: String(row.table) }, Number(row.rows));

  const tickets = gauge(
    "recall_tickets",
    "Open and pending tickets (the backlog) by workspace and status; resolved and closed are in recall_table_rows_estimated.",
    ["workspace", "status"],
  );
  for (const row of backlog as Rows<"slug" | "status" | "n">)
    tickets.set({ workspace: String(row.slug), status: String(row.status) }, Number(row.n));

  const deliveries = gauge("recall_mail_deliveries", "Mail deliveries still waiting (queued, sending) or given up (failed, bounced).", [
    "status",
  ]);
  const due = gauge("recall_mail_deliveries_due", "Queued mail whose time to be tried has come.");
  const oldestDue = gauge("recall_mail_oldest_due_seconds", "How long the longest-waiting due mail has waited.");
  for (const status of ["queued", "sending", "failed", "bounced"]) deliveries.set({ status }, 0);
  due.set(0);
  oldestDue.set(0);
  for (const row of mail as Rows<"status" | "n" | "due" | "oldest_due_seconds">) {
    deliveries.set({ status: String(row.status) }, Number(row.n));
    if (row.status === "queued") {
      due.set(Number(row.due));
      oldestDue.set(Number(row.oldest_due_seconds));
    }
  }

  const jobsDue = gauge("recall_jobs_due", "Job runs whose time has come (queued, or a retry whose wait is over), by job.", ["job"]);
  const jobsLater = gauge(
    "recall_jobs_scheduled_later",
    "Job runs waiting for a later time (a retry's backoff, a delayed start), by job.",
    ["job"],
  );
  const jobOldestDue = gauge("recall_job_oldest_due_seconds", "How long the longest-waiting due run of each job has waited.", ["job"]);
  // Every job this process knows reads 0 when nothing of it waits, rather than vanishing.
  for (const { name } of listJobDefinitions()) {
    jobsDue.set({ job: name }, 0);
    jobsLater.set({ job: name }, 0);
    jobOldestDue.set({ job: name }, 0);
  }
  for (const row of jobs) {
    jobsDue.set({ job: row.job }, row.due);
    jobsLater.set({ job: row.job }, row.later);
    jobOldestDue.set({ job: row.job }, row.oldestDueSeconds);
  }

  const erasure = (erasures as Rows<"n" | "oldest_seconds">)[0];
  gauge("recall_erasure_requests_pending", "GDPR erasures not finished yet.").set(Number(erasure?.n ?? 0));
  gauge("recall_erasure_oldest_pending_seconds", "How long the oldest unfinished erasure has waited.").set(
    Number(erasure?.oldest_seconds ?? 0),
  );

  const lastRetention = gauge("recall_retention_last_run_timestamp_seconds", "When each workspace's latest retention run started.", [
    "workspace",
  ]);
  for (const row of retention as Rows<"slug" | "started">) lastRetention.set({ workspace: String(row.slug) }, Number(row.started));

  const llmCalls = counter("recall_llm_calls_total", "Chat-model calls by workspace, purpose and model.", [
    "workspace",
    "purpose",
    "model",
  ]);
  const promptTokens = counter("recall_llm_prompt_tokens_total", "Prompt tokens sent to the chat model.", [
    "workspace",
    "purpose",
    "model",
  ]);
  const completionTokens = counter("recall_llm_completion_tokens_total", "Completion tokens the chat model wrote.", [
    "workspace",
    "purpose",
    "model",
  ]);
  const memoryOperations = counter("recall_memory_operations_total", "Memory searches and writes by workspace and scope.", [
    "workspace",
    "kind",
    "scope",
  ]);
  const embeddingTokens = counter("recall_embedding_tokens_total", "Tokens given to the embedder (queries and writes).", [
    "workspace",
    "kind",
    "model",
  ]);
  for (const row of usage as Rows<"slug" | "kind" | "scope" | "model" | "events" | "input" | "output">) {
    const workspace = String(row.slug);
    const kind = String(row.kind);
    if (kind === "llm") {
      const labels = { workspace, purpose: String(row.scope), model: String(row.model) };
      llmCalls.inc(labels, Number(row.events));
      promptTokens.inc(labels, Number(row.input));
      completionTokens.inc(labels, Number(row.output));
    } else if (kind === "search" || kind === "write") {
      memoryOperations.inc({ workspace, kind, scope: String(row.scope) }, Number(row.events));
    } else {
      embeddingTokens.inc({ workspace, kind, model: String(row.model) }, Number(row.input));
    }
  }
  return registry.metrics();
}

/** The whole scrape: the processes' metrics, then the database's. */
export async function prometheusText(): Promise<string> {
  const [processes, database] = await Promise.all([processMetricsText(), databaseMetricsText()]);
  return `${processes.trimEnd()}\n\n${database}`;
}
