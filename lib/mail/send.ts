import "server-only";
import type { Transporter } from "nodemailer";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

// Mail the app sends. The embedded default has no mail server: the outbox table is the
// mailbox, and admins read it at /outbox. With SMTP_URL set, mail goes out through
// nodemailer and the table becomes the delivery log, keeping `storedText` (which leaves
// out secrets such as one-time codes) instead of the body that was sent.

export type MailKind =
  "privacy_code" | "erasure_receipt" | "ticket_link" | "staff_invite" | "password_reset" | "ticket_reply" | "notification";

export interface OutgoingMail {
  workspaceId: string;
  /** The customer the mail concerns, when the address is a known customer's (erasure finds it). */
  customerId?: string | null;
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  /** What the log keeps of a mail sent by SMTP; default: the text itself. */
  storedText?: string;
  /** The recipient as the table keeps it; default: `to`. */
  storedTo?: string;
  /** A reply to a customer (lib/mail/delivery.ts): the workspace as sender, threading headers, an HTML part. */
  from?: { name: string; address: string };
  replyTo?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** Files on an agent's reply (lib/attachments). */
  attachments?: Array<{ filename: string; contentType: string; content: Uint8Array }>;
}

export interface SentMail {
  id: string;
  transport: "outbox" | "smtp";
  status: "stored" | "sent" | "failed";
  /** On failure: the server's answer, and whether trying again cannot help (a 5xx reply). */
  error?: string;
  permanent?: boolean;
}

const globalForMail = globalThis as unknown as { __smtp?: { url: string; transporter: Promise<Transporter> } };

function smtpTransport(url: string): Promise<Transporter> {
  if (globalForMail.__smtp?.url !== url) {
    const transporter = import("nodemailer").then((nodemailer) =>
      // Short timeouts: a request waits for this (the same wait whether or not we know the address).
      nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }),
    );
    globalForMail.__smtp = { url, transporter };
  }
  return globalForMail.__smtp.transporter;
}

/**
 * Sends one mail and records it. A failing SMTP server is recorded as a failed delivery and
 * reported in the result, never thrown: callers decide what the person is told.
 */
export async function sendMail(mail: OutgoingMail, options: { transport?: Transporter | null } = {}): Promise<SentMail> {
  const config = env();
  const transporter = options.transport !== undefined ? options.transport : config.SMTP_URL ? await smtpTransport(config.SMTP_URL) : null;
  let status: SentMail["status"] = "stored";
  let error: string | null = null;
  let permanent = false;
  if (transporter) {
    try {
      await transporter.sendMail({
        from: mail.from ?? config.MAIL_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html && { html: mail.html }),
        ...(mail.replyTo && { replyTo: mail.replyTo }),
        ...(mail.messageId && { messageId: mail.messageId }),
        ...(mail.inReplyTo && { inReplyTo: mail.inReplyTo }),
        ...(mail.references?.length && { references: mail.references }),
        ...(mail.attachments?.length && {
          attachments: mail.attachments.map((file) => ({
            filename: file.filename,
            contentType: file.contentType,
            content: Buffer.from(file.content),
          })),
        }),
      });
      status = "sent";
    } catch (caught) {
      status = "failed";
      const code = (caught as { responseCode?: unknown }).responseCode;
      permanent = typeof code === "number" && code >= 500;
      // The server's own words, without the address (which some servers echo).
      error = String((caught as Error).message ?? caught)
        .replaceAll(mail.to, "[recipient]")
        .slice(0, 500);
      log.warn({ kind: mail.kind, reason: error }, "[mail] could not be sent");
    }
  }
  const prisma = await getPrisma();
  const row = await prisma.outboxMail.create({
    data: {
      workspaceId: mail.workspaceId,
      customerId: mail.customerId ?? null,
      kind: mail.kind,
      toAddress: mail.storedTo ?? mail.to,
      subject: mail.subject,
      body: transporter ? (mail.storedText ?? mail.text) : mail.text,
      transport: transporter ? "smtp" : "outbox",
      status,
      error,
      sentAt: status === "sent" ? new Date() : null,
    },
    select: { id: true },
  });
  return { id: row.id, transport: transporter ? "smtp" : "outbox", status, ...(error && { error, permanent }) };
}

/** The workspace's mail, newest first, for the admin's outbox page. */
export async function listOutbox({ actor, to, limit = 100 }: { actor: Actor; to?: string; limit?: number }) {
  const prisma = await getPrisma();
  return prisma.outboxMail.findMany({
    where: { workspaceId: actor.workspaceId, ...(to && { toAddress: { contains: to.trim(), mode: "insensitive" } }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      kind: true,
      toAddress: true,
      subject: true,
      body: true,
      transport: true,
      status: true,
      error: true,
      createdAt: true,
    },
  });
}
