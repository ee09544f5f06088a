import { z } from "zod";
import type { PrismaClient } from "@/lib/db/generated/client";
import { CIPHERTEXT_PREFIX, emailIndex, encryptText, isEncrypted, type Keyring, keyring, storedKeyId, tryDecryptText } from "./pii";
import { countStaleMemoryValues, countUnknownKeyMemoryValues, reencryptMemories } from "./reencrypt-memories";
import { countStaleSecrets, reencryptSecrets } from "./reencrypt-secrets";

// Brings the encrypted columns to the current key: plaintext rows (written before
// encryption existed) at a start whose keys differ from the last complete pass's
// (complete-pass.ts), and with `scope: "all"` (the rotate-key command) rows under a
// previous key as well. Works in batches ordered by id, each committed on its own,
// so a stopped run resumes where it was and a finished run finds nothing to do. Raw SQL on
// purpose: the Prisma extension would decrypt on read and could not tell the key apart.
// This is the one place where a stored value is taken as ciphertext by its prefix. A value
// that no key decrypts (a key nobody has, a damaged value) is left as it is and counted:
// neither the start nor a rotation stops over one bad row (issue 12).

export type ReencryptScope = "plaintext" | "all";

export interface ReencryptProgress {
  table: "customers" | "messages" | "memories" | "memory_history";
  done: number;
  total: number;
}

export interface ReencryptResult {
  customers: number;
  messages: number;
  /** Customer and session memories (and their entity links), and their history rows. */
  memories: number;
  memoryHistory: number;
  /** Staff two-factor secrets (reencrypt-secrets.ts). */
  totpSecrets: number;
  ssoSecrets: number;
  /** Customers whose normalised email equals another's in the workspace: hash left unset. */
  duplicateEmails: number;
  /** Values no key of the ring decrypts, left as they are (pages show them as unreadable). */
  unreadable: number;
}

const BATCH = 500;

export type Raw = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe" | "$transaction">;

export interface Resealed {
  stored: string;
  /** Plaintext; null when no key decrypts the stored value (kept as it was). */
  plain: string | null;
  changed: boolean;
}

/** A stored value brought under the current key as the scope asks; unreadable ones kept. */
export function reseal(stored: string, scope: ReencryptScope, ring: Keyring = keyring()): Resealed {
  if (!isEncrypted(stored)) return { stored: encryptText(stored, ring.current), plain: stored, changed: true };
  const plain = tryDecryptText(stored, ring);
  if (plain === null || scope === "plaintext" || storedKeyId(stored) === ring.current.id) return { stored, plain, changed: false };
  return { stored: encryptText(plain, ring.current), plain, changed: true };
}

/** SQL limiting a pass to one workspace (tests only), or nothing. */
export function workspaceCondition(workspaceId: string | undefined, column = "workspace_id"): string {
  return workspaceId ? ` AND ${column} = '${z.uuid().parse(workspaceId)}'::uuid` : "";
}

/** Values needing work: plaintext (no prefix), or for "all" any value not under the current key. */
export function stalePrefix(scope: ReencryptScope, ring: Keyring = keyring()): string {
  return scope === "all" ? `${CIPHERTEXT_PREFIX}${ring.current.id}:` : CIPHERTEXT_PREFIX;
}

