import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

// Personal data at rest: customer name, email and phone, and message bodies, are stored as
// AES-256-GCM ciphertext "enc:v1:<keyId>:<base64 iv|ciphertext|tag>". The key comes from
// APP_ENCRYPTION_KEY, or (embedded default) from DATA_DIR/encryption-key, generated once
// with owner-only permissions. keyId names the key, so rows written under a previous key
// (APP_ENCRYPTION_PREVIOUS_KEYS, or encryption-key.previous during a rotation) still read
// while `npm run privacy -- rotate-key` re-encrypts them. Text without the prefix is read
// as it is: rows written before encryption, until the start-up pass encrypts them.
// No "server-only" import: the key helpers run in the CLI and tests as well.

export const CIPHERTEXT_PREFIX = "enc:v1:";
const KEY_FILE = "encryption-key";
const PREVIOUS_KEY_FILE = "encryption-key.previous";

export class EncryptionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EncryptionKeyError";
  }
}

export interface PiiKey {
  id: string;
  /** AES-256-GCM key for the columns. */
  data: Buffer;
  /** HMAC key for the email blind index, derived so the two uses never share a key. */
  index: Buffer;
}

export interface Keyring {
  current: PiiKey;
  /** Keys that still decrypt (and whose email hashes still match) until rotation is done. */
  previous: PiiKey[];
  /** Where the current key came from, for messages. */
  source: "env" | "file";
}

/** A 32-byte key written as base64 (or base64url) or as 64 hex digits; null if it is neither. */
export function parseKeyText(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === 32) return bytes;
  }
  return null;
}

export function deriveKey(master: Buffer): PiiKey {
  return {
    id: createHash("sha256").update(master).digest("hex").slice(0, 8),
    data: Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), "recall-desk pii aes-256-gcm", 32)),
    index: Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), "recall-desk pii email index", 32)),
  };
}

export function generateKeyText(): string {
  return randomBytes(32).toString("base64");
}

function readKeyFile(file: string): Buffer | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const key = parseKeyText(text);
  if (!key) throw new EncryptionKeyError(`${file} does not hold a 32-byte key (base64 or hex).`);
  return key;
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE);
}

export function previousKeyFilePath(dataDir: string): string {
  return path.join(dataDir, PREVIOUS_KEY_FILE);
}

/** Writes a key file only if none exists (several processes may start at once). */
export function writeKeyFile(file: string, text: string, options: { replace?: boolean } = {}): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (options.replace) {
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${text}\n`, { mode: 0o600 });
    fs.renameSync(temp, file);
    return;
  }
  try {
    fs.writeFileSync(file, `${text}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

const globalForKeys = globalThis as unknown as { __piiKeyring?: Keyring; __piiKeyWarned?: boolean };

/** The process's keys, read once. Tests and the rotation command reset them with `resetKeyring`. */
export function keyring(): Keyring {
  globalForKeys.__piiKeyring ??= loadKeyring();
  return globalForKeys.__piiKeyring;
}

export function resetKeyring(): void {
  globalForKeys.__piiKeyring = undefined;
}

function loadKeyring(): Keyring {
  const config = env();
  const previous: PiiKey[] = [];
  for (const text of config.APP_ENCRYPTION_PREVIOUS_KEYS) previous.push(deriveKey(parseKeyText(text)!));
  const previousFile = readKeyFile(previousKeyFilePath(config.dataDir));
  if (previousFile) previous.push(deriveKey(previousFile));
  const file = keyFilePath(config.dataDir);
  if (config.APP_ENCRYPTION_KEY) {
    const current = deriveKey(parseKeyText(config.APP_ENCRYPTION_KEY)!);
    // Moving from the generated key file to APP_ENCRYPTION_KEY: the file's key still reads
    // what it wrote, until rotate-key has re-encrypted it.
    const fileKey = readKeyFile(file);
    if (fileKey) previous.push(deriveKey(fileKey));
    return { current, previous: previous.filter((key) => key.id !== current.id), source: "env" };
  }
  let key = readKeyFile(file);
  if (!key) {
    writeKeyFile(file, generateKeyText());
    key = readKeyFile(file)!;
  }
  if (config.databaseMode === "server" && !globalForKeys.__piiKeyWarned) {
    globalForKeys.__piiKeyWarned = true;
    log.warn(
      `APP_ENCRYPTION_KEY is not set; personal data is encrypted with the key in ${file}. ` +
        `Every process using this database must have the same key: set APP_ENCRYPTION_KEY.`,
    );
  }
  return { current: deriveKey(key), previous, source: "file" };
}

/**
 * Whether a STORED value is ciphertext (else it is a row from before encryption). Never ask
 * this of input: a customer can type anything, prefix included, so every write encrypts and
 * only the re-encryption pass, which reads the table itself, treats values as ciphertext.
 */
export function isEncrypted(value: string): boolean {
  return value.startsWith(CIPHERTEXT_PREFIX);
}

export function encryptText(plaintext: string, key: PiiKey = keyring().current): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.data, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${CIPHERTEXT_PREFIX}${key.id}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64")}`;
}

