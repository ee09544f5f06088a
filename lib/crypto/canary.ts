import type { PrismaClient } from "@/lib/db/generated/client";
import { CIPHERTEXT_PREFIX, decryptText, encryptText, keyring } from "./pii";

// The key check at start-up. A known constant is kept in app_settings encrypted under the
// current key, written on the first start and rewritten by rotate-key. The start refuses
// only when no key of the ring decrypts it: a genuinely wrong or lost APP_ENCRYPTION_KEY.
// It used to look for any stored value under an unknown key, which let one customer who
// typed a ciphertext-looking name stop every start (issue 12): user data never decides.

export const KEY_CANARY_SETTING = "pii.key-check";
const CANARY_TEXT = "recall-desk encryption key check";

type Db = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

async function readCanary(prisma: Db): Promise<string | null> {
  const [row] = await prisma.$queryRawUnsafe<Array<{ value: unknown }>>(
    `SELECT value FROM app_settings WHERE key = $1`,
    KEY_CANARY_SETTING,
  );
  const value: unknown = typeof row?.value === "string" ? JSON.parse(row.value) : row?.value;
  const stored = (value as { ciphertext?: unknown } | undefined)?.ciphertext;
  return typeof stored === "string" ? stored : null;
}

/** Writes the canary under the current key (rotate-key, once every value is re-encrypted). */
export async function writeKeyCanary(prisma: Db): Promise<void> {
  await prisma.$executeRawUnsafe(
    `INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
    KEY_CANARY_SETTING,
    JSON.stringify({ ciphertext: encryptText(CANARY_TEXT) }),
  );
}

/**
 * Stops the start-up (EncryptionKeyError, naming the key) when this process's keys cannot
 * read the database's canary; writes the canary when there is none yet.
 */
export async function checkKeyCanary(prisma: Db): Promise<void> {
  const stored = await readCanary(prisma);
  if (stored !== null) {
    // Throws the same message the old check gave: the key id, and what to set.
    if (decryptText(stored) !== CANARY_TEXT) throw new Error("The encryption key check in app_settings holds an unexpected value.");
    return;
  }
  await assertEmailsReadable(prisma);
  // First writer wins (several processes may start at once); then everyone checks it.
  await prisma.$executeRawUnsafe(
    `INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO NOTHING`,
    KEY_CANARY_SETTING,
    JSON.stringify({ ciphertext: encryptText(CANARY_TEXT) }),
  );
  const written = await readCanary(prisma);
  if (written !== null) decryptText(written);
}

/**
 * A database encrypted before the canary existed: before blessing this process's key with a
 * canary, some stored email must decrypt with it. Emails only, because an address is
 * validated on every path in (no colon can pass), so none can be a customer's fake
 * ciphertext. Nothing encrypted yet: nothing to check.
 */
async function assertEmailsReadable(prisma: Db): Promise<void> {
  const ring = keyring();
  const ids = [ring.current.id, ...ring.previous.map((key) => key.id)];
  const rows = await prisma.$queryRawUnsafe<Array<{ email: string }>>(
    `SELECT email FROM customers WHERE email LIKE '${CIPHERTEXT_PREFIX}%'
      ORDER BY (substr(email, ${CIPHERTEXT_PREFIX.length + 1}, 8) = ANY($1::text[])) DESC LIMIT 20`,
    ids,
  );
  if (rows.length === 0) return;
  let failure: unknown;
  for (const row of rows) {
    try {
      decryptText(row.email, ring);
      return;
    } catch (error) {
      failure ??= error;
    }
  }
  throw failure;
}
