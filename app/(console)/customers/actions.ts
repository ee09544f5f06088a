"use server";

import { defineAction } from "@/lib/auth/action";
import { customerProfileFormSchema } from "@/lib/customers/fields";
import {
  confirmLearnedFact,
  correctLearnedFact,
  deleteLearnedFact,
  learnedFactCorrectionSchema,
  learnedFactSchema,
} from "@/lib/customers/learned-facts";
import { editCustomerProfile } from "@/lib/customers/overview";

// The customer's profile and learned facts, changed by any member of the workspace from the
// ticket's customer pane or the customer page (the forms refresh the page they are on).

export const updateCustomerProfileAction = defineAction({ schema: customerProfileFormSchema }, ({ customerId, ...patch }, actor) =>
  editCustomerProfile({ actor, customerId, patch }),
);

export const confirmLearnedFactAction = defineAction({ schema: learnedFactSchema }, (input, actor) =>
  confirmLearnedFact({ actor, memoryId: input.memoryId }),
);

export const correctLearnedFactAction = defineAction({ schema: learnedFactCorrectionSchema }, async (input, actor) => {
  await correctLearnedFact({ actor, ...input });
  return { corrected: input.memoryId };
});

export const deleteLearnedFactAction = defineAction({ schema: learnedFactSchema }, async (input, actor) => {
  await deleteLearnedFact({ actor, memoryId: input.memoryId });
  return { deleted: input.memoryId };
});
