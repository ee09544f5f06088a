import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { text } from "@/lib/validation";
import { recordAudit } from "@/lib/audit/record";
import { authSecret } from "@/lib/auth/secret";
import { getPrisma } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { addCustomerMessage } from "./customer-messages";
import { openTicket } from "./tickets";

// Customer-facing support: open a ticket on a workspace's public page, then follow it
// through a signed link (no account needed; the link is the credential).

export const publicTicketSchema = z.object({
  name: text().min(1, "Enter your name.").max(120),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  product: text().max(120).optional(),
  subject: text().min(3, "Give your request a short subject.").max(200),
  message: text().min(10, "Tell us a little more (at least 10 characters).").max(20_000),
  // Left empty by people; filled by form-spamming bots.
  website: z.string().max(0, "Leave this field empty.").optional(),
});

export const publicReplySchema = z.object({
  token: z.string().min(10).max(300),
  message: text().min(1, "Write a message first.").max(20_000),
});

function sign(ticketId: string): string {
  return createHmac("sha256", authSecret()).update(`ticket:${ticketId}`).digest("base64url").slice(0, 32);
}

export function ticketToken(ticketId: string): string {
  return `${ticketId}.${sign(ticketId)}`;
}

function ticketIdFrom(token: string): string {
  const [id, signature] = token.split(".");
  if (!id || !signature || !z.uuid().safeParse(id).success) throw new NotFoundError("Ticket");
  const expected = Buffer.from(sign(id));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new NotFoundError("Ticket");
  return id;
}

// Per-process sliding window: enough to stop a script hammering one server; a shared
// limiter (database or Redis) is needed once several processes serve the public pages.
const attempts = new Map<string, number[]>();
export function checkRateLimit(key: string, limit = 5, windowMs = 10 * 60_000): void {
  const now = Date.now();
  const recent = (attempts.get(key) ?? []).filter((at) => now - at < windowMs);
  if (recent.length >= limit) throw new ValidationError("Too many requests from your connection. Please try again in a few minutes.");
  recent.push(now);
  attempts.set(key, recent);
}

export async function getPublicWorkspace(slug: string) {
  const prisma = await getPrisma();
  const workspace = await prisma.workspace.findUnique({ where: { slug }, select: { id: true, name: true, slug: true } });
  if (!workspace) throw new NotFoundError("Support page");
  return workspace;
}

export async function openPublicTicket({ slug, input, clientKey }: { slug: string; input: z.output<typeof publicTicketSchema>; clientKey: string }) {
  const workspace = await getPublicWorkspace(slug);
  checkRateLimit(`open:${clientKey}`);
  const created = await openTicket({
    workspaceId: workspace.id,
    ticket: { customer: { email: input.email, name: input.name }, subject: input.subject, body: input.message, product: input.product || undefined, channel: "WEB" },
  });
  return { number: created.number, token: ticketToken(created.id) };
}

export async function getFollowedTicket({ slug, token }: { slug: string; token: string }) {
  const workspace = await getPublicWorkspace(slug);
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: ticketIdFrom(token), workspaceId: workspace.id },
    select: {
      number: true,
      subject: true,
      status: true,
      createdAt: true,
      csatScore: true,
      customer: { select: { name: true } },
      messages: { where: { kind: { in: ["CUSTOMER", "AGENT"] } }, orderBy: { createdAt: "asc" }, select: { id: true, kind: true, body: true, createdAt: true, author: { select: { name: true } } } },
    },
  });
  if (!ticket) throw new NotFoundError("Ticket");
  return { workspace, ticket };
}

export async function replyAsCustomer({ slug, token, message, clientKey }: { slug: string; token: string; message: string; clientKey: string }) {
  const workspace = await getPublicWorkspace(slug);
  checkRateLimit(`reply:${clientKey}`, 30);
  await addCustomerMessage({ workspaceId: workspace.id, ticketId: ticketIdFrom(token), body: message, via: { actorType: "customer" } });
}

export const ratingSchema = z.object({
  token: z.string().min(10).max(300),
  score: z.coerce.number().int().min(1, "Pick a rating from 1 to 5.").max(5, "Pick a rating from 1 to 5."),
  comment: text().max(2000).optional(),
});

/** The customer's satisfaction rating of a resolved ticket; one rating, which they may change. */
export async function rateTicket({ slug, token, score, comment, clientKey }: { slug: string; token: string; score: number; comment?: string; clientKey: string }) {
  const workspace = await getPublicWorkspace(slug);
  checkRateLimit(`rate:${clientKey}`, 20);
  const prisma = await getPrisma();
  const ticketId = ticketIdFrom(token);
  await prisma.$transaction(async (tx) => {
    const ticket = await tx.ticket.findFirst({ where: { id: ticketId, workspaceId: workspace.id }, select: { id: true, status: true, customerId: true } });
    if (!ticket) throw new NotFoundError("Ticket");
    if (ticket.status !== "RESOLVED" && ticket.status !== "CLOSED") throw new ValidationError("You can rate a request once it is resolved.");
    await tx.ticket.update({ where: { id: ticket.id }, data: { csatScore: score, csatComment: comment || null, csatAt: new Date() } });
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actorType: "customer",
      action: "ticket.rated",
      targetType: "ticket",
      targetId: ticket.id,
      customerId: ticket.customerId,
      summary: { score },
    });
  });
}
