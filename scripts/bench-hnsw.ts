// `npm run bench:hnsw -- [--count N] [--queries Q] [--shape clustered|random] [--skip-suites]`:
// recall@10 of the knowledge search through pgvector's HNSW index (lib/memory/knowledge-index.ts)
// against exact search, on a throwaway embedded database (PGlite always has pgvector).
//  - Eval suites (../shared/data/retrieval/*.dev.json), loaded through the memory library:
//    stackfaq's cases in their own knowledge partition (with abcd's guidelines beside them, as
//    `npm run eval` loads them), and every suite's cases against every suite's memories pooled
//    into one knowledge partition. Two measures: the vector search alone (the index against
//    an exact scan of the same rows), and the whole search (searchMemories, BM25 included)
//    with the index forced on against the exact path.
//  - N synthetic knowledge rows of the embedder's dimension count, written straight into the
//    table; the index is rebuilt after the load (pgvector's advice for a bulk load).
// Latencies are medians over the same queries, alternating.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineCommandLine, exitWithUsage, readCommandLine } from "./lib/args";

const commandLine = defineCommandLine({
  name: "bench:hnsw",
  usage: ["npm run bench:hnsw -- [--count N] [--queries Q] [--shape clustered|random] [--skip-suites] [--json]"],
  summary: "Recall@10 and median latency of the HNSW knowledge search against exact search, on PGlite.",
  options: {
    count: { type: "string", value: "N", description: "synthetic knowledge rows (default 100000; 0 to skip)" },
    queries: { type: "string", value: "Q", description: "synthetic queries (default 100)" },
    shape: {
      type: "string",
      value: "clustered|random",
      description: "synthetic vectors: around 1 centre per 100 rows (default), or uniform",
    },
    "skip-suites": { type: "boolean", description: "only the synthetic rows" },
    json: { type: "boolean", description: "print the results as JSON, without progress lines" },
  },
});
const { values } = readCommandLine(commandLine);
const count = Number(values.count ?? 100_000);
const queryCount = Number(values.queries ?? 100);
const shape = values.shape ?? "clustered";
if (!Number.isInteger(count) || count < 0) exitWithUsage(commandLine, "--count must be a whole number");
if (!Number.isInteger(queryCount) || queryCount < 1) exitWithUsage(commandLine, "--queries must be at least 1");
if (shape !== "clustered" && shape !== "random") exitWithUsage(commandLine, "--shape is clustered or random");

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-hnsw-"));
process.env.DATA_DIR = dataDir;
delete process.env.DATABASE_URL;
// The offline embedder: the bench measures the index, not a model.
delete process.env.OPENAI_API_KEY;

const { getDatabase, getPrisma, closeDatabase } = await import("../lib/db");
const { addMemory, searchMemories } = await import("../lib/memory/core");
const { createEmbedder } = await import("../lib/memory/embedders");
const { knowledgeIndexQuery, knowledgeIndexSettings, searchKnowledgeIndex } = await import("../lib/memory/knowledge-index");
const { ownerId, TEAM_AGENT } = await import("../lib/memory/owners");
const { toPgvectorText } = await import("../lib/memory/vector-column");
const { readSuite, Tally } = await import("../lib/memory/eval/suite");

const asJson = values.json ?? false;
const log = (message: string) => {
  if (!asJson) process.stderr.write(`${message}\n`);
};
const median = (samples: number[]) => {
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted.length ? Number(sorted[Math.floor(sorted.length / 2)]!.toFixed(2)) : 0;
};
const overlap = (found: string[], exact: string[]) => (exact.length ? found.filter((id) => exact.includes(id)).length / exact.length : 1);
const mean = (samples: number[]) => Number((samples.reduce((sum, value) => sum + value, 0) / (samples.length || 1)).toFixed(4));

type Database = Awaited<ReturnType<typeof getDatabase>>;

/** The exact answer to the index's own query: the same SQL with index scans off (a scan and a sort). */
async function exactNearest(database: Database, agentId: string, query: number[], limit: number): Promise<string[]> {
  const rows = await database.sql.transaction(async (tx) => {
    await tx.query(`SELECT set_config('enable_indexscan', 'off', true)`);
    return tx.query<{ id: string }>(knowledgeIndexQuery(query.length), [agentId, toPgvectorText(query), limit]);
  });
  return rows.map((row) => row.id);
}

async function timed<T>(samples: number[], fn: () => Promise<T>): Promise<T> {
  const begin = performance.now();
  const result = await fn();
  samples.push(performance.now() - begin);
  return result;
}

