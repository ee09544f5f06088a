import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { SEAL_DELAY_MS } from "@/lib/audit/record";
import { flushBackgroundWork } from "@/lib/background";
import { closeDatabase } from "@/lib/db";
import { stopJobWorkers } from "@/lib/jobs";

// On PostgreSQL the test files run side by side on one database, and so on one pg-boss
// queue: a worker another file started may take this file's jobs and run them with that
// file's settings. A file whose jobs depend on its own settings (a model server of its own)
// takes a database of its own; embedded, each file has its own already.

let databaseName = "";

/**
 * A database of the file's own for its whole run (PostgreSQL only): for files that start job
 * workers or wait for jobs. Workers another file starts on the shared queue would take this
 * file's jobs, and when that file stops them, its running jobs go back for a retry 30 s or
 * more later. Call at the top of the file, before its other hooks.
 */
export function ownDatabaseForFile(label: string): void {
  beforeAll(() => switchToOwnDatabase(label), 120_000);
  afterAll(() => dropOwnDatabase());
}

/** Call in beforeAll, before the database is first used. */
export async function switchToOwnDatabase(label: string): Promise<void> {
  if (process.env.TEST_DB_MODE !== "postgres") return;
  const adminUrl = inject("adminDatabaseUrl");
  databaseName = `recall_${label}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${databaseName}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  process.env.DATABASE_URL = url.toString();
  delete (globalThis as { __appEnv?: unknown }).__appEnv;
  await closeDatabase();
}

/** Call in afterAll: stops the workers, closes the pools and drops the database. */
export async function dropOwnDatabase(): Promise<void> {
  if (!databaseName) return;
  await stopJobWorkers(1000);
  // Work the file's requests left behind (model readings, the audit sealer's timer, SEAL_DELAY_MS
  // after an entry) ends first: started after the drop, it would open a pool on a database that
  // is gone (seen once in a full run: "database ... does not exist" after every test passed).
  await flushBackgroundWork();
  await new Promise((resolve) => setTimeout(resolve, SEAL_DELAY_MS + 100));
  await flushBackgroundWork();
  await closeDatabase();
  const admin = new pg.Client({ connectionString: inject("adminDatabaseUrl") });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  databaseName = "";
}
