"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { retryDelivery, retryDeliverySchema } from "@/lib/mail/delivery";

export const retryMailAction = defineAction({ schema: retryDeliverySchema }, async ({ messageId }, actor) => {
  const result = await retryDelivery({ actor, messageId });
  revalidatePath("/tickets/[id]", "page");
  return result;
});
