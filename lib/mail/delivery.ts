import "server-only";
import type { Transporter } from "nodemailer";
import { z } from "zod";
import { readStoredFiles } from "@/lib/attachments/store";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { defineJob, nudgeJob } from "@/lib/jobs";
import { log } from "@/lib/log";
import { issueTicketLink } from "@/lib/support/public";
import { publicTicketUrl } from "@/lib/support/ticket-links";
import { messageIds, newReplyToken, replyAddress, replyHtml, replySubject, replyText } from "./compose";
import { sendMail } from "./send";
import { workspaceMail } from "./settings";

// Agent replies on their way to the customer. A reply is saved first and queued in the same
// transaction (lib/support/tickets.ts), so a mail server that is down never loses it; this
// worker then claims due rows with FOR UPDATE SKIP LOCKED (several processes share the
// queue, each row goes to one) under a lease: a process that dies mid-send leaves a row whose
// lease runs out, and the next sweep sends it again. Mail is at-least-once; the Message-ID
// stays the same on every try, so a receiving server that saw it already drops the copy.

/** Waits before the 2nd, 3rd, ... try; after the last, the delivery is failed for good. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 60 * 60_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const LEASE_MS = 2 * 60_000;

export type DeliveryStatus = "queued" | "sending" | "sent" | "stored" | "failed" | "bounced";

interface Claimed {
  message_id: string;
  workspace_id: string;
  attempts: number;
  lease_until: Date;
}

/**
 * Claims the next due delivery (queued and due, or sending with a lapsed lease), one at a
 * time so that a lease covers a single send. The database's clock decides, unless a test
 * passes its own.
 */
async function claimNext(now: Date | null): Promise<Claimed | null> {
  const prisma = await getPrisma();
  const [claimed] = await prisma.$queryRawUnsafe<Claimed[]>(
    `WITH clock AS (SELECT coalesce($1::timestamptz, now()) AS now)
     UPDATE mail_deliveries d SET status = 'sending', lease_until = (SELECT now FROM clock) + interval '${LEASE_MS / 1000} seconds', attempts = d.attempts + 1
      WHERE d.message_id = (
        SELECT message_id FROM mail_deliveries, clock
         WHERE (status = 'queued' AND next_at <= clock.now) OR (status = 'sending' AND lease_until < clock.now)
         ORDER BY next_at LIMIT 1 FOR UPDATE OF mail_deliveries SKIP LOCKED)
      RETURNING d.message_id, d.workspace_id, d.attempts, d.lease_until`,
    now?.toISOString() ?? null,
  );
  return claimed ?? null;
}

/** The ticket's reply token, made on its first mail (conditional: two first mails agree). */
async function ensureReplyToken(workspaceId: string, ticketId: string, current: string | null): Promise<string> {
  if (current) return current;
  const prisma = await getPrisma();
  await prisma.ticket.updateMany({ where: { id: ticketId, workspaceId, replyToken: null }, data: { replyToken: newReplyToken() } });
  const ticket = await prisma.ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { replyToken: true } });
  return ticket.replyToken!;
}

async function sendOne(claimed: Claimed, now: Date, transport: Transporter | null | undefined) {
  const prisma = await getPrisma();
  const message = await prisma.message.findFirst({
    where: { id: claimed.message_id, workspaceId: claimed.workspace_id },
    select: {
      id: true,
      body: true,
      emailMessageId: true,
      createdAt: true,
      ticket: {
        select: { id: true, number: true, subject: true, replyToken: true, customerId: true, customer: { select: { email: true } } },
      },
      attachments: { orderBy: { createdAt: "asc" }, select: { id: true, filename: true, contentType: true } },
    },
  });
  if (!message) return { status: "failed" as const, error: "The message no longer exists.", permanent: true };
  // From the database or the bucket (lib/attachments/store.ts); a bucket that does not
  // answer throws, and the mail is tried again rather than sent without its files.
  const bytes = await readStoredFiles(message.attachments.map((file) => ({ workspaceId: claimed.workspace_id, attachmentId: file.id })));
  const mail = await workspaceMail(claimed.workspace_id);
  const token = await ensureReplyToken(claimed.workspace_id, message.ticket.id, message.ticket.replyToken);
  // The thread so far, oldest first: what this reply answers, and everything before it.
  const earlier = await prisma.message.findMany({
    where: {
      ticketId: message.ticket.id,
      workspaceId: claimed.workspace_id,
      emailMessageId: { not: null },
      createdAt: { lt: message.createdAt },
    },
    orderBy: { createdAt: "asc" },
    select: { emailMessageId: true },
  });
  const references = messageIds(earlier.map((row) => row.emailMessageId!));
  const link = publicTicketUrl(
    mail.workspaceSlug,
    await issueTicketLink({ workspaceId: claimed.workspace_id, ticketId: message.ticket.id, kind: "mail" }),
  );
  const content = { body: message.body, signature: mail.signature, ticketNumber: message.ticket.number, ticketUrl: link };
  const text = replyText(content);
  return sendMail(
    {
      workspaceId: claimed.workspace_id,
      customerId: message.ticket.customerId,
      kind: "ticket_reply",
      to: message.ticket.customer.email,
      subject: replySubject(message.ticket.subject, token),
      text,
      // The log keeps the reply without the link (the link is a credential to the ticket).
      storedText: text.replace(link, "[ticket link]"),
      html: replyHtml(content),
      from: { name: mail.senderName, address: mail.supportAddress },
      replyTo: replyAddress(mail.supportAddress, token),
      messageId: message.emailMessageId ?? undefined,
      inReplyTo: references.at(-1),
      references,
      attachments: message.attachments.flatMap((file) => {
        const content = bytes.get(file.id);
        return content ? [{ filename: file.filename, contentType: file.contentType, content }] : [];
      }),
    },
    { transport },
  ).then((sent) => ({ ...sent, at: now }));
}

