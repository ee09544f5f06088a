import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashApiKey, KEY_LOOKUP_MS } from "@/lib/api/api-keys";
import { type Database, openDatabase } from "@/lib/db/client";
import { limits } from "@/lib/http/rate-limit";
import { alive, freePort, request, type RunningCluster, startCluster } from "./cluster-harness";

// `npm start`'s server (scripts/server.ts) in server mode with WEB_CONCURRENCY=2: two Next
// processes on one port against this run's PostgreSQL database. It serves the production
// build in .next (the build is the lead's `npm run build`, not this test's).

const serverMode = process.env.TEST_DB_MODE === "postgres";
const metricsToken = randomBytes(24).toString("base64url");
let cluster: RunningCluster;
let apiKey: string;

/** CPU time (user + system, in clock ticks) the process has used: which workers did the work. */
function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

let database: Database | undefined;
let databaseName = "";

// A database of its own: the processes started here register as app instances, and the
// rotate-key tests of lib/crypto, running meanwhile on the shared database, must not see them.
async function ownDatabase(): Promise<string> {
  const adminUrl = inject("adminDatabaseUrl");
  databaseName = `recall_cluster_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${databaseName}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

beforeAll(async () => {
  if (!serverMode) return;
  if (!fs.existsSync(".next/BUILD_ID"))
    throw new Error("This test serves the production build: run `npm run build` first (.next/BUILD_ID is missing).");
  const url = await ownDatabase();
  database = await openDatabase({ mode: "server", url });
  const workspace = await database.prisma.workspace.create({ data: { slug: `cluster-${randomUUID().slice(0, 8)}`, name: "Cluster" } });
  apiKey = `rk_${randomBytes(18).toString("base64url")}`;
  await database.prisma.apiKey.create({
    data: { workspaceId: workspace.id, name: "cluster", prefix: apiKey.slice(0, 8), keyHash: hashApiKey(apiKey) },
  });
  const port = await freePort();
  cluster = await startCluster({
    args: ["--import", "tsx", "scripts/server.ts"],
    env: {
      ...process.env,
      DATABASE_URL: url,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      WEB_CONCURRENCY: "2",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      METRICS_TOKEN: metricsToken,
      SEED_DEMO: "",
      NEXT_TELEMETRY_DISABLED: "1",
      MEM0_TELEMETRY: "false",
    },
    workers: 2,
    timeoutMs: 120_000,
  });
}, 180_000);

afterAll(async () => {
  if (cluster?.child.exitCode === null) cluster.child.kill("SIGKILL");
  await database?.close();
  if (!databaseName) return;
  const admin = new pg.Client({ connectionString: inject("adminDatabaseUrl") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await admin.end();
});

describe.runIf(serverMode)("npm start's server with WEB_CONCURRENCY=2 (needs .next)", () => {
  it("serves from both processes, and the API limit counts across them", async () => {
    const workers = cluster.served();
    expect(new Set(workers).size).toBe(2);
    const before = workers.map(cpuTicks);
    // The limit is per key over both processes: 600 a minute. Counted per process, each would
    // allow 600 and none of these would be refused.
    const total = limits.api.points + 10;
    const statuses: number[] = [];
    const path = `/api/v1/tickets/${randomUUID()}`;
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < total) {
          next += 1;
          statuses.push((await request(cluster.port, path, { authorization: `Bearer ${apiKey}` })).status);
        }
      }),
    );
    expect(statuses.filter((status) => status === 404)).toHaveLength(limits.api.points);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
    // Each process did a share of the work (the primary hands connections out in turn).
    const used = workers.map((pid, index) => cpuTicks(pid) - before[index]!);
    const sum = used[0]! + used[1]!;
    for (const share of used) expect(share / sum).toBeGreaterThan(0.2);
  });

  it("answers a scrape with both processes' request histograms, by route template", async () => {
    const scrape = await request(cluster.port, "/api/metrics", { authorization: `Bearer ${metricsToken}` });
    expect(scrape.status).toBe(200);
    const line = /recall_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/tickets\/\[id\]"[^}]*status="404"[^}]*\} (\d+)/.exec(
      scrape.text,
    );
    expect(Number(line?.[1])).toBe(limits.api.points);
    expect(scrape.text).toMatch(/recall_table_rows_estimated\{table="tickets"\} \d/);
    expect(scrape.text).not.toContain("Only worker");
  });

  it("gives each request an id in X-Request-ID, replacing one the client made up, and logs the request as JSON under it", async () => {
    const forged = "forged-by-the-client-0001";
    const answer = await request(cluster.port, "/api/health/live?token=not-for-the-log", { "x-request-id": forged });
    expect(answer.status).toBe(200);
    const id = String(answer.headers["x-request-id"]);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // No TRUSTED_PROXIES: only a trusted proxy may name the request.
    const lineOf = () =>
      cluster
        .output()
        .split("\n")
        .find((line) => line.includes(`"requestId":"${id}"`) && line.includes(`"msg":"request"`));
    await cluster.waitFor(() => lineOf() !== undefined, "the request's log line");
    expect(JSON.parse(lineOf()!)).toMatchObject({ level: "info", requestId: id, method: "GET", path: "/api/health/live", status: 200 });
    expect(cluster.output()).not.toContain(forged);
    expect(cluster.output()).not.toContain("not-for-the-log");
  });

  it("refuses a key revoked in the database from both processes within a second", async () => {
    const key = `rk_${randomBytes(18).toString("base64url")}`;
    const row = await database!.prisma.apiKey.create({
      data: {
        workspaceId: (await database!.prisma.workspace.findFirstOrThrow()).id,
        name: "revoked",
        prefix: key.slice(0, 8),
        keyHash: hashApiKey(key),
      },
    });
    const path = `/api/v1/tickets/${randomUUID()}`;
    const statuses = async () =>
      Promise.all(
        Array.from({ length: 8 }, () => request(cluster.port, path, { authorization: `Bearer ${key}` }).then((answer) => answer.status)),
      );
    // Both processes answer (the primary hands connections out in turn) and keep the key's row.
    expect(new Set(await statuses())).toEqual(new Set([404]));
    await database!.prisma.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await new Promise((resolve) => setTimeout(resolve, KEY_LOOKUP_MS + 100));
    expect(new Set(await statuses())).toEqual(new Set([401]));
  });

  it("replaces a process that dies while the other keeps answering", async () => {
    const [victim, survivor] = cluster.served();
    process.kill(victim!, "SIGKILL");
    await cluster.waitFor(() => cluster.output().includes(`App process ${victim} exited`), "the primary to notice");
    for (let index = 0; index < 5; index += 1) expect((await request(cluster.port, "/api/health/live")).status).toBe(200);
    await cluster.waitFor(() => cluster.served().length === 3, "a replacement process", 120_000);
    expect(alive(survivor!)).toBe(true);
    expect((await request(cluster.port, "/api/health/ready")).status).toBe(200);
  });

  it("stops every process on SIGTERM and exits 0", async () => {
    const workers = cluster.served().filter(alive);
    cluster.child.kill("SIGTERM");
    expect(await cluster.exited).toBe(0);
    expect(workers.filter(alive)).toEqual([]);
  });
});
