"use server";

import { findSsoForEmail, ssoDiscoverySchema } from "@/lib/auth/sso";
import { publicFormAction } from "@/lib/http/boundary";
import { limits } from "@/lib/http/rate-limit";

/** The provider for the address's domain, or null: the form then says to use the password. */
export const findSsoAction = publicFormAction({ schema: ssoDiscoverySchema, limit: limits.ssoDiscovery }, async ({ input }) =>
  findSsoForEmail(input.email),
);
