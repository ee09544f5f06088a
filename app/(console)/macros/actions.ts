"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { createMacro, deleteMacro, macroInputSchema, macroRef, updateMacro } from "@/lib/support/macros";

// Agents and admins alike (the lib verbs check the workspace, and who may delete).

export const createMacroAction = defineAction({ schema: macroInputSchema }, async (input, actor) => {
  const created = await createMacro({ actor, input });
  revalidatePath("/macros");
  return created;
});

export const saveMacroAction = defineAction({ schema: macroInputSchema.extend(macroRef.shape) }, async ({ macroId, ...input }, actor) => {
  const saved = await updateMacro({ actor, macroId, input });
  revalidatePath("/macros");
  return saved;
});

export const deleteMacroAction = defineAction({ schema: macroRef }, async ({ macroId }, actor) => {
  const deleted = await deleteMacro({ actor, macroId });
  revalidatePath("/macros");
  return deleted;
});
