import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/guard";
import type { Prisma } from "@/lib/db/generated/client";
import { notifyAssigned } from "@/lib/notifications/notifications";

// A change of a ticket's status, priority or assignee, however it is asked for (the ticket
// page's controls, a canned reply's actions): only what differs is written, in one audit
// entry, and a new assignee other than the actor is told. Inside the caller's transaction.

type Status = "OPEN" | "PENDING" | "RESOLVED" | "CLOSED";
type Priority = "LOW" | "NORMAL" | "HIGH" | "URGENT";

export async function applyTicketChanges(
  tx: Prisma.TransactionClient,
  {
    actor,
    ticket,
    wanted,
    summary = {},
  }: {
    actor: Actor;
    ticket: { id: string; customerId: string; status: string; priority: string; assigneeId: string | null };
    /** Undefined leaves a field as it is; an assignee of null unassigns. */
    wanted: { status?: Status; priority?: Priority; assigneeId?: string | null };
    /** More for the audit entry (the canned reply that asked, say). */
    summary?: Record<string, string>;
  },
): Promise<string[]> {
  const changes: Record<string, { from: string | null; to: string | null }> = {};
  if (wanted.status && wanted.status !== ticket.status) changes.status = { from: ticket.status, to: wanted.status };
  if (wanted.priority && wanted.priority !== ticket.priority) changes.priority = { from: ticket.priority, to: wanted.priority };
  if (wanted.assigneeId !== undefined && wanted.assigneeId !== ticket.assigneeId)
    changes.assignee = { from: ticket.assigneeId, to: wanted.assigneeId };
  if (Object.keys(changes).length === 0) return [];
  await tx.ticket.update({
    where: { id: ticket.id },
    data: {
      ...(changes.status && { status: wanted.status }),
      ...(changes.priority && { priority: wanted.priority }),
      ...(changes.assignee && { assigneeId: wanted.assigneeId }),
    },
  });
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    actorUserId: actor.userId,
    actorType: "user",
    action: "ticket.updated",
    targetType: "ticket",
    targetId: ticket.id,
    customerId: ticket.customerId,
    summary: { ...changes, ...summary },
  });
  if (changes.assignee) await notifyAssigned(tx, { actor, ticketId: ticket.id, assigneeId: wanted.assigneeId });
  return Object.keys(changes);
}
