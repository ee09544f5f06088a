import { z } from "zod";
import { type Keyring, keyring } from "./pii";
import { countUnknownKeyValues, type Raw, type ReencryptResult, reencryptPersonalData } from "./reencrypt";

// The start-up pass (reencrypt.ts) reads customers, messages, memories and memory history
// whole, so running it at every start made start time grow with the data (issue 15). Its
// outcome depends only on the data and the key set: every write since encryption is under
// the current key, so once a pass has completed for a key set, the next start with the same
// keys would find nothing to encrypt and count the same values under unknown keys. A row
// in app_settings records the last complete pass (the key ids and its counts); a start runs
// the pass only when the configured keys differ from it (first start after an upgrade, a key
// added, dropped or replaced) and otherwise reads that one row. rotate-key clears the row
// before it changes anything and records its own complete pass at the end. Deleting the row
// makes the next start run the pass (after plaintext was loaded around the app, say).

export const COMPLETE_PASS_SETTING = "pii.complete-pass";

const completePassSchema = z.object({
  /** The current key's id first, then the previous keys' ids, sorted. */
  keys: z.array(z.string()).min(1),
  /** "all": every readable value is under the current key (rotate-key's pass). */
  scope: z.enum(["plaintext", "all"]),
  unreadable: z.number().int().min(0),
  duplicateEmails: z.number().int().min(0),
  finishedAt: z.string(),
});
export type CompletePass = z.infer<typeof completePassSchema>;

type Db = Pick<Raw, "$queryRawUnsafe" | "$executeRawUnsafe">;

/** The key set a pass is recorded for: current id first, then the previous ids sorted. */
export function keySetIds(ring: Keyring = keyring()): string[] {
  const previous = [...new Set(ring.previous.map((key) => key.id))].filter((id) => id !== ring.current.id).sort();
  return [ring.current.id, ...previous];
}

export async function readCompletePass(prisma: Db): Promise<CompletePass | null> {
  const [row] = await prisma.$queryRawUnsafe<Array<{ value: unknown }>>(
    `SELECT value FROM app_settings WHERE key = $1`,
    COMPLETE_PASS_SETTING,
  );
  if (!row) return null;
  const value: unknown = typeof row.value === "string" ? JSON.parse(row.value) : row.value;
  // A row this version cannot read is treated as none: the pass runs and rewrites it.
  const parsed = completePassSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export async function recordCompletePass(
  prisma: Db,
  pass: Pick<CompletePass, "scope" | "unreadable" | "duplicateEmails">,
  ring: Keyring = keyring(),
): Promise<void> {
  const value: CompletePass = { keys: keySetIds(ring), ...pass, finishedAt: new Date().toISOString() };
  await prisma.$executeRawUnsafe(
    `INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
    COMPLETE_PASS_SETTING,
    JSON.stringify(value),
  );
}

/** rotate-key, before it changes anything: a rotation stopped half-way leaves no record. */
export async function forgetCompletePass(prisma: Db): Promise<void> {
  await prisma.$executeRawUnsafe(`DELETE FROM app_settings WHERE key = $1`, COMPLETE_PASS_SETTING);
}

/**
 * Whether a recorded pass still holds for these keys. Same current key and same previous
 * keys; after rotate-key's pass, dropping previous keys changes nothing either (no readable
 * value is left under them), while adding one may make unreadable values readable: recount.
 */
export function passHolds(pass: CompletePass | null, ring: Keyring = keyring()): boolean {
  if (!pass) return false;
  const [current, ...previous] = keySetIds(ring);
  const [passCurrent, ...passPrevious] = pass.keys;
  if (current !== passCurrent) return false;
  if (pass.scope === "all") return previous.every((id) => passPrevious.includes(id));
  return previous.length === passPrevious.length && previous.every((id, index) => id === passPrevious[index]);
}

export interface StartPass {
  /** Null when the recorded pass held and nothing was read. */
  encrypted: ReencryptResult | null;
  unreadable: number;
  duplicateEmails: number;
}

/** At start: encrypts plaintext rows and counts unreadable values, unless a pass for these keys completed. */
export async function encryptPersonalDataAtStart(prisma: Raw): Promise<StartPass> {
  const ring = keyring();
  const recorded = await readCompletePass(prisma);
  if (recorded && passHolds(recorded, ring)) {
    return { encrypted: null, unreadable: recorded.unreadable, duplicateEmails: recorded.duplicateEmails };
  }
  const encrypted = await reencryptPersonalData({ prisma, scope: "plaintext" });
  // Two views of the same rows (by key id in SQL, by decryption in the pass): the larger.
  const unreadable = Math.max(await countUnknownKeyValues(prisma), encrypted.unreadable);
  await recordCompletePass(prisma, { scope: "plaintext", unreadable, duplicateEmails: encrypted.duplicateEmails }, ring);
  return { encrypted, unreadable, duplicateEmails: encrypted.duplicateEmails };
}
