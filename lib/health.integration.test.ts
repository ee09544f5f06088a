import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as live } from "@/app/api/health/live/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { closeDatabase, getDatabase } from "@/lib/db";
import { defaultMigrationsDir } from "@/lib/db/migrate";
import { startJobWorkers, stopJobWorkers } from "@/lib/jobs";
import { schedulePrivacySweep } from "@/lib/privacy/schedule";
import { scheduleRetention } from "@/lib/retention/schedule";
import { beginShutdown } from "@/lib/shutdown";
import { checkReadiness } from "./health";
import { ownDatabaseForFile } from "@/test/own-database";

// Jobs run here: on PostgreSQL, not on the queue other files' workers share.
ownDatabaseForFile("health");

// Liveness and readiness as a load balancer sees them: status codes, and a body that names
// the failed checks and nothing else. The shutdown case comes last: it cannot be undone.

const probe = (handler: typeof ready, url: string) => handler(new Request(`http://localhost${url}`));

const stops: Array<() => void> = [];
async function startSchedules() {
  stops.push(schedulePrivacySweep(), scheduleRetention({ firstDelayMs: 60 * 60_000 }));
  await startJobWorkers();
}
// The server's start-up has opened (and migrated) the database before the first probe.
beforeAll(async () => {
  await getDatabase();
});
afterAll(async () => {
  for (const stop of stops) stop();
  await stopJobWorkers();
});

function copyOfMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-migrations-"));
  fs.cpSync(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}

describe("health endpoints", () => {
  it("is live without a database check, and ready only once the job workers and the scheduled jobs run", async () => {
    const liveness = await probe(live, "/api/health/live");
    expect(liveness.status).toBe(200);
    expect(await liveness.json()).toEqual({ live: true });
    expect(liveness.headers.get("cache-control")).toBe("no-store");

    // As in a process whose start-up has not (or not fully) run: the database is fine, no job runs.
    const before = await probe(ready, "/api/health/ready");
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({
      ready: false,
      failed: ["jobs"],
      checks: { shutdown: "ok", database: "ok", migrations: "ok", jobs: "failed" },
    });

    // Schedules set, but no worker to run them: still not ready.
    stops.push(schedulePrivacySweep(), scheduleRetention({ firstDelayMs: 60 * 60_000 }));
    expect(await (await probe(ready, "/api/health/ready")).json()).toMatchObject({ ready: false, failed: ["jobs"] });

    await startJobWorkers();
    const after = await probe(ready, "/api/health/ready");
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({
      ready: true,
      failed: [],
      checks: { shutdown: "ok", database: "ok", migrations: "ok", jobs: "ok" },
    });
  });

  it("is not ready while a migration of this build is missing from the database or differs from the applied one", async () => {
    await startSchedules();
    const newer = copyOfMigrations();
    const changed = copyOfMigrations();
    try {
      fs.mkdirSync(path.join(newer, "29991231235959_not_applied_yet"));
      fs.writeFileSync(path.join(newer, "29991231235959_not_applied_yet", "migration.sql"), "SELECT 1;\n");
      expect(await checkReadiness({ migrationsDir: newer })).toMatchObject({ ready: false, failed: ["migrations"] });

      const first = fs
        .readdirSync(changed)
        .filter((name) => fs.statSync(path.join(changed, name)).isDirectory())
        .sort()[0]!;
      fs.appendFileSync(path.join(changed, first, "migration.sql"), "\n-- edited after it was applied\n");
      expect(await checkReadiness({ migrationsDir: changed })).toMatchObject({ ready: false, failed: ["migrations"] });

      // A newer build may have applied more than this one knows: that does not make this process unready.
      const older = copyOfMigrations();
      const last = fs
        .readdirSync(older)
        .filter((name) => fs.statSync(path.join(older, name)).isDirectory())
        .sort()
        .at(-1)!;
      fs.rmSync(path.join(older, last), { recursive: true });
      expect(await checkReadiness({ migrationsDir: older })).toMatchObject({ ready: true, failed: [] });
      fs.rmSync(older, { recursive: true, force: true });
    } finally {
      fs.rmSync(newer, { recursive: true, force: true });
      fs.rmSync(changed, { recursive: true, force: true });
    }
  });

  it("answers 503 naming the database, and nothing of its error, when the database cannot be reached", async () => {
    await startSchedules();
    const slot = globalThis as { __appEnv?: unknown };
    const saved = process.env.DATABASE_URL;
    await closeDatabase();
    process.env.DATABASE_URL = "postgresql://nobody@127.0.0.1:1/unreachable";
    delete slot.__appEnv;
    try {
      const response = await probe(ready, "/api/health/ready");
      expect(response.status).toBe(503);
      const text = await response.text();
      // On PGlite the URL turns this into a server-mode process whose pg-boss workers never
      // started, which readiness reports too; on PostgreSQL they run.
      const jobs = process.env.TEST_DB_MODE === "postgres" ? "ok" : "failed";
      expect(JSON.parse(text)).toEqual({
        ready: false,
        failed: jobs === "ok" ? ["database"] : ["database", "jobs"],
        checks: { shutdown: "ok", database: "failed", migrations: "not checked", jobs },
      });
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|nobody/);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      delete slot.__appEnv;
      await closeDatabase();
    }
    await getDatabase();
    expect((await probe(ready, "/api/health/ready")).status).toBe(200);
  });

  it("answers 503 naming the shutdown once it has begun, while liveness stays 200", async () => {
    await startSchedules();
    expect((await probe(ready, "/api/health/ready")).status).toBe(200);
    beginShutdown();
    const draining = await probe(ready, "/api/health/ready");
    expect(draining.status).toBe(503);
    const body = (await draining.json()) as { ready: boolean; failed: string[] };
    expect(body.ready).toBe(false);
    expect(body.failed).toEqual(["shutdown"]);
    expect((await probe(live, "/api/health/live")).status).toBe(200);
  });
});
