"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { dueReviewRef, markDueReviewed } from "@/lib/knowledge/review-due";

// Admin only: defineAction re-checks the session and role; the lib verb checks the role
// again and finds the entry or memory in the admin's workspace only.

export const markDueReviewedAction = defineAction({ schema: dueReviewRef, role: "ADMIN" }, async ({ kind, id }, actor) => {
  await markDueReviewed({ actor, kind, id });
  revalidatePath("/knowledge/due");
  revalidatePath("/knowledge");
  return { reviewed: id };
});
