import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { hashApiKey } from "@/lib/api/api-keys";
import { recordAudit } from "@/lib/audit/record";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { env } from "@/lib/env";
import { line, text } from "@/lib/validation";

// A workspace's email channel: where customers write and replies come from, the sender
// name and signature, whether agent replies are mailed, and the secret an inbound hook
// (Postmark, Mailgun, SendGrid, SES) or our own poller presents. Replies are mailed once the
// workspace has its own support address, by default only when SMTP_URL is set: without it
// they would land in the outbox table, which an admin turns on knowingly (a trial, or a
// relay that reads the outbox). The address is the admin's to choose and is not verified:
// the SMTP server decides what it relays (most accept only their own domains).

const addressSchema = z.string().trim().toLowerCase().max(254).pipe(z.email("Enter a valid email address, e.g. support@example.com."));

export const mailSettingsSchema = z.object({
  supportAddress: z.union([z.literal(""), addressSchema]).optional(),
  senderName: line().max(120, "Use at most 120 characters.").optional(),
  signature: text().max(2000, "Keep the signature under 2,000 characters.").optional(),
  mailReplies: z
    .union([z.boolean(), z.enum(["on", "off", "default"])])
    .optional()
    .transform((value) => (value === "default" ? null : value === "on" ? true : value === "off" ? false : value)),
});
export type MailSettingsInput = z.input<typeof mailSettingsSchema>;

export interface WorkspaceMail {
  workspaceId: string;
  workspaceName: string;
  workspaceSlug: string;
  /** Whether an agent's reply is mailed to the customer. */
  mailReplies: boolean;
  /** The address replies come from and answers go to; MAIL_FROM's address when none is set. */
  supportAddress: string;
  senderName: string;
  signature: string;
}

/** The address inside MAIL_FROM ("Name <a@b>" or "a@b"). */
export function addressOf(from: string): string {
  const match = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  return (match?.[1] ?? from).trim().toLowerCase();
}

/** What outbound mail of this workspace is made from. */
export async function workspaceMail(workspaceId: string): Promise<WorkspaceMail> {
  const prisma = await getPrisma();
  const workspace = await prisma.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { id: true, name: true, slug: true, mailSettings: true },
  });
  const settings = workspace.mailSettings;
  const config = env();
  return {
    workspaceId,
    workspaceName: workspace.name,
    workspaceSlug: workspace.slug,
    // Only from the workspace's own address: with MAIL_FROM's, customers' answers would reach
    // whichever workspace reads that mailbox.
    mailReplies: Boolean(settings?.supportAddress) && (settings?.mailReplies ?? Boolean(config.SMTP_URL)),
    supportAddress: settings?.supportAddress || addressOf(config.MAIL_FROM),
    senderName: settings?.senderName || workspace.name,
    signature: settings?.signature ?? "",
  };
}

export interface MailSettingsView {
  supportAddress: string;
  senderName: string;
  signature: string;
  /** As set: null follows the default (on when SMTP is configured). */
  mailReplies: boolean | null;
  mailRepliesEffective: boolean;
  smtpConfigured: boolean;
  defaultAddress: string;
  inboundSecretHint: string | null;
}

export async function getMailSettings({ actor }: { actor: Actor }): Promise<MailSettingsView> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const settings = await prisma.mailSettings.findUnique({ where: { workspaceId: actor.workspaceId } });
  const config = env();
  return {
    supportAddress: settings?.supportAddress ?? "",
    senderName: settings?.senderName ?? "",
    signature: settings?.signature ?? "",
    mailReplies: settings?.mailReplies ?? null,
    mailRepliesEffective: Boolean(settings?.supportAddress) && (settings?.mailReplies ?? Boolean(config.SMTP_URL)),
    smtpConfigured: Boolean(config.SMTP_URL),
    defaultAddress: addressOf(config.MAIL_FROM),
    inboundSecretHint: settings?.inboundSecretHint ?? null,
  };
}

export async function updateMailSettings({ actor, input }: { actor: Actor; input: Partial<z.output<typeof mailSettingsSchema>> }) {
  assertAdmin(actor);
  const data = {
    ...(input.supportAddress !== undefined && { supportAddress: input.supportAddress || null }),
    ...(input.senderName !== undefined && { senderName: input.senderName || null }),
    ...(input.signature !== undefined && { signature: input.signature || null }),
    ...(input.mailReplies !== undefined && { mailReplies: input.mailReplies }),
  };
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    await tx.mailSettings.upsert({
      where: { workspaceId: actor.workspaceId },
      create: { workspaceId: actor.workspaceId, ...data },
      update: data,
    });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "mail.settings_changed",
      targetType: "workspace",
      targetId: actor.workspaceId,
      summary: { fields: Object.keys(data), ...(input.mailReplies !== undefined && { mailReplies: input.mailReplies }) },
    });
  });
  return getMailSettings({ actor });
}

const SECRET_PREFIX = "rdin_";

/**
 * A new secret for the inbound mail hook, shown once; the previous one stops working. Kept
 * as its sha256, like API keys (long and random, so no slow hash is needed).
 */
export async function rotateInboundSecret({ actor }: { actor: Actor }): Promise<{ secret: string }> {
  assertAdmin(actor);
  const secret = `${SECRET_PREFIX}${randomBytes(24).toString("base64url")}`;
  const hint = secret.slice(-4);
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    await tx.mailSettings.upsert({
      where: { workspaceId: actor.workspaceId },
      create: { workspaceId: actor.workspaceId, inboundSecretHash: hashApiKey(secret), inboundSecretHint: hint },
      update: { inboundSecretHash: hashApiKey(secret), inboundSecretHint: hint },
    });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "mail.inbound_secret_rotated",
      targetType: "workspace",
      targetId: actor.workspaceId,
      summary: { hint },
    });
  });
  return { secret };
}

/** The workspace whose inbound secret this is, or null. */
export async function workspaceOfInboundSecret(secret: string): Promise<string | null> {
  if (!secret.startsWith(SECRET_PREFIX) || secret.length > 200) return null;
  const prisma = await getPrisma();
  const row = await prisma.mailSettings.findUnique({ where: { inboundSecretHash: hashApiKey(secret) }, select: { workspaceId: true } });
  return row?.workspaceId ?? null;
}
