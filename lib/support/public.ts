import "server-only";
import { z } from "zod";
import { line, text } from "@/lib/validation";
import { attachmentSelect } from "@/lib/attachments/files";
import { prepareUploads } from "@/lib/attachments/uploads";
import { readAttachment } from "@/lib/attachments/serve";
import { recordAudit } from "@/lib/audit/record";
import { learnFromTicket } from "@/lib/customers/learned-facts";
import { consumeLimit, limits } from "@/lib/http/rate-limit";
import { getPrisma } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { addCustomerMessage } from "./customer-messages";
import { hashEmail, normalizeEmail } from "@/lib/privacy/hash";
import { linkRelatedTickets } from "./related-tickets";
import { mailTicketLinks } from "./ticket-link-mail";
import { readTicketLink, signTicketLink } from "./ticket-links";
import { openTicket } from "./tickets";

// Customer-facing support: open a ticket on a workspace's public page, then follow it
// through a signed link (no account needed; the link is the credential; ./ticket-links.ts).
// Anyone can type any address on the form, so a form ticket starts unverified: it does not
// join its customer's memory until a link we mailed to the address is followed.

export const publicTicketSchema = z.object({
  name: line().min(1, "Enter your name.").max(120),
  email: z.string().trim().toLowerCase().max(254, "Enter a valid email address.").pipe(z.email("Enter a valid email address.")),
  product: line().max(120).optional(),
  subject: line().min(3, "Give your request a short subject.").max(200),
  message: text().min(10, "Tell us a little more (at least 10 characters).").max(20_000),
  // Left empty by people; filled by form-spamming bots.
  website: z.string().max(0, "Leave this field empty.").optional(),
});

export const publicReplySchema = z.object({
  token: z.string().min(10).max(300),
  message: text().min(1, "Write a message first.").max(20_000),
});

/** Every way a link can fail (malformed, forged, another workspace's, expired, revoked) reads the same. */
export class TicketLinkError extends NotFoundError {
  constructor() {
    super("Ticket");
    this.message = "This link has expired or is no longer valid. Ask for a new link below.";
  }
}

/** A link to a ticket for this workspace, signed with the ticket's current linkVersion. */
export async function issueTicketLink({
  workspaceId,
  ticketId,
  kind,
}: {
  workspaceId: string;
  ticketId: string;
  kind: "browser" | "mail";
}): Promise<string> {
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({ where: { id: ticketId, workspaceId }, select: { id: true, linkVersion: true } });
  if (!ticket) throw new NotFoundError("Ticket");
  return signTicketLink({ workspaceId, ticketId: ticket.id, kind, version: ticket.linkVersion });
}

/**
 * The ticket a token opens, if the link still works: signed for this workspace, not expired,
 * of the ticket's current linkVersion. A browser link handed out before the address was
 * proven stops at verification: whoever submitted the form may not own the address.
 */
async function followLink(workspaceId: string, token: string, now = new Date()) {
  const link = readTicketLink(token, workspaceId, now);
  if (!link) throw new TicketLinkError();
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: link.ticketId, workspaceId },
    select: { id: true, customerId: true, linkVersion: true, verifiedAt: true },
  });
  if (!ticket || ticket.linkVersion !== link.version) throw new TicketLinkError();
  if (link.kind === "browser" && ticket.verifiedAt && link.issuedAt < ticket.verifiedAt) throw new TicketLinkError();
  return { ticket, link };
}

/** Following a mailed link proves the address: the ticket joins its customer from now on. */
/**
 * Proof of the address (a mailed link followed, or an answer to a mail we sent,
 * lib/mail/inbound.ts): the ticket is verified and audited once, however many proofs come
 * at once; what it said before is learned now, as if it had just arrived, and its session
 * links the customer's other tickets. False when it was verified already.
 */
export async function verifyTicketAddress({
  workspaceId,
  ticket,
  via,
}: {
  workspaceId: string;
  ticket: { id: string; customerId: string };
  via: "mailed_link" | "mail_reply";
}): Promise<boolean> {
  const prisma = await getPrisma();
  const verified = await prisma.$transaction(async (tx) => {
    const { count } = await tx.ticket.updateMany({
      where: { id: ticket.id, workspaceId, verifiedAt: null },
      data: { verifiedAt: new Date() },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      workspaceId,
      actorType: "customer",
      action: "ticket.verified",
      targetType: "ticket",
      targetId: ticket.id,
      customerId: ticket.customerId,
      summary: { via },
    });
    return true;
  });
  if (!verified) return false;
  await learnFromTicket({ workspaceId, ticketId: ticket.id });
  await linkRelatedTickets({ workspaceId, ticketId: ticket.id, sameCustomer: true, similar: false }).catch((error: Error) =>
    console.error(`[memory] could not link related tickets to ${ticket.id}: ${error.message}`),
  );
  return true;
}

