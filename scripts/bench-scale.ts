// `npm run bench:scale -- [--scale S] [--tickets N] [--customers N] [--memories N] [--audit N]
//    [--requests R] [--workers W] [--port P] [--keep] [--json]`
// One workspace at the size of a large team on PostgreSQL (default 100,000 tickets, 10,000
// customers, 1,000,000 memories, 1,000,000 audit entries; --scale multiplies them), loaded in
// bulk in the form the app reads (scripts/bench-scale-load.ts), then served as `npm start`
// serves it (scripts/server.ts, the production build, WEB_CONCURRENCY processes) and measured:
//   - start to ready: spawn until /api/health/ready answers 200 (and until every process serves),
//     for the first start (which runs the one-time pass over personal data loaded around the
//     app) and for a restart;
//   - the inbox (an agent), the ticket page (20 tickets in turn) and the audit page (an admin):
//     R sequential requests each, time to the last byte (pages stream behind loading.tsx, so the
//     first byte is only the shell) and to the first byte; the audit page's first view walks the
//     whole chain and writes the first checkpoint, so it is reported apart from later views;
//   - the sign-in page as the framework's floor, before and after the pages, in the same run;
//   - the ticket page's memory context (getTicketMemoryContext, called only by the page's server
//     component): timed in this process on the same database once the server has stopped.
// The database (recall_bench_scale_<pid> on TEST_DATABASE_URL's server) is dropped afterwards
// unless --keep.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineCommandLine, exitWithUsage, readCommandLine } from "./lib/args";
import { signIn } from "./lib/sign-in";
import { ensureBuild, serverArgs } from "./lib/build";
import { createScratchDatabase } from "./scratch-database";

const commandLine = defineCommandLine({
  name: "bench:scale",
  usage: [
    "npm run bench:scale -- [--scale S] [--tickets N] [--customers N] [--memories N] [--audit N] [--requests R] [--workers W] [--port P] [--keep] [--json]",
  ],
  summary:
    "Loads one workspace of 100,000 tickets, 10,000 customers, 1,000,000 memories and 1,000,000 audit entries (times --scale)\non PostgreSQL, serves it with the production build and measures start to ready and the inbox, ticket and audit pages.",
  options: {
    scale: { type: "string", value: "S", description: "multiplies every default size (default 1; 0.01 for a quick check)" },
    tickets: { type: "string", value: "N", description: "tickets (default 100000 x S)" },
    customers: { type: "string", value: "N", description: "customers (default 10000 x S)" },
    memories: { type: "string", value: "N", description: "memories (default 1000000 x S)" },
    audit: { type: "string", value: "N", description: "audit entries (default 1000000 x S)" },
    requests: { type: "string", value: "R", description: "sequential requests per page (default 100)" },
    workers: { type: "string", value: "W", description: "app processes (WEB_CONCURRENCY, default 2)" },
    port: { type: "string", value: "P", description: "port for the server under test (default 3279)" },
    keep: { type: "boolean", description: "leave the database in place and print how to serve it" },
    json: { type: "boolean", description: "print the results as JSON, without progress lines" },
  },
});
const { values } = readCommandLine(commandLine);
const scale = Number(values.scale ?? "1");
const sized = (value: string | undefined, base: number, least: number) =>
  value === undefined ? Math.max(least, Math.round(base * scale)) : Number(value);
const size = {
  tickets: sized(values.tickets, 100_000, 100),
  customers: sized(values.customers, 10_000, 10),
  memories: sized(values.memories, 1_000_000, 100),
  audit: sized(values.audit, 1_000_000, 100),
};
const requests = Number(values.requests ?? "100");
const workers = Number(values.workers ?? "2");
const port = Number(values.port ?? "3279");
const keep = values.keep ?? false;
const asJson = values.json ?? false;
if (!(scale > 0) || Object.values(size).some((n) => !Number.isInteger(n) || n < 1) || !(requests >= 5) || !(workers >= 1)) {
  exitWithUsage(commandLine, "--scale must be above 0, sizes whole numbers of at least 1, --requests at least 5, --workers at least 1");
}
const log = (message: string) => {
  if (!asJson) process.stderr.write(`${message}\n`);
};
const password = "bench-scale-password-1";

