import "server-only";
import { getDatabase } from "@/lib/db";

/** Whether the database answers, for load balancers and start scripts (no data, no session). */
export async function checkHealth(): Promise<{ ok: true; database: "embedded" | "server" } | { ok: false }> {
  try {
    const database = await getDatabase();
    await database.sql.query("SELECT 1");
    return { ok: true, database: database.mode };
  } catch {
    return { ok: false };
  }
}
