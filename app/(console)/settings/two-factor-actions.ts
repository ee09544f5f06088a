"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { resetTwoFactor, resetTwoFactorSchema } from "@/lib/auth/two-factor";
import { setTwoFactorPolicy, twoFactorPolicySchema } from "@/lib/auth/two-factor-policy";

// Admin-only, as the rest of /settings: defineAction checks the role, the lib functions check
// it again and scope by the admin's workspace; both write their audit entry.

export const setTwoFactorPolicyAction = defineAction(
  { schema: z.object({ policy: twoFactorPolicySchema }), role: "ADMIN" },
  async ({ policy }, actor) => {
    const result = await setTwoFactorPolicy({ actor, policy });
    revalidatePath("/settings");
    return result;
  },
);

export const resetTwoFactorAction = defineAction({ schema: resetTwoFactorSchema, role: "ADMIN" }, async ({ userId }, actor) => {
  await resetTwoFactor({ actor, userId });
  revalidatePath("/settings");
  return { userId };
});
