import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { defineJob, nudgeJob } from "@/lib/jobs";
import { log } from "@/lib/log";
import { mailLink } from "@/lib/mail/link";
import { sendMail } from "@/lib/mail/send";

// What agents are told: a ticket assigned to them by someone else, a customer answering a
// ticket they hold, a first reply about to be late (./sla.ts). Written in the transaction of
// the change that causes it; the bell hears of it at once (a trigger announces it on the
// live channel, lib/live), and those who asked get a mail too. A cause repeated (the same
// message seen twice, the SLA sweep run by two processes) is one notification: each has a
// key unique per user.

export type NotificationKind = "assigned" | "customer_replied" | "sla_due";

export interface NewNotification {
  workspaceId: string;
  userId: string;
  kind: NotificationKind;
  ticketId: string;
  actorName?: string | null;
  dedupeKey: string;
}

/** Writes notifications inside the caller's transaction; returns how many were new. */
export async function notify(tx: Prisma.TransactionClient, notifications: NewNotification[]): Promise<number> {
  if (notifications.length === 0) return 0;
  const { count } = await tx.notification.createMany({ data: notifications, skipDuplicates: true });
  return count;
}

const describe: Record<NotificationKind, (n: { number: number; subject: string; actorName: string | null }) => string> = {
  assigned: (n) => `${n.actorName ?? "A colleague"} assigned you ticket #${n.number}: ${n.subject}`,
  customer_replied: (n) => `The customer answered ticket #${n.number}: ${n.subject}`,
  sla_due: (n) => `The first reply to ticket #${n.number} is due soon: ${n.subject}`,
};

/**
 * Mails notifications not mailed yet to recipients who chose mail, and marks the rest as
 * needing none. Returns how many were claimed (at most 100) and how many of those mailed. Claimed row by row with FOR UPDATE SKIP LOCKED, so processes running it at
 * once mail each notification once. Kicked after a change commits and swept every minute
 * (./schedule.ts).
 */
export async function mailPendingNotifications(): Promise<{ claimed: number; mailed: number }> {
  const prisma = await getPrisma();
  const claimed = await prisma.$queryRawUnsafe<Array<{ id: string }>>(
    `UPDATE notifications n SET mailed_at = now()
      WHERE n.id IN (SELECT id FROM notifications WHERE mailed_at IS NULL ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED)
      RETURNING n.id`,
  );
  if (claimed.length === 0) return { claimed: 0, mailed: 0 };
  const rows = await prisma.notification.findMany({
    where: { id: { in: claimed.map((row) => row.id) }, user: { notifyByEmail: true, disabledAt: null } },
    select: {
      workspaceId: true,
      kind: true,
      actorName: true,
      ticketId: true,
      user: { select: { email: true } },
      ticket: { select: { number: true, subject: true } },
    },
  });
  for (const row of rows) {
    const line = describe[row.kind as NotificationKind]({
      number: row.ticket.number,
      subject: row.ticket.subject,
      actorName: row.actorName,
    });
    await sendMail({
      workspaceId: row.workspaceId,
      kind: "notification",
      to: row.user.email,
      subject: line.slice(0, 200),
      text: `${line}\n\nOpen it: ${mailLink(`/tickets/${row.ticketId}`)}\n\nYou get these mails because you chose them on your profile page.\n`,
    });
  }
  return { claimed: claimed.length, mailed: rows.length };
}

export const NOTIFICATION_MAIL_JOB = "notifications.mail";

// Queued after a change that notified someone; the minute's sweep (./schedule.ts) catches
// what it missed. Not tried again: a notification is claimed before it is mailed.
defineJob(
  NOTIFICATION_MAIL_JOB,
  async () => {
    while ((await mailPendingNotifications()).claimed > 0);
  },
  { payload: z.object({}), retryLimit: 0, expireInSeconds: 10 * 60, coalesce: true },
);

/** After a change that may have notified someone committed: a run of the mail job, unless one waits. */
export async function kickNotificationMail(): Promise<void> {
  await nudgeJob(NOTIFICATION_MAIL_JOB).catch((error: Error) => log.warn({ err: error }, "[notifications] could not queue their mail"));
}

/** A ticket given to someone by someone else: the new assignee is told. Inside the change's transaction. */
export async function notifyAssigned(
  tx: Prisma.TransactionClient,
  { actor, ticketId, assigneeId }: { actor: Actor; ticketId: string; assigneeId: string | null | undefined },
): Promise<boolean> {
  if (!assigneeId || assigneeId === actor.userId) return false;
  const created = await notify(tx, [
    {
      workspaceId: actor.workspaceId,
      userId: assigneeId,
      kind: "assigned",
      ticketId,
      actorName: actor.name,
      dedupeKey: `assigned:${randomUUID()}`,
    },
  ]);
  return created > 0;
}

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  text: string;
  ticketId: string;
  createdAt: Date;
  read: boolean;
}

/** The actor's latest notifications and how many are unread. */
export async function listNotifications({ actor, limit = 15 }: { actor: Actor; limit?: number }) {
  const prisma = await getPrisma();
  const where = { workspaceId: actor.workspaceId, userId: actor.userId };
  const [unread, rows] = await Promise.all([
    prisma.notification.count({ where: { ...where, readAt: null } }),
    prisma.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: {
        id: true,
        kind: true,
        actorName: true,
        ticketId: true,
        createdAt: true,
        readAt: true,
        ticket: { select: { number: true, subject: true } },
      },
    }),
  ]);
  const items: NotificationView[] = rows.map((row) => ({
    id: row.id,
    kind: row.kind as NotificationKind,
    text: describe[row.kind as NotificationKind]({ number: row.ticket.number, subject: row.ticket.subject, actorName: row.actorName }),
    ticketId: row.ticketId,
    createdAt: row.createdAt,
    read: row.readAt !== null,
  }));
  return { unread, items };
}

export const markReadSchema = z.object({ ids: z.array(z.uuid()).max(100).optional() });

/** Marks the given notifications (or all) of the actor as read; others' are untouched. */
export async function markNotificationsRead({ actor, ids }: { actor: Actor; ids?: string[] }): Promise<{ marked: number }> {
  const prisma = await getPrisma();
  const { count } = await prisma.notification.updateMany({
    where: { workspaceId: actor.workspaceId, userId: actor.userId, readAt: null, ...(ids && { id: { in: ids } }) },
    data: { readAt: new Date() },
  });
  return { marked: count };
}

export const notifyByEmailSchema = z.object({
  notifyByEmail: z.union([z.boolean(), z.enum(["on", "off"])]).transform((value) => value === true || value === "on"),
});

/** The actor's own choice: notifications by mail as well. */
export async function setNotifyByEmail({ actor, notifyByEmail }: { actor: Actor; notifyByEmail: boolean }) {
  const prisma = await getPrisma();
  await prisma.user.updateMany({ where: { id: actor.userId, workspaceId: actor.workspaceId }, data: { notifyByEmail } });
  return { notifyByEmail };
}

export async function getNotifyByEmail({ actor }: { actor: Actor }): Promise<boolean> {
  const prisma = await getPrisma();
  const user = await prisma.user.findFirst({
    where: { id: actor.userId, workspaceId: actor.workspaceId },
    select: { notifyByEmail: true },
  });
  return user?.notifyByEmail ?? false;
}
