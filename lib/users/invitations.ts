import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { createOneTimeToken, hashOneTimeToken, oneTimeTokenSchema } from "@/lib/auth/one-time-token";
import { mailLink } from "@/lib/mail/link";
import { hashPassword } from "@/lib/auth/password";
import { assertPasswordPolicy } from "@/lib/auth/password-policy";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { sendMail } from "@/lib/mail/send";
import { lockAsAdmin, roleSchema } from "./manage";

// Staff join by invitation: an admin names an address and a role, the address receives a
// link (7 days, single use, revocable), and the invitee sets their own name and password.
// Nobody else ever knows the password. The link's token is kept only as its sha256.

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

/** The one answer for a link that cannot be used: which of the reasons applies is nobody's business. */
export const INVALID_INVITATION =
  "This invitation link is not valid any more: it may have expired, been used or been withdrawn. Ask an admin of the workspace for a new one.";

export const invitationSchema = z.object({
  email: z.string().trim().toLowerCase().max(254, "Use at most 254 characters.").pipe(z.email("Enter a valid email address.")),
  role: roleSchema,
});
export type Invitation = z.input<typeof invitationSchema>;

export const invitationIdSchema = z.uuid("Unknown invitation.");

export const acceptanceSchema = z.object({
  token: oneTimeTokenSchema,
  name: z.string().trim().min(1, "Enter your name.").max(120, "Use at most 120 characters."),
  password: z.string().max(200, "Use at most 200 characters."),
});
export type Acceptance = z.input<typeof acceptanceSchema>;

export interface PendingInvitation {
  id: string;
  email: string;
  role: "ADMIN" | "AGENT";
  invitedByName: string;
  createdAt: Date;
  expiresAt: Date;
  expired: boolean;
}

async function mailInvitation(input: {
  workspace: { id: string; name: string };
  to: string;
  role: "ADMIN" | "AGENT";
  inviterName: string;
  token: string;
  expiresAt: Date;
}) {
  const url = mailLink(`/invite/${input.token}`);
  const lines = (shown: string) =>
    [
      `${input.inviterName} invited you to join ${input.workspace.name} on Recall Desk as ${input.role === "ADMIN" ? "an admin" : "an agent"}.`,
      "",
      "Choose your name and password here:",
      shown,
      "",
      `The link works once, until ${input.expiresAt.toUTCString()}. If you did not expect this invitation, ignore this mail.`,
    ].join("\n");
  // Through SMTP the log keeps the mail without the link: a stored link would open an account.
  return sendMail({
    workspaceId: input.workspace.id,
    kind: "staff_invite",
    to: input.to,
    subject: `You are invited to ${input.workspace.name}`,
    text: lines(url),
    storedText: lines("[link sent, not kept]"),
  });
}

function fieldError(field: string, message: string): ValidationError {
  return new ValidationError("Please correct the highlighted fields.", { [field]: [message] });
}

async function assertNoAccount(tx: Prisma.TransactionClient, email: string): Promise<void> {
  // Emails are the login and unique across workspaces, so this cannot say where.
  if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw fieldError("email", "This email already has an account.");
}

/** Invites an address as admin or agent and mails the link. Refused when the address has an account or a live invitation. */
export async function inviteStaff({
  actor,
  invitation,
  now = new Date(),
}: {
  actor: Actor;
  invitation: Invitation;
  now?: Date;
}): Promise<{ invitationId: string; mailed: boolean }> {
  assertAdmin(actor);
  const parsed = invitationSchema.safeParse(invitation);
  if (!parsed.success) throw new ValidationError("Please correct the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const { email, role } = parsed.data;
  const { token, tokenHash } = createOneTimeToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const prisma = await getPrisma();
  const created = await prisma.$transaction(async (tx) => {
    await lockAsAdmin(tx, actor);
    await assertNoAccount(tx, email);
    const live = await tx.staffInvitation.findFirst({
      where: { workspaceId: actor.workspaceId, email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true },
    });
    if (live) throw fieldError("email", "This address already has a pending invitation: resend or withdraw it below.");
    const row = await tx.staffInvitation.create({
      data: { workspaceId: actor.workspaceId, email, role, tokenHash, invitedByUserId: actor.userId, expiresAt },
      select: { id: true, workspace: { select: { id: true, name: true } } },
    });
    // By id only: the address stays on the invitation row.
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "user.invited",
      targetType: "invitation",
      targetId: row.id,
      summary: { role },
    });
    return row;
  });
  const mail = await mailInvitation({ workspace: created.workspace, to: email, role, inviterName: actor.name, token, expiresAt });
  return { invitationId: created.id, mailed: mail.status !== "failed" };
}

