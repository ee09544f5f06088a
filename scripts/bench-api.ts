// `npm run bench:api -- [--workers N] [--duration S] [--connections C] [--json]`
// Ticket creation through the REST API under load, served as `npm start` serves it
// (scripts/server.ts, the production build) on PostgreSQL with WEB_CONCURRENCY processes, on
// a database made for the run and dropped after. (The embedded database: npm run bench:console.)
// Beside it, GET /api/health/live in the same run: the server's floor for a JSON route.
// Requests rotate over 20 API keys, so the per-key limit (600 a minute) is not what is measured.
import { spawn } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { defineCommandLine, exitWithUsage, readCommandLine } from "./lib/args";
import { ensureBuild, serverArgs } from "./lib/build";

const commandLine = defineCommandLine({
  name: "bench:api",
  usage: ["npm run bench:api -- [--workers N] [--duration S] [--connections C] [--port P] [--json]"],
  summary:
    "Serves the production build as npm start does and measures POST /api/v1/tickets throughput and latency with\nautocannon, beside GET /api/health/live in the same run.",
  options: {
    workers: { type: "string", value: "N", description: "app processes on PostgreSQL (WEB_CONCURRENCY, default 2)" },
    duration: { type: "string", value: "S", description: "seconds of load per measure (default 15)" },
    connections: { type: "string", value: "C", description: "concurrent connections (default 16)" },
    port: { type: "string", value: "P", description: "port for the server under test (default 3278)" },
    json: { type: "boolean", description: "print the results as JSON, without progress lines" },
  },
});
const { values } = readCommandLine(commandLine);
const workers = Number(values.workers || "2");
if (!Number.isInteger(workers) || workers < 1 || workers > 64) exitWithUsage(commandLine, "--workers is a whole number from 1 to 64");
const duration = Number(values.duration || "15");
const connections = Number(values.connections || "16");
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
};
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
{
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const workspaceId = randomUUID();
  await client.query(`INSERT INTO workspaces (id, slug, name) VALUES ($1, $2, 'Bench')`, [workspaceId, `bench-api-${process.pid}`]);
  for (const key of keys)
    await client.query(`INSERT INTO api_keys (id, workspace_id, name, prefix, key_hash) VALUES ($1, $2, 'bench', $3, $4)`, [
      randomUUID(),
      workspaceId,
      key.slice(0, 12),
      createHash("sha256").update(key).digest("hex"),
    ]);
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
let sequence = 0;
// Warm-up: the first requests compile routes and fill pools.
await cannon({ url: `${base}/api/health/live`, connections: 4, duration: 2 });
const create = figures(
  await cannon({
    url: `${base}/api/v1/tickets`,
    method: "POST",
    connections,
    duration,
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: (request) => {
          sequence += 1;
          return {
            ...request,
            headers: { ...request.headers, authorization: `Bearer ${keys[sequence % keys.length]}` },
            body: JSON.stringify({
              customer: { email: `load-${sequence % 2000}@bench.example`, name: "Load Test" },
              subject: `Load ticket ${sequence}`,
              message: "The hub drops offline every evening since the last update.",
              product: "Lumio Hub",
            }),
          };
        },
      },
    ],
  }),
);
log(
  `POST /api/v1/tickets              ${create.req_per_s} req/s  p50 ${create.p50_ms} ms  p90 ${create.p90_ms} ms  p97.5 ${create.p97_5_ms} ms  non-2xx ${create.non_2xx}  errors ${create.errors}`,
);
const health = figures(await cannon({ url: `${base}/api/health/live`, connections, duration }));
log(`baseline: GET /api/health/live    ${health.req_per_s} req/s  p50 ${health.p50_ms} ms  p97.5 ${health.p97_5_ms} ms`);
if (asJson) console.log(JSON.stringify({ db: "postgres", workers, connections, duration, api_create: create, baseline_health: health }));
await stop();
process.exit(0);
