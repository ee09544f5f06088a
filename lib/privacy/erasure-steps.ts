import "server-only";
import { objectStore } from "@/lib/attachments/store";
import { getDatabase, getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import type { WriteContext } from "@/lib/memory/context";
import { ownerId, stripOwner } from "@/lib/memory/owners";
import { clearSession, deleteCustomerMemories } from "@/lib/memory/support-memory";
import { redactCustomerAuditTrail } from "./audit-redaction";
import { findKnowledgeMentions, flagKnowledgeMentions } from "./knowledge-scan";
import { needlePatterns, type NeedlePattern } from "./redact";

// The erasure job's steps, in order. Each erases one kind and records its count in the
// request's `steps`; a step already recorded is skipped when the job resumes. Database-only
// steps delete and record in one transaction (a crash leaves the step whole or undone);
// the memory steps go through the memory library, one memory per transaction, so they note
// what they found before starting and count that on a resumed run.

export const erasureSteps = [
  "session_memories",
  "customer_memories",
  "memory_history",
  "drafts",
  "attachments",
  "messages",
  "tickets",
  "mail",
  "verification_codes",
  "team_knowledge",
  "audit_entries",
  "customer",
  "leftovers",
  "receipt_mail",
] as const;
export type ErasureStepName = (typeof erasureSteps)[number];

/** What a step did to what it found: team knowledge is flagged for review, never rewritten. */
export type StepAction = "deleted" | "redacted" | "flagged";

/** For receipts: what each step did, in words. Steps not listed here are bookkeeping. */
export const stepLabels: Partial<Record<ErasureStepName, { one: string; many: string; action: StepAction }>> = {
  customer: { one: "customer profile", many: "customer profiles", action: "deleted" },
  tickets: { one: "ticket", many: "tickets", action: "deleted" },
  messages: { one: "message", many: "messages", action: "deleted" },
  attachments: { one: "attached file", many: "attached files", action: "deleted" },
  drafts: { one: "reply draft", many: "reply drafts", action: "deleted" },
  customer_memories: { one: "remembered fact", many: "remembered facts", action: "deleted" },
  session_memories: { one: "conversation memory", many: "conversation memories", action: "deleted" },
  memory_history: { one: "memory history entry", many: "memory history entries", action: "deleted" },
  mail: { one: "email sent to you", many: "emails sent to you", action: "deleted" },
  verification_codes: { one: "verification code", many: "verification codes", action: "deleted" },
  leftovers: {
    one: "other record (written meanwhile, or in a table without a cascade)",
    many: "other records (written meanwhile, or in tables without a cascade)",
    action: "deleted",
  },
  audit_entries: { one: "activity log entry", many: "activity log entries", action: "redacted" },
  team_knowledge: { one: "team knowledge entry", many: "team knowledge entries", action: "flagged" },
};

export interface StepRecord {
  count: number;
  doneAt?: string;
  /** Memory steps: what was found when the step first started. */
  found?: number;
}

export interface ErasureRequestRow {
  id: string;
  workspaceId: string;
  customerId: string | null;
  email: string | null;
  emailHash: string;
  requestedByType: string;
  requestedByUserId: string | null;
  steps: Record<string, StepRecord>;
}

export interface StepContext {
  request: ErasureRequestRow;
  by: WriteContext;
  /** Records the step's count (and renews the lease), in the given transaction when there is one. */
  mark(count: number, tx?: Prisma.TransactionClient, at?: Date): Promise<void>;
  /** Notes what a memory step found before it starts deleting; returns the count to report. */
  noteFound(found: number): Promise<number>;
  patterns(): Promise<NeedlePattern[]>;
  /** Mails the receipt, stating `completedAt` as the time the erasure completed. */
  sendReceipt(completedAt: Date): Promise<void>;
}

type Step = (context: StepContext) => Promise<void>;

const owner = (request: ErasureRequestRow) => (request.customerId ? ownerId(request.workspaceId, request.customerId) : null);

async function inTransaction(context: StepContext, work: (tx: Prisma.TransactionClient) => Promise<number>): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => context.mark(await work(tx), tx));
}

