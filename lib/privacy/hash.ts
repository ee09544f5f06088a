import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveSecret } from "@/lib/auth/secret";

// Keyed hashes (HMAC-SHA256 with the app's secret), so a copied table of hashes cannot be
// reversed by hashing a list of addresses or the million possible codes. A changed
// AUTH_SECRET orphans the hashes: pending codes stop working and old tombstones no longer
// match an address, which is what rotating a secret should do.

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function hmac(purpose: string, value: string): string {
  return createHmac("sha256", deriveSecret("privacy")).update(`${purpose}\u0000${value}`).digest("hex");
}

/** Per workspace: the same address in two workspaces gives two unrelated hashes. */
export function hashEmail(workspaceId: string, email: string): string {
  return hmac("privacy-email", `${workspaceId}:${normalizeEmail(email)}`);
}

export function hashCode(challengeId: string, code: string): string {
  return hmac("privacy-code", `${challengeId}:${code}`);
}

export function sameHash(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Signs a short-lived token (the privacy session cookie); `verifySigned` returns the payload or null. */
export function signPayload(purpose: string, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${hmac(purpose, body)}`;
}

export function verifySigned<T>(purpose: string, token: string): T | null {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined || !sameHash(signature, hmac(purpose, body))) return null;
  try {
    return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as T;
  } catch {
    return null;
  }
}
