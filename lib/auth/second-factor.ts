import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { tryDecryptText } from "@/lib/crypto/pii";
import { getPrisma } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { hashRecoveryCode, looksLikeRecoveryCode } from "./recovery-codes";
import { matchTotpCode } from "./totp";
import { log } from "@/lib/log";

// Checking a user's second factor: a TOTP code (each accepted once) or a recovery code
// (each good once). Used at sign-in (lib/auth/credentials.ts) and to confirm turning the
// factor off or making new recovery codes (lib/auth/two-factor.ts). Counting failures
// towards the account's lockout is the caller's part.

export type SecondFactorCheck = "not-enrolled" | "missing" | "wrong" | "accepted";

interface EnrolledUser {
  id: string;
  workspaceId: string;
  totpSecret: string;
}

async function readEnrolledUser(userId: string): Promise<EnrolledUser | null> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, workspaceId: true, totpSecret: true, totpEnabledAt: true },
  });
  if (!user?.totpEnabledAt || !user.totpSecret) return null;
  return { id: user.id, workspaceId: user.workspaceId, totpSecret: user.totpSecret };
}

/** Whether a user has turned two-factor sign-in on. */
export async function hasSecondFactor(userId: string): Promise<boolean> {
  return (await readEnrolledUser(userId)) !== null;
}

/** The plaintext secret; a secret no key decrypts is a configuration fault, never shown as such to the user. */
export function openTotpSecret(stored: string, userId: string): string {
  const secret = tryDecryptText(stored);
  if (secret !== null) return secret;
  log.error({ userId }, "[two-factor] the TOTP secret cannot be decrypted (wrong or missing APP_ENCRYPTION_KEY)");
  throw new ConflictError("Your two-factor secret cannot be read. Ask an admin to reset your second factor.");
}

async function redeemRecoveryCode(user: EnrolledUser, code: string, now: Date): Promise<boolean> {
  const prisma = await getPrisma();
  const codeHash = hashRecoveryCode({ userId: user.id, code });
  return prisma.$transaction(async (tx) => {
    // The update is the check: of two sign-ins racing with one code, only one sees count 1.
    const used = await tx.recoveryCode.updateMany({ where: { userId: user.id, codeHash, usedAt: null }, data: { usedAt: now } });
    if (used.count !== 1) return false;
    const remaining = await tx.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
    await recordAudit(tx, {
      workspaceId: user.workspaceId,
      actorUserId: user.id,
      actorType: "user",
      action: "user.recovery_code_used",
      targetType: "user",
      targetId: user.id,
      summary: { remaining },
    });
    return true;
  });
}

async function redeemTotpCode(user: EnrolledUser, code: string, now: Date): Promise<boolean> {
  const step = matchTotpCode({ secret: openTotpSecret(user.totpSecret, user.id), code, now });
  if (step === null) return false;
  const prisma = await getPrisma();
  // RFC 6238 section 5.2: a code is accepted once. Only a later step than the last accepted
  // one passes, so a code seen over a shoulder (or in a proxy log) is useless afterwards.
  const accepted = await prisma.user.updateMany({
    where: { id: user.id, totpEnabledAt: { not: null }, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return accepted.count === 1;
}

/**
 * Checks the code given for a user's second factor and uses it up. "not-enrolled" when the
 * user has no second factor (the code is ignored), "missing" when one is needed and none
 * was given.
 */
export async function checkSecondFactor({
  userId,
  code,
  now = new Date(),
}: {
  userId: string;
  code?: string | null;
  now?: Date;
}): Promise<SecondFactorCheck> {
  const user = await readEnrolledUser(userId);
  if (!user) return "not-enrolled";
  if (!code?.trim()) return "missing";
  const accepted = looksLikeRecoveryCode(code) ? await redeemRecoveryCode(user, code, now) : await redeemTotpCode(user, code, now);
  return accepted ? "accepted" : "wrong";
}
