"use server";

import { z } from "zod";
import { resetPassword } from "@/lib/auth/password-reset";
import { publicFormAction } from "@/lib/http/boundary";
import { limits } from "@/lib/http/rate-limit";

// Bounded here; the token and the password policy are checked by resetPassword.
const formSchema = z.object({ token: z.string().max(100), password: z.string().max(500) });

export const resetPasswordAction = publicFormAction({ schema: formSchema, limit: limits.accountLink }, async ({ input }) => {
  await resetPassword({ reset: input });
  return { reset: true };
});
