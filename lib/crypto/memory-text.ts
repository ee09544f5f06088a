import { encryptText, readStoredText } from "./pii";

// Customer and session memory at rest (issue 12): what a customer said is repeated in their
// memories, so those rows are sealed with the same AES-256-GCM key as names and messages:
// memories.text, the payload fields mem0 keeps the text in (data, its BM25 terms
// textLemmatized, and its md5 hash, which would confirm a guessed text), and the old and new
// text of memory_history rows owned by a customer (user_id set). The memory store seals on
// write (lib/memory/store.ts, raw SQL) and opens what it reads; Prisma reads are opened by
// lib/db/pii-extension.ts. Search keeps working because embeddings and BM25 terms are
// computed from the plaintext before the write, and a customer's or a session's keyword
// search decrypts the handful of rows it loads.
// The team's knowledge (agent scope) stays plaintext: it is not personal data, it is large
// and each process caches it decoded.
// What someone holding a copy of the database still learns about sealed memories:
//   - the embedding vectors: with the default hashing embedder each dimension is a hash of
//     a word, bigram or character n-gram, so the words of a memory can be recovered with
//     effort (hash a dictionary, match the buckets); a neural embedder leaks less, still
//     the topic by nearest neighbours;
//   - the owners (workspace, customer and ticket ids), the scope, the type and the other
//     metadata keys (product, tier, ticket number, marks), timestamps and expiry;
//   - the length of each text (ciphertext length is plaintext length plus a constant).
// Entity links mem0 extracts from a customer's memory (collection memories_entities) are
// sealed the same way: their scope is the customer's or the session's.

/** Payload fields that hold the memory's text, or something computed from it. */
export const SEALED_PAYLOAD_FIELDS = ["data", "textLemmatized", "hash"] as const;

/** Memory rows of these scopes are sealed; the team's knowledge ("agent") is not. */
export function sealsScope(scope: string | null | undefined): boolean {
  return scope !== "agent";
}

/** History rows of a customer's or a session's memory carry its user_id. */
export function sealsHistory(userId: string | null | undefined): boolean {
  return typeof userId === "string" && userId.length > 0;
}

export function sealMemoryText(text: string, scope: string): string {
  return sealsScope(scope) ? encryptText(text) : text;
}

export function openMemoryText(stored: string, scope: string): string {
  return sealsScope(scope) ? readStoredText(stored, "memories") : stored;
}

export function sealHistoryText(text: string | null | undefined, userId: string | null | undefined): string | null {
  if (typeof text !== "string") return null;
  return sealsHistory(userId) ? encryptText(text) : text;
}

/** The payload with its sealed fields passed through `map` (strings only). */
export function mapSealedFields<T>(payload: T, map: (value: string) => string): T {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return payload;
  const next: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const field of SEALED_PAYLOAD_FIELDS) {
    if (typeof next[field] === "string") next[field] = map(next[field]);
  }
  return next as T;
}

export function sealMemoryPayload<T>(payload: T, scope: string): T {
  return sealsScope(scope) ? mapSealedFields(payload, (value) => encryptText(value)) : payload;
}

export function openMemoryPayload<T>(payload: T, scope: string): T {
  return sealsScope(scope) ? mapSealedFields(payload, (value) => readStoredText(value, "memories")) : payload;
}
