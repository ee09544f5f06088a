"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { resolveKnowledgeReviewFlag, reviewFlagRef } from "@/lib/knowledge/review-flags";

// Admin only: defineAction re-checks the session and role, and the lib verb checks the role
// again and scopes the flag to the admin's workspace.

export const resolveReviewFlagAction = defineAction({ schema: reviewFlagRef, role: "ADMIN" }, async ({ flagId }, actor) => {
  await resolveKnowledgeReviewFlag({ actor, flagId });
  revalidatePath("/knowledge/review");
  revalidatePath("/knowledge");
  return { resolved: true };
});
