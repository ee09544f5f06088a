import "server-only";
import { env } from "@/lib/env";
import { type Database, openDatabase } from "./client";
import { runBeforeCloseHooks } from "./close-hooks";

export type { Database } from "./client";
export type { PrismaClient } from "./generated/client";

const globalForDb = globalThis as unknown as { __appDb?: Promise<Database> };

/**
 * The process's one database connection, opened (and migrated) on first use. Kept on
 * globalThis so that Next.js module copies and dev reloads share it: PGlite must never be
 * opened twice.
 */
export function getDatabase(): Promise<Database> {
  if (!globalForDb.__appDb) {
    const config = env();
    const opening = openDatabase(
      config.DATABASE_URL
        ? { mode: "server", url: config.DATABASE_URL, directUrl: config.DATABASE_DIRECT_URL }
        : { mode: "embedded", dataDir: config.dataDir },
    );
    // A failed open (locked folder, server down) is retried by the next caller.
    opening.catch(() => {
      if (globalForDb.__appDb === opening) globalForDb.__appDb = undefined;
    });
    globalForDb.__appDb = opening;
  }
  return globalForDb.__appDb;
}

export async function getPrisma() {
  return (await getDatabase()).prisma;
}

export async function closeDatabase(): Promise<void> {
  const opening = globalForDb.__appDb;
  if (opening) await runBeforeCloseHooks();
  globalForDb.__appDb = undefined;
  if (opening) await (await opening).close();
}
