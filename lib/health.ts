import "server-only";
import { getDatabase } from "@/lib/db";
import { type Migration, readMigrations } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import { jobWorkersRunning } from "@/lib/jobs";
import { privacySweepScheduled } from "@/lib/privacy/schedule";
import { retentionScheduled } from "@/lib/retention/schedule";
import { shutdownBegun } from "@/lib/shutdown";

/** Whether the database answers, for load balancers and start scripts (no data, no session). */
export async function checkHealth(): Promise<{ ok: true; database: "embedded" | "server" } | { ok: false }> {
  try {
    const database = await getDatabase();
    await database.sql.query("SELECT 1");
    return { ok: true, database: database.mode };
  } catch {
    return { ok: false };
  }
}

/** What readiness checks, in the order a load balancer's operator would look. */
export type ReadinessCheck = "shutdown" | "database" | "migrations" | "jobs";
type CheckResult = "ok" | "failed" | "not checked";

export interface Readiness {
  ready: boolean;
  checks: Record<ReadinessCheck, CheckResult>;
  /** The checks that failed, for the 503's body: names only, never an error message. A check not made is not listed. */
  failed: ReadinessCheck[];
}

// A database that hangs (a network partition) must not hang the probe: the load balancer
// would time out without learning why.
const DATABASE_PROBE_MS = 3000;

function withinProbeTime<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), DATABASE_PROBE_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// The folders cannot change under a running process; read them once.
const knownMigrations = new Map<string, Migration[]>();

function migrationsIn(dir: string | undefined): Migration[] {
  const key = dir ?? "";
  let migrations = knownMigrations.get(key);
  if (!migrations) {
    migrations = readMigrations(dir);
    knownMigrations.set(key, migrations);
  }
  return migrations;
}

/**
 * Whether this process should get traffic: it is not shutting down, the database answers,
 * every migration of this build is applied (same checksum: the start-up refuses a changed
 * one), and the job queue runs: this process's workers are started (unless JOB_WORKERS=0
 * makes it a process that only queues) and the scheduled jobs (retention, privacy sweep)
 * are set. Migrations applied by a newer
 * build sharing the database do not count against it, so a rolling deploy keeps old
 * processes in service.
 */
export async function checkReadiness(options: { migrationsDir?: string } = {}): Promise<Readiness> {
  const checks: Record<ReadinessCheck, CheckResult> = { shutdown: "ok", database: "not checked", migrations: "not checked", jobs: "ok" };
  if (!retentionScheduled() || !privacySweepScheduled() || !jobWorkersReady()) checks.jobs = "failed";
  // Draining: the answer is already no, and the database may be closing.
  if (shutdownBegun()) return verdict({ ...checks, shutdown: "failed" });
  let applied: Array<{ migration_name: string; checksum: string }> | undefined;
  try {
    const database = await withinProbeTime(getDatabase());
    applied = await withinProbeTime(
      database.sql.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      ),
    );
    checks.database = "ok";
  } catch {
    checks.database = "failed";
  }
  if (applied) {
    const done = new Set(applied.map((row) => `${row.migration_name}\u0000${row.checksum}`));
    try {
      const pending = migrationsIn(options.migrationsDir).filter((migration) => !done.has(`${migration.name}\u0000${migration.checksum}`));
      checks.migrations = pending.length === 0 ? "ok" : "failed";
    } catch {
      checks.migrations = "failed";
    }
  }
  return verdict(checks);
}

/** Embedded, the in-process queue always runs; on a server only where JOB_WORKERS leaves workers on. */
function jobWorkersReady(): boolean {
  const config = env();
  if (config.databaseMode === "server" && !config.JOB_WORKERS) return true;
  return jobWorkersRunning();
}

function verdict(checks: Record<ReadinessCheck, CheckResult>): Readiness {
  const names = Object.keys(checks) as ReadinessCheck[];
  return { ready: names.every((name) => checks[name] === "ok"), checks, failed: names.filter((name) => checks[name] === "failed") };
}
