// `npm run db:migrate`: apply pending migrations to the configured database and exit.
import { openDatabase } from "../lib/db/client";
import { readMigrations } from "../lib/db/migrate";
import { EnvError, parseEnv } from "../lib/env";

try {
  const config = parseEnv();
  const before = readMigrations().length;
  const database = await openDatabase(
    config.DATABASE_URL ? { mode: "server", url: config.DATABASE_URL } : { mode: "embedded", dataDir: config.dataDir },
  );
  const rows = await database.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  await database.close();
  console.log(`Database is up to date: ${rows[0]?.n ?? 0} of ${before} migrations applied.`);
  process.exit(0);
} catch (error) {
  console.error(error instanceof EnvError ? error.message : `Migration failed: ${(error as Error).message}`);
  process.exit(1);
}
