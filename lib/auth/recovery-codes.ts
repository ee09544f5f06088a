import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { deriveSecret } from "./secret";

// Recovery codes stand in for a TOTP code when the phone is lost: ten per user, each good
// once, shown once. Only an HMAC of each is stored (key derived for this use alone, salted
// with the user id), so a database copy holds no usable code. 50 random bits per code make
// a slow hash unnecessary: guessing is bounded by the sign-in lockout, not by hash speed.

export const RECOVERY_CODE_COUNT = 10;
// Crockford-style alphabet without 0/1/i/l/o/u: nothing to misread when typed from paper.
const ALPHABET = "abcdefghjkmnpqrstvwxyz23456789";

function randomCode(): string {
  const bytes = randomBytes(10);
  const chars = Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]);
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

/** Ten fresh codes, "abcde-fghjk", distinct. */
export function generateRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(randomCode());
  return [...codes];
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

/** Whether typed input has the shape of a recovery code (rather than a six-digit TOTP code). */
export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z2-9]{10}$/.test(normalizeRecoveryCode(code));
}

export function hashRecoveryCode({ userId, code }: { userId: string; code: string }): string {
  return createHmac("sha256", deriveSecret("recovery-code"))
    .update(`${userId}\u0000${normalizeRecoveryCode(code)}`)
    .digest("base64url");
}
