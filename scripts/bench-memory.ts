// `npm run bench:memory -- --memories N [--json] [--baseline-queries Q]`
// Builds N memories spread like a real workspace (thousands of customers with a handful
// each, a shared knowledge base, open sessions), then times getSupportContext (p50/p95 over
// 200 queries) and add() through the memory library. In the same run, the same data and
// queries go through mem0's built-in `memory` store (SQLite, scans the table) as the baseline.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const total = option("memories", 10_000);
const queries = option("queries", 200);
const baselineQueries = option("baseline-queries", total > 20_000 ? 20 : 200);
const asJson = args.includes("--json");
const log = (message: string) => {
  if (!asJson) process.stderr.write(`${message}\n`);
};

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-bench-"));
process.env.DATA_DIR = dataDir;
process.env.MEM0_TELEMETRY = "false";
process.env.MEM0_DIR = path.join(dataDir, "mem0");
delete process.env.DATABASE_URL;
delete process.env.OPENAI_API_KEY;

const { getPrisma, closeDatabase } = await import("../lib/db");
const { getMem0 } = await import("../lib/memory/mem0");
const { getSupportContext, addCustomerPreference } = await import("../lib/memory/support-memory");
const { hashingEmbed, HashingEmbedder } = await import("../lib/memory/hashing-embedder");
const { contentTokens } = await import("../lib/memory/text");
const { ownerId, scopeFilters, TEAM_AGENT } = await import("../lib/memory/owners");

// --- a workspace's shape -----------------------------------------------------------------
const products = ["thermostat", "doorbell camera", "mesh router", "smart plug", "subscription", "light bulb", "hub", "app"];
const problems = ["goes offline", "won't pair", "drops Wi-Fi at night", "shows a blank screen", "was charged twice", "alerts arrive late", "firmware update stuck", "schedule runs an hour late"];
const fixes = ["separate the 2.4 GHz network", "hold reset for 15 seconds", "update firmware to 3.2.1", "refund the duplicate charge", "set the time zone to a city", "send a replacement unit", "move the maintenance window", "relink the voice assistant"];
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;

const knowledgeCount = Math.max(50, Math.round(total * 0.1));
const sessionMemories = Math.round(total * 0.2);
const customerMemories = total - knowledgeCount - sessionMemories;
const customers = Math.max(1, Math.round(customerMemories / 4));
const sessions = Math.max(1, Math.round(sessionMemories / 6));

const prisma = await getPrisma();
const { id: workspaceId } = await prisma.workspace.create({ data: { slug: "bench", name: "Benchmark" } });
const customerIds = Array.from({ length: customers }, () => randomUUID());
const sessionOwners = Array.from({ length: sessions }, () => ({ customerId: pick(customerIds), sessionId: randomUUID() }));

interface Item { id: string; text: string; payload: Record<string, unknown>; vector: number[] }
function item(text: string, owner: Record<string, string>, type: string): Item {
  const payload = { ...owner, type, data: text, hash: createHash("md5").update(text).digest("hex"), textLemmatized: contentTokens(text).join(" "), createdAt: new Date().toISOString() };
  return { id: randomUUID(), text, payload, vector: hashingEmbed(text) };
}
function* generate(): Generator<Item> {
  for (let index = 0; index < knowledgeCount; index++) {
    const product = pick(products);
    yield item(`Issue: ${product} ${pick(problems)} (${index}). Solution: ${pick(fixes)}.`, scopeFilters(workspaceId, { scope: "agent", agentId: TEAM_AGENT }), "solution");
  }
  for (let index = 0; index < customerMemories; index++) {
    const customerId = customerIds[index % customers]!;
    yield item(`Owns a ${pick(products)}; last time it ${pick(problems)} and we ${pick(fixes)}.`, scopeFilters(workspaceId, { scope: "customer", customerId }), "resolved_issue");
  }
  for (let index = 0; index < sessionMemories; index++) {
    const owner = sessionOwners[index % sessions]!;
    yield item(`Customer says the ${pick(products)} ${pick(problems)}.`, scopeFilters(workspaceId, { scope: "session", ...owner }), "message");
  }
}

// --- load both stores with the same rows -------------------------------------------------
const { VectorStoreFactory, Memory } = await import("mem0ai/oss");
const baselinePath = path.join(dataDir, "baseline.db");
const baselineStore = (VectorStoreFactory as unknown as { create: (p: string, c: object) => { insert: (v: number[][], i: string[], p: object[]) => Promise<void> } })
  .create("memory", { collectionName: "memories", dimension: 1024, dbPath: baselinePath });
