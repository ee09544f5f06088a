import { createHash } from "node:crypto";

/** Keys are stored as their sha256: they are long and random, so no slow hash is needed. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
