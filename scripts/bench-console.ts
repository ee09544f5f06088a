// `npm run bench:console -- --data <dir> [--requests N] [--duration S] [--connections C] [--rate R] [--idle S] [--json]`
// Serves an embedded database built by `npm run bench:inbox -- --tickets 100000 --keep <dir>`
// with the production build, then measures what an agent and an integrator feel:
//   - server time to first byte of the ticket page (/tickets/<id>, signed in) and the inbox,
//     over N requests spread across 20 tickets, against the sign-in page as the baseline
//     (the framework's floor for a server-rendered page);
//   - REST API ticket creation throughput (POST /api/v1/tickets) with autocannon on loopback,
//     against GET /api/health as the baseline (the server's floor for a JSON route), with the
//     opening-memory jobs still to run sampled during the load (/api/metrics) and, with
//     --idle, how long after it the last one finished.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import autocannon from "autocannon";
import { defineCommandLine, exitWithUsage, readCommandLine } from "./lib/args";
import { signIn } from "./lib/sign-in";
import { openingMemoryBacklog, sampleOpeningMemoryBacklog, ticketCreationRequests, waitForOpeningMemory } from "./lib/ticket-load";
import { ensureBuild, serverArgs } from "./lib/build";

const commandLine = defineCommandLine({
  name: "bench:console",
  usage: [
    "npm run bench:console -- --data <dir made by bench:inbox --keep> [--requests N] [--duration S] [--connections C] [--rate R] [--idle S] [--port P] [--json]",
  ],
  summary:
    "Serves a database built by bench:inbox --keep with the production build and measures page time to first byte\n(ticket page, inbox) and REST API ticket creation throughput, each beside a baseline.",
  options: {
    data: { type: "string", value: "<dir>", description: "the embedded database folder bench:inbox --keep built (required)" },
    requests: { type: "string", value: "N", description: "sequential requests to each page (default 200)" },
    duration: { type: "string", value: "S", description: "seconds of API load (default 10)" },
    connections: { type: "string", value: "C", description: "concurrent API connections (default 10)" },
    idle: {
      type: "string",
      value: "S",
      description:
        "seconds to wait, after the API load, for the opening memory of the tickets it opened to be written, timed (default 0: not waited for)",
    },
    rate: {
      type: "string",
      value: "R",
      description: "ticket creations per second in all (default: as fast as the connections go); for a sustained load",
    },
    port: { type: "string", value: "P", description: "port for the server under test (default 3277)" },
    json: { type: "boolean", description: "print the results as JSON, without progress lines" },
  },
});
const { values } = readCommandLine(commandLine);
const dataDir = values.data || "";
const requests = Number(values.requests || "200");
const duration = Number(values.duration || "10");
const connections = Number(values.connections || "10");
const idleSeconds = Number(values.idle || "0");
const rate = values.rate ? Number(values.rate) : undefined;
if (rate !== undefined && !(rate > 0)) exitWithUsage(commandLine, "--rate takes a number of requests per second");
const asJson = values.json ?? false;
const port = Number(values.port || "3277");
if (!dataDir) exitWithUsage(commandLine, "--data <dir> is required");
const log = (message: string) => {
  if (!asJson) process.stderr.write(`${message}\n`);
};
process.env.DATA_DIR = path.resolve(dataDir);
delete process.env.DATABASE_URL;

// --- a user, an API key and some tickets to open ------------------------------------------
const { getPrisma, closeDatabase } = await import("../lib/db");
const { hashPassword } = await import("../lib/auth/password");
const { hashApiKey } = await import("../lib/api/api-keys");
const prisma = await getPrisma();
const workspace = await prisma.workspace.findFirstOrThrow({ where: { slug: { startsWith: "bench-" } }, select: { id: true, slug: true } });
const ticketCount = await prisma.ticket.count({ where: { workspaceId: workspace.id } });
const email = "bench-admin@bench.example";
const password = "bench-password-123";
await prisma.user.upsert({
  where: { email },
  create: { workspaceId: workspace.id, email, name: "Bench Admin", role: "ADMIN", passwordHash: await hashPassword(password) },
  update: {},
});
// Requests rotate over 20 keys, so the per-key limit (600 a minute) is not what is measured.
const apiKeys = Array.from({ length: 20 }, (_, index) => `rk_bench_${String(index).padStart(2, "0")}${"0123456789abcdef".repeat(2)}`);
for (const apiKey of apiKeys)
  await prisma.apiKey.upsert({
    where: { keyHash: hashApiKey(apiKey) },
    create: { workspaceId: workspace.id, name: "bench", prefix: apiKey.slice(0, 12), keyHash: hashApiKey(apiKey) },
    update: {},
  });
