import type { PrismaClient } from "@/lib/db/generated/client";

type Tx = Pick<PrismaClient, "$executeRaw">;

/**
 * Stores a message's searchable words, computed from its plaintext: the body itself is
 * ciphertext, so the database cannot index it. The update fires the inbox_search trigger
 * that rebuilds the ticket's search_vector. Call it in the transaction that wrote the message.
 * What this keeps readable in the database: the message's stemmed words (lib/crypto/pii.ts).
 */
export async function indexMessageText(tx: Tx, { messageId, text }: { messageId: string; text: string }): Promise<void> {
  await indexMessageTexts(tx, [{ messageId, text }]);
}

/** Several messages in one statement (one rebuild of each ticket they belong to). */
export async function indexMessageTexts(tx: Tx, items: Array<{ messageId: string; text: string }>): Promise<void> {
  if (items.length === 0) return;
  await tx.$executeRaw`
    UPDATE messages m SET search_vector = to_tsvector('english', v.text)
    FROM unnest(${items.map((item) => item.messageId)}::uuid[], ${items.map((item) => item.text)}::text[]) AS v(id, text)
    WHERE m.id = v.id`;
}
