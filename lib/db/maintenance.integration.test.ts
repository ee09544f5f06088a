import { describe, expect, it } from "vitest";
import { getDatabase } from "@/lib/db";
import { makeTicket, makeWorkspace } from "@/test/factories";
import { maintainEmbeddedDatabase } from "./maintenance";

describe("embedded database maintenance", () => {
  it("gives the planner statistics on PGlite, which has no autovacuum; leaves a server to its own", async () => {
    const database = await getDatabase();
    const workspace = await makeWorkspace("maintenance");
    await makeTicket(workspace);
    const result = await maintainEmbeddedDatabase(database);
    if (database.mode === "server") {
      expect(result).toBeNull();
      return;
    }
    expect(result?.ms).toBeGreaterThanOrEqual(0);
    const [tickets] = await database.sql.query<{ analyzed: boolean; vacuumed: boolean; reltuples: number }>(
      `SELECT s.last_analyze IS NOT NULL AS analyzed, s.last_vacuum IS NOT NULL AS vacuumed, c.reltuples
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = 'tickets'`,
    );
    expect(tickets).toMatchObject({ analyzed: true, vacuumed: true });
    expect(Number(tickets!.reltuples)).toBeGreaterThanOrEqual(1);
  });
});