export async function getPublicWorkspace(slug: string) {
  // A slug comes from a URL anyone can type: only our own slug shape reaches the database.
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(slug)) throw new NotFoundError("Support page");
  const prisma = await getPrisma();
  const workspace = await prisma.workspace.findUnique({ where: { slug }, select: { id: true, name: true, slug: true } });
  if (!workspace) throw new NotFoundError("Support page");
  return workspace;
}

export async function openPublicTicket({
  slug,
  input,
  clientKey,
  uploads = [],
}: {
  slug: string;
  input: z.output<typeof publicTicketSchema>;
  clientKey: string;
  /** Files the customer attached: checked only once the client is within its limit. */
  uploads?: File[];
}) {
  const workspace = await getPublicWorkspace(slug);
  await consumeLimit(limits.openTicket, clientKey);
  const files = await prepareUploads(uploads);
  const created = await openTicket({
    workspaceId: workspace.id,
    ticket: {
      customer: { email: input.email, name: input.name },
      subject: input.subject,
      body: input.message,
      product: input.product || undefined,
      channel: "WEB",
    },
    verified: false,
    files,
    memory: "job",
  });
  // The link on the page right after the form is a browser link: it never verifies. The
  // mailed one does; the mail goes whether or not the address is a known customer's.
  await mailTicketLinks({ workspace, to: input.email, customerId: created.customerId, tickets: [created], reason: "opened" });
  return {
    number: created.number,
    token: signTicketLink({ workspaceId: workspace.id, ticketId: created.id, kind: "browser", version: created.linkVersion }),
  };
}

/**
 * The ticket behind a link, for its public page. Reading never verifies: mail scanners and
 * link previews open links by themselves, so a mailed link only offers the confirmation
 * (`canConfirm`), which the customer gives with a click (confirmTicketAddress). Any failing
 * link throws TicketLinkError.
 */
export async function getFollowedTicket({ slug, token }: { slug: string; token: string }) {
  const workspace = await getPublicWorkspace(slug);
  const followed = await followLink(workspace.id, token);
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: followed.ticket.id, workspaceId: workspace.id },
    select: {
      number: true,
      subject: true,
      status: true,
      createdAt: true,
      csatScore: true,
      verifiedAt: true,
      messages: {
        where: { kind: { in: ["CUSTOMER", "AGENT"] } },
        orderBy: { createdAt: "asc" },
        select: { id: true, kind: true, body: true, createdAt: true, author: { select: { name: true } }, attachments: attachmentSelect },
      },
    },
  });
  if (!ticket) throw new TicketLinkError();
  const verified = ticket.verifiedAt !== null;
  return { workspace, ticket, verified, canConfirm: !verified && followed.link.kind === "mail" };
}

/** A file on the followed ticket, for the customer: theirs or an agent's reply's, never an internal note's. */
export async function readFollowedAttachment({ slug, token, attachmentId }: { slug: string; token: string; attachmentId: string }) {
  const workspace = await getPublicWorkspace(slug);
  const followed = await followLink(workspace.id, token);
  return readAttachment({ id: attachmentId, workspaceId: workspace.id, ticketId: followed.ticket.id, messageKinds: ["CUSTOMER", "AGENT"] });
}

export const confirmAddressSchema = z.object({ token: z.string().min(10).max(600) });

/**
 * The customer confirms, from the link we mailed them, that the request is theirs: the
 * ticket is verified (audited) and joins their customer memory. Returns false when it was
 * verified already; a link that was not mailed cannot confirm.
 */
export async function confirmTicketAddress({ slug, token }: { slug: string; token: string }): Promise<{ confirmed: boolean }> {
  const workspace = await getPublicWorkspace(slug);
  const followed = await followLink(workspace.id, token);
  if (followed.link.kind !== "mail") throw new ValidationError("Use the link we mailed to your address to confirm it.");
  if (followed.ticket.verifiedAt) return { confirmed: false };
  const confirmed = await verifyTicketAddress({ workspaceId: workspace.id, ticket: followed.ticket, via: "mailed_link" });
  return { confirmed };
}

