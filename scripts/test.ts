// `npm test`: everything, in order: unit and integration tests (PGlite and the PostgreSQL
// server) with Vitest, then e2e in Chromium against `next start`. Missing prerequisites stop
// the run with a message saying how to provide them; nothing is skipped silently.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { ensureBuild } from "./lib/build";
import { findChromium } from "./lib/chromium";

const defaultServer = "postgresql://postgres@127.0.0.1:5432/postgres";
const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", MEM0_TELEMETRY: "false" };
const stages: Array<[string, boolean]> = [];

function stop(message: string): never {
  console.error(`\nnpm test cannot run: ${message}\n`);
  process.exit(1);
}

async function checkPostgres(): Promise<void> {
  const url = env.TEST_DATABASE_URL || defaultServer;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    stop(
      `no PostgreSQL server answered at ${url} (${(error as Error).message}).\n` +
        `The integration tests run on a real server as well as the embedded database. Start one ` +
        `(on Debian: pg_ctlcluster 15 main start) or set TEST_DATABASE_URL to a server where this user can create databases.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** The rate-limit tests run one store on Redis (REDIS_URL); a missing server stops the run here, with how to provide one. */
async function checkRedis(): Promise<void> {
  const url = env.TEST_REDIS_URL || "redis://127.0.0.1:6379";
  const { Redis } = await import("ioredis");
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 5000, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    stop(
      `no Redis answered at ${url} (${(error as Error).message}).\n` +
        `The rate-limit tests check the Redis store (REDIS_URL) across two processes. Start one ` +
        `(on Debian: apt-get install redis-server, then redis-server --daemonize yes) or set TEST_REDIS_URL.`,
    );
  } finally {
    client.disconnect();
  }
}

/** Root on Debian may install a missing prerequisite; `apt-get update` runs once per run. */
const canInstall = fs.existsSync("/etc/debian_version") && process.getuid?.() === 0;
let aptUpdated = false;

function aptInstall(pkg: string): boolean {
  if (!aptUpdated) {
    if (spawnSync("apt-get", ["update"], { stdio: "inherit" }).status !== 0) return false;
    aptUpdated = true;
  }
  const install = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", pkg], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return install.status === 0;
}

function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  if (canInstall) {
    console.log("No Chromium found: installing Debian's chromium package (about a minute)…");
    const installed = aptInstall("chromium");
    const again = findChromium();
    if (installed && again) return again;
    stop("installing Debian's chromium package failed; see the apt-get output above.");
  }
  stop(
    "no Chromium for the e2e tests. Install one (Debian/Ubuntu: sudo apt-get install chromium) " +
      "or set CHROMIUM_PATH to a Chromium or Chrome binary.",
  );
}

/** The mailbox poller's tests run a real IMAP server: Dovecot, started on its own port (test/imap-server.ts). */
function ensureDovecot(): void {
  const binary = "/usr/sbin/dovecot";
  if (fs.existsSync(binary)) return;
  if (canInstall) {
    console.log("No Dovecot found: installing Debian's dovecot-imapd package for the IMAP tests…");
    if (!aptInstall("dovecot-imapd") || !fs.existsSync(binary))
      stop("installing Debian's dovecot-imapd package failed; see the apt-get output above.");
    // Where systemd runs, the package also starts a system Dovecot on ports 143 and 993. The
    // tests do not need it (they run their own): installed only for them, so stopped again.
    if (spawnSync("systemctl", ["is-active", "--quiet", "dovecot"]).status === 0) {
      console.log("Stopping and disabling the system Dovecot service the package started (the tests run their own).");
      spawnSync("systemctl", ["disable", "--now", "dovecot"], { stdio: "inherit" });
    }
    return;
  }
  stop(
    "no Dovecot for the IMAP mailbox tests (lib/mail/imap-poller.integration.test.ts). " +
      "Install it (Debian/Ubuntu: sudo apt-get install dovecot-imapd); the tests start their own server on a free port.",
  );
}

function run(name: string, command: string, args: string[]): void {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  stages.push([name, result.status === 0]);
}

await checkPostgres();
await checkRedis();
env.CHROMIUM_PATH = ensureChromium();
ensureDovecot();

run("type check (app, tests and scripts)", "npx", ["tsc", "--noEmit"]);
// Before the tests: test/server-cluster.integration.test.ts serves the production build, and
// the e2e server then finds it current instead of building again.
console.log("\n=== build (next build, unless current) ===");
ensureBuild(env);
stages.push(["build", true]);
run("unit and integration tests (PGlite and PostgreSQL)", "npx", ["vitest", "run"]);
run("e2e tests (Chromium against next start)", "npx", ["playwright", "test"]);

const failed = stages.filter(([, ok]) => !ok);
console.log("\n=== summary ===");
for (const [name, ok] of stages) console.log(`${ok ? "ok  " : "FAIL"}  ${name}`);
process.exit(failed.length === 0 ? 0 : 1);
