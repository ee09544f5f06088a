import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { encryptText } from "@/lib/crypto/pii";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { assertAdmin } from "./admin";
import { assertNotLocked, countFailure, SignInRefusedError } from "./credentials";
import type { Actor } from "./guard";
import { generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes";
import { checkSecondFactor, openTotpSecret } from "./second-factor";
import { policyRequiresTwoFactor } from "./two-factor-policy";
import { generateTotpSecret, matchTotpCode, totpQrSvg, totpUri } from "./totp";

// A user's own second factor (enrol, turn off, new recovery codes) and an admin's reset of
// someone else's. Secrets and codes go back to the caller only where the user must see them
// (the secret while enrolling, recovery codes once) and never into the audit log or logs.

export const codeSchema = z.string().trim().min(1, "Enter a code.").max(64);
const WRONG_CODE = "That code is wrong or was already used.";

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
  /** The workspace requires a second factor of this user. */
  required: boolean;
}

export async function getTwoFactorStatus({ actor }: { actor: Actor }): Promise<TwoFactorStatus> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: {
      role: true,
      totpEnabledAt: true,
      workspace: { select: { twoFactorPolicy: true } },
      _count: { select: { recoveryCodes: { where: { usedAt: null } } } },
    },
  });
  return {
    enabled: Boolean(user.totpEnabledAt),
    enabledAt: user.totpEnabledAt,
    recoveryCodesLeft: user.totpEnabledAt ? user._count.recoveryCodes : 0,
    required: policyRequiresTwoFactor(user.workspace.twoFactorPolicy, user.role),
  };
}

export interface TwoFactorSetup {
  /** Base32, for people who type it into their app (and for the e2e test). */
  secret: string;
  uri: string;
  /** The QR code of `uri` as an SVG document, drawn on the server. */
  qrSvg: string;
}

/** A new secret, waiting for a code to confirm it; starting again replaces it. */
export async function beginTwoFactorSetup({ actor }: { actor: Actor }): Promise<TwoFactorSetup> {
  const prisma = await getPrisma();
  const secret = generateTotpSecret();
  const pending = await prisma.user.updateMany({
    where: { id: actor.userId, totpEnabledAt: null },
    data: { totpSecret: encryptText(secret), totpLastStep: null },
  });
  if (pending.count !== 1) throw new ConflictError("Two-factor sign-in is already on. Turn it off first to set up another app.");
  const uri = totpUri({ secret, account: actor.email });
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

async function replaceRecoveryCodes(tx: Prisma.TransactionClient, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode({ userId, code }) })) });
  return codes;
}

/** Turns the factor on once a code from the app proves it was set up; returns the recovery codes, shown once. */
export async function confirmTwoFactorSetup({
  actor,
  code,
  now = new Date(),
}: {
  actor: Actor;
  code: string;
  now?: Date;
}): Promise<{ recoveryCodes: string[] }> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpSecret: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new ConflictError("Two-factor sign-in is already on.");
  if (!user.totpSecret) throw new ConflictError("Start the setup again: no secret is waiting for a code.");
  const step = matchTotpCode({ secret: openTotpSecret(user.totpSecret, actor.userId), code, now });
  if (step === null)
    throw new ValidationError("That code does not match. Check the time on your phone and enter the code the app shows now.", {
      code: [WRONG_CODE],
    });
  return prisma.$transaction(async (tx) => {
    // Conditional, so two confirmations racing enable once and hand out one set of codes.
    const enabled = await tx.user.updateMany({
      where: { id: actor.userId, totpEnabledAt: null, totpSecret: user.totpSecret },
      data: { totpEnabledAt: now, totpLastStep: step },
    });
    if (enabled.count !== 1) throw new ConflictError("The setup changed meanwhile. Reload the page and start again.");
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.userId);
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "user.two_factor_enabled",
      targetType: "user",
      targetId: actor.userId,
      summary: { recoveryCodes: recoveryCodes.length },
    });
    return { recoveryCodes };
  });
}

/**
 * Checks a code of the signed-in user's own factor (TOTP or recovery). A wrong code counts
 * as a failed sign-in of the account, so a stolen session cannot guess codes without end.
 */
async function assertOwnCode({
  actor,
  code,
  clientAddress,
  now,
}: {
  actor: Actor;
  code: string;
  clientAddress: string;
  now: Date;
}): Promise<void> {
  try {
    await assertNotLocked(actor.email, actor.userId, now);
  } catch (error) {
    if (error instanceof SignInRefusedError) throw new ConflictError(error.message);
    throw error;
  }
  const check = await checkSecondFactor({ userId: actor.userId, code, now });
  if (check === "not-enrolled") throw new ConflictError("Two-factor sign-in is not on.");
  if (check === "accepted") return;
  await countFailure(actor.email, clientAddress, { id: actor.userId, workspaceId: actor.workspaceId }, now);
  throw new ValidationError(WRONG_CODE, { code: [WRONG_CODE] });
}

async function clearSecondFactor(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
  await tx.recoveryCode.deleteMany({ where: { userId } });
}

/** Turns the user's own factor off; needs a current code or a recovery code. */
export async function disableTwoFactor(options: { actor: Actor; code: string; clientAddress: string; now?: Date }): Promise<void> {
  const { actor } = options;
  await assertOwnCode({ ...options, now: options.now ?? new Date() });
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    await clearSecondFactor(tx, actor.userId);
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "user.two_factor_disabled",
      targetType: "user",
      targetId: actor.userId,
    });
  });
}

/** Ten new recovery codes in place of the old ones; needs a current code or a recovery code. */
export async function regenerateRecoveryCodes(options: {
  actor: Actor;
  code: string;
  clientAddress: string;
  now?: Date;
}): Promise<{ recoveryCodes: string[] }> {
  const { actor } = options;
  await assertOwnCode({ ...options, now: options.now ?? new Date() });
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.userId);
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "user.recovery_codes_regenerated",
      targetType: "user",
      targetId: actor.userId,
      summary: { recoveryCodes: recoveryCodes.length },
    });
    return { recoveryCodes };
  });
}

/** Which users of the workspace have a second factor, for the admins' user list. */
export async function listSecondFactors({ actor }: { actor: Actor }): Promise<Map<string, Date>> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const users = await prisma.user.findMany({
    where: { workspaceId: actor.workspaceId, totpEnabledAt: { not: null } },
    select: { id: true, totpEnabledAt: true },
  });
  return new Map(users.map((user) => [user.id, user.totpEnabledAt!]));
}

export const resetTwoFactorSchema = z.object({ userId: z.uuid() });

/**
 * An admin removes another user's second factor (a lost phone and lost recovery codes). The
 * user signs in with the password alone until they enrol again, which the workspace's
 * policy may require at once. An admin's own factor is turned off with a code, not here.
 */
export async function resetTwoFactor({ actor, userId }: { actor: Actor; userId: string }): Promise<void> {
  assertAdmin(actor);
  if (userId === actor.userId) throw new ForbiddenError("Turn off your own second factor on your security page.");
  const prisma = await getPrisma();
  const user = await prisma.user.findFirst({
    where: { id: userId, workspaceId: actor.workspaceId },
    select: { id: true, totpSecret: true },
  });
  if (!user) throw new NotFoundError("User");
  if (!user.totpSecret) throw new ConflictError("This user has no second factor to reset.");
  await prisma.$transaction(async (tx) => {
    await clearSecondFactor(tx, user.id);
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "user.two_factor_reset",
      targetType: "user",
      targetId: user.id,
    });
  });
}