/**
 * Plaintext of a stored value. A value under an unknown key or that fails authentication
 * throws: showing ciphertext, or an empty name, would hide a wrong key until data is lost.
 */
export function decryptText(stored: string, ring: Keyring = keyring()): string {
  if (!isEncrypted(stored)) return stored;
  const rest = stored.slice(CIPHERTEXT_PREFIX.length);
  const colon = rest.indexOf(":");
  const keyId = rest.slice(0, colon);
  const key = [ring.current, ...ring.previous].find((candidate) => candidate.id === keyId);
  if (!key) {
    throw new EncryptionKeyError(
      `Personal data is encrypted with key ${keyId}, which is neither APP_ENCRYPTION_KEY (${ring.current.id}) nor a previous key. ` +
        `Set the key the data was written with (or list it in APP_ENCRYPTION_PREVIOUS_KEYS).`,
    );
  }
  const packed = Buffer.from(rest.slice(colon + 1), "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.data, packed.subarray(0, 12));
    decipher.setAuthTag(packed.subarray(packed.length - 16));
    return Buffer.concat([decipher.update(packed.subarray(12, packed.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new EncryptionKeyError(`A value under key ${keyId} failed authentication: the data or the key is damaged.`);
  }
}

/** What a page shows for a stored value that no key in the ring decrypts. */
export const UNREADABLE = "[unreadable]";
const reported = new Set<string>();

/**
 * Plaintext of a stored value, or UNREADABLE when it cannot be decrypted (unknown key,
 * failed authentication, garbage): one bad row must not fail a page. Logged once per value,
 * with its table and key id only. A wrong key for the whole database is caught at start-up
 * by the key canary (lib/crypto/canary.ts), not here.
 */
export function readStoredText(stored: string, table: string, ring: Keyring = keyring()): string {
  try {
    return decryptText(stored, ring);
  } catch (error) {
    if (!(error instanceof EncryptionKeyError)) throw error;
    const id = `${table}:${stored.slice(0, 80)}:${stored.length}`;
    if (!reported.has(id)) {
      if (reported.size > 10_000) reported.clear();
      reported.add(id);
      log.error(
        { table, keyId: storedKeyId(stored) ?? "?", reason: error.message },
        `[pii] a value cannot be decrypted: shown as ${UNREADABLE}`,
      );
    }
    return UNREADABLE;
  }
}

export function readStoredOptional<T extends string | null | undefined>(value: T, table: string): T {
  return (typeof value === "string" ? readStoredText(value, table) : value) as T;
}

/** Plaintext, or null when the value cannot be decrypted (the re-encryption passes skip it). */
export function tryDecryptText(stored: string, ring: Keyring = keyring()): string | null {
  try {
    return decryptText(stored, ring);
  } catch (error) {
    if (error instanceof EncryptionKeyError) return null;
    throw error;
  }
}

export function encryptOptional<T extends string | null | undefined>(value: T): T {
  return (typeof value === "string" ? encryptText(value) : value) as T;
}

export function decryptOptional<T extends string | null | undefined>(value: T): T {
  return (typeof value === "string" ? decryptText(value) : value) as T;
}

/** The key id of a stored value, or null for plaintext. */
export function storedKeyId(stored: string): string | null {
  if (!isEncrypted(stored)) return null;
  return stored.slice(CIPHERTEXT_PREFIX.length).split(":", 1)[0] ?? null;
}

/**
 * The blind index of an email: a keyed hash of the normalised address, per workspace, so
 * equal addresses can be found without storing them in the clear. Not reversible without
 * the key; it does reveal which rows share an address, which the unique constraint needs.
 */
export function emailIndex(workspaceId: string, email: string, key: PiiKey = keyring().current): string {
  return createHmac("sha256", key.index).update(`${workspaceId}:${email.trim().toLowerCase()}`).digest("hex");
}

/** The email's index under every key that may still be in the table (during a rotation). */
export function emailIndexes(workspaceId: string, email: string, ring: Keyring = keyring()): string[] {
  return [ring.current, ...ring.previous].map((key) => emailIndex(workspaceId, email, key));
}
