import "server-only";
import pg from "pg";
import { getDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

// One retention run at a time: within a process by a flag, across the processes that share
// a PostgreSQL server by a session advisory lock on a connection of its own (released if
// the process dies). The embedded database has one process, so the flag is enough there.
// The hourly run is a singleton job (lib/retention/schedule.ts); the lock keeps a run from
// the CLI or the settings page from overlapping it. A session lock needs a session: behind
// a transaction pooler that is DATABASE_DIRECT_URL.

// Distinct from Prisma's migration lock (72707369); "RETN" in ASCII.
export const RETENTION_LOCK_KEY = 0x5245544e;

const state = globalThis as unknown as { __retentionRunning?: boolean };

/** Runs fn holding the lock, or returns null at once when another run holds it. */
export async function withRetentionLock<T>(fn: () => Promise<T>): Promise<T | null> {
  if (state.__retentionRunning) return null;
  state.__retentionRunning = true;
  try {
    const database = await getDatabase();
    if (database.mode !== "server") return await fn();
    const client = new pg.Client({ connectionString: env().DATABASE_DIRECT_URL ?? env().DATABASE_URL });
    client.on("error", (error) => log.warn({ err: error }, "[retention] lock connection lost"));
    await client.connect();
    try {
      const [row] = (await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [RETENTION_LOCK_KEY])).rows;
      if (!row?.locked) return null;
      try {
        return await fn();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [RETENTION_LOCK_KEY]).catch(() => undefined);
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  } finally {
    state.__retentionRunning = false;
  }
}
