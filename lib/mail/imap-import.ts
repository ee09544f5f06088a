import "server-only";
import { ImapFlow, type MailboxObject, type SearchObject } from "imapflow";
import { getPrisma } from "@/lib/db";
import { env } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { receiveInboundEmail } from "./inbound";
import type { ImapTarget } from "./imap-url";
import { log } from "@/lib/log";

// One pass over an open IMAP mailbox (the poller in ./imap-poller.ts decides when, and in
// which process): each mail not yet marked goes through receiveInboundEmail, the inbound
// hook's own path, and is then marked with a keyword of ours. The keyword, not \Seen, so the
// mailbox still shows people what they have not read; a server that allows no keywords
// (PERMANENTFLAGS without \*) gets \Seen instead.
//
// A crash between the import and the flag imports the mail again on the next pass, which is
// harmless: receiveInboundEmail makes one message of one Message-ID. For the same reason two
// passes racing cost work, not data.
//
// A mail that cannot be imported is left for the next pass and does not hold up the others.
// Where the mail itself is at fault (no valid sender, larger than MAX_INBOUND_MAIL_BYTES), or
// it failed MAX_ATTEMPTS times while the database answered, it gets $RecallDeskFailed and
// \Flagged: no more tries, and starred in the mailbox for a person to look at. A database
// outage ends the pass instead, so it never counts against the mail.

export const IMPORTED_KEYWORD = "$RecallDeskImported";
export const FAILED_KEYWORD = "$RecallDeskFailed";
const MAX_ATTEMPTS = 5;
const SIZE_BATCH = 100;

export interface PollResult {
  /** New tickets and answers threaded into tickets. */
  imported: number;
  duplicates: number;
  /** Auto-replies, bounces, our own mail: recorded, flagged, never answered. */
  ignored: number;
  /** Left unflagged for the next pass. */
  failed: number;
  /** Given up on: flagged $RecallDeskFailed. */
  rejected: number;
}

export interface Marks {
  search: SearchObject;
  imported: string[];
  rejected: string[];
}

/** Failed tries per mail in this process, by mailbox, UIDVALIDITY and UID. */
const attempts = new Map<string, number>();

export function marksFor(mailbox: MailboxObject): Marks {
  if (mailbox.readOnly) throw new Error(`the mailbox ${mailbox.path} is read-only: imported mail could not be marked`);
  const permanent = mailbox.permanentFlags;
  if (!permanent || permanent.has("\\*") || permanent.has(IMPORTED_KEYWORD)) {
    return {
      search: { unKeyword: IMPORTED_KEYWORD, not: { keyword: FAILED_KEYWORD } },
      imported: [IMPORTED_KEYWORD],
      rejected: [FAILED_KEYWORD, "\\Flagged"],
    };
  }
  if (!permanent.has("\\Seen")) throw new Error(`the mailbox ${mailbox.path} keeps neither keywords nor \\Seen`);
  return { search: { seen: false }, imported: ["\\Seen"], rejected: ["\\Seen", "\\Flagged"] };
}

export function newImapClient(target: ImapTarget): ImapFlow {
  const client = new ImapFlow({
    host: target.host,
    port: target.port,
    secure: target.secure,
    auth: { user: target.user, pass: target.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 30_000,
  });
  // Without a listener an 'error' event would end the process; the failed command reports it.
  client.on("error", () => undefined);
  return client;
}

async function databaseAnswers(): Promise<boolean> {
  try {
    await (
      await getPrisma()
    ).$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

export function describeImapError(error: unknown): string {
  const { message, responseText } = error as { message?: string; responseText?: string };
  return responseText ? `${message} (${responseText})` : (message ?? String(error));
}

/** One pass over the open mailbox: every mail not yet marked, oldest first. */
export async function importNewMail(
  client: ImapFlow,
  input: { workspaceId: string; target: ImapTarget; marks: Marks; shouldStop?: () => boolean },
): Promise<PollResult> {
  const result: PollResult = { imported: 0, duplicates: 0, ignored: 0, failed: 0, rejected: 0 };
  const { marks, target } = input;
  const mailbox = client.mailbox as MailboxObject;
  const uids = ((await client.search(marks.search, { uid: true })) || []).sort((a, b) => a - b);
  const limit = env().MAX_INBOUND_MAIL_BYTES;
  const reject = async (uid: number, reason: string) => {
    log.warn({ mailbox: target.mailbox, uid, reason }, `[mail] mail not imported, flagged ${FAILED_KEYWORD}`);
    await client.messageFlagsAdd(String(uid), marks.rejected, { uid: true });
    result.rejected += 1;
  };

  for (let start = 0; start < uids.length; start += SIZE_BATCH) {
    const batch = uids.slice(start, start + SIZE_BATCH);
    const wanted = new Set(batch);
    const sizes = new Map<number, number>();
    // Only the answers to our FETCH: a flag change another session makes meanwhile arrives as
    // an unsolicited FETCH too (without the size).
    for (const { uid, size } of await client.fetchAll(batch, { uid: true, size: true }, { uid: true })) {
      if (wanted.has(uid) && size !== undefined) sizes.set(uid, size);
    }
    for (const [uid, size] of [...sizes].sort(([a], [b]) => a - b)) {
      if (input.shouldStop?.()) return result;
      if (size > limit) {
        await reject(uid, `${size} bytes, over MAX_INBOUND_MAIL_BYTES (${limit})`);
        continue;
      }
      const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      // Expunged since the search (someone else tidied the mailbox).
      if (!message || !message.source) continue;
      const key = `${target.user}@${target.host}/${mailbox.path}/${mailbox.uidValidity}/${uid}`;
      try {
        const outcome = await receiveInboundEmail({ workspaceId: input.workspaceId, raw: message.source });
        if (outcome.status === "created" || outcome.status === "threaded") result.imported += 1;
        else if (outcome.status === "duplicate") result.duplicates += 1;
        else result.ignored += 1;
      } catch (error) {
        if (error instanceof ValidationError) {
          attempts.delete(key);
          await reject(uid, error.message);
          continue;
        }
        if (!(await databaseAnswers())) throw new Error(`the database does not answer (${describeImapError(error)})`);
        const tries = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, tries);
        if (tries >= MAX_ATTEMPTS) {
          attempts.delete(key);
          await reject(uid, `failed ${tries} times, last: ${describeImapError(error)}`);
          continue;
        }
        log.warn(
          { mailbox: target.mailbox, uid, reason: describeImapError(error) },
          `[mail] mail failed to import (try ${tries} of ${MAX_ATTEMPTS})`,
        );
        result.failed += 1;
        continue;
      }
      attempts.delete(key);
      await client.messageFlagsAdd(String(uid), marks.imported, { uid: true });
    }
  }
  return result;
}
