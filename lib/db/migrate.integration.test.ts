import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { type Database, openDatabase } from "./client";
import { readMigrations } from "./migrate";

// Each test migrates a database of its own from nothing.
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshDatabase(migrationsDir?: string): Promise<Database> {
  if (process.env.TEST_DB_MODE !== "postgres") {
    const db = await openDatabase({ mode: "embedded", dataDir: null }, { migrationsDir });
    cleanups.push(() => db.close());
    return db;
  }
  const adminUrl = inject("adminDatabaseUrl");
  const name = `recall_migrate_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  cleanups.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ mode: "server", url: url.toString() }, { migrationsDir });
  cleanups.push(() => db.close());
  return db;
}

describe("migrations", () => {
  it("creates every table and records each migration the way prisma migrate deploy does", async () => {
    const db = await freshDatabase();
    const tables = await db.sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(["workspaces", "users", "customers", "tickets", "messages", "audit_logs", "_prisma_migrations"]),
    );
    const recorded = await db.sql.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const files = readMigrations();
    expect(recorded.map((row) => [row.migration_name, row.checksum])).toEqual(files.map((file) => [file.name, file.checksum]));
    expect(recorded.every((row) => row.finished_at !== null)).toBe(true);
  });

  it("applies nothing twice, and refuses a migration edited after it was applied", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-migrations-"));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    fs.cpSync(path.join("prisma", "migrations"), dir, { recursive: true });
    fs.mkdirSync(path.join(dir, "99990101000000_extra"));
    fs.writeFileSync(path.join(dir, "99990101000000_extra", "migration.sql"), `CREATE TABLE "extra_probe" (id int);`);

    const db = await freshDatabase(dir);
    const { applyMigrations } = await import("./migrate");
    expect((await applyMigrations(db.sql, readMigrations(dir))).applied).toEqual([]);

    fs.writeFileSync(path.join(dir, "99990101000000_extra", "migration.sql"), `CREATE TABLE "extra_probe" (id bigint);`);
    await expect(applyMigrations(db.sql, readMigrations(dir))).rejects.toThrow(/99990101000000_extra was changed/);
  });

  it("rolls back a failing migration completely and reports which one failed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-migrations-"));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    fs.cpSync(path.join("prisma", "migrations"), dir, { recursive: true });
    const db = await freshDatabase(dir);
    fs.mkdirSync(path.join(dir, "99990101000000_broken"));
    fs.writeFileSync(
      path.join(dir, "99990101000000_broken", "migration.sql"),
      `CREATE TABLE "half_done" (id int);\nALTER TABLE "no_such_table" ADD COLUMN x int;`,
    );
    const { applyMigrations } = await import("./migrate");
    await expect(applyMigrations(db.sql, readMigrations(dir))).rejects.toThrow(/99990101000000_broken failed/);
    const leftovers = await db.sql.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`);
    expect(leftovers).toHaveLength(0);
    const recorded = await db.sql.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '99990101000000_broken'`);
    expect(recorded).toHaveLength(0);
  });
});
