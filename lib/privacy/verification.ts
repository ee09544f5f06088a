import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { z } from "zod";
import { getPrisma } from "@/lib/db";
import { RateLimitedError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { consumeLimit, limits } from "@/lib/http/rate-limit";
import { sendMail } from "@/lib/mail/send";
import { hashCode, hashEmail, normalizeEmail, sameHash, signPayload, verifySigned } from "./hash";

// Proving an address before export or erasure: a six-digit code is mailed to it, stored
// only as a keyed hash, valid 15 minutes, for one use and at most 5 tries. A code is
// mailed whether or not we know the address, so the answer, the work and the time are the
// same either way (no enumeration), and an address we do not know simply exports nothing.

export const CODE_TTL_MS = 15 * 60_000;
export const MAX_ATTEMPTS = 5;
export const SESSION_TTL_MS = 30 * 60_000;
/** Codes asked for from one connection, and for one address, per 15 minutes. */
export const CODE_LIMITS = { perClient: limits.privacyCodeClient.points, perAddress: limits.privacyCodeAddress.points };

export const privacyEmailSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email("Enter a valid email address.")),
});
export const privacyCodeSchema = privacyEmailSchema.extend({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code from the email."),
});

export interface PrivacyWorkspace {
  id: string;
  name: string;
}

export async function requestPrivacyCode(input: {
  workspace: PrivacyWorkspace;
  email: string;
  clientKey: string;
  now?: Date;
}): Promise<{ email: string; expiresAt: Date }> {
  const email = normalizeEmail(input.email);
  const emailHash = hashEmail(input.workspace.id, email);
  await consumeLimit(limits.privacyCodeClient, input.clientKey);
  try {
    await consumeLimit(limits.privacyCodeAddress, `${input.workspace.id}:${email}`);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    throw new RateLimitedError(
      error.retryAfterSeconds,
      "Several codes were sent to this address recently. Use the latest one, or try again in 15 minutes.",
    );
  }
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const challengeId = randomUUID();
  const prisma = await getPrisma();
  // The same reads and writes whether or not the address is a customer's.
  const customer = await prisma.customer.findFirst({ where: { workspaceId: input.workspace.id, email }, select: { id: true } });
  await prisma.$transaction(async (tx) => {
    // A new code replaces the earlier ones: guesses never spread over several live codes.
    await tx.privacyChallenge.updateMany({
      where: { workspaceId: input.workspace.id, emailHash, usedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    await tx.privacyChallenge.create({
      data: {
        id: challengeId,
        workspaceId: input.workspace.id,
        emailHash,
        codeHash: hashCode(challengeId, code),
        expiresAt,
        createdAt: now,
      },
    });
  });
  const lines = (shown: string) =>
    [
      `Your code for ${input.workspace.name}'s privacy page is ${shown}.`,
      ``,
      `Enter it on the page where you asked for it. It works once and expires in 15 minutes.`,
      `If you did not ask for it, ignore this email: nothing happens without the code.`,
    ].join("\n");
  await sendMail({
    workspaceId: input.workspace.id,
    customerId: customer?.id ?? null,
    kind: "privacy_code",
    to: email,
    subject: `Your ${input.workspace.name} privacy code`,
    text: lines(code),
    storedText: lines("••••••"),
  });
  return { email, expiresAt };
}

export class CodeRefusedError extends ValidationError {}

/**
 * Checks a code. Every try counts, right or wrong, claimed atomically before comparing,
 * so parallel guesses cannot exceed the limit. Returns a signed session for the address.
 */
export async function verifyPrivacyCode(input: {
  workspace: PrivacyWorkspace;
  email: string;
  code: string;
  clientKey: string;
  now?: Date;
}): Promise<{ token: string; expiresAt: Date }> {
  const email = normalizeEmail(input.email);
  // Guesses are limited per connection and per target address: a new code every few
  // minutes must not turn five tries per code into unlimited guessing.
  await consumeLimit(limits.privacyVerifyClient, input.clientKey);
  await consumeLimit(limits.privacyVerifyTarget, `${input.workspace.id}:${email}`);
  const emailHash = hashEmail(input.workspace.id, email);
  const now = input.now ?? new Date();
  const prisma = await getPrisma();
  const challenge = await prisma.privacyChallenge.findFirst({
    where: { workspaceId: input.workspace.id, emailHash },
    orderBy: { createdAt: "desc" },
    select: { id: true, codeHash: true, attempts: true, expiresAt: true, usedAt: true },
  });
  const refuse = (message: string) => new CodeRefusedError(message, { code: [message] });
  if (!challenge || challenge.usedAt || challenge.expiresAt <= now)
    throw refuse("This code has expired or was already used. Ask for a new one.");
  if (challenge.attempts >= MAX_ATTEMPTS) throw refuse("Too many wrong codes. Ask for a new one.");
  const claimed = await prisma.privacyChallenge.updateMany({
    where: { id: challenge.id, usedAt: null, expiresAt: { gt: now }, attempts: { lt: MAX_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (claimed.count === 0) throw refuse("Too many wrong codes. Ask for a new one.");
  if (!sameHash(challenge.codeHash, hashCode(challenge.id, input.code.trim()))) {
    const left = MAX_ATTEMPTS - challenge.attempts - 1;
    throw refuse(
      left > 0 ? `That code is not right. ${left} ${left === 1 ? "try" : "tries"} left.` : "Too many wrong codes. Ask for a new one.",
    );
  }
  const used = await prisma.privacyChallenge.updateMany({ where: { id: challenge.id, usedAt: null }, data: { usedAt: now } });
  if (used.count === 0) throw refuse("This code has expired or was already used. Ask for a new one.");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  return { token: signPayload("privacy-session", { w: input.workspace.id, e: email, x: expiresAt.getTime() }), expiresAt };
}

/** The address a privacy session cookie proves, for this workspace; UnauthorizedError otherwise. */
export function readPrivacySession(token: string | undefined, workspaceId: string, now = new Date()): { email: string } {
  const payload = token ? verifySigned<{ w: string; e: string; x: number }>("privacy-session", token) : null;
  if (!payload || payload.w !== workspaceId || typeof payload.e !== "string" || !(payload.x > now.getTime())) {
    throw new UnauthorizedError("Your confirmation has expired. Ask for a new code.");
  }
  return { email: payload.e };
}

/** Codes are worth nothing after 15 minutes; the mail that carried them goes after a day. */
export async function purgeOldPrivacyCodes(now = new Date()): Promise<{ challenges: number; mails: number }> {
  const prisma = await getPrisma();
  const cutoff = new Date(now.getTime() - 24 * 60 * 60_000);
  const challenges = await prisma.privacyChallenge.deleteMany({ where: { expiresAt: { lt: cutoff } } });
  const mails = await prisma.outboxMail.deleteMany({ where: { kind: "privacy_code", createdAt: { lt: cutoff } } });
  return { challenges: challenges.count, mails: mails.count };
}