let loaded = 0;
let batch: Item[] = [];
const started = Date.now();
const flush = async () => {
  if (batch.length === 0) return;
  await prisma.memoryRecord.createMany({
    data: batch.map((entry) => ({
      id: entry.id,
      collection: "memories",
      workspaceId,
      scope: String(entry.payload.scope),
      userId: (entry.payload.user_id as string | undefined) ?? null,
      agentId: (entry.payload.agent_id as string | undefined) ?? null,
      runId: (entry.payload.run_id as string | undefined) ?? null,
      text: entry.text,
      payload: entry.payload as never,
      embedding: new Uint8Array(Float32Array.from(entry.vector).buffer),
    })),
  });
  await baselineStore.insert(batch.map((entry) => entry.vector), batch.map((entry) => entry.id), batch.map((entry) => entry.payload));
  loaded += batch.length;
  batch = [];
  if (loaded % 10_000 < 1000) log(`loaded ${loaded}/${total} memories into both stores (${((Date.now() - started) / 1000).toFixed(0)} s)`);
};
for (const entry of generate()) {
  batch.push(entry);
  if (batch.length === 1000) await flush();
}
await flush();

// --- time --------------------------------------------------------------------------------
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2));
};
const queryFor = () => ({ ...pick(sessionOwners), text: `my ${pick(products)} ${pick(problems)} again` });

await getMem0();
// Warm-up: loads the knowledge partition into the process cache, as a running server has.
await getSupportContext({ workspaceId, ...queryFor(), query: "warm up" });
const ours: number[] = [];
for (let index = 0; index < queries; index++) {
  const query = queryFor();
  const begin = performance.now();
  await getSupportContext({ workspaceId, customerId: query.customerId, sessionId: query.sessionId, query: query.text });
  ours.push(performance.now() - begin);
}
const addStarted = performance.now();
const adds = 200;
for (let index = 0; index < adds; index++) {
  await addCustomerPreference({ workspaceId, customerId: pick(customerIds), preference: `Prefers ${pick(["email", "chat", "phone"])} (${index}).`, by: { actorType: "system" } });
}
const addPerSecond = adds / ((performance.now() - addStarted) / 1000);

const baseline = new Memory({
  embedder: { provider: "langchain", config: { model: new HashingEmbedder() } },
  vectorStore: { provider: "memory", config: { collectionName: "memories", dimension: 1024, dbPath: baselinePath } },
  llm: { provider: "openai", config: { apiKey: "not-configured" } },
  disableHistory: true,
} as never);
const theirs: number[] = [];
for (let index = 0; index < baselineQueries; index++) {
  const query = queryFor();
  const begin = performance.now();
  for (const target of [
    { scope: "customer" as const, customerId: query.customerId },
    { scope: "agent" as const, agentId: TEAM_AGENT },
    { scope: "session" as const, customerId: query.customerId, sessionId: query.sessionId },
  ]) {
    await baseline.search(query.text, { filters: scopeFilters(workspaceId, target), topK: 5, threshold: 0 } as never);
  }
  theirs.push(performance.now() - begin);
}
const baselineAddStarted = performance.now();
const baselineAdds = Math.min(adds, 50);
for (let index = 0; index < baselineAdds; index++) {
  await baseline.add(`Prefers email (${index}).`, { userId: ownerId(workspaceId, pick(customerIds)), metadata: { scope: "customer", type: "preference" }, infer: false } as never);
}
const baselineAddPerSecond = baselineAdds / ((performance.now() - baselineAddStarted) / 1000);

const result = {
  memories: total,
  p50_ms: percentile(ours, 50),
  p95_ms: percentile(ours, 95),
  add_per_s: Number(addPerSecond.toFixed(1)),
  rss_mb: Math.round(process.memoryUsage().rss / 1e6),
  queries,
  baseline: { p50_ms: percentile(theirs, 50), p95_ms: percentile(theirs, 95), add_per_s: Number(baselineAddPerSecond.toFixed(1)), queries: baselineQueries },
};
if (asJson) console.log(JSON.stringify(result));
else {
  console.log(`\n${total} memories (${knowledgeCount} knowledge, ${customers} customers, ${sessions} open sessions)`);
  console.log(`getSupportContext  ours: p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms over ${queries} queries; add ${result.add_per_s}/s; RSS ${result.rss_mb} MB`);
  console.log(`                   ours: p90 ${percentile(ours, 90)} ms, p99 ${percentile(ours, 99)} ms, max ${percentile(ours, 100)} ms`);
  console.log(`mem0 built-in store:     p50 ${result.baseline.p50_ms} ms, p95 ${result.baseline.p95_ms} ms over ${baselineQueries} queries; add ${result.baseline.add_per_s}/s`);
  console.log(`p95 ratio (built-in / ours): ${(result.baseline.p95_ms / result.p95_ms).toFixed(1)}x`);
}
await closeDatabase();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