/** Invitations not accepted or withdrawn, expired ones included (they can be resent). */
export async function listInvitations({ actor, now = new Date() }: { actor: Actor; now?: Date }): Promise<PendingInvitation[]> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const rows = await prisma.staffInvitation.findMany({
    where: { workspaceId: actor.workspaceId, acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, createdAt: true, expiresAt: true, invitedBy: { select: { name: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role,
    invitedByName: row.invitedBy.name,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    expired: row.expiresAt <= now,
  }));
}

async function findOpenInvitation(tx: Prisma.TransactionClient, actor: Actor, invitationId: string) {
  if (!invitationIdSchema.safeParse(invitationId).success) throw new NotFoundError("Invitation");
  const row = await tx.staffInvitation.findFirst({
    where: { id: invitationId, workspaceId: actor.workspaceId, acceptedAt: null, revokedAt: null },
    select: { id: true, email: true, role: true, workspace: { select: { id: true, name: true } } },
  });
  if (!row) throw new NotFoundError("Invitation");
  return row;
}

/** Mails a new link for another 7 days; the link sent before stops working. */
export async function resendInvitation({
  actor,
  invitationId,
  now = new Date(),
}: {
  actor: Actor;
  invitationId: string;
  now?: Date;
}): Promise<{ invitationId: string; mailed: boolean }> {
  assertAdmin(actor);
  const { token, tokenHash } = createOneTimeToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const prisma = await getPrisma();
  const row = await prisma.$transaction(async (tx) => {
    await lockAsAdmin(tx, actor);
    const found = await findOpenInvitation(tx, actor, invitationId);
    await assertNoAccount(tx, found.email);
    await tx.staffInvitation.update({ where: { id: found.id }, data: { tokenHash, expiresAt, invitedByUserId: actor.userId } });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "user.invitation_resent",
      targetType: "invitation",
      targetId: found.id,
      summary: { role: found.role },
    });
    return found;
  });
  const mail = await mailInvitation({ workspace: row.workspace, to: row.email, role: row.role, inviterName: actor.name, token, expiresAt });
  return { invitationId: row.id, mailed: mail.status !== "failed" };
}

/** Withdraws an invitation: its link stops working at once. */
export async function revokeInvitation({
  actor,
  invitationId,
  now = new Date(),
}: {
  actor: Actor;
  invitationId: string;
  now?: Date;
}): Promise<{ invitationId: string }> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    await lockAsAdmin(tx, actor);
    const found = await findOpenInvitation(tx, actor, invitationId);
    await tx.staffInvitation.update({ where: { id: found.id }, data: { revokedAt: now } });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "user.invitation_revoked",
      targetType: "invitation",
      targetId: found.id,
      summary: {},
    });
    return { invitationId: found.id };
  });
}

function usableWhere(token: string, now: Date): Prisma.StaffInvitationWhereInput {
  return { tokenHash: hashOneTimeToken(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
}

/** What the invitation page shows, or null for a link that cannot be used. */
export async function findInvitation({
  token,
  now = new Date(),
}: {
  token: string;
  now?: Date;
}): Promise<{ email: string; role: "ADMIN" | "AGENT"; workspaceName: string } | null> {
  if (!oneTimeTokenSchema.safeParse(token).success) return null;
  const prisma = await getPrisma();
  const row = await prisma.staffInvitation.findFirst({
    where: usableWhere(token, now),
    select: { email: true, role: true, workspace: { select: { name: true } } },
  });
  return row ? { email: row.email, role: row.role, workspaceName: row.workspace.name } : null;
}

/**
 * Creates the invitee's account in the inviting workspace with the invited role. The link
 * works once: the claim and the new user are one transaction. An invitation whose admin has
 * since been disabled or demoted no longer works either.
 */
export async function acceptInvitation({
  acceptance,
  now = new Date(),
}: {
  acceptance: Acceptance;
  now?: Date;
}): Promise<{ userId: string; email: string }> {
  const parsed = acceptanceSchema.safeParse(acceptance);
  if (!parsed.success) {
    if (parsed.error.issues.some((issue) => issue.path[0] === "token")) throw new ConflictError(INVALID_INVITATION);
    throw new ValidationError("Please correct the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  }
  const { token, name, password } = parsed.data;
  const prisma = await getPrisma();
  const invitation = await prisma.staffInvitation.findFirst({ where: usableWhere(token, now), select: { email: true } });
  if (!invitation) throw new ConflictError(INVALID_INVITATION);
  assertPasswordPolicy(password, { email: invitation.email, name });
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    // Claimed with the same conditions it was read with: of two submissions, one wins.
    const claimed = await tx.staffInvitation.updateMany({ where: usableWhere(token, now), data: { acceptedAt: now } });
    if (claimed.count !== 1) throw new ConflictError(INVALID_INVITATION);
    const row = await tx.staffInvitation.findUniqueOrThrow({
      where: { tokenHash: hashOneTimeToken(token) },
      select: {
        id: true,
        workspaceId: true,
        email: true,
        role: true,
        invitedByUserId: true,
        invitedBy: { select: { role: true, disabledAt: true } },
      },
    });
    if (row.invitedBy.role !== "ADMIN" || row.invitedBy.disabledAt) throw new ConflictError(INVALID_INVITATION);
    if (await tx.user.findUnique({ where: { email: row.email }, select: { id: true } })) {
      throw new ConflictError("An account with this email address exists already: sign in, or use “Forgot password?” on the sign-in page.");
    }
    const user = await tx.user.create({
      data: { workspaceId: row.workspaceId, email: row.email, name, role: row.role, passwordHash },
      select: { id: true },
    });
    await tx.staffInvitation.update({ where: { id: row.id }, data: { acceptedUserId: user.id } });
    await recordAudit(tx, {
      workspaceId: row.workspaceId,
      actorUserId: user.id,
      actorType: "user",
      action: "user.created",
      targetType: "user",
      targetId: user.id,
      summary: { role: row.role, invitationId: row.id, invitedByUserId: row.invitedByUserId },
    });
    return { userId: user.id, email: row.email };
  });
}
