import "server-only";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
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
  id: true,
  seq: true,
  createdAt: true,
  actorType: true,
  actorUserId: true,
  action: true,
  targetType: true,
  targetId: true,
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
    ...(before && { seq: { lt: before } }),
  };
}

function toRow({ actor, redactedAt, ...entry }: Prisma.AuditLogGetPayload<{ select: typeof rowSelect }>): AuditRow {
  return { ...entry, actorName: actor?.name ?? null, redacted: redactedAt !== null };
}

/** One page of the workspace's audit log, newest first, keyset-paged by seq. */
export async function listAuditEntries({ actor, query, limit = 50 }: { actor: Actor; query: AuditQuery; limit?: number }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
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
    before = rows[rows.length - 1]!.seq;
  }
}

/** What the filter selects offer: the workspace's users, and the actions and target types in its log. */
export async function listAuditFilterOptions({ actor }: { actor: Actor }) {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const [users, actions, targetTypes] = await Promise.all([
    prisma.user.findMany({ where: { workspaceId: actor.workspaceId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    // groupBy is a GROUP BY in SQL (findMany's `distinct` dedups in the client, after reading every row).
    prisma.auditLog.groupBy({ by: ["action"], where: { workspaceId: actor.workspaceId }, orderBy: { action: "asc" } }),
    prisma.auditLog.groupBy({ by: ["targetType"], where: { workspaceId: actor.workspaceId }, orderBy: { targetType: "asc" } }),
  ]);
  return { users, actions: actions.map((row) => row.action), targetTypes: targetTypes.map((row) => row.targetType) };
}