const burstStarted = new Date();
const ticketIds = (
  await prisma.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT id::text FROM tickets WHERE workspace_id = $1::uuid ORDER BY random() LIMIT 20`,
    workspace.id,
  )
).map((row) => row.id);
await closeDatabase();
log(`workspace ${workspace.slug}: ${ticketCount.toLocaleString("en")} tickets`);

// --- the production server ----------------------------------------------------------------
// The job backlog is read from the server's own Prometheus endpoint.
const metricsToken = randomBytes(24).toString("hex");
const env = {
  ...process.env,
  NODE_ENV: "production" as const,
  PORT: String(port),
  NEXT_TELEMETRY_DISABLED: "1",
  MEM0_TELEMETRY: "false",
  METRICS_TOKEN: metricsToken,
};
ensureBuild(env);
const server = spawn(process.execPath, serverArgs(), { env, stdio: ["ignore", "ignore", "inherit"] });
const base = `http://127.0.0.1:${port}`;
const stop = () => server.kill("SIGTERM");
process.on("exit", stop);
for (let attempt = 0; ; attempt++) {
  if (
    await fetch(`${base}/api/health`).then(
      (response) => response.ok,
      () => false,
    )
  )
    break;
  if (attempt > 600) throw new Error("the server did not start");
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const cookie = await signIn(base, { email, password });

async function ttfb(url: string, signedIn: boolean): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: signedIn ? { cookie } : {}, redirect: "manual" });
  const reader = response.body!.getReader();
  await reader.read();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  while (!(await reader.read()).done);
  return elapsed;
}
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
async function timeMany(label: string, url: (index: number) => string, signedIn: boolean) {
  for (let index = 0; index < 10; index++) await ttfb(url(index), signedIn); // warm-up
  const times: number[] = [];
  for (let index = 0; index < requests; index++) times.push(await ttfb(url(index), signedIn));
  const figures = { p50_ms: +quantile(times, 0.5).toFixed(1), p95_ms: +quantile(times, 0.95).toFixed(1) };
  log(`${label.padEnd(34)} p50 ${figures.p50_ms} ms  p95 ${figures.p95_ms} ms`);
  return figures;
}

log(`\ntime to first byte over ${requests} requests each (sequential, after 10 warm-up requests)`);
const ticketPage = await timeMany("ticket page /tickets/<id>", (index) => `${base}/tickets/${ticketIds[index % ticketIds.length]}`, true);
const inboxPage = await timeMany("inbox /inbox", () => `${base}/inbox`, true);
const loginPage = await timeMany("baseline: sign-in page /login", () => `${base}/login`, false);

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(options, (error: Error | null, result) => (error ? reject(error) : resolve(result))));
}
log(`\nthroughput, ${connections} connections for ${duration} s each${rate ? `, ticket creation at ${rate}/s` : ""} (autocannon)`);
const stopSampling = sampleOpeningMemoryBacklog(base, metricsToken);
const create = await cannon({
  url: `${base}/api/v1/tickets`,
  method: "POST",
  connections,
  duration,
  ...(rate && { overallRate: rate }),
  headers: { "content-type": "application/json" },
  requests: ticketCreationRequests({ keys: apiKeys, customers: 500 }),
});
const backlogSamples = stopSampling();
const backlogAtEnd = await openingMemoryBacklog(base, metricsToken);
const createFigures = {
  req_per_s: +create.requests.average.toFixed(1),
  p50_ms: create.latency.p50,
  p97_5_ms: create.latency.p97_5,
  non_2xx: create.non2xx,
  errors: create.errors,
};
log(
  `${"POST /api/v1/tickets".padEnd(34)} ${createFigures.req_per_s} req/s  p50 ${createFigures.p50_ms} ms  p97.5 ${createFigures.p97_5_ms} ms  non-2xx ${createFigures.non_2xx}`,
);
log(`opening memory still to write, every 2 s of the load: ${backlogSamples.join(" ")}; at its end: ${backlogAtEnd}`);

// The opening memory of tickets opened in the load is written by jobs, in-process held while
// requests are in flight (lib/jobs/embedded.ts): how long after the load the last is written.
let drainedAfterS: number | null = null;
if (idleSeconds > 0) {
  drainedAfterS = await waitForOpeningMemory(base, metricsToken, idleSeconds);
  log(
    drainedAfterS === null
      ? `opening memory not all written ${idleSeconds} s after the load`
      : `opening memory all written ${drainedAfterS} s after the load`,
  );
}
const health = await cannon({ url: `${base}/api/health`, connections, duration });
const healthFigures = { req_per_s: +health.requests.average.toFixed(1), p50_ms: health.latency.p50, p97_5_ms: health.latency.p97_5 };
log(
  `${"baseline: GET /api/health".padEnd(34)} ${healthFigures.req_per_s} req/s  p50 ${healthFigures.p50_ms} ms  p97.5 ${healthFigures.p97_5_ms} ms`,
);

// What the server had not written when it stopped is queued again at its next start
// (requeueUnwrittenOpenings).
process.off("exit", stop);
stop();
await new Promise((resolve) => server.once("exit", resolve));
const reopened = await getPrisma();
const [opened, unwritten] = await Promise.all([
  reopened.ticket.count({ where: { workspaceId: workspace.id, createdAt: { gte: burstStarted } } }),
  reopened.ticket.count({ where: { workspaceId: workspace.id, createdAt: { gte: burstStarted }, memoryWrittenAt: null } }),
]);
await closeDatabase();
log(
  `opened ${opened} tickets; opening memory not yet written at stop${idleSeconds > 0 ? ` (after ${idleSeconds} s idle)` : ""}: ${unwritten}`,
);

if (asJson)
  console.log(
    JSON.stringify({
      tickets: ticketCount,
      ticket_page: ticketPage,
      inbox_page: inboxPage,
      baseline_login_page: loginPage,
      api_create: createFigures,
      baseline_health: healthFigures,
      opened,
      idle_s: idleSeconds,
      rate: rate ?? null,
      opening_backlog_samples: backlogSamples,
      opening_backlog_at_load_end: backlogAtEnd,
      opening_memory_drained_after_s: drainedAfterS,
      unwritten_at_stop: unwritten,
    }),
  );
process.exit(0);