export async function reencryptPersonalData(options: {
  prisma: Raw;
  scope: ReencryptScope;
  onProgress?: (progress: ReencryptProgress) => void;
  /** Tests only: limit the pass to one workspace, so test files sharing a database keep their keys. */
  workspaceId?: string;
}): Promise<ReencryptResult> {
  const { prisma, scope, onProgress } = options;
  const inWorkspace = workspaceCondition(options.workspaceId);
  const ring = keyring();
  const prefix = stalePrefix(scope, ring);
  const stale = (column: string) => `(${column} NOT LIKE '${prefix}%')`;
  const customerStale = `(${stale("name")} OR ${stale("email")} OR (phone IS NOT NULL AND ${stale("phone")}) OR email_hash IS NULL)${inWorkspace}`;
  const messageStale = `${stale("body")}${inWorkspace}`;
  const result: ReencryptResult = {
    customers: 0,
    messages: 0,
    memories: 0,
    memoryHistory: 0,
    totpSecrets: 0,
    ssoSecrets: 0,
    duplicateEmails: 0,
    unreadable: 0,
  };

  const [customerCount] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT count(*)::int AS count FROM customers WHERE ${customerStale}`,
  );
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await prisma.$queryRawUnsafe<
      Array<{ id: string; workspace_id: string; name: string; email: string; phone: string | null; email_hash: string | null }>
    >(
      `SELECT id, workspace_id, name, email, phone, email_hash FROM customers WHERE id > $1::uuid AND ${customerStale} ORDER BY id LIMIT ${BATCH}`,
      after,
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const [name, email, phone] = [row.name, row.email, row.phone].map((value) => (value === null ? null : reseal(value, scope, ring)));
      result.unreadable += [name, email, phone].filter((value) => value && value.plain === null).length;
      // An unreadable address keeps its hash: there is nothing to compute it from.
      const hash = email!.plain === null ? row.email_hash : emailIndex(row.workspace_id, email!.plain, ring.current);
      if (!name!.changed && !email!.changed && !phone?.changed && hash === row.email_hash) continue;
      const values = [name!.stored, email!.stored, phone?.stored ?? null, hash, row.id];
      try {
        // One statement per customer: a duplicate address (two rows differing only in case,
        // possible before addresses were normalised) must not stop the others.
        await prisma.$executeRawUnsafe(
          `UPDATE customers SET name = $1, email = $2, phone = $3, email_hash = $4 WHERE id = $5::uuid`,
          ...values,
        );
      } catch (error) {
        if (!/unique|duplicate/i.test((error as Error).message)) throw error;
        values[3] = null;
        await prisma.$executeRawUnsafe(
          `UPDATE customers SET name = $1, email = $2, phone = $3, email_hash = $4 WHERE id = $5::uuid`,
          ...values,
        );
        result.duplicateEmails += 1;
      }
      result.customers += 1;
    }
    after = rows[rows.length - 1]!.id;
    onProgress?.({ table: "customers", done: result.customers, total: customerCount?.count ?? 0 });
  }

  const [messageCount] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT count(*)::int AS count FROM messages WHERE ${messageStale}`,
  );
  after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await prisma.$queryRawUnsafe<Array<{ id: string; body: string }>>(
      `SELECT id, body FROM messages WHERE id > $1::uuid AND ${messageStale} ORDER BY id LIMIT ${BATCH}`,
      after,
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const resealed = rows.map((row) => ({ id: row.id, ...reseal(row.body, scope, ring) }));
    result.unreadable += resealed.filter((row) => row.plain === null).length;
    const changed = resealed.filter((row) => row.changed);
    if (changed.length > 0) {
      // The search words are kept if present (they do not depend on the key) and computed from
      // the plaintext where missing.
      // same_text: the trigger messages_search_forget would otherwise take a rewritten body's
      // words out of the search.
      await prisma.$transaction([
        prisma.$executeRawUnsafe(`SELECT set_config('recall_desk.same_text', 'on', true)`),
        prisma.$executeRawUnsafe(
          `UPDATE messages m SET body = v.body, search_vector = coalesce(m.search_vector, to_tsvector('english', v.plain))
             FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, body, plain) WHERE m.id = v.id`,
          changed.map((row) => row.id),
          changed.map((row) => row.stored),
          changed.map((row) => row.plain),
        ),
      ]);
    }
    result.messages += changed.length;
    onProgress?.({ table: "messages", done: result.messages, total: messageCount?.count ?? 0 });
  }

  // An inbound mail's whole text, beside the body (lib/mail/inbound.ts).
  const originalStale = `original_body IS NOT NULL AND ${stale("original_body")}${inWorkspace}`;
  after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await prisma.$queryRawUnsafe<Array<{ id: string; original_body: string }>>(
      `SELECT id, original_body FROM messages WHERE id > $1::uuid AND ${originalStale} ORDER BY id LIMIT ${BATCH}`,
      after,
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const resealed = rows.map((row) => ({ id: row.id, ...reseal(row.original_body, scope, ring) }));
    result.unreadable += resealed.filter((row) => row.plain === null).length;
    const changed = resealed.filter((row) => row.changed);
    if (changed.length > 0)
      await prisma.$executeRawUnsafe(
        `UPDATE messages m SET original_body = v.original FROM unnest($1::uuid[], $2::text[]) AS v(id, original) WHERE m.id = v.id`,
        changed.map((row) => row.id),
        changed.map((row) => row.stored),
      );
  }

  const memories = await reencryptMemories({ prisma, scope, ring, onProgress, workspaceId: options.workspaceId });
  result.memories = memories.memories;
  result.memoryHistory = memories.memoryHistory;
  result.unreadable += memories.unreadable;
  const secrets = await reencryptSecrets({ prisma, scope, ring, workspaceId: options.workspaceId });
  result.totpSecrets = secrets.totpSecrets;
  result.ssoSecrets = secrets.ssoSecrets;
  result.unreadable += secrets.unreadable;
  return result;
}

/** How many values are still not under the current key (0 once a rotation is complete, unreadable ones aside). */
export async function countStaleValues(prisma: Raw, workspaceId?: string): Promise<number> {
  const prefix = `${CIPHERTEXT_PREFIX}${keyring().current.id}:`;
  const inWorkspace = workspaceCondition(workspaceId);
  const [row] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT ((SELECT count(*) FROM customers WHERE (name NOT LIKE $1 OR email NOT LIKE $1 OR (phone IS NOT NULL AND phone NOT LIKE $1) OR email_hash IS NULL)${inWorkspace})
           + (SELECT count(*) FROM messages WHERE (body NOT LIKE $1 OR original_body NOT LIKE $1)${inWorkspace}))::int AS count`,
    `${prefix}%`,
  );
  return (
    (row?.count ?? 0) + (await countStaleMemoryValues(prisma, prefix, workspaceId)) + (await countStaleSecrets(prisma, prefix, workspaceId))
  );
}

/**
 * Stored values under a key this process does not have: shown as unreadable, reported at
 * start (a wrong key for the whole database is the canary's job, lib/crypto/canary.ts).
 * Values under a known key that fail authentication are found only when read.
 */
export async function countUnknownKeyValues(prisma: Raw): Promise<number> {
  const ring = keyring();
  const ids = [ring.current.id, ...ring.previous.map((key) => key.id)];
  const unknown = (column: string) =>
    `(${column} LIKE '${CIPHERTEXT_PREFIX}%' AND substr(${column}, ${CIPHERTEXT_PREFIX.length + 1}, 8) <> ALL($1::text[]))`;
  const [row] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT ((SELECT count(*) FROM customers WHERE ${unknown("name")} OR ${unknown("email")} OR (phone IS NOT NULL AND ${unknown("phone")}))
           + (SELECT count(*) FROM messages WHERE ${unknown("body")} OR (original_body IS NOT NULL AND ${unknown("original_body")})))::int AS count`,
    ids,
  );
  return (row?.count ?? 0) + (await countUnknownKeyMemoryValues(prisma, ids));
}
