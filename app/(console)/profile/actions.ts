"use server";

import { defineAction } from "@/lib/auth/action";
import { changeOwnPassword, passwordChangeSchema } from "@/lib/auth/own-password";
import { notifyByEmailSchema, setNotifyByEmail } from "@/lib/notifications/notifications";

/** Any signed-in user, for their own account. Every session of theirs ends, this one too. */
export const changePasswordAction = defineAction({ schema: passwordChangeSchema }, async (change, actor) =>
  changeOwnPassword({ actor, change }),
);

/** Their own choice: notifications by mail as well as in the console's bell. */
export const setNotifyByEmailAction = defineAction({ schema: notifyByEmailSchema }, async ({ notifyByEmail }, actor) =>
  setNotifyByEmail({ actor, notifyByEmail }),
);