// --- the database and the environment the server will share ------------------------------
const scratch = await createScratchDatabase("recall_bench_scale");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-scale-"));
Object.assign(process.env, {
  DATABASE_URL: scratch.url,
  DATA_DIR: dataDir,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  APP_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  MEM0_TELEMETRY: "false",
  MEM0_DIR: path.join(dataDir, "mem0"),
  NEXT_TELEMETRY_DISABLED: "1",
  SEED_DEMO: "",
});
delete process.env.OPENAI_API_KEY;
let server: ChildProcess | undefined;
const cleanUp = async () => {
  server?.kill("SIGTERM");
  await closeDatabase().catch(() => undefined);
  if (!keep) await scratch.drop().catch((error: Error) => console.error(`could not drop the benchmark database: ${error.message}`));
  fs.rmSync(dataDir, { recursive: true, force: true });
};
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

const { getDatabase, closeDatabase } = await import("../lib/db");
const { loadWorkspace } = await import("./bench-scale-load");

const quantile = (times: number[], q: number) => {
  const sorted = [...times].sort((left, right) => left - right);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1));
};
const summary = (times: number[]) => ({
  n: times.length,
  p50_ms: quantile(times, 0.5),
  p95_ms: quantile(times, 0.95),
  max_ms: quantile(times, 1),
});

