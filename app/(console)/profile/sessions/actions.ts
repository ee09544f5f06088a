"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { sessionIdSchema } from "@/lib/auth/user-sessions";
import { clientAddress } from "@/lib/http/client-address";
import { endOtherSessions, endOwnSession } from "@/lib/users/sessions";

// Any signed-in user, for their own sessions only: the lib verbs match the session to the actor
// (another user's session is not found). Reachable before two-factor enrolment, like the
// security page, so a user locked into enrolment can still end a session they do not trust.

export const endSessionAction = defineAction(
  { schema: z.object({ sessionId: sessionIdSchema }), beforeTwoFactorSetup: true },
  async ({ sessionId }, actor) => {
    const result = await endOwnSession({ actor, sessionId, clientAddress: await clientAddress() });
    revalidatePath("/profile/sessions");
    return result;
  },
);

export const endOtherSessionsAction = defineAction({ schema: z.object({}), beforeTwoFactorSetup: true }, async (_input, actor) => {
  const result = await endOtherSessions({ actor, clientAddress: await clientAddress() });
  revalidatePath("/profile/sessions");
  return result;
});
