"use server";

import { cookies, headers } from "next/headers";
import { z } from "zod";
import { publicAction } from "@/lib/http/boundary";
import { eraseForSession, PRIVACY_COOKIE, requestCode, verifyCode } from "@/lib/privacy/self-service";
import { privacyCodeSchema, privacyEmailSchema } from "@/lib/privacy/verification";

// The privacy page's actions. No account: the address is proven by a mailed code, and the
// proof is an httpOnly, same-site-strict cookie scoped to this page. Limits per client
// address, per address asked for and per address guessed at live in lib/privacy.

export const requestCodeAction = publicAction(
  { schema: privacyEmailSchema, invalidMessage: "Please correct the highlighted field." },
  async ({ slug, input, client }) => {
    const sent = await requestCode({ slug, email: input.email, clientKey: client });
    return { email: sent.email };
  },
);

export const verifyCodeAction = publicAction(
  { schema: privacyCodeSchema, invalidMessage: "Please correct the highlighted field." },
  async ({ slug, input, client }) => {
    const verified = await verifyCode({ slug, ...input, clientKey: client });
    const secure = (await headers()).get("x-forwarded-proto") === "https" || process.env.NEXTAUTH_URL?.startsWith("https:") === true;
    (await cookies()).set(PRIVACY_COOKIE, verified.token, {
      httpOnly: true,
      sameSite: "strict",
      secure,
      path: `/w/${slug}/privacy`,
      expires: verified.expiresAt,
    });
    return verified.overview;
  },
);

export const eraseAction = publicAction({ schema: z.object({}) }, async ({ slug }) => {
  const jar = await cookies();
  const result = await eraseForSession({ slug, token: jar.get(PRIVACY_COOKIE)?.value });
  jar.delete({ name: PRIVACY_COOKIE, path: `/w/${slug}/privacy` });
  return result;
});

export const forgetSessionAction = publicAction({ schema: z.object({}) }, async ({ slug }) => {
  (await cookies()).delete({ name: PRIVACY_COOKIE, path: `/w/${slug}/privacy` });
  return { forgotten: true as const };
});