try {
  // --- load -------------------------------------------------------------------------------------
  const db = await getDatabase();
  log(
    `loading ${size.tickets.toLocaleString("en")} tickets, ${size.customers.toLocaleString("en")} customers, ` +
      `${size.memories.toLocaleString("en")} memories, ${size.audit.toLocaleString("en")} audit entries into ${new URL(scratch.url).pathname.slice(1)}`,
  );
  const loadStarted = performance.now();
  const loaded = await loadWorkspace({ sql: db.sql, size, password, log });
  const loadSeconds = Number(((performance.now() - loadStarted) / 1000).toFixed(1));
  const [sizes] = await db.sql.query<{ database: string; memories: string; audit: string; tickets: string; messages: string }>(
    `SELECT pg_database_size(current_database()) AS database, pg_total_relation_size('memories') AS memories,
            pg_total_relation_size('audit_logs') AS audit, pg_total_relation_size('tickets') AS tickets, pg_total_relation_size('messages') AS messages`,
  );
  const mb = (bytes: string | undefined) => Math.round(Number(bytes) / 1e6);
  const diskMb = {
    database: mb(sizes?.database),
    memories: mb(sizes?.memories),
    audit_logs: mb(sizes?.audit),
    tickets: mb(sizes?.tickets),
    messages: mb(sizes?.messages),
  };
  log(`loaded in ${loadSeconds} s (${JSON.stringify(loaded.seconds)}); database ${diskMb.database} MB`);
  await closeDatabase();

  // --- serve it as npm start does ---------------------------------------------------------------
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    WEB_CONCURRENCY: String(workers),
    // startServer reads the "App process N is serving" info lines.
    LOG_LEVEL: "info",
  };
  ensureBuild(env);
  const base = `http://127.0.0.1:${port}`;
  // The first start on data loaded around the app runs the one-time pass over personal data
  // (lib/crypto/complete-pass.ts); a restart reads one row instead. Both are timed.
  const firstStart = await startServer(env, base);
  log(`first start: ready ${firstStart.readyMs} ms; all ${workers} processes serving at ${firstStart.allServingMs ?? "?"} ms`);
  await stopServer();
  const restart = await startServer(env, base);
  log(`restart:     ready ${restart.readyMs} ms; all ${workers} processes serving at ${restart.allServingMs ?? "?"} ms`);

  const agent = await signIn(base, { email: loaded.agent.email, password });
  const admin = await signIn(base, { email: loaded.admin.email, password });
  const ticketUrl = (index: number) => `${base}/tickets/${loaded.sampleTickets[index % loaded.sampleTickets.length]}`;
  // What each page shows when it worked: the decrypted customer name and memory; a verified chain.
  const pages = { login: /<form/, inbox: />Inbox</, ticket: /id="ticket-subject"[\s\S]*Customer \d+/, audit: /Chain verified/ };

  // The first views after a start: each process reads the team's knowledge into its cache.
  const firstTicketViews: number[] = [];
  for (let index = 0; index < Math.max(2, workers); index++)
    firstTicketViews.push((await timePage(ticketUrl(index), agent, pages.ticket)).total);
  log(`first ticket page views (cold caches): ${firstTicketViews.map((ms) => `${ms.toFixed(0)} ms`).join(", ")}`);

  const measure = async (label: string, url: (index: number) => string, expect: RegExp, cookie?: string) => {
    for (let index = 0; index < 10; index++) await timePage(url(index), cookie, expect); // warm-up
    const total: number[] = [];
    const first: number[] = [];
    for (let index = 0; index < requests; index++) {
      const time = await timePage(url(index), cookie, expect);
      total.push(time.total);
      first.push(time.firstByte);
    }
    const figures = { ...summary(total), first_byte_p50_ms: quantile(first, 0.5), first_byte_p95_ms: quantile(first, 0.95) };
    log(`${label.padEnd(36)} p50 ${figures.p50_ms} ms  p95 ${figures.p95_ms} ms  (first byte p50 ${figures.first_byte_p50_ms} ms)`);
    return figures;
  };
  log(`\nsequential requests, ${requests} each after 10 warm-up requests; time to the last byte`);
  const loginBefore = await measure("baseline: sign-in page /login", () => `${base}/login`, pages.login);
  const inbox = await measure("inbox /inbox (agent)", () => `${base}/inbox`, pages.inbox, agent);
  const ticketPage = await measure("ticket page /tickets/<id> (agent)", ticketUrl, pages.ticket, agent);
  const auditFirst = await timePage(`${base}/audit`, admin, pages.audit);
  log(`audit page, first view (walks the chain, writes a checkpoint): ${auditFirst.total.toFixed(0)} ms`);
  const audit = await measure("audit page /audit, later views", () => `${base}/audit`, pages.audit, admin);
  const loginAfter = await measure("baseline: sign-in page /login, again", () => `${base}/login`, pages.login);

  await stopServer();

  // --- the ticket page's memory context, in this process ------------------------------------------
  const { getTicketMemoryContext } = await import("../lib/support/memory-context");
  const actor = {
    userId: loaded.agent.id,
    workspaceId: loaded.workspaceId,
    role: "AGENT" as const,
    name: "Agent 3",
    email: loaded.agent.email,
  };
  const contextTimes: number[] = [];
  let started = performance.now();
  const shown = await getTicketMemoryContext({ actor, ticketId: loaded.sampleTickets[0]! });
  const contextColdMs = Number((performance.now() - started).toFixed(1));
  for (let index = 0; index < requests; index++) {
    started = performance.now();
    await getTicketMemoryContext({ actor, ticketId: loaded.sampleTickets[index % loaded.sampleTickets.length]! });
    contextTimes.push(performance.now() - started);
  }
  // The panes must have something to show: the sealed rows opened, the copies found by their owners.
  const found = { customer: shown.customer.length, agent: shown.agent.length, session: shown.session.length, steps: shown.steps.length };
  if (found.customer === 0 || found.agent === 0) throw new Error(`the memory context found nothing: ${JSON.stringify(found)}`);
  const context = { ...summary(contextTimes), first_call_ms: contextColdMs, results: found };
  log(
    `${"memory context (in process)".padEnd(36)} p50 ${context.p50_ms} ms  p95 ${context.p95_ms} ms  (first call ${contextColdMs} ms; ${JSON.stringify(found)} shown)`,
  );

  const result = {
    db: "postgres",
    workers,
    requests,
    ...size,
    messages: loaded.messages,
    load_s: loadSeconds,
    load_phases_s: loaded.seconds,
    disk_mb: diskMb,
    first_start: firstStart,
    start_to_ready_ms: restart.readyMs,
    all_processes_serving_ms: restart.allServingMs,
    first_ticket_views_ms: firstTicketViews.map((ms) => Number(ms.toFixed(1))),
    inbox,
    ticket_page: ticketPage,
    memory_context_in_process: context,
    audit_first_view_ms: Number(auditFirst.total.toFixed(1)),
    audit_later_views: audit,
    baseline_login_before: loginBefore,
    baseline_login_after: loginAfter,
  };
  if (asJson) console.log(JSON.stringify(result));
  else printTable(result);
  if (keep)
    console.log(
      `\nKept ${scratch.url}. To serve it: DATABASE_URL=${scratch.url} AUTH_SECRET=${process.env.AUTH_SECRET} APP_ENCRYPTION_KEY=${process.env.APP_ENCRYPTION_KEY} npm start` +
        `\n(sign in as ${loaded.admin.email} or ${loaded.agent.email}, password ${password})`,
    );
} finally {
  await cleanUp();
}
process.exit(0);

