import type { Database } from "./client";
import { log } from "@/lib/log";

// PGlite runs no autovacuum. Without this its planner never gets table statistics and dead
// rows are never reclaimed: at 100,000 tickets an inbox page of the resolved view took
// 73 ms instead of 1.5 ms (docs/BENCHMARKS.md). A PostgreSQL server
// does this itself. At 100,000 tickets ANALYZE took 0.9 s and VACUUM 0.9 s after a bulk load;
// PGlite answers one query at a time, so it runs at start and then hourly, not more often.
export const MAINTENANCE_INTERVAL_MS = 60 * 60_000;

/** Vacuums and analyzes an embedded database; does nothing on a server (null). */
export async function maintainEmbeddedDatabase(database: Pick<Database, "mode" | "sql">): Promise<{ ms: number } | null> {
  if (database.mode !== "embedded") return null;
  const started = performance.now();
  await database.sql.exec("VACUUM (ANALYZE)");
  return { ms: Math.round(performance.now() - started) };
}

/** Runs the maintenance now and every interval after; returns a function that stops it. */
export function scheduleEmbeddedMaintenance(database: Pick<Database, "mode" | "sql">, intervalMs = MAINTENANCE_INTERVAL_MS): () => void {
  if (database.mode !== "embedded") return () => {};
  const run = () =>
    maintainEmbeddedDatabase(database).catch((error: Error) =>
      log.warn({ err: error }, "[db] vacuum/analyze of the embedded database failed"),
    );
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
