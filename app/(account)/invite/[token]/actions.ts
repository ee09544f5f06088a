"use server";

import { z } from "zod";
import { publicFormAction } from "@/lib/http/boundary";
import { limits } from "@/lib/http/rate-limit";
import { acceptInvitation } from "@/lib/users/invitations";

// Bounded here; the token, name and password rules are checked by acceptInvitation.
const formSchema = z.object({ token: z.string().max(100), name: z.string().max(500), password: z.string().max(500) });

export const acceptInvitationAction = publicFormAction({ schema: formSchema, limit: limits.accountLink }, async ({ input }) => {
  await acceptInvitation({ acceptance: input });
  return { accepted: true };
});
