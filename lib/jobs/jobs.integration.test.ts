import { type ChildProcess, spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { closeDatabase, getDatabase, getPrisma } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { requestStarted } from "@/lib/http/in-flight";
import { createLogger, currentRequestId, withLogContext } from "@/lib/log";
import { listRetentionRuns } from "@/lib/retention/run";
import { RETENTION_JOB } from "@/lib/retention/schedule";
import { COUNT_JOB, closeTestJobs, defineTestJobs, SLOW_JOB } from "@/test/jobs-fixtures";
import { makeAgent, makeWorkspace } from "@/test/factories";
import { RECENT_JOBS_KEPT } from "./embedded";
import {
  defineJob,
  enqueueJob,
  enqueueJobs,
  jobInsertStatement,
  nudgeJob,
  type JobSummary,
  scheduleJob,
  startJobWorkers,
  stopJobWorkers,
} from ".";
import { listRecentJobs } from "./recent";
import { prometheusText } from "@/lib/metrics/prometheus";
import { serverJobBacklogQuery } from "./backlog";

// The job API on both databases: pg-boss on PostgreSQL, the in-process queue embedded. On
// PostgreSQL, in a database of its own (pg-boss's schema and short maintenance interval
// stay out of the other files' way), with other OS processes running workers too.

const serverMode = process.env.TEST_DB_MODE === "postgres";
let databaseName = "";

async function ownDatabase(): Promise<string> {
  const adminUrl = inject("adminDatabaseUrl");
  databaseName = `recall_jobs_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${databaseName}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

const ran: Array<{ n: number; attempt: number }> = [];
const flakyAttempts = new Map<string, number>();

defineJob(
  "test.echo",
  ({ n }, { attempt }) => {
    ran.push({ n, attempt });
    return Promise.resolve();
  },
  { payload: z.object({ workspaceId: z.string().optional(), n: z.number() }) },
);
defineJob(
  "test.flaky",
  ({ key }) => {
    const tries = (flakyAttempts.get(key) ?? 0) + 1;
    flakyAttempts.set(key, tries);
    return tries < 3 ? Promise.reject(new Error(`flaky try ${tries}`)) : Promise.resolve();
  },
  { payload: z.object({ key: z.string() }), retryLimit: 3, retryDelaySeconds: 1, retryBackoff: true },
);
defineJob("test.doomed", () => Promise.reject(new Error("the mail server said no")), {
  payload: z.object({ workspaceId: z.string() }),
  retryLimit: 1,
  retryDelaySeconds: 0,
  retryBackoff: false,
});
defineJob(
  "test.sleepy",
  async ({ ms }) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  },
  { payload: z.object({ ms: z.number() }), retryLimit: 1, retryDelaySeconds: 60, retryBackoff: false },
);

let coalescedRuns = 0;
defineJob("test.coalesce", () => Promise.resolve(void (coalescedRuns += 1)), { payload: z.object({}), coalesce: true, retryLimit: 0 });

// Runs that wait until the test opens the gate.
let openGate = () => undefined as void;
const gate = new Promise<void>((resolve) => (openGate = resolve));
const gatedStarted: number[] = [];
defineJob(
  "test.gated",
  async ({ n }) => {
    gatedStarted.push(n);
    await gate;
  },
  { payload: z.object({ n: z.number() }), retryLimit: 0 },
);

// What a job writes to the log inside its handler: the context lib/log.ts gives its lines.
const tracedLines: Array<Record<string, unknown>> = [];
const tracedLog = createLogger({
  destination: { write: (line) => void tracedLines.push(JSON.parse(line) as Record<string, unknown>) },
  level: "info",
});
const tracedRuns: Array<{ n: number; requestId?: string }> = [];
defineJob(
  "test.traced",
  ({ n }) => {
    tracedRuns.push({ n, requestId: currentRequestId() });
    tracedLog.info({ n }, "traced");
    return Promise.resolve();
  },
  // Strict: the request id queued with the payload must be taken out before the schema reads it.
  { payload: z.strictObject({ n: z.number() }), retryLimit: 0 },
);

beforeAll(async () => {
  if (serverMode) {
    process.env.DATABASE_URL = await ownDatabase();
    delete (globalThis as { __appEnv?: unknown }).__appEnv;
    await closeDatabase();
  }
  await getDatabase();
  await startJobWorkers({ maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
}, 120_000);

afterAll(async () => {
  await stopJobWorkers(1000);
  await closeTestJobs();
  await closeDatabase();
  if (!databaseName) return;
  const admin = new pg.Client({ connectionString: inject("adminDatabaseUrl") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await admin.end();
});

async function until<T>(look: () => Promise<T | undefined> | T | undefined, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function jobOf(admin: Parameters<typeof listRecentJobs>[0]["actor"], id: string, state: JobSummary["state"]): Promise<JobSummary> {
  return until(
    async () => (await listRecentJobs({ actor: admin })).find((job) => job.id === id && job.state === state),
    `job ${id} ${state}`,
  );
}

describe("jobs", () => {
  it("lists nothing at first, then the workspace's own jobs and system jobs, newest first; only to admins", async () => {
    const ws = await makeWorkspace("jobs-list");
    const other = await makeWorkspace("jobs-other");
    expect(await listRecentJobs({ actor: ws.admin })).toEqual([]);
    await expect(listRecentJobs({ actor: await makeAgent(ws) })).rejects.toBeInstanceOf(ForbiddenError);

    const mine = await enqueueJob("test.echo", { workspaceId: ws.workspaceId, n: 1 });
    const theirs = await enqueueJob("test.echo", { workspaceId: other.workspaceId, n: 2 });
    const system = await enqueueJob("test.echo", { n: 3 });
    const listed = await until(async () => {
      const jobs = await listRecentJobs({ actor: ws.admin });
      return jobs.filter((job) => job.state === "completed").length === 2 ? jobs : undefined;
    }, "both jobs to complete");
    expect(listed.map((job) => job.id)).toEqual([system, mine]);
    expect(listed[1]).toMatchObject({ name: "test.echo", state: "completed", attempts: 1, workspaceId: ws.workspaceId, error: null });
    expect(listed[1]!.finishedAt!.getTime()).toBeGreaterThanOrEqual(listed[1]!.createdAt.getTime());
    expect((await listRecentJobs({ actor: other.admin })).map((job) => job.id)).toContain(theirs);
    expect(ran).toContainEqual({ n: 1, attempt: 1 });
  });

  it("refuses a payload its schema does not take, naming the field", async () => {
    const refused = await enqueueJob("test.echo", { n: "one" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors.n).toBeDefined();
    await expect(enqueueJob("test.nothing", {})).rejects.toThrow("No job is defined as test.nothing");
  });

  it("retries a failing job with backoff until it succeeds", async () => {
    const ws = await makeWorkspace("jobs-retry");
    const started = Date.now();
    const id = await enqueueJob("test.flaky", { key: ws.workspaceId });
    const done = await jobOf(ws.admin, id, "completed");
    expect(done.attempts).toBe(3);
    expect(flakyAttempts.get(ws.workspaceId)).toBe(3);
    // Backoff: at least 1 s then 2 s between the tries.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
  });

  it("keeps a job that failed past its retries as failed, with the error", async () => {
    const ws = await makeWorkspace("jobs-dead");
    const id = await enqueueJob("test.doomed", { workspaceId: ws.workspaceId });
    const failed = await jobOf(ws.admin, id, "failed");
    expect(failed).toMatchObject({ attempts: 2, error: "the mail server said no" });
    expect(failed.finishedAt).not.toBeNull();
  });

  it("runs retention as a job: each workspace gets a scheduled run", async () => {
    const ws = await makeWorkspace("jobs-retention");
    const id = await enqueueJob(RETENTION_JOB, {});
    await jobOf(ws.admin, id, "completed");
    expect((await listRetentionRuns({ workspaceId: ws.workspaceId })).map((run) => run.trigger)).toContain("schedule");
  });

  it("runs a job in the log context of the request that queued it, without the request's id in its payload", async () => {
    const queued = await withLogContext({ requestId: "req-traced-0001" }, () => enqueueJob("test.traced", { n: 1 }));
    const unrequested = await enqueueJob("test.traced", { n: 2 });
    await until(() => (tracedRuns.length >= 2 ? true : undefined), "both traced jobs to run");
    expect(tracedRuns).toEqual(
      expect.arrayContaining([
        { n: 1, requestId: "req-traced-0001" },
        { n: 2, requestId: undefined },
      ]),
    );
    const lineOf = (n: number) => tracedLines.find((line) => line.n === n);
    expect(lineOf(1)).toMatchObject({ requestId: "req-traced-0001", jobId: queued, job: "test.traced", msg: "traced" });
    expect(lineOf(2)).toMatchObject({ jobId: unrequested, job: "test.traced" });
    expect(lineOf(2)).not.toHaveProperty("requestId");
  });

  it.runIf(serverMode)("queues a job in the caller's own statement with the queue's rules, as send does, and runs it once", async () => {
    const db = await getPrisma();
    await enqueueJob("test.flaky", { key: "sent-for-comparison" });
    const statement = await withLogContext({ requestId: "req-statement-0001" }, () => jobInsertStatement("test.traced", { n: 3 }));
    const flaky = await jobInsertStatement("test.flaky", { key: "in-a-statement" });
    // As a writer uses them: data-modifying WITH clauses of one statement.
    await db.$queryRaw`WITH a AS (${statement!}), b AS (${flaky!}) SELECT 1`;
    await until(() => (tracedRuns.some((run) => run.n === 3) ? true : undefined), "the job queued by a statement");
    expect(tracedRuns.filter((run) => run.n === 3)).toEqual([{ n: 3, requestId: "req-statement-0001" }]);
    const rules = `retry_limit, retry_delay, retry_backoff, expire_in::text, policy, dead_letter, date_trunc('minute', keep_until - created_on)::text AS kept`;
    const rows = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT ${rules} FROM pgboss.job WHERE name = 'test.flaky' AND data->>'key' IN ('sent-for-comparison', 'in-a-statement') ORDER BY data->>'key'`,
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(rows[1]);
    expect(rows[0]).toMatchObject({ retry_limit: 3, retry_delay: 1, retry_backoff: true });
  });

  it.runIf(!serverMode)("embedded: runs one job at a time beside requests in flight, the rest once none is", async () => {
    const ended = requestStarted();
    const started = Date.now();
    await enqueueJob("test.sleepy", { ms: 1500 });
    await enqueueJob("test.echo", { n: 77 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ran.some((run) => run.n === 77)).toBe(false);
    ended();
    await until(() => (ran.some((run) => run.n === 77) ? true : undefined), "the held job");
    // It ran beside the first once the request ended, not after it.
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it.runIf(serverMode)("server: holds jobs while the process serves requests, and runs them once none is", async () => {
    const ended = requestStarted();
    await enqueueJob("test.echo", { n: 78 });
    // pg-boss's workers poll every 0.5 s here: time for the job to be fetched, and held.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(ran.some((run) => run.n === 78)).toBe(false);
    expect(await prometheusText()).toMatch(/^recall_jobs_held\{job="test\.echo"\} 1$/m);
    const released = Date.now();
    ended();
    await until(() => (ran.some((run) => run.n === 78) ? true : undefined), "the held job");
    expect(Date.now() - released).toBeLessThan(1000);
    expect(await prometheusText()).toMatch(/^recall_jobs_held\{job="test\.echo"\} 0$/m);
  });

  it.runIf(!serverMode)("embedded: a backlog queued at once runs each job once, in order, and the page keeps the newest", async () => {
    const ws = await makeWorkspace("jobs-backlog");
    const first = 100_000;
    const count = 3000;
    const ids = await enqueueJobs(
      "test.echo",
      Array.from({ length: count }, (_, i) => ({ workspaceId: ws.workspaceId, n: first + i })),
    );
    expect(new Set(ids).size).toBe(count);
    await until(() => (ran.filter((run) => run.n >= first).length >= count ? true : undefined), "the backlog");
    const backlog = ran.filter((run) => run.n >= first).map((run) => run.n);
    expect(backlog).toEqual(Array.from({ length: count }, (_, i) => first + i));
    const listed = (await listRecentJobs({ actor: ws.admin })).filter((job) => job.name === "test.echo");
    expect(listed.length).toBeLessThanOrEqual(RECENT_JOBS_KEPT);
    // The newest kept: the last job queued is listed, the first is not.
    expect(listed.map((job) => job.id)).toContain(ids.at(-1));
    expect(listed.map((job) => job.id)).not.toContain(ids[0]);
    // One bad payload: none of them is queued.
    const other = await makeWorkspace("jobs-backlog-refused");
    await expect(
      enqueueJobs("test.echo", [
        { workspaceId: other.workspaceId, n: 1 },
        { workspaceId: other.workspaceId, n: "two" },
      ]),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await listRecentJobs({ actor: other.admin })).filter((job) => job.workspaceId === other.workspaceId)).toEqual([]);
  });

  it.runIf(serverMode)("runs queued jobs back to back, not one per polling interval", async () => {
    await stopJobWorkers(1000);
    const first = 200_000;
    try {
      // Queued first: the queue is started again by this, with pg-boss's 2 s polling interval.
      for (let n = first; n < first + 5; n += 1) await enqueueJob("test.echo", { n });
      await startJobWorkers({ maintenanceIntervalSeconds: 1 });
      // One job per interval would take 8 s and more for five.
      await until(() => (ran.filter((run) => run.n >= first).length >= 5 ? true : undefined), "the five jobs", 6_000);
    } finally {
      await stopJobWorkers(1000);
      await startJobWorkers({ maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
    }
  });

  it("queues a coalescing job once while a run of it waits, and that run does the work", async () => {
    const ws = await makeWorkspace("jobs-coalesce");
    await stopJobWorkers(1000);
    try {
      expect(await nudgeJob("test.coalesce")).toBe(true);
      expect(await nudgeJob("test.coalesce")).toBe(false);
      expect(await nudgeJob("test.coalesce")).toBe(false);
      await expect(enqueueJob("test.coalesce", {})).rejects.toThrow(/nudgeJob/);
      await expect(nudgeJob("test.echo", { n: 1 })).rejects.toThrow(/enqueueJob/);
    } finally {
      await startJobWorkers({ maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
    }
    await until(() => (coalescedRuns > 0 ? true : undefined), "the coalesced run");
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a second run would show by now
    expect(coalescedRuns).toBe(1);
    const runs = (await listRecentJobs({ actor: ws.admin })).filter((job) => job.name === "test.coalesce");
    expect(runs.map((job) => job.state)).toEqual(["completed"]);
    if (serverMode) {
      // The queues keep their policies when the workers start again (pg-boss's updateQueue resets a missing one).
      const rows = await (
        await getDatabase()
      ).sql.query<{ name: string; policy: string }>("SELECT name, policy FROM pgboss.queue WHERE name = ANY($1::text[]) ORDER BY name", [
        [RETENTION_JOB, "test.coalesce"],
      ]);
      expect(rows).toEqual([
        { name: RETENTION_JOB, policy: "singleton" },
        { name: "test.coalesce", policy: "stately" },
      ]);
    }
  });

  it("reports each job's waiting runs, its runs in progress and how they ended, in the Prometheus text", async () => {
    const line = (text: string, name: string) => new RegExp(`^${name}\\{job="test\\.gated"\\} (\\S+)$`, "m").exec(text)?.[1];
    expect(line(await prometheusText(), "recall_jobs_running")).toBeUndefined();

    await enqueueJob("test.gated", { n: 1 }, { startAfterSeconds: 3600 });
    await enqueueJob("test.gated", { n: 2 });
    await until(() => (gatedStarted.includes(2) ? true : undefined), "the due run to start");
    // One run at a time (concurrency 1): the third waits, due.
    await enqueueJob("test.gated", { n: 3 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    let text = await prometheusText();
    expect(line(text, "recall_jobs_running")).toBe("1");
    expect(line(text, "recall_jobs_scheduled_later")).toBe("1");
    expect(line(text, "recall_jobs_due")).toBe("1");
    expect(Number(line(text, "recall_job_oldest_due_seconds"))).toBeGreaterThan(0);

    openGate();
    text = await until(async () => {
      const now = await prometheusText();
      return /^recall_job_duration_seconds_count\{job="test\.gated",outcome="completed"\} 2$/m.test(now) ? now : undefined;
    }, "both due runs to complete");
    expect(gatedStarted).toEqual([2, 3]);
    expect(line(text, "recall_jobs_running")).toBe("0");
    expect(line(text, "recall_jobs_due")).toBe("0");
    expect(line(text, "recall_jobs_scheduled_later")).toBe("1");
    if (serverMode) {
      // A scrape reads only the waiting jobs, through pg-boss's index of them, never the finished ones.
      const plan = await (
        await getDatabase()
      ).sql.transaction(async (tx) => {
        await tx.query("SET LOCAL enable_seqscan = off");
        const [row] = await tx.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${serverJobBacklogQuery}`);
        return row!["QUERY PLAN"];
      });
      expect(JSON.stringify(plan)).not.toContain("Seq Scan");
    }
  });

  it.runIf(!serverMode)("runs a schedule in-process, first after its delay", async () => {
    const ws = await makeWorkspace("jobs-schedule");
    const before = ran.length;
    defineJob("test.tick", () => Promise.resolve(void ran.push({ n: -1, attempt: 1 })), { payload: z.object({}) });
    const stop = scheduleJob("test.tick", { everyMinutes: 60, firstDelayMs: 50 });
    await until(() => (ran.length > before ? true : undefined), "the scheduled run");
    stop();
    expect((await listRecentJobs({ actor: ws.admin })).find((job) => job.name === "test.tick")?.state).toBe("completed");
  });
});

// Two more OS processes run workers against this file's database (test/jobs-child.ts); this
// one stops its own first, so that only they run the jobs it enqueues.
describe.runIf(serverMode)("jobs across processes", () => {
  const children: ChildProcess[] = [];
  let client: pg.Client;

  function startChild(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/jobs-child.ts"], {
      env: { ...process.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    return new Promise((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("ready")) resolve(child);
      });
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", (code) => reject(new Error(`job child exited (${code}) before it was ready: ${output}`)));
    });
  }

  const rows = async (key: string) =>
    (
      await client.query<{ pid: number; attempt: number; phase: string }>("SELECT pid, attempt, phase FROM job_test_runs WHERE key = $1", [
        key,
      ])
    ).rows;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query("CREATE TABLE job_test_runs (key text NOT NULL, pid int NOT NULL, attempt int NOT NULL, phase text NOT NULL)");
    await stopJobWorkers(1000);
    defineTestJobs();
    await Promise.all([startChild(), startChild()]);
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await client?.end();
  });

  it("runs each of N jobs once though both processes run workers", async () => {
    const keys = Array.from({ length: 40 }, (_, index) => `count-${index}`);
    for (const key of keys) await enqueueJob(COUNT_JOB, { key });
    const done = await until(async () => {
      const { rows: found } = await client.query<{ key: string; pid: number }>(
        "SELECT key, pid FROM job_test_runs WHERE key LIKE 'count-%'",
      );
      return found.length >= keys.length ? found : undefined;
    }, "every job to run");
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a second run would show by now
    const { rows: all } = await client.query<{ key: string; pid: number }>("SELECT key, pid FROM job_test_runs WHERE key LIKE 'count-%'");
    expect(all.map((row) => row.key).sort()).toEqual([...keys].sort());
    expect(new Set(done.map((row) => row.pid)).size).toBe(2);
    expect(done.map((row) => row.pid)).not.toContain(process.pid);
  });

  it("runs a job whose process was killed mid-run again in the other process, once, after its expiry", async () => {
    const ws = await makeWorkspace("jobs-kill");
    const id = await enqueueJob(SLOW_JOB, { key: "slow" });
    const [started] = await until(async () => {
      const found = await rows("slow");
      return found.length > 0 ? found : undefined;
    }, "a process to start the job");
    const victim = children.find((child) => child.pid === started!.pid)!;
    victim.kill("SIGKILL");
    const finished = await until(
      async () => (await rows("slow")).find((row) => row.phase === "done"),
      "the job to finish elsewhere",
      30_000,
    );
    expect(finished.pid).not.toBe(victim.pid);
    expect(finished.attempt).toBe(2);
    const job = await jobOf(ws.admin, id, "completed");
    expect(job.attempts).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await rows("slow")).filter((row) => row.phase === "done")).toHaveLength(1);
  });

  it("hands a job still running at shutdown back for a retry", async () => {
    const ws = await makeWorkspace("jobs-stop");
    await startJobWorkers({ maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
    const id = await enqueueJob("test.sleepy", { ms: 10_000 });
    await jobOf(ws.admin, id, "active");
    await stopJobWorkers(1000);
    const job = await jobOf(ws.admin, id, "retry");
    expect(job.error).toBe("pg-boss shut down while active");
  });
});
