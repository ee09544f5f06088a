"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { restoreArchivedCustomer, restoreCustomerRef } from "@/lib/retention/archived";

// Admin only: defineAction re-checks the session and role; the lib verb checks the role
// again and finds the customer in the admin's workspace only.

export const restoreArchivedCustomerAction = defineAction({ schema: restoreCustomerRef, role: "ADMIN" }, async ({ customerId }, actor) => {
  const result = await restoreArchivedCustomer({ actor, customerId });
  revalidatePath("/settings/retention/archived");
  return result;
});