/** Vector search alone: recall@10 of the index (10 asked, and 60 as mem0 asks for 10 results) against exact. */
async function vectorRecall(database: Database, agentId: string, queries: number[][], efValues: number[]) {
  const exactMs: number[] = [];
  const byEf = efValues.map((efSearch) => ({ efSearch, recall10: [] as number[], recall60: [] as number[], ms: [] as number[] }));
  for (const query of queries) {
    const exact = await timed(exactMs, () => exactNearest(database, agentId, query, 10));
    for (const entry of byEf) {
      const ten = await timed(entry.ms, () => searchKnowledgeIndex(database, { agentId, query, limit: 10, efSearch: entry.efSearch }));
      const sixty = await searchKnowledgeIndex(database, { agentId, query, limit: 60, efSearch: entry.efSearch });
      entry.recall10.push(overlap(ten.map((row) => row.id).slice(0, 10), exact));
      entry.recall60.push(overlap(sixty.map((row) => row.id).slice(0, 10), exact));
    }
  }
  return {
    queries: queries.length,
    exact_p50_ms: median(exactMs),
    hnsw: byEf.map((entry) => ({
      ef_search: entry.efSearch,
      "recall@10": mean(entry.recall10),
      "recall@10_of_60": mean(entry.recall60),
      p50_ms: median(entry.ms),
    })),
  };
}

