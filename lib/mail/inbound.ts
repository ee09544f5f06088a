import "server-only";
import { createHash } from "node:crypto";
import { type AddressObject, type HeaderValue, simpleParser } from "mailparser";
import { z } from "zod";
import { prepareFiles, refusedNote } from "@/lib/attachments/files";
import { recordAudit } from "@/lib/audit/record";
import { getPrisma } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { normalizeEmail } from "@/lib/privacy/hash";
import { addCustomerMessage } from "@/lib/support/customer-messages";
import { verifyTicketAddress } from "@/lib/support/public";
import { openTicket } from "@/lib/support/tickets";
import { bouncedMessageIds, bounceReason, classifyInbound, newPartOf } from "./classify";
import { findReplyToken, messageIds, stripSubjectPrefixes } from "./compose";
import { markBounced } from "./delivery";
import { workspaceMail } from "./settings";

// One inbound mail, from a provider's hook (POST /api/v1/inbound/email) or the mailbox
// poller, into the workspace it was addressed to. Everything in a mail is the sender's to
// choose, From included, so:
// - a mail joins an existing ticket only when it carries a secret of a mail we sent (the
//   reply token in the address or subject, or one of our Message-IDs in In-Reply-To or
//   References) AND comes from that ticket's customer; anything else opens a new ticket;
// - a new ticket by mail starts unverified (out of its customer's memory, like the public
//   form's) until the customer answers a mail we sent, which proves the address;
// - auto-replies, bounces and our own mail coming back are recorded and dropped: never
//   answered, never learned from; a mail delivered twice (same Message-ID) is one message.

export type InboundOutcome =
  | { status: "created" | "threaded"; ticketId: string; ticketNumber: number; messageId: string; verified: boolean }
  | { status: "duplicate"; ticketId: string; messageId: string }
  | { status: "ignored"; reason: string }
  | { status: "bounce"; bounced: number };

const MAX_BODY = 20_000;
const MAX_ORIGINAL = 200_000;

const senderSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

function headerText(value: HeaderValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((item) => headerText(item as HeaderValue)).join(", ");
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && "value" in value && typeof value.value === "string") {
    const params = "params" in value && value.params ? Object.entries(value.params).map(([key, param]) => `; ${key}=${param}`) : [];
    return `${value.value}${params.join("")}`;
  }
  if (typeof value === "object" && "text" in value) return String((value as AddressObject).text);
  return typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

// Mail text may hold any byte; what we store goes through the same rules as typed text
// (lib/validation.ts): no control characters but line breaks and tabs, no broken surrogate
// halves, and one-line fields (subject, name) without line breaks or direction overrides.
function withoutControls(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
}

function oneLine(text: string): string {
  return withoutControls(text)
    .replace(/[\r\n\t]+/g, " ")
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, "")
    .trim();
}

function firstHeader(value: HeaderValue | undefined): string | undefined {
  return headerText(Array.isArray(value) ? value[0] : value);
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((object) =>
    object.value.flatMap((entry) => [entry.address ?? "", ...(entry.group ?? []).map((inner) => inner.address ?? "")]),
  );
}

async function ticketByThread(workspaceId: string, token: string | null, references: string[]) {
  const prisma = await getPrisma();
  const select = { id: true, number: true, verifiedAt: true, customer: { select: { email: true } } } as const;
  if (token) {
    const ticket = await prisma.ticket.findFirst({ where: { workspaceId, replyToken: token }, select });
    if (ticket) return { ticket, proof: true };
  }
  if (references.length === 0) return null;
  const earlier = await prisma.message.findFirst({
    where: { workspaceId, emailMessageId: { in: references } },
    orderBy: { createdAt: "desc" },
    select: { kind: true, ticket: { select } },
  });
  // Only our own Message-IDs (on agent replies) prove the sender got our mail; a customer's
  // earlier Message-ID threads the mail but proves nothing.
  return earlier ? { ticket: earlier.ticket, proof: earlier.kind === "AGENT" } : null;
}

async function recordIgnored(workspaceId: string, reason: string, messageId: string) {
  const prisma = await getPrisma();
  await prisma.$transaction((tx) =>
    recordAudit(tx, {
      workspaceId,
      actorType: "system",
      action: "mail.inbound_ignored",
      targetType: "workspace",
      targetId: workspaceId,
      summary: { reason, messageIdHash: createHash("sha256").update(messageId).digest("hex").slice(0, 16) },
    }),
  );
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === "P2002" || /unique|duplicate key/i.test((error as Error).message ?? "");
}

