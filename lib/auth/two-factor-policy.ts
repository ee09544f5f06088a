import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { getPrisma } from "@/lib/db";
import { assertAdmin } from "./admin";
import type { Actor, Role } from "./guard";

// Who in a workspace must sign in with a second factor. A user it applies to who has not
// enrolled yet is held at /profile/security after signing in (lib/auth/guard.ts): every
// other page redirects there and every other action or API call is refused until enrolled.

export const twoFactorPolicySchema = z.enum(["NOBODY", "ADMINS", "EVERYONE"]);
export type TwoFactorPolicy = z.infer<typeof twoFactorPolicySchema>;

export const TWO_FACTOR_SETUP_PATH = "/profile/security";

export function policyRequiresTwoFactor(policy: TwoFactorPolicy, role: Role): boolean {
  return policy === "EVERYONE" || (policy === "ADMINS" && role === "ADMIN");
}

/** Whether the workspace requires a second factor of this user and they have none yet. */
export async function mustEnrolTwoFactor({ userId }: { userId: string }): Promise<boolean> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { role: true, totpEnabledAt: true, workspace: { select: { twoFactorPolicy: true } } },
  });
  if (!user || user.totpEnabledAt) return false;
  return policyRequiresTwoFactor(user.workspace.twoFactorPolicy, user.role);
}

export async function getTwoFactorPolicy({ actor }: { actor: Actor }): Promise<TwoFactorPolicy> {
  const prisma = await getPrisma();
  const workspace = await prisma.workspace.findUniqueOrThrow({ where: { id: actor.workspaceId }, select: { twoFactorPolicy: true } });
  return workspace.twoFactorPolicy;
}

/** Admins only. Takes effect at everyone's next request; nobody is signed out. */
export async function setTwoFactorPolicy({
  actor,
  policy,
}: {
  actor: Actor;
  policy: TwoFactorPolicy;
}): Promise<{ policy: TwoFactorPolicy }> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: actor.workspaceId }, select: { twoFactorPolicy: true } });
    if (before.twoFactorPolicy === policy) return;
    await tx.workspace.update({ where: { id: actor.workspaceId }, data: { twoFactorPolicy: policy } });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "workspace.two_factor_policy_changed",
      targetType: "workspace",
      targetId: actor.workspaceId,
      summary: { from: before.twoFactorPolicy, to: policy },
    });
  });
  return { policy };
}
