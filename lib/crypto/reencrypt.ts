import { z } from "zod";
import type { PrismaClient } from "@/lib/db/generated/client";
import { CIPHERTEXT_PREFIX, decryptOptional, emailIndex, encryptOptional, encryptText, keyring } from "./pii";

// Brings the encrypted columns to the current key: plaintext rows (written before
// encryption existed) at every start, and with `scope: "all"` (the rotate-key command) rows
// under a previous key as well. Works in batches ordered by id, each committed on its own,
// so a stopped run resumes where it was and a finished run finds nothing to do. Raw SQL on
// purpose: the Prisma extension would decrypt on read and could not tell the key apart.

export type ReencryptScope = "plaintext" | "all";

export interface ReencryptProgress {
  table: "customers" | "messages";
  done: number;
  total: number;
}

export interface ReencryptResult {
  customers: number;
  messages: number;
  /** Customers whose normalised email equals another's in the workspace: hash left unset. */
  duplicateEmails: number;
}

const BATCH = 500;

type Raw = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe" | "$transaction">;

export async function reencryptPersonalData(options: {
  prisma: Raw;
  scope: ReencryptScope;
  onProgress?: (progress: ReencryptProgress) => void;
  /** Tests only: limit the pass to one workspace, so test files sharing a database keep their keys. */
  workspaceId?: string;
}): Promise<ReencryptResult> {
  const { prisma, scope, onProgress } = options;
  const inWorkspace = options.workspaceId ? ` AND workspace_id = '${z.uuid().parse(options.workspaceId)}'::uuid` : "";
  const ring = keyring();
  // Rows needing work: plaintext (no prefix), or for "all" any value not under the current key.
  const prefix = scope === "all" ? `${CIPHERTEXT_PREFIX}${ring.current.id}:` : CIPHERTEXT_PREFIX;
  const stale = (column: string) => `(${column} NOT LIKE '${prefix}%')`;
  const customerStale = `(${stale("name")} OR ${stale("email")} OR (phone IS NOT NULL AND ${stale("phone")}) OR email_hash IS NULL)${inWorkspace}`;
  const messageStale = `${stale("body")}${inWorkspace}`;
  const result: ReencryptResult = { customers: 0, messages: 0, duplicateEmails: 0 };

  const [customerCount] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM customers WHERE ${customerStale}`);
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await prisma.$queryRawUnsafe<Array<{ id: string; workspace_id: string; name: string; email: string; phone: string | null; email_hash: string | null }>>(
      `SELECT id, workspace_id, name, email, phone, email_hash FROM customers WHERE id > $1::uuid AND ${customerStale} ORDER BY id LIMIT ${BATCH}`,
      after,
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const email = decryptOptional(row.email);
      const values = [encryptText(decryptOptional(row.name)), encryptText(email), encryptOptional(decryptOptional(row.phone)), emailIndex(row.workspace_id, email), row.id];
      try {
        // One statement per customer: a duplicate address (two rows differing only in case,
        // possible before addresses were normalised) must not stop the others.
        await prisma.$executeRawUnsafe(`UPDATE customers SET name = $1, email = $2, phone = $3, email_hash = $4 WHERE id = $5::uuid`, ...values);
      } catch (error) {
        if (!/unique|duplicate/i.test((error as Error).message)) throw error;
        values[3] = null;
        await prisma.$executeRawUnsafe(`UPDATE customers SET name = $1, email = $2, phone = $3, email_hash = $4 WHERE id = $5::uuid`, ...values);
        result.duplicateEmails += 1;
      }
      result.customers += 1;
    }
    after = rows[rows.length - 1]!.id;
    onProgress?.({ table: "customers", done: result.customers, total: customerCount?.count ?? 0 });
  }

  const [messageCount] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM messages WHERE ${messageStale}`);
  after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await prisma.$queryRawUnsafe<Array<{ id: string; body: string }>>(
      `SELECT id, body FROM messages WHERE id > $1::uuid AND ${messageStale} ORDER BY id LIMIT ${BATCH}`,
      after,
    );
    if (rows.length === 0) break;
    const plain = rows.map((row) => decryptText(row.body));
    // The search words are kept if present (they do not depend on the key) and computed from
    // the plaintext where missing.
    // same_text: the trigger messages_search_forget would otherwise take a rewritten body's
    // words out of the search.
    await prisma.$transaction([
      prisma.$executeRawUnsafe(`SELECT set_config('recall_desk.same_text', 'on', true)`),
      prisma.$executeRawUnsafe(
        `UPDATE messages m SET body = v.body, search_vector = coalesce(m.search_vector, to_tsvector('english', v.plain))
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, body, plain) WHERE m.id = v.id`,
        rows.map((row) => row.id),
        plain.map((text) => encryptText(text)),
        plain,
      ),
    ]);
    result.messages += rows.length;
    after = rows[rows.length - 1]!.id;
    onProgress?.({ table: "messages", done: result.messages, total: messageCount?.count ?? 0 });
  }
  return result;
}

function decryptText(value: string): string {
  return decryptOptional(value);
}

/** How many values are still not under the current key (0 once a rotation is complete). */
export async function countStaleValues(prisma: Raw, workspaceId?: string): Promise<number> {
  const prefix = `${CIPHERTEXT_PREFIX}${keyring().current.id}:`;
  const inWorkspace = workspaceId ? ` AND workspace_id = '${z.uuid().parse(workspaceId)}'::uuid` : "";
  const [row] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT ((SELECT count(*) FROM customers WHERE (name NOT LIKE $1 OR email NOT LIKE $1 OR (phone IS NOT NULL AND phone NOT LIKE $1) OR email_hash IS NULL)${inWorkspace})
           + (SELECT count(*) FROM messages WHERE body NOT LIKE $1${inWorkspace}))::int AS count`,
    `${prefix}%`,
  );
  return row?.count ?? 0;
}

/**
 * Stops the start-up when stored values were written with a key this process does not
 * have (a wrong or lost APP_ENCRYPTION_KEY), instead of failing on the first page that
 * shows a customer.
 */
export async function assertKnownKeys(prisma: Raw): Promise<void> {
  const ring = keyring();
  const ids = [ring.current.id, ...ring.previous.map((key) => key.id)];
  const keyOf = (column: string) => `substr(${column}, ${CIPHERTEXT_PREFIX.length + 1}, 8)`;
  const [row] = await prisma.$queryRawUnsafe<Array<{ value: string }>>(
    `(SELECT email AS value FROM customers WHERE email LIKE '${CIPHERTEXT_PREFIX}%' AND ${keyOf("email")} <> ALL($1::text[]) LIMIT 1)
     UNION ALL
     (SELECT body AS value FROM messages WHERE body LIKE '${CIPHERTEXT_PREFIX}%' AND ${keyOf("body")} <> ALL($1::text[]) LIMIT 1)
     LIMIT 1`,
    ids,
  );
  if (row) decryptOptional(row.value);
}