/** Takes one raw RFC 822 message for the workspace. */
export async function receiveInboundEmail({ workspaceId, raw }: { workspaceId: string; raw: Uint8Array }): Promise<InboundOutcome> {
  const parsed = await simpleParser(Buffer.from(raw), { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2_000_000 });
  const header = (name: string) => headerText(parsed.headers.get(name));
  const fromAddress = addresses(parsed.from)[0] ?? "";
  const subject = oneLine(parsed.subject ?? "");
  const messageId =
    messageIds(parsed.messageId)[0] ?? `<${createHash("sha256").update(raw).digest("hex").slice(0, 40)}@inbound.recall-desk.invalid>`;
  const prisma = await getPrisma();
  const mail = await workspaceMail(workspaceId);

  const seen = await prisma.message.findFirst({
    where: { workspaceId, emailMessageId: messageId },
    select: { id: true, kind: true, ticketId: true },
  });
  if (seen?.kind === "AGENT" || normalizeEmail(fromAddress) === mail.supportAddress) {
    await recordIgnored(workspaceId, "our own mail", messageId);
    return { status: "ignored", reason: "This is a mail we sent: it came back and is not answered." };
  }
  if (seen) return { status: "duplicate", ticketId: seen.ticketId, messageId: seen.id };

  const kind = classifyInbound({ header, from: fromAddress, subject });
  if (kind.kind === "bounce") {
    const reportParts = parsed.attachments
      .filter((part) => /^(message\/(delivery-status|rfc822|global-headers)|text\/rfc822-headers)/i.test(part.contentType))
      .map((part) => part.content.toString("utf8").slice(0, 100_000));
    const ids = [...bouncedMessageIds(reportParts), ...messageIds(parsed.inReplyTo), ...messageIds(parsed.references)];
    const bounced = await markBounced({ workspaceId, emailMessageIds: ids, reason: bounceReason([...reportParts, parsed.text ?? ""]) });
    await recordIgnored(workspaceId, `bounce (${bounced} reply marked)`, messageId);
    return { status: "bounce", bounced };
  }
  if (kind.kind === "auto_reply") {
    await recordIgnored(workspaceId, kind.reason, messageId);
    return { status: "ignored", reason: `An automatic reply (${kind.reason}): not answered and not learned from.` };
  }

  const sender = senderSchema.safeParse(fromAddress);
  if (!sender.success) throw new ValidationError("The mail has no valid sender address (From).", { from: ["Not a valid address."] });
  const senderName = oneLine(parsed.from?.value[0]?.name ?? "").slice(0, 120) || sender.data.split("@")[0]!;
  // The receiving provider's verdict on the From address, where it gives one: a mail whose
  // domain's DMARC check failed proves nothing, whatever token it carries.
  const forged = /\bdmarc\s*=\s*fail\b/i.test(firstHeader(parsed.headers.get("authentication-results")) ?? "");

  const whole = withoutControls((parsed.text ?? "").slice(0, MAX_ORIGINAL));
  const newPart = newPartOf(whole).slice(0, MAX_BODY);
  // Files the sender attached (not the images an HTML body shows inline: logos, signatures).
  const { accepted: files, refused } = await prepareFiles(
    parsed.attachments
      .filter((part) => !part.related)
      .map((part) => ({ filename: part.filename ?? "attachment", declaredType: part.contentType, bytes: part.content })),
  );
  const body = (newPart || subject || "(empty mail)") + refusedNote(refused);
  const original = whole.trim() && whole.trim() !== newPart ? whole : null;
  const email = { messageId, original };

  const recipients = [
    ...addresses(parsed.to),
    ...addresses(parsed.cc),
    ...["delivered-to", "x-original-to", "envelope-to"].map((name) => header(name) ?? ""),
  ];
  const token = findReplyToken({ recipients, subject });
  const thread = await ticketByThread(workspaceId, token, [...messageIds(parsed.inReplyTo), ...messageIds(parsed.references)]);
  // A thread is joined only by its own customer: someone else holding the token (a forward)
  // opens their own ticket, and the customer's conversation is not theirs to read or change.
  // A verified ticket is joined only with a secret of our mail (the customer's own
  // Message-ID is known to everyone they copied); an unverified one, whose conversation is
  // out of memory anyway, also by the sender's earlier Message-ID (a follow-up to their own mail).
  const proof = Boolean(thread?.proof) && !forged;
  const joins = thread && normalizeEmail(thread.ticket.customer.email) === sender.data && (proof || (!thread.ticket.verifiedAt && !forged));

  try {
    if (joins) {
      const saved = await addCustomerMessage({
        workspaceId,
        ticketId: thread.ticket.id,
        body,
        via: { actorType: "customer" },
        email,
        files,
      });
      let verified = Boolean(thread.ticket.verifiedAt);
      if (!verified && proof) {
        await verifyTicketAddress({ workspaceId, ticket: { id: thread.ticket.id, customerId: saved.customerId }, via: "mail_reply" });
        verified = true;
      }
      return { status: "threaded", ticketId: thread.ticket.id, ticketNumber: thread.ticket.number, messageId: saved.messageId, verified };
    }
    const opened = await openTicket({
      workspaceId,
      ticket: {
        customer: { email: sender.data, name: senderName },
        subject: (stripSubjectPrefixes(subject) || `Mail from ${senderName}`).slice(0, 200),
        body,
        channel: "EMAIL",
      },
      verified: false,
      email,
      files,
      memory: "job",
    });
    return { status: "created", ticketId: opened.id, ticketNumber: opened.number, messageId: opened.firstMessageId, verified: false };
  } catch (error) {
    // The same mail delivered twice at once: the second insert meets the first's Message-ID.
    if (!isUniqueViolation(error)) throw error;
    const first = await prisma.message.findFirst({
      where: { workspaceId, emailMessageId: messageId },
      select: { id: true, ticketId: true },
    });
    if (!first) throw error;
    return { status: "duplicate", ticketId: first.ticketId, messageId: first.id };
  }
}
