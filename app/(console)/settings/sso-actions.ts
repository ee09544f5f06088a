"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { removeSsoSettings, saveSsoSettings } from "@/lib/auth/sso";

// Admin-only: defineAction checks the role, the lib functions check it again, validate the
// settings with their own schema (the field errors come back to the form) and audit.

export const saveSsoSettingsAction = defineAction({ schema: z.record(z.string(), z.unknown()), role: "ADMIN" }, async (settings, actor) => {
  const result = await saveSsoSettings({ actor, settings: settings as never });
  revalidatePath("/settings");
  return result;
});

export const removeSsoSettingsAction = defineAction({ schema: z.object({}), role: "ADMIN" }, async (_input, actor) => {
  const result = await removeSsoSettings({ actor });
  revalidatePath("/settings");
  return result;
});
