import { randomUUID } from "node:crypto";
import os from "node:os";
import type { PrismaClient } from "./generated/client";
import { log } from "@/lib/log";

// App processes using the database, so that a command that must run alone (rotate-key: a
// process writing under the old key meanwhile would leave rows no key reads once the old
// key is dropped) can refuse while the app runs. Each app process keeps a row in
// app_instances fresh every 10 s and deletes it when it stops; a row not refreshed for 30 s
// belongs to a process that died without saying so and is ignored. Times are the
// database's own (now()), so clocks of several hosts do not matter. In embedded mode the
// data folder lock (lock.ts) already keeps a second process out; the row is written there
// too, which costs nothing.

export const HEARTBEAT_MS = 10_000;
export const STALE_AFTER_SECONDS = 30;

type Raw = Pick<PrismaClient, "$executeRaw" | "$queryRaw">;

export interface InstanceRegistration {
  id: string;
  /** Stops the heartbeat and deletes the row. */
  stop(): Promise<void>;
}

export interface LiveInstance {
  host: string;
  pid: number;
  secondsAgo: number;
}

export class AppRunningError extends Error {
  constructor(public readonly instances: LiveInstance[]) {
    const list = instances.map((instance) => `${instance.host}:${instance.pid}, last seen ${instance.secondsAgo}s ago`).join("; ");
    super(
      `${instances.length} app process${instances.length === 1 ? " is" : "es are"} using this database (${list}); stop them first, then run rotate-key.`,
    );
    this.name = "AppRunningError";
  }
}

async function touch(prisma: Raw, id: string, host: string): Promise<void> {
  // An upsert: a row removed meanwhile (a pause longer than the stale age, then another
  // process's clean-up) comes back with the next beat.
  await prisma.$executeRaw`INSERT INTO app_instances (id, host, pid, started_at, seen_at) VALUES (${id}, ${host}, ${process.pid}, now(), now())
    ON CONFLICT (id) DO UPDATE SET seen_at = now()`;
}

/** Registers this process as an app instance until it exits (or `stop` is called). */
export async function registerInstance(prisma: Raw, options: { heartbeatMs?: number } = {}): Promise<InstanceRegistration> {
  const id = randomUUID();
  const host = os.hostname();
  await touch(prisma, id, host);
  const timer = setInterval(() => {
    touch(prisma, id, host).catch((error: Error) => log.warn({ err: error }, "[instances] heartbeat failed"));
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  timer.unref();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    await prisma.$executeRaw`DELETE FROM app_instances WHERE id = ${id}`;
  };
  // Best effort: the row goes when the process is told to stop. A listener of ours would
  // cancel Node's default exit on the signal, so when nothing else handles it, we exit.
  function onSignal(signal: NodeJS.Signals) {
    const alone = process.listenerCount(signal) === 1;
    const done = stop().catch(() => undefined);
    if (alone) {
      void Promise.race([done, new Promise((resolve) => setTimeout(resolve, 1000).unref())]).then(() =>
        process.exit(signal === "SIGINT" ? 130 : 143),
      );
    }
  }
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  return { id, stop };
}

/** App processes seen within the stale age; older rows are deleted on the way. */
export async function listLiveInstances(prisma: Raw): Promise<LiveInstance[]> {
  await prisma.$executeRaw`DELETE FROM app_instances WHERE seen_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS}::double precision)`;
  const rows = await prisma.$queryRaw<Array<{ host: string; pid: number; seconds_ago: number }>>`
    SELECT host, pid, floor(extract(epoch FROM now() - seen_at))::int AS seconds_ago FROM app_instances ORDER BY seen_at DESC`;
  return rows.map((row) => ({ host: row.host, pid: Number(row.pid), secondsAgo: Math.max(0, Number(row.seconds_ago)) }));
}

/** Refuses (AppRunningError) while any app process uses the database. */
export async function assertNoLiveInstances(prisma: Raw): Promise<void> {
  const live = await listLiveInstances(prisma);
  if (live.length > 0) throw new AppRunningError(live);
}
