import "server-only";
import { z } from "zod";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { stripOwner } from "@/lib/memory/owners";
import { restoreArchivedMemories } from "./memories";

// The admin's view of archived customer memory: per customer, what retention archived (how
// many memories of which kinds) and when, with a restore. The memories' text is not listed
// here: it is the customer's, and the customer page shows it (that read is audited).

export interface ArchivedCustomer {
  customerId: string;
  /** Null when the memory's owner is no longer a customer of the workspace. */
  name: string | null;
  memories: number;
  types: Array<{ type: string; count: number }>;
  firstArchivedAt: Date;
  lastArchivedAt: Date;
}

export const restoreCustomerRef = z.object({ customerId: z.uuid("Unknown customer.") });

/** Customers with archived memory, most recently archived first. */
export async function listArchivedCustomers({
  actor,
  limit = 100,
}: {
  actor: Actor;
  limit?: number;
}): Promise<{ customers: ArchivedCustomer[]; total: number }> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const workspaceId = actor.workspaceId;
  const [rows, totals] = await Promise.all([
    prisma.$queryRaw<Array<{ user_id: string; type: string; memories: bigint | number; first_at: Date; last_at: Date }>>`
      WITH archived AS (
        SELECT user_id, coalesce(payload->>'type', 'note') AS type, archived_at
          FROM memories
         WHERE workspace_id = ${workspaceId}::uuid AND collection = 'memories' AND scope = 'customer' AND archived_at IS NOT NULL AND user_id IS NOT NULL
      ), owners AS (
        SELECT user_id FROM archived GROUP BY user_id ORDER BY max(archived_at) DESC, user_id LIMIT ${limit}
      )
      SELECT a.user_id, a.type, count(*) AS memories, min(a.archived_at) AS first_at, max(a.archived_at) AS last_at
        FROM archived a JOIN owners o ON o.user_id = a.user_id
       GROUP BY a.user_id, a.type`,
    prisma.$queryRaw<Array<{ owners: bigint | number }>>`
      SELECT count(DISTINCT user_id) AS owners FROM memories
       WHERE workspace_id = ${workspaceId}::uuid AND collection = 'memories' AND scope = 'customer' AND archived_at IS NOT NULL`,
  ]);
  const byOwner = new Map<string, ArchivedCustomer>();
  for (const row of rows) {
    const customerId = stripOwner(row.user_id)!;
    const entry = byOwner.get(customerId) ?? {
      customerId,
      name: null,
      memories: 0,
      types: [],
      firstArchivedAt: row.first_at,
      lastArchivedAt: row.last_at,
    };
    entry.memories += Number(row.memories);
    entry.types.push({ type: row.type, count: Number(row.memories) });
    if (row.first_at < entry.firstArchivedAt) entry.firstArchivedAt = row.first_at;
    if (row.last_at > entry.lastArchivedAt) entry.lastArchivedAt = row.last_at;
    byOwner.set(customerId, entry);
  }
  const ids = [...byOwner.keys()].filter((id) => z.uuid().safeParse(id).success);
  const customers = await prisma.customer.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true, name: true } });
  for (const customer of customers) byOwner.get(customer.id)!.name = customer.name;
  const list = [...byOwner.values()]
    .map((entry) => ({
      ...entry,
      types: entry.types.sort((left, right) => right.count - left.count || left.type.localeCompare(right.type)),
    }))
    .sort(
      (left, right) => right.lastArchivedAt.getTime() - left.lastArchivedAt.getTime() || left.customerId.localeCompare(right.customerId),
    );
  return { customers: list, total: Number(totals[0]?.owners ?? 0) };
}

/** Brings all of a customer's archived memory back into the panes and drafts (audited: memory.restored). */
export async function restoreArchivedCustomer({ actor, customerId }: { actor: Actor; customerId: string }): Promise<{ restored: number }> {
  assertAdmin(actor);
  return restoreArchivedMemories({ actor, customerId });
}
