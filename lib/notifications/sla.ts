import "server-only";
import { getPrisma } from "@/lib/db";
import { notify } from "./notifications";

// A first reply about to be late: the ticket's holder is told, or, while nobody holds it,
// the workspace's admins. Swept every minute by every process (./schedule.ts); the key
// (ticket and due time) makes it one notification per person, however many sweeps see it.

/** Told this long before the first reply is due. */
export const SLA_WARNING_MS = 15 * 60_000;
/** A sweep that missed the moment (a restart) still tells within this long after. */
const LATE_GRACE_MS = 5 * 60_000;

/** `workspaceId`: tests only, so test files sharing a database do not count each other's tickets. */
export async function notifySlaDue({ now = new Date(), workspaceId }: { now?: Date; workspaceId?: string } = {}): Promise<number> {
  const prisma = await getPrisma();
  const due = await prisma.ticket.findMany({
    where: {
      ...(workspaceId && { workspaceId }),
      status: "OPEN",
      firstResponseAt: null,
      slaDueAt: { gt: new Date(now.getTime() - LATE_GRACE_MS), lte: new Date(now.getTime() + SLA_WARNING_MS) },
      // Warned already: skipped, so a backlog past the batch size is reached by later sweeps.
      notifications: { none: { kind: "sla_due" } },
    },
    orderBy: { slaDueAt: "asc" },
    select: { id: true, workspaceId: true, assigneeId: true, slaDueAt: true },
    take: 500,
  });
  if (due.length === 0) return 0;
  const unassignedWorkspaces = [...new Set(due.filter((ticket) => !ticket.assigneeId).map((ticket) => ticket.workspaceId))];
  const admins = unassignedWorkspaces.length
    ? await prisma.user.findMany({
        where: { workspaceId: { in: unassignedWorkspaces }, role: "ADMIN", disabledAt: null },
        select: { id: true, workspaceId: true },
      })
    : [];
  const notifications = due.flatMap((ticket) =>
    (ticket.assigneeId
      ? [ticket.assigneeId]
      : admins.filter((admin) => admin.workspaceId === ticket.workspaceId).map((admin) => admin.id)
    ).map((userId) => ({
      workspaceId: ticket.workspaceId,
      userId,
      kind: "sla_due" as const,
      ticketId: ticket.id,
      dedupeKey: `sla:${ticket.id}:${ticket.slaDueAt!.toISOString()}`,
    })),
  );
  return prisma.$transaction((tx) => notify(tx, notifications));
}
