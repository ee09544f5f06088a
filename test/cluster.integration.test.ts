import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "@/lib/db";
import { alive, freePort, request, type RunningCluster, startCluster } from "./cluster-harness";

// The console's cluster primary (scripts/lib/cluster.ts) with WEB_CONCURRENCY=2, over a tiny
// worker (test/cluster-worker.ts) that uses the app's limiter, metrics and shutdown: the real
// worker is a Next server and needs a build (test/server-cluster.integration.test.ts runs
// that one when .next holds it).

let cluster: RunningCluster;

beforeAll(async () => {
  // The run's database, migrated (rate_limits is a table of it), for the workers to share.
  await getDatabase();
  const port = await freePort();
  cluster = await startCluster({
    args: ["--import", "tsx", "test/cluster-primary.ts"],
    env: { ...process.env, PORT: String(port), WEB_CONCURRENCY: "2", SHUTDOWN_TIMEOUT_MS: "5000", AUTH_SECRET: randomUUID().repeat(2) },
    workers: 2,
  });
});

afterAll(() => {
  if (cluster?.child.exitCode === null) cluster.child.kill("SIGKILL");
});

const pidOf = async (path = "/pid") => {
  const answer = await request(cluster.port, path);
  return { status: answer.status, pid: (JSON.parse(answer.text) as { pid: number }).pid };
};

describe("WEB_CONCURRENCY app processes on one port", () => {
  it("spreads requests over both workers", async () => {
    const pids = new Set<number>();
    for (let index = 0; index < 20; index += 1) pids.add((await pidOf()).pid);
    expect([...pids].sort()).toEqual([...cluster.served()].sort());
    expect(pids.size).toBe(2);
  });

  it("answers a scrape with every worker's metrics summed (the primary's AggregatorRegistry)", async () => {
    const before = await request(cluster.port, "/metrics");
    const count = (text: string) =>
      Number(/recall_http_request_duration_seconds_count\{[^}]*route="\/pid"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
    for (let index = 0; index < 10; index += 1) await pidOf();
    const after = await request(cluster.port, "/metrics");
    expect(after.text).not.toContain("Only worker");
    expect(count(after.text) - count(before.text)).toBe(10);
    // Node's figures come from both processes too (prom-client's default metrics).
    expect(after.text).toMatch(/^process_cpu_user_seconds_total \d/m);
  });

  it.runIf(process.env.TEST_DB_MODE === "postgres")("counts a rate limit across both workers (the shared store)", async () => {
    const query = `rule=cluster-${randomUUID().slice(0, 8)}&points=10&key=203.0.113.7`;
    const answers = [];
    for (let index = 0; index < 16; index += 1) answers.push(await pidOf(`/limited?${query}`));
    expect(answers.filter((answer) => ![200, 429].includes(answer.status))).toEqual([]);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(10);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(6);
    // Both workers refused: each would have allowed 10 had it counted alone.
    expect(new Set(answers.map((answer) => answer.pid)).size).toBe(2);
  });

  it("replaces a worker that dies, and the other keeps answering meanwhile", async () => {
    const [victim, survivor] = cluster.served();
    process.kill(victim!, "SIGKILL");
    // A connection the primary handed to the worker as it died is lost (a load balancer
    // retries it); from the primary's notice on, every connection goes to a live worker.
    await cluster.waitFor(() => cluster.output().includes(`App process ${victim} exited`), "the primary to notice");
    const answers = [];
    for (let index = 0; index < 6; index += 1) answers.push(await pidOf());
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    await cluster.waitFor(() => cluster.served().length === 3, "a replacement worker");
    expect(cluster.output()).toContain(`App process ${victim} exited (SIGKILL); starting another`);
    const replacement = cluster.served()[2]!;
    const pids = new Set<number>();
    for (let index = 0; index < 10; index += 1) pids.add((await pidOf()).pid);
    expect([...pids].sort()).toEqual([survivor!, replacement].sort());
    expect(alive(victim!)).toBe(false);
  });

  it("on SIGTERM, finishes the request in flight, stops every worker and exits 0", async () => {
    const workers = cluster.served().filter(alive);
    expect(workers).toHaveLength(2);
    const slow = request(cluster.port, "/slow?ms=1500");
    await new Promise((resolve) => setTimeout(resolve, 300));
    cluster.child.kill("SIGTERM");
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ finished: true });
    expect(await cluster.exited).toBe(0);
    for (const pid of workers) expect(cluster.output()).toContain(`worker ${pid} closed`);
    expect(workers.filter(alive)).toEqual([]);
    // A replacement is not started during the shutdown.
    expect(cluster.served()).toHaveLength(3);
  });
});
