import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { getPrisma } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { assertWithinLimit, consumeLimit, limits } from "@/lib/http/rate-limit";
import type { Actor } from "./guard";
import { hashPassword, verifyPassword } from "./password";
import { assertPasswordPolicy } from "./password-policy";
import { endAllSessions } from "./session-version";

// A signed-in user changes their own password. The current one is required (a session left
// open on a shared machine must not be enough), and the change ends every session of the
// user, this one included: they sign in again with the new password. Re-issuing this
// session's cookie would keep them in, but a fresh sign-in is simpler to trust.

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(200, "Use at most 200 characters."),
  newPassword: z.string().max(200, "Use at most 200 characters."),
});
export type PasswordChange = z.input<typeof passwordChangeSchema>;

const limitKey = (userId: string) => `user:${userId}`;

export async function changeOwnPassword({ actor, change }: { actor: Actor; change: PasswordChange }): Promise<{ sessionsEnded: true }> {
  const parsed = passwordChangeSchema.safeParse(change);
  if (!parsed.success) throw new ValidationError("Please correct the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const { currentPassword, newPassword } = parsed.data;
  await assertWithinLimit(limits.passwordChange, limitKey(actor.userId));
  const prisma = await getPrisma();
  const user = await prisma.user.findFirstOrThrow({
    where: { id: actor.userId, workspaceId: actor.workspaceId },
    select: { email: true, name: true, passwordHash: true },
  });
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    await consumeLimit(limits.passwordChange, limitKey(actor.userId));
    throw new ValidationError("Please correct the highlighted fields.", { currentPassword: ["This is not your current password."] });
  }
  assertPasswordPolicy(newPassword, user, "newPassword");
  if (newPassword === currentPassword)
    throw new ValidationError("Please correct the highlighted fields.", {
      newPassword: ["Choose a password different from the current one."],
    });
  const passwordHash = await hashPassword(newPassword);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash } });
    const sessionVersion = await endAllSessions(tx, actor.userId);
    // Reset links mailed before the change would undo it: they end too.
    await tx.passwordReset.updateMany({ where: { userId: actor.userId, usedAt: null }, data: { usedAt: new Date() } });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "user.password_changed",
      targetType: "user",
      targetId: actor.userId,
      summary: { sessionVersion },
    });
  });
  return { sessionsEnded: true };
}