// --- helpers ----------------------------------------------------------------------------------------

/** Spawns the server as npm start does; milliseconds until /api/health/ready answers 200 and until every process serves. */
async function startServer(env: NodeJS.ProcessEnv, base: string): Promise<{ readyMs: number; allServingMs: number | null }> {
  const spawned = performance.now();
  let serving = 0;
  let allServingMs: number | null = null;
  const child = spawn(process.execPath, serverArgs(), { env, stdio: ["ignore", "pipe", "inherit"] });
  server = child;
  child.stdout.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!/App process \d+ is serving/.test(line)) continue;
      serving += 1;
      if (serving === workers) allServingMs = Math.round(performance.now() - spawned);
    }
  });
  let readyMs = 0;
  for (;;) {
    const ok = await fetch(`${base}/api/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) {
      readyMs = Math.round(performance.now() - spawned);
      break;
    }
    if (performance.now() - spawned > 600_000) throw new Error("the server was not ready within 10 minutes");
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it was ready`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  while (allServingMs === null && performance.now() - spawned < readyMs + 120_000) await new Promise((resolve) => setTimeout(resolve, 50));
  return { readyMs, allServingMs };
}

async function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  server = undefined;
}

/**
 * One GET: milliseconds to the first byte and to the last. Anything but 200, or a body without
 * `expect` (a page that failed after streaming began still answers 200), stops the run.
 */
async function timePage(url: string, cookie?: string, expect?: RegExp): Promise<{ firstByte: number; total: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  const reader = response.body!.getReader();
  let chunk = await reader.read();
  const firstByte = performance.now() - started;
  const parts: Uint8Array[] = [];
  while (!chunk.done) {
    parts.push(chunk.value);
    chunk = await reader.read();
  }
  const total = performance.now() - started;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const body = Buffer.concat(parts).toString("utf8");
  if (expect && !expect.test(body)) throw new Error(`${url}: the page lacks ${expect}`);
  if (body.includes("[unreadable]")) throw new Error(`${url}: the page shows values it could not decrypt`);
  return { firstByte, total };
}

function printTable(result: {
  workers: number;
  first_start: { readyMs: number; allServingMs: number | null };
  start_to_ready_ms: number;
  all_processes_serving_ms: number | null;
  audit_first_view_ms: number;
  inbox: ReturnType<typeof summary>;
  ticket_page: ReturnType<typeof summary>;
  audit_later_views: ReturnType<typeof summary>;
  memory_context_in_process: ReturnType<typeof summary>;
  baseline_login_before: ReturnType<typeof summary>;
  baseline_login_after: ReturnType<typeof summary>;
}) {
  const row = (label: string, figures: ReturnType<typeof summary>) =>
    `| ${label} | ${figures.p50_ms} ms | ${figures.p95_ms} ms | ${figures.n} |`;
  console.log(
    [
      "",
      `| measure | p50 | p95 | n |`,
      `| --- | ---: | ---: | ---: |`,
      `| first start to ready (one-time pass over data loaded around the app) | ${result.first_start.readyMs} ms | | 1 |`,
      `| restart to ready (spawn to /api/health/ready 200) | ${result.start_to_ready_ms} ms | | 1 |`,
      `| all ${result.workers} processes serving | ${result.all_processes_serving_ms} ms | | 1 |`,
      row("inbox /inbox (agent)", result.inbox),
      row("ticket page /tickets/<id> (agent, 20 tickets)", result.ticket_page),
      row("memory context getTicketMemoryContext (in process)", result.memory_context_in_process),
      `| audit page /audit, first view | ${result.audit_first_view_ms} ms | | 1 |`,
      row("audit page /audit, later views", result.audit_later_views),
      row("baseline: sign-in page /login (before)", result.baseline_login_before),
      row("baseline: sign-in page /login (after)", result.baseline_login_after),
    ].join("\n"),
  );
}
