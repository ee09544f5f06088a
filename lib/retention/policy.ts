import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";

// How long each kind of memory is kept, per workspace. A workspace that never saved a
// policy has the design's defaults: session memory 24 hours after the ticket's last message
// or resolution (and cleared on resolution),
// team knowledge reviewed every 180 days, customer memory archived after 365 days without
// activity (and deleted only at the customer's request, never by retention).

export const defaultRetentionPolicy = { sessionHours: 24, knowledgeReviewDays: 180, customerArchiveDays: 365 } as const;

const whole = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter a number of ${what}.` })
    .int(`Use a whole number of ${what}.`)
    .min(min, `Use at least ${min} ${what}.`)
    .max(max, `Use at most ${max.toLocaleString("en")} ${what}.`);

export const retentionPolicySchema = z.object({
  sessionHours: whole("hours", 1, 720),
  knowledgeReviewDays: whole("days", 7, 1825),
  customerArchiveDays: whole("days", 30, 3650),
});
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

export async function getRetentionPolicy({ workspaceId }: { workspaceId: string }): Promise<RetentionPolicy & { updatedAt: Date | null }> {
  const prisma = await getPrisma();
  const row = await prisma.retentionPolicy.findUnique({
    where: { workspaceId },
    select: { sessionHours: true, knowledgeReviewDays: true, customerArchiveDays: true, updatedAt: true },
  });
  return row ?? { ...defaultRetentionPolicy, updatedAt: null };
}

/** Saves the actor's workspace policy (admins only), audited with the fields that changed. */
export async function saveRetentionPolicy({ actor, policy }: { actor: Actor; policy: RetentionPolicy }): Promise<{ changed: string[] }> {
  if (actor.role !== "ADMIN") throw new ForbiddenError();
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const before = (await tx.retentionPolicy.findUnique({ where: { workspaceId: actor.workspaceId } })) ?? defaultRetentionPolicy;
    const changed = (Object.keys(defaultRetentionPolicy) as Array<keyof RetentionPolicy>).filter((key) => before[key] !== policy[key]);
    if (changed.length === 0) return { changed };
    await tx.retentionPolicy.upsert({
      where: { workspaceId: actor.workspaceId },
      create: { workspaceId: actor.workspaceId, ...policy, updatedByUserId: actor.userId },
      update: { ...policy, updatedByUserId: actor.userId },
    });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "retention.policy_updated",
      targetType: "workspace",
      targetId: actor.workspaceId,
      summary: Object.fromEntries(changed.map((key) => [key, { from: before[key], to: policy[key] }])),
    });
    return { changed };
  });
}
