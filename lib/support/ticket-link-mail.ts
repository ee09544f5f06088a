import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { sendMail, type SentMail } from "@/lib/mail/send";
import { LINK_TTL_MS, publicTicketUrl, signTicketLink } from "./ticket-links";

// Mail that carries ticket links. A mailed link is proof of the address (only its owner
// reads the mail): its page asks the customer to confirm the request is theirs, and that
// click verifies the ticket (lib/support/public.ts confirmTicketAddress). The mails
// hold no text the sender of a public form wrote (subject, message): the form must not
// become a way to send anyone a message in our name.

export interface LinkedTicket {
  id: string;
  number: number;
  status: string;
  linkVersion: number;
  createdAt: Date;
}

export type LinkMailReason = "opened" | "requested" | "revoked";

const statusWords: Record<string, string> = { OPEN: "open", PENDING: "waiting for your reply", RESOLVED: "resolved", CLOSED: "closed" };
const ttlDays = Math.round(LINK_TTL_MS / (24 * 60 * 60_000));
const day = (date: Date) => date.toISOString().slice(0, 10);

function compose(input: { workspaceName: string; reason: LinkMailReason; tickets: Array<LinkedTicket & { url: string }> }): {
  subject: string;
  lines: (shown: (url: string) => string) => string;
} {
  const { workspaceName, reason, tickets } = input;
  const closing = [
    "",
    `The page asks you to confirm that the request is yours. If you did not ask ${workspaceName} for help, ignore this mail: nothing is shared until you confirm.`,
    `Links work for ${ttlDays} days; each request's page lets you ask for a new one.`,
  ];
  if (reason === "opened") {
    const ticket = tickets[0]!;
    return {
      subject: `Your request #${ticket.number} to ${workspaceName}`,
      lines: (shown) =>
        [`We received your request #${ticket.number}. Follow it and reply on its page:`, shown(ticket.url), ...closing].join("\n"),
    };
  }
  if (reason === "revoked") {
    const ticket = tickets[0]!;
    return {
      subject: `A new link to your request #${ticket.number} at ${workspaceName}`,
      lines: (shown) =>
        [
          `The team replaced the links to your request #${ticket.number}: earlier links no longer work. Here is the new one:`,
          shown(ticket.url),
          ...closing,
        ].join("\n"),
    };
  }
  const subject = `Your links to ${workspaceName} requests`;
  if (tickets.length === 0) {
    return {
      subject,
      lines: () =>
        [
          `Someone asked for links to the requests from this address at ${workspaceName}.`,
          "We have no open or recent requests from this address.",
          "",
          "If you did not ask, you can ignore this mail.",
        ].join("\n"),
    };
  }
  return {
    subject,
    lines: (shown) =>
      [
        "Here are fresh links to your requests:",
        "",
        ...tickets.map(
          (ticket) =>
            `#${ticket.number} (${statusWords[ticket.status] ?? ticket.status.toLowerCase()}, opened ${day(ticket.createdAt)}): ${shown(ticket.url)}`,
        ),
        ...closing,
      ].join("\n"),
  };
}

/**
 * Mails fresh links (kind "mail") to the given tickets. Sent through SMTP, the log keeps the
 * mail without the links: a stored link would be a working credential in the table.
 */
export async function mailTicketLinks(input: {
  workspace: { id: string; name: string; slug: string };
  to: string;
  customerId: string | null;
  tickets: LinkedTicket[];
  reason: LinkMailReason;
  now?: Date;
}): Promise<SentMail> {
  const now = input.now ?? new Date();
  const tickets = input.tickets.map((ticket) => ({
    ...ticket,
    url: publicTicketUrl(
      input.workspace.slug,
      signTicketLink({ workspaceId: input.workspace.id, ticketId: ticket.id, kind: "mail", version: ticket.linkVersion, now }),
    ),
  }));
  const mail = compose({ workspaceName: input.workspace.name, reason: input.reason, tickets });
  return sendMail({
    workspaceId: input.workspace.id,
    customerId: input.customerId,
    kind: "ticket_link",
    to: input.to,
    subject: mail.subject,
    text: mail.lines((url) => url),
    storedText: mail.lines(() => "[link sent, not kept]"),
  });
}

export const revokeLinksSchema = z.object({
  ticketId: z.uuid("Unknown ticket."),
  // A checkbox: "on" when ticked, absent otherwise.
  mailCustomer: z.preprocess((value) => value === true || value === "true" || value === "on", z.boolean()).default(false),
});

/**
 * Revokes every customer link to a ticket handed out so far (bumps linkVersion, audited),
 * and optionally mails the customer a new one. Any agent of the workspace may: a link that
 * leaked (a forwarded mail, a shared screen) is a support matter.
 */
export async function revokeTicketLinks({ actor, ticketId, mailCustomer }: { actor: Actor; ticketId: string; mailCustomer: boolean }) {
  if (!z.uuid().safeParse(ticketId).success) throw new NotFoundError("Ticket");
  const prisma = await getPrisma();
  const ticket = await prisma.$transaction(async (tx) => {
    const found = await tx.ticket.findFirst({
      where: { id: ticketId, workspaceId: actor.workspaceId },
      select: { id: true, customerId: true },
    });
    if (!found) throw new NotFoundError("Ticket");
    const updated = await tx.ticket.update({
      where: { id: found.id },
      data: { linkVersion: { increment: 1 } },
      select: {
        id: true,
        number: true,
        status: true,
        linkVersion: true,
        createdAt: true,
        customerId: true,
        customer: { select: { email: true } },
        workspace: { select: { id: true, name: true, slug: true } },
      },
    });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "ticket.links_revoked",
      targetType: "ticket",
      targetId: found.id,
      customerId: found.customerId,
      summary: { linkVersion: updated.linkVersion, mailCustomer },
    });
    return updated;
  });
  const mailed = mailCustomer
    ? await mailTicketLinks({
        workspace: ticket.workspace,
        to: ticket.customer.email,
        customerId: ticket.customerId,
        tickets: [ticket],
        reason: "revoked",
      })
    : null;
  return { linkVersion: ticket.linkVersion, mailed: mailed ? mailed.status !== "failed" : false };
}
