import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { closeDatabase } from "@/lib/db";

// Points the app's own database singleton at this run's database before any test code
// touches it: a PGlite folder per test file, or the run's fresh PostgreSQL database.
delete (globalThis as { __appEnv?: unknown }).__appEnv;
let tempDir: string | undefined;
if (process.env.TEST_DB_MODE === "postgres") {
  process.env.DATABASE_URL = inject("databaseUrl");
} else {
  delete process.env.DATABASE_URL;
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-pglite-"));
  process.env.DATA_DIR = tempDir;
}

afterAll(async () => {
  await closeDatabase();
  delete (globalThis as { __appEnv?: unknown }).__appEnv;
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
});
