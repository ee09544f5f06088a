import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { limits, resetLimit } from "@/lib/http/rate-limit";
import { assertAdmin } from "./admin";
import { accountLimitKey } from "./credentials";
import type { Actor } from "./guard";

// Accounts locked by failed sign-ins (lib/auth/credentials.ts), as admins see and lift them.

export interface ActiveLockout {
  id: string;
  userId: string;
  userName: string;
  userEmail: string;
  failures: number;
  lockedAt: Date;
  lockedUntil: Date;
}

export async function listActiveLockouts({ actor, now = new Date() }: { actor: Actor; now?: Date }): Promise<ActiveLockout[]> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const rows = await prisma.signInLockout.findMany({
    where: { workspaceId: actor.workspaceId, liftedAt: null, lockedUntil: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, failures: true, createdAt: true, lockedUntil: true, user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    userId: row.user.id,
    userName: row.user.name,
    userEmail: row.user.email,
    failures: row.failures,
    lockedAt: row.createdAt,
    lockedUntil: row.lockedUntil,
  }));
}

export const liftLockoutSchema = z.object({ lockoutId: z.uuid() });

/** Lets the account sign in again at once: the lockout ends and its failure count is forgotten. */
export async function liftLockout({ actor, lockoutId, now = new Date() }: { actor: Actor; lockoutId: string; now?: Date }): Promise<void> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const lockout = await prisma.signInLockout.findFirst({
    where: { id: lockoutId, workspaceId: actor.workspaceId },
    select: { id: true, userId: true, liftedAt: true, user: { select: { email: true } } },
  });
  if (!lockout) throw new NotFoundError("Lockout");
  if (!lockout.liftedAt) {
    await prisma.$transaction(async (tx) => {
      // Every open lockout of the user ends, in case two were recorded close together.
      await tx.signInLockout.updateMany({
        where: { userId: lockout.userId, liftedAt: null },
        data: { liftedAt: now, liftedByUserId: actor.userId },
      });
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        actorType: "user",
        action: "user.lockout_lifted",
        targetType: "user",
        targetId: lockout.userId,
        summary: { lockoutId: lockout.id },
      });
    });
  }
  await resetLimit(limits.signInAccount, accountLimitKey(lockout.user.email));
}
