import fs from "node:fs";
import { env } from "@/lib/env";
import type { PrismaClient } from "@/lib/db/generated/client";
import { assertNoLiveInstances } from "@/lib/db/instances";
import { writeKeyCanary } from "./canary";
import { forgetCompletePass, recordCompletePass } from "./complete-pass";
import { generateKeyText, keyFilePath, keyring, previousKeyFilePath, resetKeyring, writeKeyFile } from "./pii";
import { countStaleValues, type ReencryptProgress, reencryptPersonalData } from "./reencrypt";

// Key rotation: every encrypted value and email hash is rewritten under the current key,
// reading with the previous ones. With APP_ENCRYPTION_KEY the operator sets the new key and
// lists the old in APP_ENCRYPTION_PREVIOUS_KEYS; with the generated key file, a new file is
// written here and the old one is kept as encryption-key.previous until every row is done.
// A stopped rotation is resumed by running it again.
// It runs alone: an app process writing meanwhile could write under the old key after its
// rows were done, and those rows would be lost once the old key goes (issue 12). So it
// refuses while any app process has refreshed its app_instances row in the last 30 s
// (lib/db/instances.ts); in embedded mode the running app also holds the data folder lock.

export interface RotationResult {
  keyId: string;
  /** A new key file was generated (embedded default, no APP_ENCRYPTION_KEY). */
  generated: boolean;
  customers: number;
  messages: number;
  memories: number;
  memoryHistory: number;
  duplicateEmails: number;
  /** Values no key decrypts: left as they were (they were unreadable before too). */
  unreadable: number;
  /** Environment keys that can now be removed from APP_ENCRYPTION_PREVIOUS_KEYS. */
  previousKeysUnused: boolean;
}

function readTrimmed(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

/** Embedded default: generates the next key file, keeping the current one as previous. */
function rotateKeyFile(dataDir: string): boolean {
  const file = keyFilePath(dataDir);
  const previousFile = previousKeyFilePath(dataDir);
  const current = readTrimmed(file);
  const previous = readTrimmed(previousFile);
  // A previous file that differs from the current key is a rotation in progress: resume it.
  if (previous && previous !== current) return false;
  // No key yet: nothing was encrypted; the new key encrypts whatever plaintext there is.
  if (!current) {
    writeKeyFile(file, generateKeyText());
    return true;
  }
  writeKeyFile(previousFile, current, { replace: true });
  writeKeyFile(file, generateKeyText(), { replace: true });
  return true;
}

export async function rotateEncryptionKey(options: {
  prisma: PrismaClient;
  onProgress?: (progress: ReencryptProgress) => void;
  /** Tests only (see reencryptPersonalData). */
  workspaceId?: string;
}): Promise<RotationResult> {
  const config = env();
  // Before anything changes, the key file included.
  await assertNoLiveInstances(options.prisma);
  // The start-up skips its pass while the record matches its keys (complete-pass.ts): a
  // rotation stopped half-way must leave none. A one-workspace pass (tests) records nothing.
  const wholeDatabase = options.workspaceId === undefined;
  if (wholeDatabase) await forgetCompletePass(options.prisma);
  const generated = config.APP_ENCRYPTION_KEY ? false : rotateKeyFile(config.dataDir);
  resetKeyring();
  const ring = keyring();
  const done = await reencryptPersonalData({
    prisma: options.prisma,
    scope: "all",
    onProgress: options.onProgress,
    workspaceId: options.workspaceId,
  });
  const stale = await countStaleValues(options.prisma, options.workspaceId);
  if (stale > done.duplicateEmails + done.unreadable)
    throw new Error(`${stale} values are still not under key ${ring.current.id}; run rotate-key again.`);
  // The start-up key check follows the data to the new key, before the old key goes.
  await writeKeyCanary(options.prisma);
  if (!config.APP_ENCRYPTION_KEY) {
    fs.rmSync(previousKeyFilePath(config.dataDir), { force: true });
    resetKeyring();
  }
  // Every value was read: the next start with these keys (or fewer previous ones) skips its pass.
  if (wholeDatabase)
    await recordCompletePass(options.prisma, { scope: "all", unreadable: done.unreadable, duplicateEmails: done.duplicateEmails });
  return {
    keyId: ring.current.id,
    generated,
    customers: done.customers,
    messages: done.messages,
    memories: done.memories,
    memoryHistory: done.memoryHistory,
    duplicateEmails: done.duplicateEmails,
    unreadable: done.unreadable,
    previousKeysUnused: config.APP_ENCRYPTION_PREVIOUS_KEYS.length > 0,
  };
}