export const runStep: Record<ErasureStepName, Step> = {
  async session_memories(context) {
    const { request } = context;
    const user = owner(request);
    if (!user) return context.mark(0);
    const prisma = await getPrisma();
    const where = { workspaceId: request.workspaceId, collection: "memories", scope: "session", userId: user };
    const count = await context.noteFound(await prisma.memoryRecord.count({ where }));
    const sessions = await prisma.memoryRecord.findMany({ where, distinct: ["runId"], select: { runId: true } });
    for (const { runId } of sessions) {
      const sessionId = stripOwner(runId);
      if (sessionId) await clearSession({ workspaceId: request.workspaceId, customerId: request.customerId!, sessionId, by: context.by });
    }
    await context.mark(count);
  },

  async customer_memories(context) {
    const { request } = context;
    const user = owner(request);
    if (!user) return context.mark(0);
    const prisma = await getPrisma();
    const count = await context.noteFound(
      await prisma.memoryRecord.count({
        where: { workspaceId: request.workspaceId, collection: "memories", scope: "customer", userId: user },
      }),
    );
    await deleteCustomerMemories({ workspaceId: request.workspaceId, customerId: request.customerId!, by: context.by });
    await context.mark(count);
  },

  // After the memories: deleting a memory writes a history row that still holds its text.
  memory_history: (context) =>
    inTransaction(context, async (tx) => {
      const user = owner(context.request);
      return user ? (await tx.memoryHistory.deleteMany({ where: { workspaceId: context.request.workspaceId, userId: user } })).count : 0;
    }),

  drafts: (context) => deleteByCustomer(context, (tx, where) => tx.draft.deleteMany({ where })),
  // Before the messages they hang on, so the receipt counts them (the cascade would not).
  // With S3_URL the objects go first: the rows are the only list of which are the customer's,
  // so a failure leaves both for the resumed run (deleting a missing object is no error). A
  // file added after this read loses its row later in the job; the sweep takes its object.
  async attachments(context) {
    const { workspaceId, customerId } = context.request;
    const objects = objectStore();
    if (objects && customerId) {
      const prisma = await getPrisma();
      const files = await prisma.attachment.findMany({ where: { workspaceId, customerId }, select: { id: true } });
      await objects.delete(files.map((file) => ({ workspaceId, attachmentId: file.id })));
    }
    await deleteByCustomer(context, (tx, where) => tx.attachment.deleteMany({ where }));
  },
  messages: (context) => deleteByCustomer(context, (tx, where) => tx.message.deleteMany({ where })),
  tickets: (context) => deleteByCustomer(context, (tx, where) => tx.ticket.deleteMany({ where })),

  mail: (context) =>
    inTransaction(context, async (tx) => {
      const { request } = context;
      const or: Prisma.OutboxMailWhereInput[] = [];
      if (request.customerId) or.push({ customerId: request.customerId });
      if (request.email) or.push({ toAddress: { equals: request.email, mode: "insensitive" } });
      return or.length ? (await tx.outboxMail.deleteMany({ where: { workspaceId: request.workspaceId, OR: or } })).count : 0;
    }),

  verification_codes: (context) =>
    inTransaction(
      context,
      async (tx) =>
        (
          await tx.privacyChallenge.deleteMany({
            where: { workspaceId: context.request.workspaceId, emailHash: context.request.emailHash },
          })
        ).count,
    ),

  // Flagged for an admin's review, not rewritten (./knowledge-scan.ts). Read first, then
  // the flags and the step's record in one transaction: a resumed run never doubles them.
  async team_knowledge(context) {
    const { workspaceId, id } = context.request;
    const mentions = await findKnowledgeMentions({ workspaceId, patterns: await context.patterns() });
    await inTransaction(context, (tx) => flagKnowledgeMentions(tx, { workspaceId, erasureRequestId: id, mentions }));
  },

  audit_entries: async (context) => {
    const patterns = await context.patterns();
    const { workspaceId, customerId } = context.request;
    await inTransaction(context, (tx) => redactCustomerAuditTrail(tx, { workspaceId, customerId, patterns, by: context.by }));
  },

  customer: (context) =>
    inTransaction(context, async (tx) => {
      const { request } = context;
      if (!request.customerId) return 0;
      // Anything added for the customer since its own step goes with the row (cascades).
      return (await tx.customer.deleteMany({ where: { id: request.customerId, workspaceId: request.workspaceId } })).count;
    }),

  // Memory rows carry no foreign key to the customer: sweep whatever was written for them
  // while the job ran (a reply landing between steps), with mem0's entity links and the
  // per-owner version counters, which name the customer's id. Then any row of any other
  // table that carries the customer's id (the schema's rule: a customer's rows carry
  // customer_id), so a table added later without a cascade is erased too.
  async leftovers(context) {
    const user = owner(context.request);
    if (!user) return context.mark(0);
    const { sql } = await getDatabase();
    const { workspaceId, customerId } = context.request;
    const memories = await sql.query(`DELETE FROM memories WHERE workspace_id = $1::uuid AND user_id = $2 RETURNING id`, [
      workspaceId,
      user,
    ]);
    const history = await sql.query(`DELETE FROM memory_history WHERE workspace_id = $1::uuid AND user_id = $2 RETURNING id`, [
      workspaceId,
      user,
    ]);
    await sql.query(`DELETE FROM memory_partitions WHERE partition_key LIKE $1`, [`%|${user}|%`]);
    let other = 0;
    for (const table of await tablesWithCustomerId()) {
      // The table name comes from the catalogue and is quoted; the id is a parameter.
      other += (await sql.query(`DELETE FROM "${table}" WHERE customer_id::text = $1 RETURNING 1`, [customerId])).length;
    }
    await context.mark(memories.length + history.length + other);
  },

  async receipt_mail(context) {
    const completedAt = new Date();
    await context.sendReceipt(completedAt);
    await context.mark(1, undefined, completedAt);
  },
};

/**
 * Tables with a customer_id column, except the two that keep it on purpose: the audit log
 * (append-only; erasure redacts its summaries and the customer row's deletion clears the
 * link) and the erasure requests themselves (cleared when the request completes).
 */
export async function tablesWithCustomerId(): Promise<string[]> {
  const { sql } = await getDatabase();
  const rows = await sql.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.column_name = 'customer_id' AND c.table_name NOT IN ('audit_logs', 'erasure_requests')
      ORDER BY c.table_name`,
  );
  return rows.map((row) => row.table_name);
}

function deleteByCustomer(
  context: StepContext,
  remove: (tx: Prisma.TransactionClient, where: { workspaceId: string; customerId: string }) => Promise<{ count: number }>,
): Promise<void> {
  const { workspaceId, customerId } = context.request;
  return inTransaction(context, async (tx) => (customerId ? (await remove(tx, { workspaceId, customerId })).count : 0));
}

/** The identifiers to look for in free text: the address, and while the row exists, the name and phone. */
export async function patternsFor(request: ErasureRequestRow): Promise<NeedlePattern[]> {
  if (!request.email) return [];
  const prisma = await getPrisma();
  const customer = request.customerId
    ? await prisma.customer.findFirst({
        where: { id: request.customerId, workspaceId: request.workspaceId },
        select: { name: true, phone: true },
      })
    : null;
  return needlePatterns({ email: request.email, name: customer?.name, phone: customer?.phone });
}
