import "server-only";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { entryContentSelect, sealAuditChain } from "./record";
import { type AuditQuery, actorTypes, dayRange } from "./query";

export interface AuditRow {
  id: string;
  seq: number;
  createdAt: Date;
  actorType: string;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  summary: Prisma.JsonValue;
  redacted: boolean;
  summaryDigest: string | null;
  prevHash: string | null;
  hash: string | null;
  /** The hash is an HMAC under the audit key (false: a plain hash from before keying). */
  keyed: boolean;
}

const rowSelect = {
  ...entryContentSelect,
  seq: true,
  summary: true,
  redactedAt: true,
  summaryDigest: true,
  prevHash: true,
  hash: true,
  keyed: true,
  actor: { select: { name: true } },
} satisfies Prisma.AuditLogSelect;

function whereOf(workspaceId: string, query: AuditQuery, before?: number): Prisma.AuditLogWhereInput {
  const range = dayRange(query);
  const actor = query.actor;
  return {
    workspaceId,
    ...(actor && ((actorTypes as readonly string[]).includes(actor) ? { actorType: actor, actorUserId: null } : { actorUserId: actor })),
    ...(query.action && { action: query.action }),
    ...(query.targetType && { targetType: query.targetType }),
    ...(query.targetId && { targetId: query.targetId }),
    ...((range.gte || range.lt) && { createdAt: range }),
    // Chained entries only: the list is read after chaining (sealAuditChain), so a pending
    // one left here is one that will never be chained, and verification reports it.
    seq: before ? { lt: before } : { not: null },
  };
}

function toRow({ actor, redactedAt, seq, ...entry }: Prisma.AuditLogGetPayload<{ select: typeof rowSelect }>): AuditRow {
  return { ...entry, seq: seq ?? 0, actorName: actor?.name ?? null, redacted: redactedAt !== null };
}

/** One page of the workspace's audit log, newest first, keyset-paged by seq. */
export async function listAuditEntries({ actor, query, limit = 50 }: { actor: Actor; query: AuditQuery; limit?: number }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
  // What was committed before this request is listed, chained.
  if (!query.cursor) await sealAuditChain(prisma, actor.workspaceId);
  const rows = await prisma.auditLog.findMany({
    where: whereOf(actor.workspaceId, query, query.cursor),
    orderBy: { seq: "desc" },
    take: limit + 1,
    select: rowSelect,
  });
  const page = rows.slice(0, limit).map(toRow);
  return { entries: page, nextCursor: rows.length > limit ? page[page.length - 1]!.seq : null };
}

/** Every entry matching the filters, newest first, in batches: for the exports. */
export async function* iterateAuditEntries({
  actor,
  query,
  batch = 500,
}: {
  actor: Actor;
  query: AuditQuery;
  batch?: number;
}): AsyncGenerator<AuditRow[]> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  await sealAuditChain(prisma, actor.workspaceId);
  let before = query.cursor;
  for (;;) {
    const rows = await prisma.auditLog.findMany({
      where: whereOf(actor.workspaceId, query, before),
      orderBy: { seq: "desc" },
      take: batch,
      select: rowSelect,
    });
    if (rows.length > 0) yield rows.map(toRow);
    if (rows.length < batch) return;
    before = rows[rows.length - 1]!.seq ?? undefined;
  }
}

/** What the filter selects offer: the workspace's users, and the actions and target types in its log. */
export async function listAuditFilterOptions({ actor }: { actor: Actor }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const [users, actions, targetTypes] = await Promise.all([
    prisma.user.findMany({ where: { workspaceId: actor.workspaceId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    distinctValues(prisma, actor.workspaceId, "action"),
    distinctValues(prisma, actor.workspaceId, "target_type"),
  ]);
  return { users, actions, targetTypes };
}

/**
 * The distinct values of an indexed column of the workspace's log, by a skip scan: one index
 * probe per value (the (workspace_id, action, …) and (workspace_id, target_type, …) indexes),
 * so the cost follows the number of values, not of entries.
 */
async function distinctValues(prisma: PrismaClient, workspaceId: string, column: "action" | "target_type"): Promise<string[]> {
  // `column` is one of two literals, never input: safe to place in the text.
  const rows = await prisma.$queryRawUnsafe<{ value: string }[]>(
    `WITH RECURSIVE found(value) AS (
       (SELECT "${column}" FROM "audit_logs" WHERE "workspace_id" = $1::uuid ORDER BY "${column}" LIMIT 1)
       UNION ALL
       SELECT (SELECT "${column}" FROM "audit_logs" WHERE "workspace_id" = $1::uuid AND "${column}" > found.value ORDER BY "${column}" LIMIT 1)
       FROM found WHERE found.value IS NOT NULL
     )
     SELECT value FROM found WHERE value IS NOT NULL`,
    workspaceId,
  );
  return rows.map((row) => row.value);
}
