import "server-only";
import { getPrisma } from "@/lib/db";
import { recordAudit } from "./record";

// Reads of a customer's memory and profile are audited too, coalesced so the log stays
// readable and cheap: one `customer.memory_read` entry per reader (a user, or an API key),
// customer and hour. The hour's first read inserts a mark (customer_read_marks, unique on
// reader, customer and hour) and writes the entry in the same transaction; any later read
// of the hour, in any process, finds the mark (ON CONFLICT DO NOTHING) and writes nothing.
// The entry holds ids only. Privacy exports are audited one by one (privacy.exported).

export type CustomerReader = { userId: string } | { apiKeyId: string };
export type CustomerReadVia = "ticket_pane" | "customer_page" | "api";

const HOUR_MS = 3_600_000;

/** Records the read; true when it was the hour's first (and wrote the audit entry). */
export async function recordCustomerRead(input: {
  workspaceId: string;
  customerId: string;
  reader: CustomerReader;
  via: CustomerReadVia;
  ticketId?: string;
  at?: Date;
}): Promise<boolean> {
  const hour = new Date(Math.floor((input.at ?? new Date()).getTime() / HOUR_MS) * HOUR_MS);
  const user = "userId" in input.reader ? input.reader.userId : null;
  const apiKey = "apiKeyId" in input.reader ? input.reader.apiKeyId : null;
  const reader = user ? `user:${user}` : `api:${apiKey}`;
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    // Through the customer row: a customer of another workspace (or none) is never marked.
    const inserted = await tx.$executeRaw`
      INSERT INTO customer_read_marks (reader, customer_id, hour, workspace_id)
      SELECT ${reader}, c.id, ${hour}, c.workspace_id FROM customers c WHERE c.id = ${input.customerId}::uuid AND c.workspace_id = ${input.workspaceId}::uuid
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) return false;
    // Only the current hour's mark is ever consulted: earlier ones go as the next is made.
    await tx.$executeRaw`DELETE FROM customer_read_marks WHERE reader = ${reader} AND customer_id = ${input.customerId}::uuid AND hour < ${hour}`;
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actorType: user ? "user" : "api",
      actorUserId: user,
      action: "customer.memory_read",
      targetType: "customer",
      targetId: input.customerId,
      customerId: input.customerId,
      summary: {
        via: input.via,
        hour: hour.toISOString(),
        ...(input.ticketId && { ticketId: input.ticketId }),
        ...(apiKey && { apiKeyId: apiKey }),
      },
    });
    return true;
  });
}
