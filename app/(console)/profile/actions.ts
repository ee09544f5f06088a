"use server";

import { defineAction } from "@/lib/auth/action";
import { changeOwnPassword, passwordChangeSchema } from "@/lib/auth/own-password";

/** Any signed-in user, for their own account. Every session of theirs ends, this one too. */
export const changePasswordAction = defineAction({ schema: passwordChangeSchema }, async (change, actor) =>
  changeOwnPassword({ actor, change }),
);
