"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { knowledgeReviewSchema, markKnowledgeReviewed } from "@/lib/retention/memories";
import { retentionPolicySchema, saveRetentionPolicy } from "@/lib/retention/policy";
import { runRetention } from "@/lib/retention/run";

// Admin-only: defineAction parses the input, re-reads the session's user (role and
// workspace from the database) and requires ADMIN; the lib functions act only on that
// workspace.

export const saveRetentionPolicyAction = defineAction({ schema: retentionPolicySchema, role: "ADMIN" }, async (policy, actor) => {
  const result = await saveRetentionPolicy({ actor, policy });
  revalidatePath("/settings/retention");
  return result;
});

/** What a run would do now with the policy in the form (saved or not); changes nothing but the run history. */
export const dryRunRetentionAction = defineAction({ schema: retentionPolicySchema, role: "ADMIN" }, async (policy, actor) => {
  const result = await runRetention({
    trigger: "admin",
    dryRun: true,
    policy,
    workspaceIds: [actor.workspaceId],
    actorUserId: actor.userId,
  });
  revalidatePath("/settings/retention");
  const [workspace] = result.workspaces;
  if (!workspace || workspace.status === "failed") throw new Error(workspace?.error ?? "The dry run found no workspace");
  return { asOf: result.asOf.toISOString(), policy: workspace.policy, counts: workspace.counts, preview: workspace.preview! };
});

/** An admin confirms a flagged knowledge memory is still right (articles: the knowledge base's review). */
export const markKnowledgeReviewedAction = defineAction({ schema: knowledgeReviewSchema, role: "ADMIN" }, async ({ memoryId }, actor) => {
  await markKnowledgeReviewed({ actor, memoryId });
  revalidatePath("/settings/retention");
  return { reviewed: memoryId };
});
