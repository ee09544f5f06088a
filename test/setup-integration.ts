import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { closeDatabase } from "@/lib/db";
import { closeRateLimitStore } from "@/lib/http/rate-limit";
import { stopJobWorkers } from "@/lib/jobs";
import { ROTATED_TEST_KEY, TEST_KEY } from "./keys";

// Points the app's own database singleton at this run's database before any test code
// touches it: a PGlite folder per test file, or the run's fresh PostgreSQL database.
delete (globalThis as { __appEnv?: unknown }).__appEnv;
delete (globalThis as { __piiKeyring?: unknown }).__piiKeyring;
let tempDir: string | undefined;
if (process.env.TEST_DB_MODE === "postgres") {
  process.env.DATABASE_URL = inject("databaseUrl");
  // Test files share the server database in parallel, so they share one key; the embedded
  // runs instead generate theirs in their DATA_DIR, as the app does by default.
  process.env.APP_ENCRYPTION_KEY ??= TEST_KEY;
  process.env.APP_ENCRYPTION_PREVIOUS_KEYS ??= ROTATED_TEST_KEY;
} else {
  delete process.env.DATABASE_URL;
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-pglite-"));
  process.env.DATA_DIR = tempDir;
}

afterAll(async () => {
  // A test that ran the start-up (lib/startup.ts) started job workers: pg-boss holds a pool.
  await stopJobWorkers(1000);
  await closeRateLimitStore();
  await closeDatabase();
  delete (globalThis as { __appEnv?: unknown }).__appEnv;
  delete (globalThis as { __piiKeyring?: unknown }).__piiKeyring;
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
});
