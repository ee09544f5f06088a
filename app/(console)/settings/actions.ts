"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { apiKeyIdSchema, createApiKey, newApiKeySchema, revokeApiKey } from "@/lib/api/api-keys";
import { defineAction } from "@/lib/auth/action";
import { liftLockout, liftLockoutSchema } from "@/lib/auth/lockouts";
import { clientAddress } from "@/lib/http/client-address";
import { invitationIdSchema, invitationSchema, inviteStaff, resendInvitation, revokeInvitation } from "@/lib/users/invitations";
import { changeUserRole, roleSchema, setUserDisabled, userIdSchema } from "@/lib/users/manage";
import { endUserSessions } from "@/lib/users/sessions";

// Admin-only: defineAction re-checks the session and the ADMIN role on every call; the lib
// functions scope every query by the admin's workspace (another workspace's record: not found).

/** Staff join by invitation: the invitee chooses their own password (lib/users/invitations.ts). */
export const inviteStaffAction = defineAction({ schema: invitationSchema, role: "ADMIN" }, async (invitation, actor) => {
  const result = await inviteStaff({ actor, invitation });
  revalidatePath("/settings");
  return result;
});

export const resendInvitationAction = defineAction(
  { schema: z.object({ invitationId: invitationIdSchema }), role: "ADMIN" },
  async ({ invitationId }, actor) => {
    const result = await resendInvitation({ actor, invitationId });
    revalidatePath("/settings");
    return result;
  },
);

export const revokeInvitationAction = defineAction(
  { schema: z.object({ invitationId: invitationIdSchema }), role: "ADMIN" },
  async ({ invitationId }, actor) => {
    const result = await revokeInvitation({ actor, invitationId });
    revalidatePath("/settings");
    return result;
  },
);

export const setUserDisabledAction = defineAction(
  { schema: z.object({ userId: userIdSchema, disabled: z.boolean() }), role: "ADMIN" },
  async ({ userId, disabled }, actor) => {
    const result = await setUserDisabled({ actor, userId, disabled });
    revalidatePath("/settings");
    return result;
  },
);

/** Signs the user out everywhere (each of their sessions is refused on its next request); audited. */
export const endUserSessionsAction = defineAction(
  { schema: z.object({ userId: userIdSchema }), role: "ADMIN" },
  async ({ userId }, actor) => endUserSessions({ actor, userId, clientAddress: await clientAddress() }),
);

export const changeUserRoleAction = defineAction(
  { schema: z.object({ userId: userIdSchema, role: roleSchema }), role: "ADMIN" },
  async ({ userId, role }, actor) => {
    const result = await changeUserRole({ actor, userId, role });
    revalidatePath("/settings");
    return result;
  },
);

/** The key is in the answer once; the page shows it and never again. */
export const createApiKeyAction = defineAction({ schema: newApiKeySchema, role: "ADMIN" }, async (apiKey, actor) => {
  const { key, prefix } = await createApiKey({ actor, apiKey });
  revalidatePath("/settings");
  return { key, prefix };
});

export const revokeApiKeyAction = defineAction({ schema: z.object({ keyId: apiKeyIdSchema }), role: "ADMIN" }, async ({ keyId }, actor) => {
  await revokeApiKey({ actor, keyId });
  revalidatePath("/settings");
  return { keyId };
});

export const liftLockoutAction = defineAction({ schema: liftLockoutSchema, role: "ADMIN" }, async ({ lockoutId }, actor) => {
  await liftLockout({ actor, lockoutId });
  revalidatePath("/settings");
  return { lockoutId };
});