export async function replyAsCustomer({
  slug,
  token,
  message,
  clientKey,
  uploads = [],
}: {
  slug: string;
  token: string;
  message: string;
  clientKey: string;
  uploads?: File[];
}) {
  const workspace = await getPublicWorkspace(slug);
  await consumeLimit(limits.customerReply, clientKey);
  const { ticket } = await followLink(workspace.id, token);
  const files = await prepareUploads(uploads);
  await addCustomerMessage({ workspaceId: workspace.id, ticketId: ticket.id, body: message, via: { actorType: "customer" }, files });
}

export const ratingSchema = z.object({
  token: z.string().min(10).max(300),
  score: z.coerce.number().int().min(1, "Pick a rating from 1 to 5.").max(5, "Pick a rating from 1 to 5."),
  comment: text().max(2000).optional(),
});

/** The customer's satisfaction rating of a resolved ticket; one rating, which they may change. */
export async function rateTicket({
  slug,
  token,
  score,
  comment,
  clientKey,
}: {
  slug: string;
  token: string;
  score: number;
  comment?: string;
  clientKey: string;
}) {
  const workspace = await getPublicWorkspace(slug);
  await consumeLimit(limits.rateTicket, clientKey);
  const ticketId = (await followLink(workspace.id, token)).ticket.id;
  await recordTicketRating({ workspaceId: workspace.id, ticketId, score, comment });
}

/**
 * Records the rating of a resolved ticket, for a caller that has proven it speaks for the
 * customer (rateTicket, through the ticket's link). `now` dates it (the demo's history).
 */
export async function recordTicketRating({
  workspaceId,
  ticketId,
  score,
  comment,
  now,
}: {
  workspaceId: string;
  ticketId: string;
  score: number;
  comment?: string;
  now?: Date;
}) {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    const ticket = await tx.ticket.findFirst({
      where: { id: ticketId, workspaceId },
      select: { id: true, status: true, customerId: true },
    });
    if (!ticket) throw new NotFoundError("Ticket");
    if (ticket.status !== "RESOLVED" && ticket.status !== "CLOSED")
      throw new ValidationError("You can rate a request once it is resolved.");
    await tx.ticket.update({
      where: { id: ticket.id },
      data: { csatScore: score, csatComment: comment || null, csatAt: now ?? new Date(), ...(now && { updatedAt: now }) },
    });
    await recordAudit(tx, {
      workspaceId,
      actorType: "customer",
      action: "ticket.rated",
      targetType: "ticket",
      targetId: ticket.id,
      customerId: ticket.customerId,
      summary: { score },
    });
  });
}

export const ticketLinkRequestSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email("Enter a valid email address.")),
});

const RECENTLY_RESOLVED_MS = 30 * 24 * 60 * 60_000;
const MAX_LINKED_TICKETS = 10;

/**
 * "Send me a new link": mails fresh links to the address's open and recently resolved
 * tickets. The answer, and the work (a mail goes either way), are the same whether or not
 * the address is a customer's, so the form tells nobody who our customers are.
 */
export async function requestTicketLinks({
  slug,
  email,
  clientKey,
  now = new Date(),
}: {
  slug: string;
  email: string;
  clientKey: string;
  now?: Date;
}): Promise<{ email: string }> {
  const workspace = await getPublicWorkspace(slug);
  const address = normalizeEmail(email);
  await consumeLimit(limits.ticketLink, clientKey);
  await consumeLimit(limits.ticketLinkAddress, hashEmail(workspace.id, address));
  const prisma = await getPrisma();
  const customer = await prisma.customer.findFirst({ where: { workspaceId: workspace.id, email: address }, select: { id: true } });
  const tickets = customer
    ? await prisma.ticket.findMany({
        where: {
          workspaceId: workspace.id,
          customerId: customer.id,
          OR: [{ status: { in: ["OPEN", "PENDING"] } }, { resolvedAt: { gte: new Date(now.getTime() - RECENTLY_RESOLVED_MS) } }],
        },
        orderBy: { createdAt: "desc" },
        take: MAX_LINKED_TICKETS,
        select: { id: true, number: true, status: true, linkVersion: true, createdAt: true },
      })
    : [];
  await mailTicketLinks({ workspace, to: address, customerId: customer?.id ?? null, tickets, reason: "requested", now });
  return { email: address };
}
