import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { endSessionsOfUser } from "@/lib/auth/user-sessions";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";

// The workspace's users, managed by its admins. Every change locks the workspace row first,
// so two admins changing each other at once cannot leave the workspace without an admin.
// New users join by invitation (./invitations.ts) and choose their own password.

export const roleSchema = z.enum(["ADMIN", "AGENT"], "Choose admin or agent.");

export const userIdSchema = z.uuid("Unknown user.");

export interface WorkspaceUser {
  id: string;
  name: string;
  email: string;
  role: "ADMIN" | "AGENT";
  disabledAt: Date | null;
  createdAt: Date;
}

export async function listUsers({ actor }: { actor: Actor }): Promise<WorkspaceUser[]> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  return prisma.user.findMany({
    where: { workspaceId: actor.workspaceId },
    orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
    select: { id: true, name: true, email: true, role: true, disabledAt: true, createdAt: true },
  });
}

/**
 * Disables or re-enables a user. A disabled user is refused on their next request (getActor)
 * and their sessions end, so enabling them again does not bring an old session back.
 */
export async function setUserDisabled({ actor, userId, disabled }: { actor: Actor; userId: string; disabled: boolean }) {
  assertAdmin(actor);
  if (!userIdSchema.safeParse(userId).success) throw new NotFoundError("User");
  if (disabled && userId === actor.userId) throw new ValidationError("You cannot disable your own account.");
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    await lockAsAdmin(tx, actor);
    const user = await findUser(tx, actor, userId);
    if (Boolean(user.disabledAt) === disabled) return { userId, disabled };
    if (disabled && user.role === "ADMIN") await keepAnActiveAdmin(tx, actor.workspaceId, userId);
    await tx.user.update({ where: { id: userId }, data: { disabledAt: disabled ? new Date() : null } });
    const summary = disabled ? { sessionsEnded: await endSessionsOfUser(tx, { userId }) } : {};
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: disabled ? "user.disabled" : "user.enabled",
      targetType: "user",
      targetId: userId,
      summary,
    });
    return { userId, disabled };
  });
}

export async function changeUserRole({ actor, userId, role }: { actor: Actor; userId: string; role: "ADMIN" | "AGENT" }) {
  assertAdmin(actor);
  if (!userIdSchema.safeParse(userId).success) throw new NotFoundError("User");
  if (!roleSchema.safeParse(role).success) throw new ValidationError("Choose admin or agent.", { role: ["Choose admin or agent."] });
  if (userId === actor.userId) throw new ValidationError("You cannot change your own role.");
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    await lockAsAdmin(tx, actor);
    const user = await findUser(tx, actor, userId);
    if (user.role === role) return { userId, role };
    if (user.role === "ADMIN" && !user.disabledAt) await keepAnActiveAdmin(tx, actor.workspaceId, userId);
    await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "user.role_changed",
      targetType: "user",
      targetId: userId,
      summary: { from: user.role, to: role },
    });
    return { userId, role };
  });
}

/**
 * Locks the workspace row (the audit chain takes the same lock later in the transaction)
 * and re-reads the acting admin under it: one demoted or disabled a moment ago cannot act.
 */
export async function lockAsAdmin(tx: Prisma.TransactionClient, actor: Actor): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "workspaces" WHERE "id" = ${actor.workspaceId}::uuid FOR NO KEY UPDATE`;
  const me = await tx.user.findFirst({
    where: { id: actor.userId, workspaceId: actor.workspaceId },
    select: { role: true, disabledAt: true },
  });
  if (!me || me.disabledAt || me.role !== "ADMIN") throw new ForbiddenError();
}

async function findUser(tx: Prisma.TransactionClient, actor: Actor, userId: string) {
  const user = await tx.user.findFirst({ where: { id: userId, workspaceId: actor.workspaceId }, select: { role: true, disabledAt: true } });
  if (!user) throw new NotFoundError("User");
  return user;
}

async function keepAnActiveAdmin(tx: Prisma.TransactionClient, workspaceId: string, leavingUserId: string): Promise<void> {
  const others = await tx.user.count({ where: { workspaceId, role: "ADMIN", disabledAt: null, id: { not: leavingUserId } } });
  if (others === 0) throw new ValidationError("The workspace needs at least one active admin.");
}
