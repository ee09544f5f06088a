import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { getPrisma } from "@/lib/db";
import { describeWait, RateLimitedError } from "@/lib/errors";
import { assertWithinLimit, blockLimit, consumeLimit, limits, peekLimit, resetLimit } from "@/lib/http/rate-limit";
import { DUMMY_HASH, verifyPassword } from "./password";
import { checkSecondFactor } from "./second-factor";
import { SECOND_FACTOR_REQUIRED } from "./sign-in-answers";
import { PASSWORDS_OFF, passwordSignInAllowed } from "./sso";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  password: z.string().min(1).max(200),
  /** A TOTP or recovery code, for users with two-factor sign-in (asked for after the password). */
  code: z.string().max(64).optional(),
});

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "AGENT";
  workspaceId: string;
  /** The session will carry it: a password change or reset bumps it and ends the session (lib/auth/guard.ts). */
  sessionVersion: number;
}

/** A sign-in refused before the password was checked; its message is shown on the login page. */
export class SignInRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SignInRefusedError";
  }
}

const LOCK_SECONDS = limits.signInAccount.blockSeconds;

/** The counter of failed sign-ins of one address, known account or not (no enumeration). */
export function accountLimitKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

export async function assertNotLocked(email: string, userId: string | undefined, now: Date): Promise<void> {
  const used = await peekLimit(limits.signInAccount, accountLimitKey(email));
  let seconds = used && used.consumed >= limits.signInAccount.points ? used.resetSeconds : 0;
  // The lockout row also counts: in the embedded default the counter lives in memory and a
  // restart must not lift a lockout that admins can see.
  if (userId) {
    const prisma = await getPrisma();
    const row = await prisma.signInLockout.findFirst({
      where: { userId, liftedAt: null, lockedUntil: { gt: now } },
      orderBy: { lockedUntil: "desc" },
      select: { lockedUntil: true },
    });
    if (row) seconds = Math.max(seconds, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000));
  }
  if (seconds > 0) {
    throw new SignInRefusedError(
      `This account is locked after ${limits.signInAccount.points} failed sign-ins. Try again in ${describeWait(seconds)}, or ask an admin to unlock it.`,
    );
  }
}

/** A failed sign-in of an address: a wrong password, or a wrong second-factor code (lib/auth/two-factor.ts). */
export async function countFailure(
  email: string,
  clientAddress: string,
  user: { id: string; workspaceId: string } | null,
  now: Date,
): Promise<void> {
  await consumeLimit(limits.signInAddress, clientAddress).catch((error) => {
    if (!(error instanceof RateLimitedError)) throw error;
  });
  const key = accountLimitKey(email);
  const counted = await consumeLimit(limits.signInAccount, key).catch((error) => {
    if (error instanceof RateLimitedError) return null;
    throw error;
  });
  if (!counted || counted.consumedPoints < limits.signInAccount.points) return;
  // The tenth failure: lock for the full period from now, whatever was left of the window.
  await blockLimit(limits.signInAccount, key, LOCK_SECONDS);
  if (!user) return;
  const prisma = await getPrisma();
  const lockedUntil = new Date(now.getTime() + LOCK_SECONDS * 1000);
  await prisma.$transaction(async (tx) => {
    const lockout = await tx.signInLockout.create({
      data: { workspaceId: user.workspaceId, userId: user.id, failures: counted.consumedPoints, lockedUntil },
      select: { id: true },
    });
    await recordAudit(tx, {
      workspaceId: user.workspaceId,
      actorType: "system",
      action: "user.locked_out",
      targetType: "user",
      targetId: user.id,
      summary: { lockoutId: lockout.id, failures: counted.consumedPoints, lockedUntil: lockedUntil.toISOString() },
    });
  });
}

/**
 * Returns the user for a correct email and password of an enabled account, otherwise null.
 * Throws SignInRefusedError without checking the password when the account is locked (10
 * failures in 15 minutes, from any address) or the address has failed too often: a locked
 * account costs no bcrypt, so guessing is not a way to load the CPU either.
 */
export async function verifyCredentials(
  input: unknown,
  context: { clientAddress: string; now?: Date } = { clientAddress: "unknown" },
): Promise<AuthenticatedUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const now = context.now ?? new Date();
  const { email, password } = parsed.data;
  try {
    await assertWithinLimit(limits.signInAddress, context.clientAddress);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    throw new SignInRefusedError(`Too many failed sign-ins from your network. Try again in ${describeWait(error.retryAfterSeconds)}.`);
  }
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      workspaceId: true,
      passwordHash: true,
      disabledAt: true,
      sessionVersion: true,
    },
  });
  await assertNotLocked(email, user?.id, now);
  // Always run one bcrypt comparison so unknown emails cost the same time as wrong passwords.
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches || user.disabledAt) {
    await countFailure(email, context.clientAddress, user, now);
    return null;
  }
  // A right password in an "SSO only" workspace opens nothing, except for its break-glass admin.
  if (!(await passwordSignInAllowed({ userId: user.id, workspaceId: user.workspaceId }))) throw new SignInRefusedError(PASSWORDS_OFF);
  // The second factor is part of the same check, and earlier failures are forgotten only once
  // both were right: knowing the password gives no fresh tries at the code. "Code needed" is
  // answered only after the right password, so it tells nothing about other accounts.
  const secondFactor = await checkSecondFactor({ userId: user.id, code: parsed.data.code, now });
  if (secondFactor === "missing") throw new SignInRefusedError(SECOND_FACTOR_REQUIRED);
  if (secondFactor === "wrong") {
    await countFailure(email, context.clientAddress, user, now);
    throw new SignInRefusedError(
      "That code is wrong or was already used. Enter the current code from your authenticator app, or a recovery code.",
    );
  }
  // A success forgets earlier failures of the account (the address's count stays).
  await resetLimit(limits.signInAccount, accountLimitKey(email));
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    workspaceId: user.workspaceId,
    sessionVersion: user.sessionVersion,
  };
}
