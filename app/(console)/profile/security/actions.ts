"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { beginTwoFactorSetup, codeSchema, confirmTwoFactorSetup, disableTwoFactor, regenerateRecoveryCodes } from "@/lib/auth/two-factor";
import { TWO_FACTOR_SETUP_PATH } from "@/lib/auth/two-factor-policy";
import { clientAddress } from "@/lib/http/client-address";

// The user's own second factor. Setting it up stays open to a user whom the workspace
// requires to enrol and who has not yet (beforeTwoFactorSetup): it is the way out of that state.
// Confirming and new recovery codes do not revalidate the page: the codes are shown once by
// the component that asked, and a re-render would replace it before they were saved.

const withCode = z.object({ code: codeSchema });

export const beginTwoFactorSetupAction = defineAction({ schema: z.object({}), beforeTwoFactorSetup: true }, async (_input, actor) => {
  const { secret, qrSvg } = await beginTwoFactorSetup({ actor });
  // An <img> of a data: URL (the page's CSP allows data: images): the SVG is never parsed into the page's DOM.
  return { secret, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(qrSvg).toString("base64")}` };
});

export const confirmTwoFactorSetupAction = defineAction({ schema: withCode, beforeTwoFactorSetup: true }, async ({ code }, actor) => {
  return confirmTwoFactorSetup({ actor, code });
});

export const disableTwoFactorAction = defineAction({ schema: withCode }, async ({ code }, actor) => {
  await disableTwoFactor({ actor, code, clientAddress: await clientAddress() });
  revalidatePath(TWO_FACTOR_SETUP_PATH);
  return { disabled: true };
});

export const regenerateRecoveryCodesAction = defineAction({ schema: withCode }, async ({ code }, actor) => {
  return regenerateRecoveryCodes({ actor, code, clientAddress: await clientAddress() });
});
