// `npm run bench:api -- [--workers N] [--duration S] [--connections C] [--idle S] [--json]`
// Ticket creation through the REST API under load, served as `npm start` serves it
// (scripts/server.ts, the production build) on PostgreSQL with WEB_CONCURRENCY processes, on
// a database made for the run and dropped after. (The embedded database: npm run bench:console.)
// Beside it, GET /api/health/live in the same run: the server's floor for a JSON route. The
// opening-memory jobs still to run are sampled during the load (/api/metrics) and, with
// --idle, how long after it the last one finished is timed.
// Requests rotate over 20 API keys, so the per-key limit (600 a minute) is not what is measured.
// Then the console's pages under load, signed in as an agent (session cookie): the inbox and
// the ticket page of 20 tickets the POST measure opened, beside the sign-in page (the
// framework's floor for a server-rendered page), --page-connections at a time.
import { spawn } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import { defineCommandLine, exitWithUsage, readCommandLine } from "./lib/args";
import { signIn } from "./lib/sign-in";
import { openingMemoryBacklog, sampleOpeningMemoryBacklog, ticketCreationRequests, waitForOpeningMemory } from "./lib/ticket-load";
import { ensureBuild, serverArgs } from "./lib/build";

const commandLine = defineCommandLine({
  name: "bench:api",
  usage: ["npm run bench:api -- [--workers N] [--duration S] [--connections C] [--page-connections C] [--idle S] [--port P] [--json]"],
  summary:
    "Serves the production build as npm start does and measures POST /api/v1/tickets throughput and latency with\nautocannon, beside GET /api/health/live in the same run; then the inbox and the ticket page signed in, beside /login.",
  options: {
    workers: { type: "string", value: "N", description: "app processes on PostgreSQL (WEB_CONCURRENCY, default 2)" },
    duration: { type: "string", value: "S", description: "seconds of load per measure (default 15)" },
    connections: { type: "string", value: "C", description: "concurrent connections (default 16)" },
    "page-connections": { type: "string", value: "C", description: "concurrent connections for the signed-in pages (default 4)" },
    idle: {
      type: "string",
      value: "S",
      description: "seconds to wait, after the POST load, for the opening memory of the tickets it opened to be written, timed (default 0)",
    },
    port: { type: "string", value: "P", description: "port for the server under test (default 3278)" },
    json: { type: "boolean", description: "print the results as JSON, without progress lines" },
  },
});
const { values } = readCommandLine(commandLine);
const workers = Number(values.workers || "2");
if (!Number.isInteger(workers) || workers < 1 || workers > 64) exitWithUsage(commandLine, "--workers is a whole number from 1 to 64");
const duration = Number(values.duration || "15");
const connections = Number(values.connections || "16");
const pageConnections = Number(values["page-connections"] || "4");
const idleSeconds = Number(values.idle || "0");
const port = Number(values.port || "3278");
const asJson = values.json ?? false;
const log = (message: string) => {
  if (!asJson) process.stderr.write(`${message}\n`);
};

// --- a database for the run ---------------------------------------------------------------
const adminUrl = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const databaseName = `recall_bench_api_${process.pid}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-api-"));
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${databaseName}"`);
await admin.end();
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${databaseName}` }).toString();
async function dropDatabase(): Promise<void> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await admin.end();
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  PORT: String(port),
  HOST: "127.0.0.1",
  DATA_DIR: dataDir,
  WEB_CONCURRENCY: String(workers),
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  APP_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  SEED_DEMO: "",
  NEXT_TELEMETRY_DISABLED: "1",
  MEM0_TELEMETRY: "false",
  DATABASE_URL: databaseUrl,
  // The job backlog is read from the server's own Prometheus endpoint.
  METRICS_TOKEN: randomBytes(24).toString("hex"),
};
const metricsToken = env.METRICS_TOKEN!;
ensureBuild(env);
const server = spawn(process.execPath, serverArgs(), { env, stdio: ["ignore", "ignore", "inherit"] });
const base = `http://127.0.0.1:${port}`;
let stopped = false;
const stop = async () => {
  if (stopped) return;
  stopped = true;
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  await dropDatabase();
};
for (let attempt = 0; ; attempt++) {
  if (
    await fetch(`${base}/api/health/ready`).then(
      (response) => response.ok,
      () => false,
    )
  )
    break;
  if (attempt > 900) throw new Error("the server did not become ready");
  await new Promise((resolve) => setTimeout(resolve, 200));
}

