import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// Applies prisma/migrations/*/migration.sql in order, each in its own transaction, and
// records them in Prisma's own `_prisma_migrations` table with Prisma's checksum (sha256 of
// the file), so `prisma migrate deploy` run later by someone with internet agrees with us.

/** The minimum a migration needs from a database driver (PGlite or node-postgres). */
export interface SqlRunner {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: Omit<SqlRunner, "transaction">) => Promise<T>): Promise<T>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

// The key Prisma's migrate commands lock with, so we and they never migrate at once.
const PRISMA_ADVISORY_LOCK = 72707369;

export const defaultMigrationsDir = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");

export function readMigrations(dir = defaultMigrationsDir): Migration[] {
  if (!fs.existsSync(dir)) throw new MigrationError(`No migrations folder at ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const createMigrationsTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateResult {
  applied: string[];
}

export async function applyMigrations(
  runner: SqlRunner,
  migrations: Migration[] = readMigrations(),
  options: { advisoryLock?: boolean } = {},
): Promise<MigrateResult> {
  if (options.advisoryLock) await runner.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
  try {
    await runner.exec(createMigrationsTable);
    const rows = await runner.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((row) => [row.migration_name, row]));
    const applied: string[] = [];

    for (const migration of migrations) {
      const previous = done.get(migration.name);
      if (previous?.finished_at) {
        if (previous.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was changed after it was applied. ` + `Restore the original file and add a new migration instead.`,
          );
        }
        continue;
      }
      if (previous) {
        throw new MigrationError(
          `Migration ${migration.name} started earlier but never finished. ` +
            `Inspect the database, then mark it rolled back in _prisma_migrations before retrying.`,
        );
      }
      try {
        await runner.transaction(async (tx) => {
          await tx.exec(migration.sql);
          await tx.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), 1)`,
            [randomUUID(), migration.checksum, migration.name],
          );
        });
      } catch (error) {
        throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.name);
    }
    return { applied };
  } finally {
    if (options.advisoryLock) await runner.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
  }
}
