import "server-only";
import { hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

// One root secret (AUTH_SECRET, or a file generated once into DATA_DIR, owner-only), and a
// separate key derived from it with HKDF for each use, so that a key learned from one use
// (say a leaked session-signing key) neither signs ticket links nor forges the audit chain.
// Processes on different machines must share AUTH_SECRET.

/** Each purpose gets its own derived key; the label is part of the derivation. */
export type SecretPurpose = "session" | "ticket-link" | "privacy" | "audit" | "verification" | "rate-limit" | "recovery-code";

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretError";
  }
}

const MIN_FILE_SECRET = 32;

function readSecretFile(file: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  // An empty or truncated file (a full disk, a bad copy) would sign everything with a
  // guessable key: refuse it rather than regenerate, which would sign everyone out silently.
  if (text.length < MIN_FILE_SECRET) {
    throw new SecretError(
      `${file} holds ${text.length === 0 ? "nothing" : "too short a secret"}; delete it to generate a new one (signs everyone out) or set AUTH_SECRET (32+ characters).`,
    );
  }
  return text;
}

/** The root secret every key is derived from. */
export function rootSecret(): string {
  const config = env();
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  const file = path.join(config.dataDir, "auth-secret");
  const existing = readSecretFile(file);
  if (existing) return existing;
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const written = readSecretFile(file);
  if (!written) throw new SecretError(`${file} could not be created.`);
  return written;
}

const derived = new Map<string, Buffer>();

/** A 32-byte key for one purpose, derived from the root secret (HKDF-SHA256). */
export function deriveSecret(purpose: SecretPurpose): Buffer {
  const root = rootSecret();
  const cacheKey = `${purpose}\u0000${root}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", Buffer.from(root, "utf8"), Buffer.alloc(0), `recall-desk ${purpose}`, 32));
    derived.set(cacheKey, key);
  }
  return key;
}

/** next-auth takes its secret as a string. */
export function sessionSecret(): string {
  return deriveSecret("session").toString("base64url");
}
