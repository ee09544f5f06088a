import "server-only";
import { randomUUID } from "node:crypto";
import { type AuditEntry, pendingAuditRow, sealSoon } from "@/lib/audit/record";
import { emailIndex, emailIndexes, encryptOptional, encryptText, readStoredText } from "@/lib/crypto/pii";
import { Prisma } from "@/lib/db/generated/client";

// A new ticket in one statement: its customer (found by the email's blind index under any key
// in use, created if new), the ticket, its first message with the message's search words, and
// the pending audit entry. Opening tickets is the busiest write there is (the REST API, the
// public form, mail); written through the client one row at a time it took eleven round trips
// and most of a request's time (docs/BENCHMARKS.md). Personal data is sealed here, as the client
// extension (lib/db/pii-extension.ts) would: name, email, message body and mail text. One
// statement needs no transaction: it is written whole or not at all.

/** The condition for a job queued by the opening statement: its ticket was written. */
export const OPENING_WRITTEN = Prisma.sql`EXISTS (SELECT 1 FROM ticket)`;

export interface OpeningRow {
  workspaceId: string;
  ticketId: string;
  number: number;
  customer: { email: string; name: string };
  subject: string;
  product: string | null;
  channel: string;
  priority: string;
  sentiment: string;
  urgency: string;
  verifiedAt: Date | null;
  tags: string[];
  body: string;
  email?: { messageId: string; original: string | null };
  at: Date;
  /**
   * A job queued by the same statement (lib/jobs jobInsertStatement, with `when:
   * OPENING_WRITTEN`), so that the ticket and its job are written together without a
   * transaction, and an attempt that wrote no ticket queues no job.
   */
  job?: Prisma.Sql | null;
  /** The "ticket.opened" entry; its target and customer are the ticket's. */
  audit: Omit<AuditEntry, "workspaceId" | "targetId" | "customerId">;
}

export interface WrittenOpening {
  id: string;
  number: number;
  customerId: string;
  status: "OPEN";
  priority: string;
  linkVersion: number;
  createdAt: Date;
  subject: string;
  product: string | null;
  tags: string[];
  firstMessageId: string;
  /** The first message's text (plaintext). */
  body: string;
  /** The stored customer's (plaintext): an existing customer keeps the name they had. */
  customer: { email: string; name: string };
}

interface Returned {
  id: string;
  number: number;
  customer_id: string;
  status: "OPEN";
  priority: string;
  link_version: number;
  created_at: Date;
  subject: string;
  product: string | null;
  tags: string[];
  message_id: string;
  customer_email: string;
  customer_name: string;
}

/**
 * Writes the opening in the caller's transaction. A customer created at the same moment by
 * another transaction makes the insert give way (ON CONFLICT DO NOTHING waits for it to commit):
 * the statement then writes nothing, and is run again, when it finds that customer.
 */
export async function writeOpening(db: Prisma.TransactionClient, row: OpeningRow): Promise<WrittenOpening> {
  for (let attempt = 0; ; attempt++) {
    const written = await writeOnce(db, row);
    if (written) return written;
    if (attempt >= 2) throw new Error("The customer of a new ticket could not be found or created.");
  }
}

async function writeOnce(db: Prisma.TransactionClient, row: OpeningRow): Promise<WrittenOpening | null> {
  const { workspaceId, ticketId, at } = row;
  const messageId = randomUUID();
  const audit = pendingAuditRow({ ...row.audit, workspaceId, targetId: ticketId });
  const rows = await db.$queryRaw<Returned[]>`
    WITH found AS (
      SELECT "id", "email", "name" FROM "customers"
      WHERE "workspace_id" = ${workspaceId}::uuid AND "email_hash" = ANY(${emailIndexes(workspaceId, row.customer.email)}::text[])
      LIMIT 1
    ), created AS (
      INSERT INTO "customers" ("id", "workspace_id", "email", "email_hash", "name", "created_at", "updated_at")
      SELECT ${randomUUID()}::uuid, ${workspaceId}::uuid, ${encryptText(row.customer.email)},
             ${emailIndex(workspaceId, row.customer.email)}, ${encryptText(row.customer.name)}, ${at}, ${at}
      WHERE NOT EXISTS (SELECT 1 FROM found)
      ON CONFLICT ("workspace_id", "email_hash") DO NOTHING
      RETURNING "id", "email", "name"
    ), customer AS (
      SELECT * FROM found UNION ALL SELECT * FROM created
    ), ticket AS (
      INSERT INTO "tickets" ("id", "workspace_id", "number", "customer_id", "subject", "product", "priority", "channel",
                             "sentiment", "urgency", "verified_at", "tags", "created_at", "updated_at")
      SELECT ${ticketId}::uuid, ${workspaceId}::uuid, ${row.number}, customer."id", ${row.subject}, ${row.product},
             CAST(${row.priority} AS "TicketPriority"), CAST(${row.channel} AS "TicketChannel"), ${row.sentiment}, ${row.urgency},
             ${row.verifiedAt}, ${row.tags}::text[], ${at}, ${at}
      FROM customer
      RETURNING "id", "number", "customer_id", "status", "priority", "link_version", "created_at", "subject", "product", "tags"
    ), message AS (
      INSERT INTO "messages" ("id", "workspace_id", "ticket_id", "customer_id", "kind", "body", "created_at", "search_vector",
                              "email_message_id", "original_body")
      SELECT ${messageId}::uuid, ${workspaceId}::uuid, ticket."id", ticket."customer_id", 'CUSTOMER', ${encryptText(row.body)}, ${at},
             to_tsvector('english', ${row.body}), ${row.email?.messageId ?? null}, ${encryptOptional(row.email?.original ?? null)}
      FROM ticket
      RETURNING "id"
    ), entry AS (
      INSERT INTO "audit_logs" ("id", "workspace_id", "actor_user_id", "actor_type", "action", "target_type", "target_id",
                                "customer_id", "summary", "created_at", "summary_digest", "entry_mac", "keyed")
      SELECT ${audit.id}::uuid, ${workspaceId}::uuid, ${audit.actorUserId}::uuid, ${audit.actorType}, ${audit.action},
             ${audit.targetType}, ${audit.targetId}, ticket."customer_id", ${JSON.stringify(audit.summary)}::jsonb, ${audit.createdAt},
             ${audit.summaryDigest}, ${audit.entryMac}, ${audit.keyed}
      FROM ticket
    )${row.job ? Prisma.sql`, job AS (${row.job})` : Prisma.empty}
    SELECT ticket."id", ticket."number", ticket."customer_id", ticket."status"::text AS "status", ticket."priority"::text AS "priority",
           ticket."link_version", ticket."created_at", ticket."subject", ticket."product", ticket."tags", message."id" AS "message_id",
           customer."email" AS "customer_email", customer."name" AS "customer_name"
    FROM ticket, message, customer`;
  const written = rows[0];
  if (!written) return null;
  sealSoon(workspaceId);
  return {
    id: written.id,
    number: written.number,
    customerId: written.customer_id,
    status: written.status,
    priority: written.priority,
    linkVersion: written.link_version,
    createdAt: written.created_at,
    subject: written.subject,
    product: written.product,
    tags: written.tags,
    firstMessageId: written.message_id,
    body: row.body,
    customer: { email: readStoredText(written.customer_email, "customers"), name: readStoredText(written.customer_name, "customers") },
  };
}
