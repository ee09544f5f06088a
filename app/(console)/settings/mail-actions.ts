"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { mailSettingsSchema, rotateInboundSecret, updateMailSettings } from "@/lib/mail/settings";

// Admin-only: defineAction checks the role, the lib functions check it again and audit.

export const saveMailSettingsAction = defineAction({ schema: mailSettingsSchema, role: "ADMIN" }, async (input, actor) => {
  await updateMailSettings({ actor, input });
  revalidatePath("/settings");
  return { saved: true };
});

export const rotateInboundSecretAction = defineAction({ schema: z.object({}), role: "ADMIN" }, async (_input, actor) => {
  const result = await rotateInboundSecret({ actor });
  revalidatePath("/settings");
  return result;
});
