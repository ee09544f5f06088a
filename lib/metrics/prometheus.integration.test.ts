import { describe, expect, it } from "vitest";
import { GET as live } from "@/app/api/health/live/route";
import { getDatabase, getPrisma } from "@/lib/db";
import { makeTicket, makeWorkspace } from "@/test/factories";
import { estimatedTables, prometheusText, scrapeQueries } from "./prometheus";

// What a Prometheus scrape reads, and what it costs: the whole answer is checked against
// real data, and each of its queries against the planner, so that a scrape never counts a
// big table row by row.

describe("Prometheus text", () => {
  it("reports the backlog per workspace, table sizes and request durations, without personal data", async () => {
    const workspace = await makeWorkspace("prom");
    await makeTicket(workspace, { email: "secret.person@customers.example" });
    const { sql } = await getDatabase();
    await sql.exec("ANALYZE tickets");
    const { slug } = await (await getPrisma()).workspace.findUniqueOrThrow({ where: { id: workspace.workspaceId } });
    expect((await live(new Request("http://localhost/api/health/live"))).status).toBe(200);
    const text = await prometheusText();
    expect(text).toContain(`recall_tickets{workspace="${slug}",status="OPEN"} 1`);
    const tickets = /^recall_table_rows_estimated\{table="tickets"\} (\d+)/m.exec(text);
    expect(Number(tickets?.[1])).toBeGreaterThanOrEqual(1);
    for (const table of estimatedTables) expect(text).toContain(`recall_table_rows_estimated{table="${table}"}`);
    expect(text).toMatch(/recall_http_request_duration_seconds_count\{method="GET",route="\/api\/health\/live",status="200"\} [1-9]/);
    expect(text).toContain(`recall_mail_deliveries{status="queued"}`);
    expect(text).toMatch(/^recall_erasure_requests_pending \d+/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).not.toContain("secret.person");
  });

  it("reports the pool's connections in server mode", async () => {
    await getDatabase();
    const text = await prometheusText();
    if (process.env.TEST_DB_MODE === "postgres") expect(text).toMatch(/^recall_db_pool_connections\{pool="app"\} [1-9]/m);
    else expect(text).not.toMatch(/^recall_db_pool_connections\{/m);
  });

  it("reads big tables only through an index or the catalogue, never row by row", async () => {
    const big = new Set([
      ...estimatedTables,
      "erasure_requests",
      "retention_runs",
      "knowledge_articles",
      "user_sessions",
      "memory_feedback",
    ]);
    type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Cond"?: string; "Recheck Cond"?: string; Plans?: PlanNode[] };
    const scans = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(scans)];
    const { sql } = await getDatabase();
    for (const [name, query] of Object.entries(scrapeQueries)) {
      expect(query.sql, name).not.toMatch(/count\(\*\)\s+FROM\s+(tickets|memories|messages|drafts|audit_logs)\b/i);
      // With sequential scans priced out, a plan that still reads a table whole has no other way.
      const plan = await sql.transaction(async (tx) => {
        await tx.query("SET LOCAL enable_seqscan = off");
        const [row] = await tx.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${query.sql}`, query.params);
        return row!["QUERY PLAN"];
      });
      const root = (typeof plan === "string" ? JSON.parse(plan) : plan) as Array<{ Plan: PlanNode }>;
      const unbounded = scans(root[0]!.Plan).filter(
        (node) => node["Relation Name"] && big.has(node["Relation Name"]) && !node["Index Cond"] && !node["Recheck Cond"],
      );
      expect(
        unbounded.map((node) => `${name}: ${node["Node Type"]} on ${node["Relation Name"]}`),
        name,
      ).toEqual([]);
    }
  });
});
