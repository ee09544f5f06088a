"use server";

import { publicFormAction } from "@/lib/http/boundary";
import { limits } from "@/lib/http/rate-limit";
import { requestPasswordReset, resetRequestSchema } from "@/lib/auth/password-reset";

// The same answer whether the address has an account or not (lib/auth/password-reset.ts).
export const requestPasswordResetAction = publicFormAction(
  { schema: resetRequestSchema, limit: limits.passwordResetClient },
  async ({ input }) => requestPasswordReset({ email: input.email }),
);