// --- a workspace and its keys (stored as the app stores them: sha256) ------------------------
const keys = Array.from({ length: 20 }, () => `rk_${randomBytes(24).toString("base64url")}`);
const agentEmail = `agent-${process.pid}@bench.example`;
const agentPassword = randomBytes(12).toString("base64url");
let workspaceId = "";
{
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  workspaceId = randomUUID();
  await client.query(`INSERT INTO workspaces (id, slug, name) VALUES ($1, $2, 'Bench')`, [workspaceId, `bench-api-${process.pid}`]);
  for (const key of keys)
    await client.query(`INSERT INTO api_keys (id, workspace_id, name, prefix, key_hash) VALUES ($1, $2, 'bench', $3, $4)`, [
      randomUUID(),
      workspaceId,
      key.slice(0, 12),
      createHash("sha256").update(key).digest("hex"),
    ]);
  // An agent to sign in as; the password hashed as the app hashes it.
  await client.query(
    `INSERT INTO users (id, workspace_id, email, name, role, password_hash) VALUES ($1, $2, $3, 'Bench Agent', 'AGENT', $4)`,
    [randomUUID(), workspaceId, agentEmail, await hashPassword(agentPassword)],
  );
  await client.end();
}
log(`PostgreSQL, ${workers} app process${workers === 1 ? "" : "es"}, ${connections} connections, ${duration} s per measure`);

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(options, (error: Error | null, result) => (error ? reject(error) : resolve(result))));
}
const figures = (result: autocannon.Result) => ({
  req_per_s: +result.requests.average.toFixed(1),
  p50_ms: result.latency.p50,
  p90_ms: result.latency.p90,
  p97_5_ms: result.latency.p97_5,
  non_2xx: result.non2xx,
  errors: result.errors,
});
// Warm-up: the first requests compile routes and fill pools.
await cannon({ url: `${base}/api/health/live`, connections: 4, duration: 2 });
const stopSampling = sampleOpeningMemoryBacklog(base, metricsToken);
const create = figures(
  await cannon({
    url: `${base}/api/v1/tickets`,
    method: "POST",
    connections,
    duration,
    headers: { "content-type": "application/json" },
    requests: ticketCreationRequests({ keys, customers: 2000 }),
  }),
);
log(
  `POST /api/v1/tickets              ${create.req_per_s} req/s  p50 ${create.p50_ms} ms  p90 ${create.p90_ms} ms  p97.5 ${create.p97_5_ms} ms  non-2xx ${create.non_2xx}  errors ${create.errors}`,
);
const backlogSamples = stopSampling();
const backlogAtEnd = await openingMemoryBacklog(base, metricsToken);
log(`opening memory still to write, every 2 s of the load: ${backlogSamples.join(" ")}; at its end: ${backlogAtEnd}`);
const drainedAfterS = idleSeconds > 0 ? await waitForOpeningMemory(base, metricsToken, idleSeconds) : null;
if (idleSeconds > 0)
  log(
    drainedAfterS === null
      ? `opening memory not all written ${idleSeconds} s after the load`
      : `opening memory all written ${drainedAfterS} s after the load`,
  );
const health = figures(await cannon({ url: `${base}/api/health/live`, connections, duration }));
log(`baseline: GET /api/health/live    ${health.req_per_s} req/s  p50 ${health.p50_ms} ms  p97.5 ${health.p97_5_ms} ms`);

// --- the console's pages, signed in, under load ---------------------------------------------
const cookie = await signIn(base, { email: agentEmail, password: agentPassword });
const ticketIds = await (async () => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ id: string; total: number }>(
    `SELECT id::text, count(*) OVER ()::int AS total FROM tickets WHERE workspace_id = $1 ORDER BY number LIMIT 20`,
    [workspaceId],
  );
  await client.end();
  return { ids: rows.map((row) => row.id), count: rows[0]?.total ?? 0 };
})();
if (ticketIds.ids.length === 0) throw new Error("the POST measure opened no tickets to view");
log(`pages signed in as an agent, ${pageConnections} connections, ${duration} s each (${ticketIds.count} tickets in the workspace)`);
await cannon({ url: `${base}/inbox`, connections: 1, amount: 5, headers: { cookie } }); // warm-up
let viewed = 0;
const pageFigures = async (label: string, options: autocannon.Options) => {
  const result = figures(await cannon({ connections: pageConnections, duration, ...options }));
  log(
    `${label.padEnd(34)} ${result.req_per_s} req/s  p50 ${result.p50_ms} ms  p90 ${result.p90_ms} ms  p97.5 ${result.p97_5_ms} ms  non-2xx ${result.non_2xx}  errors ${result.errors}`,
  );
  return result;
};
const inbox = await pageFigures("GET /inbox (signed in)", { url: `${base}/inbox`, headers: { cookie } });
const ticketPage = await pageFigures("GET /tickets/<id> (signed in)", {
  url: `${base}/tickets/${ticketIds.ids[0]}`,
  headers: { cookie },
  requests: [{ setupRequest: (request) => ({ ...request, path: `/tickets/${ticketIds.ids[viewed++ % ticketIds.ids.length]}` }) }],
});
const login = await pageFigures("baseline: GET /login", { url: `${base}/login` });
if (asJson)
  console.log(
    JSON.stringify({
      db: "postgres",
      workers,
      connections,
      duration,
      api_create: create,
      opening_backlog_samples: backlogSamples,
      opening_backlog_at_load_end: backlogAtEnd,
      opening_memory_drained_after_s: drainedAfterS,
      baseline_health: health,
      page_connections: pageConnections,
      tickets_in_workspace: ticketIds.count,
      inbox_page: inbox,
      ticket_page: ticketPage,
      baseline_login_page: login,
    }),
  );
await stop();
process.exit(0);
