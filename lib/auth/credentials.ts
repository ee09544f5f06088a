import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { getPrisma } from "@/lib/db";
import { describeWait, RateLimitedError } from "@/lib/errors";
import { assertWithinLimit, blockLimit, consumeLimit, limits, peekLimit, resetLimit } from "@/lib/http/rate-limit";
import { DUMMY_HASH, verifyPassword } from "./password";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  password: z.string().min(1).max(200),
});

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "AGENT";
  workspaceId: string;
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

async function assertNotLocked(email: string, userId: string | undefined, now: Date): Promise<void> {
  const used = await peekLimit(limits.signInAccount, accountLimitKey(email));
  let seconds = used && used.consumed >= limits.signInAccount.points ? used.resetSeconds : 0;
  // The lockout row also counts: in the embedded default the counter lives in memory and a
  // restart must not lift a lockout that admins can see.
  if (userId) {
    const prisma = await getPrisma();
    const row = await prisma.signInLockout.findFirst({ where: { userId, liftedAt: null, lockedUntil: { gt: now } }, orderBy: { lockedUntil: "desc" }, select: { lockedUntil: true } });
    if (row) seconds = Math.max(seconds, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000));
  }
  if (seconds > 0) {
    throw new SignInRefusedError(`This account is locked after ${limits.signInAccount.points} failed sign-ins. Try again in ${describeWait(seconds)}, or ask an admin to unlock it.`);
  }
}

async function countFailure(email: string, clientAddress: string, user: { id: string; workspaceId: string } | null, now: Date): Promise<void> {
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
    const lockout = await tx.signInLockout.create({ data: { workspaceId: user.workspaceId, userId: user.id, failures: counted.consumedPoints, lockedUntil }, select: { id: true } });
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
export async function verifyCredentials(input: unknown, context: { clientAddress: string; now?: Date } = { clientAddress: "unknown" }): Promise<AuthenticatedUser | null> {
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
    select: { id: true, email: true, name: true, role: true, workspaceId: true, passwordHash: true, disabledAt: true },
  });
  await assertNotLocked(email, user?.id, now);
  // Always run one bcrypt comparison so unknown emails cost the same time as wrong passwords.
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches || user.disabledAt) {
    await countFailure(email, context.clientAddress, user, now);
    return null;
  }
  // A success forgets earlier failures of the account (the address's count stays).
  await resetLimit(limits.signInAccount, accountLimitKey(email));
  return { id: user.id, email: user.email, name: user.name, role: user.role, workspaceId: user.workspaceId };
}
