import "server-only";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { applyTicketChanges } from "./ticket-changes";

// What happens when a reply that used a canned reply is sent (lib/support/tickets.ts calls
// this inside the reply's transaction): the macro's actions apply to the ticket, audited as
// any other change, and the use is counted for the metrics page.

/**
 * Applies the macro's status, priority and assignee after the reply's own changes (so a
 * macro that keeps a ticket open wins over "a reply makes it pending"), and counts the use.
 * A macro that no longer exists, or is of another workspace, does nothing: its text is
 * already in the reply, and the reply must not fail for it. A resolved ticket keeps its
 * status (resolving and reopening have their own flows); an assignee who has left is skipped.
 */
export async function applyMacroOnSend(
  tx: Prisma.TransactionClient,
  { actor, ticketId, messageId, macroId }: { actor: Actor; ticketId: string; messageId: string; macroId: string },
): Promise<{ changed: string[] } | null> {
  const macro = await tx.macro.findFirst({
    where: { id: macroId, workspaceId: actor.workspaceId },
    select: { id: true, name: true, setStatus: true, setPriority: true, assign: true, assigneeId: true },
  });
  if (!macro) return null;
  const ticket = await tx.ticket.findFirst({
    where: { id: ticketId, workspaceId: actor.workspaceId },
    select: { id: true, customerId: true, status: true, priority: true, assigneeId: true },
  });
  if (!ticket) return null;

  let assigneeId: string | null | undefined;
  if (macro.assign === "me") assigneeId = actor.userId;
  else if (macro.assign === "none") assigneeId = null;
  else if (macro.assign === "user" && macro.assigneeId) {
    const user = await tx.user.findFirst({
      where: { id: macro.assigneeId, workspaceId: actor.workspaceId, disabledAt: null },
      select: { id: true },
    });
    assigneeId = user?.id;
  }
  const changed = await applyTicketChanges(tx, {
    actor,
    ticket,
    wanted: {
      status: macro.setStatus && ticket.status !== "RESOLVED" ? macro.setStatus : undefined,
      priority: macro.setPriority ?? undefined,
      assigneeId,
    },
    summary: { macroId: macro.id },
  });
  await tx.macroUse.create({
    data: {
      workspaceId: actor.workspaceId,
      macroId: macro.id,
      macroName: macro.name,
      ticketId: ticket.id,
      messageId,
      userId: actor.userId,
    },
  });
  return { changed };
}

export interface MacroUsage {
  total: number;
  top: Array<{ macroId: string | null; name: string; uses: number }>;
}

/** Sent replies that used a canned reply in the last `weeks`, and the most used (admins: the metrics page). */
export async function countMacroUses({
  actor,
  weeks,
  now = new Date(),
  limit = 10,
}: {
  actor: Actor;
  weeks: number;
  now?: Date;
  limit?: number;
}): Promise<MacroUsage> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const since = new Date(now.getTime() - weeks * 7 * 86_400_000);
  const groups = await prisma.macroUse.groupBy({
    by: ["macroId", "macroName"],
    where: { workspaceId: actor.workspaceId, createdAt: { gte: since, lte: now } },
    _count: { _all: true },
  });
  // A renamed macro's uses carry both names: they count under its current name.
  const current = await prisma.macro.findMany({
    where: { workspaceId: actor.workspaceId, id: { in: groups.flatMap((group) => (group.macroId ? [group.macroId] : [])) } },
    select: { id: true, name: true },
  });
  const names = new Map(current.map((macro) => [macro.id, macro.name]));
  const merged = new Map<string, { macroId: string | null; name: string; uses: number }>();
  for (const group of groups) {
    const key = group.macroId ?? `deleted:${group.macroName}`;
    const name = (group.macroId && names.get(group.macroId)) ?? group.macroName;
    const row = merged.get(key) ?? { macroId: group.macroId, name, uses: 0 };
    row.uses += group._count._all;
    merged.set(key, row);
  }
  const rows = [...merged.values()].sort((a, b) => b.uses - a.uses || a.name.localeCompare(b.name));
  return { total: rows.reduce((sum, row) => sum + row.uses, 0), top: rows.slice(0, limit) };
}
