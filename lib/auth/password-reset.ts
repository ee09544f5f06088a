import "server-only";
import { z } from "zod";
import { passwordSignInAllowed } from "./sso";
import { recordAudit } from "@/lib/audit/record";
import { runInBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/errors";
import { consumeLimit, limits } from "@/lib/http/rate-limit";
import { sendMail } from "@/lib/mail/send";
import { createOneTimeToken, hashOneTimeToken, oneTimeTokenSchema } from "./one-time-token";
import { mailLink } from "@/lib/mail/link";
import { hashPassword } from "./password";
import { assertPasswordPolicy } from "./password-policy";
import { endAllSessions } from "./session-version";

// "Forgot password": a link by mail, 30 minutes, single use. The answer to a request is the
// same whether the address has an account or not, and takes the same time: the lookup, the
// token and the mail happen after the answer (runInBackground). Setting the new password
// ends every session of the user, wherever it was signed in.

export const RESET_TTL_MS = 30 * 60_000;

export const INVALID_RESET =
  "This reset link is not valid any more: it may have expired (links work for 30 minutes) or been used. Ask for a new one.";

export const resetRequestSchema = z.object({
  email: z.string().trim().toLowerCase().max(254, "Use at most 254 characters.").pipe(z.email("Enter a valid email address.")),
});

export const resetSchema = z.object({
  token: oneTimeTokenSchema,
  password: z.string().max(200, "Use at most 200 characters."),
});
export type PasswordResetInput = z.input<typeof resetSchema>;

/**
 * Mails a reset link when the address belongs to an enabled account; otherwise does nothing
 * visible. Counted per address (known or not) on top of the caller's per-client limit.
 */
export async function requestPasswordReset({ email, now = new Date() }: { email: string; now?: Date }): Promise<{ email: string }> {
  const parsed = resetRequestSchema.safeParse({ email });
  if (!parsed.success) throw new ValidationError("Please correct the highlighted fields.", { email: ["Enter a valid email address."] });
  const address = parsed.data.email;
  await consumeLimit(limits.passwordResetAddress, `reset:${address}`);
  runInBackground("password reset", () => mailResetLink(address, now));
  return { email: address };
}

async function mailResetLink(email: string, now: Date): Promise<void> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, workspaceId: true, disabledAt: true, workspace: { select: { name: true } } },
  });
  if (!user || user.disabledAt) return;
  if (!(await passwordSignInAllowed({ userId: user.id, workspaceId: user.workspaceId }))) {
    // A password would open nothing in an "SSO only" workspace: say how to sign in instead.
    const text = `Someone asked to reset the password of your ${user.workspace.name} account on Recall Desk. Your workspace signs in with single sign-on, so there is no password to reset: on ${mailLink("/login")} use “Continue with single sign-on”.`;
    await sendMail({
      workspaceId: user.workspaceId,
      kind: "password_reset",
      to: email,
      subject: "Signing in to Recall Desk",
      text,
      storedText: text,
    });
    return;
  }
  const { token, tokenHash } = createOneTimeToken();
  const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
  await prisma.$transaction(async (tx) => {
    const reset = await tx.passwordReset.create({ data: { userId: user.id, tokenHash, expiresAt }, select: { id: true } });
    await recordAudit(tx, {
      workspaceId: user.workspaceId,
      actorType: "system",
      action: "user.password_reset_requested",
      targetType: "user",
      targetId: user.id,
      summary: { resetId: reset.id },
    });
  });
  const lines = (shown: string) =>
    [
      `Someone asked to reset the password of your ${user.workspace.name} account on Recall Desk. Choose a new password here:`,
      shown,
      "",
      "The link works once, for 30 minutes. Setting a new password signs you out everywhere.",
      "If you did not ask, ignore this mail: your password stays as it is.",
    ].join("\n");
  await sendMail({
    workspaceId: user.workspaceId,
    kind: "password_reset",
    to: email,
    subject: "Reset your Recall Desk password",
    text: lines(mailLink(`/reset-password/${token}`)),
    storedText: lines("[link sent, not kept]"),
  });
}

function usableWhere(token: string, now: Date) {
  return { tokenHash: hashOneTimeToken(token), usedAt: null, expiresAt: { gt: now }, user: { disabledAt: null } };
}

/** The address a reset page is for, or null for a link that cannot be used. */
export async function findPasswordReset({ token, now = new Date() }: { token: string; now?: Date }): Promise<{ email: string } | null> {
  if (!oneTimeTokenSchema.safeParse(token).success) return null;
  const prisma = await getPrisma();
  const reset = await prisma.passwordReset.findFirst({ where: usableWhere(token, now), select: { user: { select: { email: true } } } });
  return reset ? { email: reset.user.email } : null;
}

/** Sets the new password (policy), uses up the link and every other open one, and ends every session of the user. */
export async function resetPassword({ reset, now = new Date() }: { reset: PasswordResetInput; now?: Date }): Promise<{ email: string }> {
  const parsed = resetSchema.safeParse(reset);
  if (!parsed.success) {
    if (parsed.error.issues.some((issue) => issue.path[0] === "token")) throw new ConflictError(INVALID_RESET);
    throw new ValidationError("Please correct the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  }
  const { token, password } = parsed.data;
  const prisma = await getPrisma();
  const found = await prisma.passwordReset.findFirst({
    where: usableWhere(token, now),
    select: { user: { select: { id: true, email: true, name: true, workspaceId: true } } },
  });
  if (!found) throw new ConflictError(INVALID_RESET);
  const { user } = found;
  assertPasswordPolicy(password, user);
  const passwordHash = await hashPassword(password);
  await prisma.$transaction(async (tx) => {
    // Claimed with the conditions it was read with: of two submissions, one wins.
    const claimed = await tx.passwordReset.updateMany({ where: usableWhere(token, now), data: { usedAt: now } });
    if (claimed.count !== 1) throw new ConflictError(INVALID_RESET);
    await tx.passwordReset.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const sessionVersion = await endAllSessions(tx, user.id);
    await recordAudit(tx, {
      workspaceId: user.workspaceId,
      actorUserId: user.id,
      actorType: "user",
      action: "user.password_reset",
      targetType: "user",
      targetId: user.id,
      summary: { sessionVersion },
    });
  });
  return { email: user.email };
}
