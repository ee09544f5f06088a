import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

// Tokens of mailed links that act once (an invitation, a password reset). 256 random bits,
// so a fast hash is enough (as for API keys): the table keeps only the sha256, and a copy of
// the database opens no account.

/** The token as it appears in a link: 32 random bytes, base64url. */
export const oneTimeTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export function createOneTimeToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashOneTimeToken(token) };
}

export function hashOneTimeToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
