"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import {
  articleInputSchema,
  articleRef,
  confirmReview,
  createArticle,
  publishArticle,
  restoreVersion,
  saveArticle,
  unpublishArticle,
} from "@/lib/knowledge/articles";
import { dismissSuggestion } from "@/lib/knowledge/suggestions";

// Admin only: each action re-checks the session and role (defineAction), and the lib
// functions scope every read and write to the admin's workspace.

const withPublish = articleInputSchema.extend({
  publish: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => value === "true"),
});

export const createArticleAction = defineAction({ schema: withPublish, role: "ADMIN" }, async ({ publish, ...input }, actor) => {
  const id = await createArticle({ actor, input, publish });
  revalidatePath("/knowledge");
  return { articleId: id };
});

export const saveArticleAction = defineAction(
  { schema: withPublish.extend(articleRef.shape), role: "ADMIN" },
  async ({ publish, articleId, ...input }, actor) => {
    const saved = await saveArticle({ actor, articleId, input });
    if (publish) await publishArticle({ actor, articleId });
    revalidatePath(`/knowledge/${articleId}`);
    return saved;
  },
);

const versionRef = articleRef.extend({ version: z.coerce.number().int().min(1) });

export const publishArticleAction = defineAction(
  { schema: articleRef.extend({ version: z.coerce.number().int().min(1).optional() }), role: "ADMIN" },
  async ({ articleId, version }, actor) => {
    await publishArticle({ actor, articleId, version });
    revalidatePath(`/knowledge/${articleId}`);
    return { published: true };
  },
);

export const unpublishArticleAction = defineAction(
  { schema: articleRef.extend({ retire: z.boolean().default(false) }), role: "ADMIN" },
  async ({ articleId, retire }, actor) => {
    await unpublishArticle({ actor, articleId, retire });
    revalidatePath(`/knowledge/${articleId}`);
    return { unpublished: true };
  },
);

export const restoreVersionAction = defineAction({ schema: versionRef, role: "ADMIN" }, async ({ articleId, version }, actor) => {
  const restored = await restoreVersion({ actor, articleId, version });
  revalidatePath(`/knowledge/${articleId}`);
  return restored;
});

export const confirmReviewAction = defineAction({ schema: articleRef, role: "ADMIN" }, async ({ articleId }, actor) => {
  await confirmReview({ actor, articleId });
  revalidatePath(`/knowledge/${articleId}`);
  return { reviewed: true };
});

export const dismissSuggestionAction = defineAction({ schema: articleRef, role: "ADMIN" }, async ({ articleId }, actor) => {
  await dismissSuggestion({ actor, articleId });
  revalidatePath("/knowledge");
  return { dismissed: true };
});
