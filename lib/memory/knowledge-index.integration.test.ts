import { afterEach, describe, expect, it } from "vitest";
import { getDatabase } from "@/lib/db";
import { makeWorkspace } from "@/test/factories";
import { addMemory, searchMemories } from "./core";
import { HASHING_DIMENSIONS } from "./hashing-embedder";
import { indexedDimensions, knowledgeIndexQuery, knowledgeIndexSettings } from "./knowledge-index";
import { ownerId, TEAM_AGENT } from "./owners";
import { usesPgvector } from "./vector-column";

const system = { actorType: "system" as const };
const defaults = { ...knowledgeIndexSettings };

afterEach(() => Object.assign(knowledgeIndexSettings, defaults));

const TOPICS = [
  "Refunds are paid back to the original card within five working days.",
  "A thermostat that goes offline after a router change needs the 2.4 GHz band named on its own.",
  "Enterprise customers get a named account manager and a four-hour response target.",
  "Passwords are reset from the sign-in page; the link in the mail is valid for one hour.",
  "Returned devices must be in their original box with every accessory.",
  "The mobile app shows the energy report under Insights once a week of data is in.",
  "Invoices can be downloaded as PDF from Billing, and VAT numbers are added in Settings.",
  "Firmware updates install overnight between 2 and 4 am local time.",
  "A camera that shows a blinking red light has lost its Wi-Fi connection.",
  "Gift cards cannot be exchanged for cash and do not expire.",
  "Shipping to Norway and Switzerland adds customs duties paid by the customer.",
  "Two-factor sign-in can be switched on for the whole team by an admin.",
];

/** Index scans of the knowledge index so far, as PostgreSQL's statistics count them. */
async function indexScans(): Promise<number> {
  const { sql } = await getDatabase();
  // Statistics are flushed at the end of a transaction, at most once a second unless forced.
  await sql.query(`SELECT pg_stat_force_next_flush()`);
  await sql.query(`SELECT 1`);
  const [row] = await sql.query<{ scans: string | number }>(
    `SELECT coalesce(sum(idx_scan), 0) AS scans FROM pg_stat_user_indexes WHERE indexrelname = $1`,
    [`memories_knowledge_hnsw_${HASHING_DIMENSIONS}`],
  );
  return Number(row?.scans ?? 0);
}

describe("knowledge search through the HNSW index", () => {
  it("has the index where pgvector is, and none (today's path) where not", async () => {
    const database = await getDatabase();
    const pgvector = await usesPgvector(database);
    // PGlite always has pgvector; the machine's PostgreSQL server has not.
    expect(pgvector).toBe(database.mode === "embedded");
    const rows = await database.sql.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'memories' AND indexname LIKE 'memories_knowledge_hnsw_%' ORDER BY indexname`,
    );
    expect([...(await indexedDimensions(database))].sort()).toEqual(pgvector ? [1024, 1536] : []);
    expect(rows.map((row) => row.name)).toEqual(pgvector ? ["memories_knowledge_hnsw_1024", "memories_knowledge_hnsw_1536"] : []);
    if (pgvector) expect(rows[0]!.definition).toMatch(/USING hnsw .*vector_cosine_ops.*WHERE .*scope.* = 'agent'/);
  });

  it("returns what exact search returns for a small knowledge base, through the index where there is one", async () => {
    const { workspaceId } = await makeWorkspace("hnsw");
    for (const text of TOPICS) await addMemory({ workspaceId, target: { scope: "agent" }, text, type: "policy", by: system });
    const database = await getDatabase();
    const pgvector = await usesPgvector(database);
    const queries = ["my thermostat is offline since I got a new router", "how long does a refund take", "customs fees Norway"];
    for (const query of queries) {
      knowledgeIndexSettings.minRows = Number.POSITIVE_INFINITY;
      const exact = await searchMemories({ workspaceId, target: { scope: "agent" }, query, limit: 5 });
      knowledgeIndexSettings.minRows = 0;
      const before = pgvector ? await indexScans() : 0;
      const indexed = await searchMemories({ workspaceId, target: { scope: "agent" }, query, limit: 5 });
      if (pgvector) expect(await indexScans()).toBeGreaterThan(before);
      expect(indexed.map((item) => item.id)).toEqual(exact.map((item) => item.id));
      expect(indexed[0]!.text).toBe(exact[0]!.text);
      // Without pgvector the lowered threshold changes nothing: same path, same scores.
      if (!pgvector) expect(indexed.map((item) => item.score)).toEqual(exact.map((item) => item.score));
    }
    expect((await searchMemories({ workspaceId, target: { scope: "agent" }, query: queries[0]!, limit: 1 }))[0]!.text).toMatch(
      /thermostat/,
    );
  });

  it("plans a larger knowledge partition's search on the index, and keeps another workspace's rows out", async () => {
    const database = await getDatabase();
    if (!(await usesPgvector(database))) return;
    const { workspaceId } = await makeWorkspace("hnsw-big");
    const other = await makeWorkspace("hnsw-other");
    // 900 rows written straight into the table (the library's add path costs seconds per
    // hundred); random vectors, so nothing but the vector ranks them.
    for (const [owner, count] of [
      [workspaceId, 700],
      [other.workspaceId, 200],
    ] as const) {
      await database.sql.query(
        `INSERT INTO memories (id, collection, workspace_id, scope, agent_id, text, payload, embedding, embedding_vector)
         SELECT 'synthetic-' || $1 || '-' || n, 'memories', $1::uuid, 'agent', $2, 'row ' || n,
                jsonb_build_object('data', 'row ' || n, 'scope', 'agent'), ''::bytea,
                (SELECT array_agg(random() - 0.5) FROM generate_series(1, ${HASHING_DIMENSIONS} + 0 * n) AS d)::vector
         FROM generate_series(1, $3::int) AS n`,
        [owner, ownerId(owner, TEAM_AGENT), count],
      );
    }
    await database.sql.query(`ANALYZE memories`);
    const query = `[${Array.from({ length: HASHING_DIMENSIONS }, (_, index) => Math.sin(index)).join(",")}]`;
    const plan = await database.sql.query<{ "QUERY PLAN": string }>(`EXPLAIN ${knowledgeIndexQuery(HASHING_DIMENSIONS)}`, [
      ownerId(workspaceId, TEAM_AGENT),
      query,
      20,
    ]);
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toMatch(/Index Scan using memories_knowledge_hnsw_1024/);

    knowledgeIndexSettings.minRows = 500;
    const before = await indexScans();
    const results = await searchMemories({ workspaceId, target: { scope: "agent" }, query: "row 17", limit: 10 });
    expect(await indexScans()).toBeGreaterThan(before);
    expect(results).toHaveLength(10);
    expect(results.every((result) => result.id.startsWith(`synthetic-${workspaceId}-`))).toBe(true);
  });
});
