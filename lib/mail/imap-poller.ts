import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { ImapFlow } from "imapflow";
import { getPrisma } from "@/lib/db";
import { releaseLease, takeLease } from "@/lib/db/lease";
import { env } from "@/lib/env";
import { describeImapError, importNewMail, marksFor, newImapClient, type PollResult } from "./imap-import";
import { parseImapUrl } from "./imap-url";
import { log } from "@/lib/log";

// The mailbox poller, for teams without an inbound hook (IMAP_URL): a pass over the mailbox
// (./imap-import.ts), then IDLE until new mail arrives. One process at a time, the holder of
// a lease in the database (lib/db/lease.ts); should two ever poll at once (a lease that
// expired during a database outage), the second imports duplicates that receiveInboundEmail
// turns into nothing.

/** Without IDLE: how often the mailbox is searched. */
export const POLL_MS = 60_000;
/** With IDLE: searched again this often all the same (IDLE is renewed; a lost notification costs minutes at most). */
const IDLE_RECHECK_MS = 5 * 60_000;
const LEASE_TTL_MS = 60_000;
const LEASE_RENEW_MS = 20_000;
const LEASE_RETRY_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/** Connects, imports every mail not yet marked into the workspace, marks it, and logs out. */
export async function pollMailboxOnce({ url, workspaceId }: { url: string; workspaceId: string }): Promise<PollResult> {
  const target = parseImapUrl(url);
  const client = newImapClient(target);
  await client.connect();
  try {
    const mailbox = await client.mailboxOpen(target.mailbox);
    return await importNewMail(client, { workspaceId, target, marks: marksFor(mailbox) });
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function workspaceIdOf(slug: string | undefined): Promise<string> {
  const prisma = await getPrisma();
  const workspace = slug ? await prisma.workspace.findUnique({ where: { slug }, select: { id: true } }) : null;
  if (!workspace) throw new Error(`IMAP_WORKSPACE "${slug ?? ""}" names no workspace`);
  return workspace.id;
}

export interface MailboxPollerOptions {
  /** Defaults to IMAP_URL. */
  url?: string;
  /** Defaults to the workspace IMAP_WORKSPACE names. */
  workspaceId?: string;
  /** Defaults to this host, pid and a random part. */
  holder?: string;
  pollMs?: number;
  leaseRetryMs?: number;
  /** Called after each pass (tests, logs). */
  onPass?: (result: PollResult) => void;
}

/**
 * Polls the mailbox until stopped, in the process holding its lease: one pass, then IDLE
 * where the server has it (a new mail wakes the poller at once), else a pass every minute.
 * Errors reconnect with a growing wait (1 s up to 5 minutes). The returned function stops
 * it, finishing the mail in hand, and gives the lease up.
 */
export function startMailboxPoller(options: MailboxPollerOptions = {}): () => Promise<void> {
  const url = options.url ?? env().IMAP_URL;
  if (!url) throw new Error("IMAP_URL is not set: there is no mailbox to poll");
  const target = parseImapUrl(url);
  const lease = {
    name: `imap:${target.user}@${target.host}:${target.port}/${target.mailbox}`,
    holder: options.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  };
  const pollMs = options.pollMs ?? POLL_MS;
  let stopped = false;
  let client: ImapFlow | null = null;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });

  /** One connection, for as long as it lasts and the lease is ours. */
  const runSession = async () => {
    const workspaceId = options.workspaceId ?? (await workspaceIdOf(env().IMAP_WORKSPACE));
    const session = newImapClient(target);
    client = session;
    let leaseLost = false;
    // A renewal the database cannot answer is not a loss: the lease runs on until it expires,
    // and a second poller after that costs duplicate work only (see the top of the file).
    const renew = setInterval(() => {
      void takeLease({ ...lease, ttlMs: LEASE_TTL_MS })
        .then((held) => {
          if (held) return;
          leaseLost = true;
          wake?.();
        })
        .catch((error: Error) => log.warn({ err: error }, "[mail] mailbox poller: renewing the lease failed"));
    }, LEASE_RENEW_MS);
    renew.unref();
    let pending = true;
    session.on("exists", () => {
      pending = true;
      wake?.();
    });
    session.on("close", () => wake?.());
    try {
      await session.connect();
      const marks = marksFor(await session.mailboxOpen(target.mailbox));
      const idle = session.capabilities.has("IDLE");
      const current = () => stopped || leaseLost;
      while (!current()) {
        if (!session.usable) throw new Error("the server closed the connection");
        if (pending) {
          pending = false;
          options.onPass?.(await importNewMail(session, { workspaceId, target, marks, shouldStop: current }));
          continue;
        }
        // The next command (the search of the next pass) ends the IDLE.
        if (idle) void session.idle().catch(() => undefined);
        await sleep(idle ? IDLE_RECHECK_MS : pollMs);
        pending = true;
      }
    } finally {
      clearInterval(renew);
      client = null;
      await session.logout().catch(() => session.close());
    }
  };

  const loop = (async () => {
    let backoff = 0;
    while (!stopped) {
      const held = await takeLease({ ...lease, ttlMs: LEASE_TTL_MS }).catch((error: Error) => {
        log.warn({ err: error }, "[mail] mailbox poller: the lease could not be taken");
        return false;
      });
      if (!held) {
        await sleep(options.leaseRetryMs ?? LEASE_RETRY_MS);
        continue;
      }
      try {
        await runSession();
        backoff = 0;
      } catch (error) {
        if (stopped) break;
        backoff = Math.min(Math.max(backoff * 2, 1000), MAX_BACKOFF_MS);
        log.warn(
          { host: target.host, mailbox: target.mailbox, reason: describeImapError(error) },
          `[mail] mailbox poller failed; trying again in ${backoff / 1000} s`,
        );
        // Free for another process meanwhile: its network or credentials may do better.
        await releaseLease(lease).catch(() => undefined);
        await sleep(backoff);
      }
    }
    await releaseLease(lease).catch(() => undefined);
  })();

  return async () => {
    stopped = true;
    wake?.();
    // A pass stops after the mail in hand; a connection that hangs is cut after 10 s.
    const cut = setTimeout(() => client?.close(), 10_000);
    await loop;
    clearTimeout(cut);
  };
}

const state = globalThis as unknown as { __mailboxPoller?: () => Promise<void> };

/** Starts the poller once per process when IMAP_URL is set; returns a function that stops it, or null. */
export function scheduleMailboxPolling(): (() => Promise<void>) | null {
  if (!env().IMAP_URL) return null;
  if (state.__mailboxPoller) return state.__mailboxPoller;
  const stop = startMailboxPoller();
  state.__mailboxPoller = async () => {
    state.__mailboxPoller = undefined;
    await stop();
  };
  return state.__mailboxPoller;
}
