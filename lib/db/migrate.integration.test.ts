import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { type Database, openDatabase } from "./client";
import { fromVectorSend } from "@/lib/memory/vector-column";
import { applyMigrations, readMigrations } from "./migrate";

// Each test migrates a database of its own from nothing.
const cleanups: Array<() => void | Promise<void>> = [];
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
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
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
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
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

describe("the pgvector migration", () => {
  it("moves vectors written before it into pgvector's column exactly, or leaves the bytes where the server has no pgvector", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-migrations-"));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const all = readMigrations();
    const at = all.findIndex((migration) => migration.name.endsWith("_memory_pgvector"));
    expect(at).toBeGreaterThan(0);
    for (const migration of all.slice(0, at))
      fs.cpSync(path.join("prisma", "migrations", migration.name), path.join(dir, migration.name), { recursive: true });
    const db = await freshDatabase(dir);

    // Normal values, a negative, zero, a subnormal and the extremes of Float32.
    const values = Float32Array.from([0.1, -2.5, 0, 1e-40, 3.4028234663852886e38, -1.1754943508222875e-38, 123456.789]);
    const [workspace] = await db.sql.query<{ id: string }>(
      `INSERT INTO workspaces (id, slug, name) VALUES (gen_random_uuid(), 'pgv', 'pgv') RETURNING id`,
    );
    await db.sql.query(
      `INSERT INTO memories (id, collection, workspace_id, scope, agent_id, text, payload, embedding) VALUES ('m1', 'memories', $1, 'agent', $2, 't', '{}', decode($3, 'hex'))`,
      [workspace!.id, `${workspace!.id}:team`, Buffer.from(values.buffer).toString("hex")],
    );
    await applyMigrations(db.sql, all);

    const [available] = await db.sql.query<{ available: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available`,
    );
    if (available!.available) {
      const [row] = await db.sql.query<{ vector: string; bytes: number }>(
        `SELECT encode(vector_send(embedding_vector), 'hex') AS vector, length(embedding) AS bytes FROM memories`,
      );
      expect(Array.from(fromVectorSend(row!.vector))).toEqual(Array.from(values));
      expect(row!.bytes).toBe(0);
    } else {
      const columns = await db.sql.query(
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'memories' AND column_name = 'embedding_vector'`,
      );
      expect(columns).toHaveLength(0);
      const [row] = await db.sql.query<{ hex: string }>(`SELECT encode(embedding, 'hex') AS hex FROM memories`);
      expect(row!.hex).toBe(Buffer.from(values.buffer).toString("hex"));
    }
  });
});