/**
 * Sends what is due: called after each reply and by the sweep (./schedule.ts). Returns how
 * many were handled, by outcome. `transport` and `now` are for tests.
 */
export async function deliverDueMail(options: { now?: Date; limit?: number; transport?: Transporter | null } = {}) {
  const outcome = { sent: 0, stored: 0, retrying: 0, failed: 0 };
  const prisma = await getPrisma();
  for (let handled = 0; handled < (options.limit ?? 20); handled += 1) {
    const claimed = await claimNext(options.now ?? null);
    if (!claimed) break;
    const now = options.now ?? new Date();
    let result: { status: "sent" | "stored" | "failed"; error?: string; permanent?: boolean };
    try {
      result = await sendOne(claimed, now, options.transport);
    } catch (error) {
      result = { status: "failed", error: (error as Error).message.slice(0, 500), permanent: false };
    }
    const giveUp = result.status === "failed" && (result.permanent || claimed.attempts >= MAX_ATTEMPTS);
    // Only while this claim still holds: a send so slow that its lease ran out and another
    // process took the row over leaves the outcome to that process.
    const { count } = await prisma.mailDelivery.updateMany({
      where: { messageId: claimed.message_id, status: "sending", leaseUntil: claimed.lease_until },
      data:
        result.status !== "failed"
          ? { status: result.status, error: null, leaseUntil: null, deliveredAt: now }
          : giveUp
            ? { status: "failed", error: result.error ?? "The mail could not be sent.", leaseUntil: null }
            : {
                status: "queued",
                error: result.error ?? null,
                leaseUntil: null,
                nextAt: new Date(now.getTime() + RETRY_DELAYS_MS[claimed.attempts - 1]!),
              },
    });
    if (count === 0) continue;
    if (result.status !== "failed") outcome[result.status] += 1;
    else outcome[giveUp ? "failed" : "retrying"] += 1;
  }
  return outcome;
}

export const MAIL_DELIVERY_JOB = "mail.deliver";
const DELIVERY_BATCH = 20;

// A job, queued after each reply (deliverMailSoon) and on a schedule (./schedule.ts): on a
// server pg-boss runs it once per queuing across the processes, and /jobs shows its runs.
// It sends what is due, a batch at a time, until a batch comes back short. Each mail's own
// tries and waits (RETRY_DELAYS_MS) are the retry; the job itself is not tried again (the
// schedule's next run comes within the minute).
defineJob(
  MAIL_DELIVERY_JOB,
  async () => {
    for (let batch = 0; batch < 50; batch += 1) {
      const outcome = await deliverDueMail({ limit: DELIVERY_BATCH });
      if (outcome.sent + outcome.stored + outcome.retrying + outcome.failed < DELIVERY_BATCH) return;
    }
  },
  // One run waiting at most: replies while it waits are sent by it (the jobs page is not a list of sweeps).
  { payload: z.object({}), retryLimit: 0, expireInSeconds: 10 * 60, coalesce: true },
);

/** After a reply to be mailed committed: a delivery run, unless one waits (the schedule catches it if this fails). */
export async function deliverMailSoon(): Promise<void> {
  await nudgeJob(MAIL_DELIVERY_JOB).catch((error: Error) => log.warn({ err: error }, "[mail] could not queue the delivery"));
}

export const retryDeliverySchema = z.object({ messageId: z.uuid("Unknown message.") });

/** An agent sends a failed or bounced reply again (after the customer's address was corrected, say). */
export async function retryDelivery({ actor, messageId }: { actor: Actor; messageId: string }) {
  const prisma = await getPrisma();
  const retried = await prisma.$transaction(async (tx) => {
    const delivery = await tx.mailDelivery.findFirst({
      where: { messageId, workspaceId: actor.workspaceId },
      select: { status: true, message: { select: { ticketId: true, customerId: true } } },
    });
    if (!delivery) throw new NotFoundError("Mail");
    if (delivery.status !== "failed" && delivery.status !== "bounced")
      throw new ConflictError("This reply is not failed: it is sent or on its way.");
    await tx.mailDelivery.update({ where: { messageId }, data: { status: "queued", attempts: 0, nextAt: new Date(), error: null } });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "mail.retried",
      targetType: "ticket",
      targetId: delivery.message.ticketId,
      customerId: delivery.message.customerId,
      summary: { messageId, was: delivery.status },
    });
    return { messageId };
  });
  await deliverMailSoon();
  return retried;
}

/** A bounce names one of our Message-IDs: that reply is marked bounced with the reason. */
export async function markBounced({
  workspaceId,
  emailMessageIds,
  reason,
}: {
  workspaceId: string;
  emailMessageIds: string[];
  reason: string;
}) {
  if (emailMessageIds.length === 0) return 0;
  const prisma = await getPrisma();
  const messages = await prisma.message.findMany({
    where: { workspaceId, emailMessageId: { in: emailMessageIds }, kind: "AGENT" },
    select: { id: true },
  });
  // Only a reply that went out can come back: a report naming a queued one is not believed.
  const { count } = await prisma.mailDelivery.updateMany({
    where: { workspaceId, messageId: { in: messages.map((message) => message.id) }, status: "sent" },
    data: { status: "bounced", error: reason.slice(0, 500), leaseUntil: null },
  });
  return count;
}
