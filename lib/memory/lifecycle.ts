import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import type { WriteContext } from "./context";
import { bumpPartitionVersion, isCachedScope, partitionKey } from "./store";

// Changes to a memory that are not mem0 operations: marks in its metadata (important,
// due for review) and archiving. They leave the text and vector alone, so nothing is
// re-embedded; like the store's own writes, each bumps the version of a cached partition (other
// processes' cached knowledge re-reads) and writes its audit entry in the same transaction.

interface Row {
  id: string;
  scope: string;
  userId: string | null;
  agentId: string | null;
  runId: string | null;
}

const rowSelect = { id: true, scope: true, userId: true, agentId: true, runId: true } as const;

async function bumpPartitions(tx: Prisma.TransactionClient, rows: Row[]): Promise<void> {
  const keys = new Set(
    rows
      .filter((row) => isCachedScope(row.scope))
      .map((row) =>
        partitionKey({
          scope: row.scope,
          user_id: row.userId ?? undefined,
          agent_id: row.agentId ?? undefined,
          run_id: row.runId ?? undefined,
        }),
      ),
  );
  for (const key of keys) await bumpPartitionVersion(tx, "memories", key);
}

/** The customer row an audit entry may point at (its foreign key needs one that exists). */
async function existingCustomer(
  tx: Prisma.TransactionClient,
  workspaceId: string,
  customerId: string | null | undefined,
): Promise<string | null> {
  if (!customerId || !/^[0-9a-f-]{36}$/.test(customerId)) return null;
  const customer = await tx.customer.findFirst({ where: { id: customerId, workspaceId }, select: { id: true } });
  return customer?.id ?? null;
}

/**
 * Sets (a value) or removes (null) keys of one memory's metadata. Returns false when the
 * memory is not in the workspace or already had those values, so callers stay idempotent.
 */
export async function setMemoryMarks(input: {
  workspaceId: string;
  memoryId: string;
  marks: Record<string, string | boolean | null>;
  /** Audit action; none when the change belongs to a run that audits its own summary. */
  audit?: string;
  by: WriteContext;
}): Promise<boolean> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const row = await tx.memoryRecord.findFirst({
      where: { id: input.memoryId, workspaceId: input.workspaceId, collection: "memories" },
      select: { ...rowSelect, payload: true },
    });
    if (!row) return false;
    const payload = row.payload as Record<string, unknown>;
    const set = Object.fromEntries(Object.entries(input.marks).filter(([key, value]) => value !== null && payload[key] !== value));
    const unset = Object.entries(input.marks)
      .filter(([key, value]) => value === null && key in payload)
      .map(([key]) => key);
    if (Object.keys(set).length === 0 && unset.length === 0) return false;
    await tx.$executeRaw`UPDATE memories SET payload = (payload || ${JSON.stringify(set)}::jsonb) - ${unset}::text[] WHERE id = ${row.id}`;
    await bumpPartitions(tx, [row]);
    if (input.audit) {
      await recordAudit(tx, {
        workspaceId: input.workspaceId,
        actorUserId: input.by.actorUserId ?? null,
        actorType: input.by.actorType,
        action: input.audit,
        targetType: "memory",
        targetId: row.id,
        customerId: await existingCustomer(tx, input.workspaceId, input.by.customerId),
        summary: { scope: row.scope, marks: Object.keys(input.marks) },
      });
    }
    return true;
  });
}

/**
 * Archives or restores memories of one customer: archived memories are kept (and erased
 * with the customer) but no search or list of the memory library returns them. Restoring
 * counts as activity (updated_at = at), so the next retention run does not archive them
 * again. `at` is the retention clock in a run, the real time otherwise. Returns how many
 * memories changed.
 */
export async function setMemoriesArchived(input: {
  workspaceId: string;
  customerId: string;
  memoryIds: string[];
  archived: boolean;
  at: Date;
  by: WriteContext;
}): Promise<number> {
  if (input.memoryIds.length === 0) return 0;
  const prisma = await getPrisma();
  const { archived, at } = input;
  return prisma.$transaction(async (tx) => {
    const rows = await tx.memoryRecord.findMany({
      where: {
        id: { in: input.memoryIds },
        workspaceId: input.workspaceId,
        collection: "memories",
        scope: "customer",
        archivedAt: archived ? null : { not: null },
      },
      select: rowSelect,
    });
    if (rows.length === 0) return 0;
    const ids = rows.map((row) => row.id);
    await tx.memoryRecord.updateMany({
      where: { id: { in: ids } },
      data: archived ? { archivedAt: at } : { archivedAt: null, updatedAt: at },
    });
    await bumpPartitions(tx, rows);
    await tx.memoryHistory.createMany({
      data: rows.map((row) => ({
        workspaceId: input.workspaceId,
        memoryId: row.id,
        userId: row.userId,
        event: archived ? "ARCHIVE" : "RESTORE",
        actorUserId: input.by.actorUserId ?? null,
      })),
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actorUserId: input.by.actorUserId ?? null,
      actorType: input.by.actorType,
      action: archived ? "memory.archived" : "memory.restored",
      targetType: "customer",
      targetId: input.customerId,
      customerId: await existingCustomer(tx, input.workspaceId, input.customerId),
      summary: { memories: rows.length },
    });
    return rows.length;
  });
}

/** Dates a memory's last write: a retention run writes at its own clock, as it decides by it. */
export async function setMemoryWrittenAt({
  workspaceId,
  memoryId,
  at,
}: {
  workspaceId: string;
  memoryId: string;
  at: Date;
}): Promise<void> {
  const prisma = await getPrisma();
  await prisma.memoryRecord.updateMany({ where: { id: memoryId, workspaceId }, data: { updatedAt: at } });
}