const results: Record<string, unknown> = {};
try {
  const database = await getDatabase();
  const [{ version }] = (await database.sql.query<{ version: string }>(
    `SELECT extversion AS version FROM pg_extension WHERE extname = 'vector'`,
  )) as [{ version: string }];
  results.pgvector = version;
  results.ef_search_default = knowledgeIndexSettings.efSearch;
  const prisma = await getPrisma();
  const { id: workspaceId } = await prisma.workspace.create({ data: { slug: "bench-hnsw", name: "HNSW benchmark" } });
  const embedder = createEmbedder();
  const efValues = [40, 100, 200, 400];

  if (!values["skip-suites"]) {
    const folder = path.resolve("../shared/data/retrieval");
    const suites = fs
      .readdirSync(folder)
      .filter((name) => name.endsWith(".dev.json"))
      .sort()
      .map((name) => readSuite(path.join(folder, name)));
    const pooled = "pooled";
    const idToKey = new Map<string, string>();
    let loaded = 0;
    const started = Date.now();
    for (const suite of suites) {
      for (const memory of suite.memories) {
        const { type, ...metadata } = memory.metadata;
        // Each agent memory in its own partition as `npm run eval` has it, and every memory in the pooled one.
        const agentIds = memory.scope === "agent" ? [memory.agent_id ?? TEAM_AGENT, pooled] : [pooled];
        for (const agentId of agentIds) {
          const id = await addMemory({
            workspaceId,
            target: { scope: "agent", agentId },
            text: memory.text,
            type: String(type ?? memory.scope),
            metadata,
            by: { actorType: "system" },
          });
          idToKey.set(id, memory.key);
        }
        if (++loaded % 500 === 0) log(`suites: loaded ${loaded} memories (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }
    const sets = [
      ...suites
        .filter((suite) => suite.cases.some((item) => item.scope === "agent"))
        .map((suite) => ({
          name: `${suite.name} (own knowledge partition)`,
          cases: suite.cases.filter((item) => item.scope === "agent").map((item) => ({ ...item, agentId: item.agent_id ?? TEAM_AGENT })),
        })),
      { name: "all suites pooled", cases: suites.flatMap((suite) => suite.cases.map((item) => ({ ...item, agentId: pooled }))) },
    ];
    const suiteResults: Record<string, unknown> = {};
    for (const set of sets) {
      const queries = await embedder.embedDocuments(set.cases.map((item) => item.query));
      const [partitionSize] = await database.sql.query<{ rows: number }>(
        `SELECT count(*)::int AS rows FROM memories WHERE collection = 'memories' AND scope = 'agent' AND agent_id = $1`,
        [ownerId(workspaceId, set.cases[0]!.agentId)],
      );
      log(`${set.name}: ${set.cases.length} cases over ${partitionSize!.rows} entries`);
      const vector = await vectorRecall(database, ownerId(workspaceId, set.cases[0]!.agentId), queries, efValues);
      // The whole search, BM25 and all: the index forced on (threshold 0) against the exact path.
      const agreement: number[] = [];
      const tallies = { exact: new Tally(), hnsw: new Tally() };
      const ms = { exact: [] as number[], hnsw: [] as number[] };
      for (const item of set.cases) {
        const search = () =>
          searchMemories({ workspaceId, target: { scope: "agent", agentId: item.agentId }, query: item.query, limit: 10 });
        knowledgeIndexSettings.minRows = Number.POSITIVE_INFINITY;
        const exact = (await timed(ms.exact, search)).map((result) => result.id);
        knowledgeIndexSettings.minRows = 0;
        const hnsw = (await timed(ms.hnsw, search)).map((result) => result.id);
        agreement.push(overlap(hnsw, exact));
        tallies.exact.add(
          exact.map((id) => idToKey.get(id) ?? ""),
          item.relevant,
        );
        tallies.hnsw.add(
          hnsw.map((id) => idToKey.get(id) ?? ""),
          item.relevant,
        );
      }
      knowledgeIndexSettings.minRows = Number.POSITIVE_INFINITY;
      suiteResults[set.name] = {
        entries: partitionSize!.rows,
        vector,
        search: {
          "recall@10_vs_exact": mean(agreement),
          exact: { ...tallies.exact.figures(), p50_ms: median(ms.exact) },
          hnsw: { ...tallies.hnsw.figures(), p50_ms: median(ms.hnsw) },
        },
      };
    }
    results.suites = suiteResults;
  }

  if (count > 0) results.synthetic = await syntheticRecall(database, ownerId(workspaceId, "synthetic"), workspaceId, efValues);

  if (asJson) console.log(JSON.stringify(results));
  else console.log(JSON.stringify(results, null, 2));
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
} catch (error) {
  console.error(`bench:hnsw failed: ${error instanceof Error ? (error.stack ?? String(error)) : String(error)}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}

/** mulberry32: the same rows and queries on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

async function syntheticRecall(database: Database, agentId: string, workspaceId: string, efValues: number[]) {
  const dimensions = (await createEmbedder().embedQuery("dimensions")).length;
  const random = seeded(15);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const unit = (values: Float64Array) => {
    let norm = 0;
    for (const value of values) norm += value * value;
    norm = Math.sqrt(norm);
    return Array.from(values, (value) => value / norm);
  };
  // Clustered: a point is its centre plus noise of the same length (cosine to the centre
  // about 0.7), so the nearest neighbours of a query are many, close and similar.
  const centres = Array.from({ length: shape === "clustered" ? Math.max(10, Math.round(count / 100)) : 0 }, () =>
    unit(Float64Array.from({ length: dimensions }, gaussian)),
  );
  const point = () => {
    const values = Float64Array.from({ length: dimensions }, gaussian);
    if (centres.length === 0) return unit(values);
    const centre = centres[Math.floor(random() * centres.length)]!;
    const scale = 1 / Math.sqrt(dimensions);
    for (let index = 0; index < dimensions; index++) values[index] = centre[index]! + values[index]! * scale;
    return unit(values);
  };

  const [index] = await database.sql.query<{ definition: string }>(`SELECT indexdef AS definition FROM pg_indexes WHERE indexname = $1`, [
    `memories_knowledge_hnsw_${dimensions}`,
  ]);
  if (!index) throw new Error(`No knowledge index for ${dimensions} dimensions`);
  // pgvector's advice for a bulk load: the rows first, the index after.
  await database.sql.exec(`DROP INDEX memories_knowledge_hnsw_${dimensions}`);
  let started = Date.now();
  const batch = 1000;
  for (let from = 0; from < count; from += batch) {
    const size = Math.min(batch, count - from);
    const vectors = Array.from({ length: size }, () => toPgvectorText(point()));
    await database.sql.query(
      `INSERT INTO memories (id, collection, workspace_id, scope, agent_id, text, payload, embedding, embedding_vector)
       SELECT 'synthetic-' || (n + $4), 'memories', $1::uuid, 'agent', $2, 'synthetic ' || (n + $4),
              jsonb_build_object('data', 'synthetic ' || (n + $4), 'scope', 'agent'), ''::bytea, v::vector
       FROM unnest($3::text[]) WITH ORDINALITY AS u(v, n)`,
      [workspaceId, agentId, vectors, from],
    );
    if ((from + size) % 10_000 === 0 || from + size === count)
      log(`synthetic: loaded ${from + size}/${count} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  const loadSeconds = (Date.now() - started) / 1000;
  started = Date.now();
  // The graph is built fastest in memory; PGlite's default (64 MB) holds about 14,000 rows of 1,024 floats.
  await database.sql.exec(`SET maintenance_work_mem = '1GB'`);
  await database.sql.exec(index.definition);
  await database.sql.exec(`RESET maintenance_work_mem; ANALYZE memories`);
  const buildSeconds = (Date.now() - started) / 1000;
  log(`synthetic: index built in ${buildSeconds.toFixed(0)} s`);
  const queries = Array.from({ length: queryCount }, point);
  const vector = await vectorRecall(database, agentId, queries, efValues);
  return {
    rows: count,
    shape,
    dimensions,
    load_s: Number(loadSeconds.toFixed(1)),
    index_build_s: Number(buildSeconds.toFixed(1)),
    ...vector,
  };
}
