import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/client";
import { watchPool } from "../metrics/registry";
import { withPiiEncryption } from "./pii-extension";
import { acquireDataDirLock, type DataDirLock } from "./lock";
import { applyMigrations, type Migration, readMigrations, type SqlRunner } from "./migrate";
import { currentJobId, log } from "@/lib/log";

export type DatabaseTarget =
  /** PGlite in a folder (or in memory when dataDir is null: tests only). */
  | { mode: "embedded"; dataDir: string | null }
  /** `directUrl`: a session connection for LISTEN when `url` goes through a transaction pooler. */
  | { mode: "server"; url: string; directUrl?: string };

export interface Database {
  prisma: PrismaClient;
  mode: DatabaseTarget["mode"];
  /** Runs raw SQL outside Prisma (migrations, maintenance, scans in tests). */
  sql: SqlRunner;
  /**
   * Calls `onPayload` for each NOTIFY on `channel` (lib/live). On a server this holds a
   * session connection of its own, to the direct URL when one is set (LISTEN does not
   * survive a transaction pooler), and reconnects after a loss, calling `onReconnect`
   * (notifications sent meanwhile are lost). Returns a function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  migrationsDir?: string;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  const database = target.mode === "embedded" ? await openEmbedded(target.dataDir) : await openServer(target.url, target.directUrl);
  if (options.migrate !== false) {
    try {
      const migrations = readMigrations(options.migrationsDir);
      if (target.mode === "embedded") await applyMigrations(database.sql, migrations);
      else await migrateServer(target.url, migrations);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

// The extension adds no methods and changes no result types (the encrypted fields stay
// strings), so the client keeps its plain type everywhere it is passed.
function encrypted(prisma: PrismaClient): PrismaClient {
  return withPiiEncryption(prisma) as unknown as PrismaClient;
}

async function openEmbedded(dataDir: string | null): Promise<Database> {
  let lock: DataDirLock | undefined;
  if (dataDir) lock = acquireDataDirLock(dataDir);
  try {
    const pglite = new PGlite(dataDir ? path.join(dataDir, "pgdata") : "memory://", { extensions: { vector } });
    await pglite.waitReady;
    const sql = pgliteRunner(pglite);
    const prisma = encrypted(new PrismaClient({ adapter: new PrismaPGlite(yieldingToRequests(pglite)) }));
    return {
      prisma,
      mode: "embedded",
      sql,
      async listen(channel, onPayload) {
        const stop = await pglite.listen(channelName(channel), onPayload);
        return async () => stop();
      },
      async close() {
        await prisma.$disconnect();
        await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/**
 * Embedded, the database runs on the requests' one thread and answers through promises that
 * never leave the microtask queue: a job's chain of queries would keep incoming requests
 * waiting until the job ends (after a burst of new tickets, their memory jobs left the
 * console unanswered for seconds). A query made by a job first lets the event loop take
 * its pending I/O. Requests' own queries go straight on.
 */
function yieldingToRequests(pglite: PGlite): PGlite {
  const yieldFirst =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (currentJobId()) await new Promise((resolve) => setImmediate(resolve));
      return run(...args);
    };
  const query = pglite.query.bind(pglite);
  const exec = pglite.exec.bind(pglite);
  const transaction = pglite.transaction.bind(pglite);
  return Object.assign(pglite, {
    query: yieldFirst<Parameters<typeof query>, Awaited<ReturnType<typeof query>>>(query),
    exec: yieldFirst<Parameters<typeof exec>, Awaited<ReturnType<typeof exec>>>(exec),
    transaction: yieldFirst<Parameters<typeof transaction>, Awaited<ReturnType<typeof transaction>>>(transaction),
  });
}

function pgliteRunner(pglite: PGlite): SqlRunner {
  return {
    async query(text, params) {
      return (await pglite.query(text, params)).rows as never;
    },
    async exec(text) {
      await pglite.exec(text);
    },
    transaction(fn) {
      return pglite.transaction((tx) =>
        fn({
          async query(text, params) {
            return (await tx.query(text, params)).rows as never;
          },
          async exec(text) {
            await tx.exec(text);
          },
        }),
      );
    },
  };
}

/** A channel name is written into LISTEN: only our own plain names. */
function channelName(channel: string): string {
  if (!/^[a-z_]{1,63}$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
  return channel;
}

async function listenOnServer(url: string, channel: string, onPayload: (payload: string) => void, onReconnect?: () => void) {
  const name = channelName(channel);
  let client: pg.Client | null = null;
  let stopped = false;
  let wait = 1000;
  let timer: NodeJS.Timeout | undefined;
  const retry = () => {
    if (stopped) return;
    timer = setTimeout(() => void connect(true), wait);
    timer.unref();
    wait = Math.min(wait * 2, 30_000);
  };
  const connect = async (again: boolean): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => {
      if (message.channel === name && message.payload) onPayload(message.payload);
    });
    next.on("error", (error) => {
      log.warn({ err: error, channel: name }, "[db] LISTEN connection lost");
      if (client === next) client = null;
      void next.end().catch(() => undefined);
      retry();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${name}`);
    } catch (error) {
      void next.end().catch(() => undefined);
      if (!again) throw error;
      log.warn({ err: error, channel: name }, "[db] LISTEN failed");
      retry();
      return;
    }
    if (stopped) {
      await next.end();
      return;
    }
    client = next;
    wait = 1000;
    if (again) onReconnect?.();
  };
  await connect(false);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await client?.end().catch(() => undefined);
    client = null;
  };
}

async function openServer(url: string, directUrl?: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server (restart, failover) must not crash the
  // process: the pool replaces it on the next query.
  pool.on("error", (error) => log.warn({ err: error }, "[db] idle connection lost"));
  const unwatch = watchPool("app", pool);
  // Fail here, with the server's own message, rather than on the first page view.
  const probe = await pool.connect();
  probe.release();
  const prisma = encrypted(new PrismaClient({ adapter: new PrismaPg(pool) }));
  return {
    prisma,
    mode: "server",
    sql: poolRunner(pool),
    listen: (channel, onPayload, onReconnect) => listenOnServer(directUrl ?? url, channel, onPayload, onReconnect),
    async close() {
      unwatch();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

// Several app processes may start at once against one server: they queue on Prisma's
// advisory lock, which is held by a session, so the whole run uses one connection.
async function migrateServer(url: string, migrations: Migration[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await applyMigrations(clientRunner(client), migrations, { advisoryLock: true });
  } finally {
    await client.end();
  }
}

function clientRunner(client: pg.ClientBase): SqlRunner {
  const plain = {
    async query<T>(text: string, params?: unknown[]) {
      return (await client.query(text, params)).rows as T[];
    },
    async exec(text: string) {
      await client.query(text);
    },
  };
  return {
    ...plain,
    async transaction(fn) {
      await client.query("BEGIN");
      try {
        const result = await fn(plain);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    },
  };
}

function poolRunner(pool: pg.Pool): SqlRunner {
  return {
    async query(text, params) {
      return (await pool.query(text, params)).rows as never;
    },
    async exec(text) {
      await pool.query(text);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        return await clientRunner(client).transaction(fn);
      } finally {
        client.release();
      }
    },
  };
}
