"use server";

import { cookies, headers } from "next/headers";
import { z } from "zod";
import { type ActionResult, failure } from "@/lib/auth/action";
import type { HoldingsOverview } from "@/lib/privacy/holdings";
import type { ErasureReceipt } from "@/lib/privacy/receipt";
import { eraseForSession, PRIVACY_COOKIE, requestCode, verifyCode } from "@/lib/privacy/self-service";
import { privacyCodeSchema, privacyEmailSchema } from "@/lib/privacy/verification";

// The privacy page's actions. No account: the address is proven by a mailed code, and the
// proof is an httpOnly, same-site-strict cookie scoped to this page. Every action is
// rate-limited per client address (and codes per email address) in lib/privacy.

async function clientKey(): Promise<string> {
  const list = await headers();
  return list.get("x-forwarded-for")?.split(",")[0]?.trim() || list.get("x-real-ip") || "local";
}

function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) (fields[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return fields;
}

const slugSchema = z.string().max(60);

export async function requestCodeAction(slug: string, formData: FormData): Promise<ActionResult<{ email: string }>> {
  const parsed = privacyEmailSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, error: "Please correct the highlighted field.", fieldErrors: fieldErrors(parsed.error) };
  try {
    const sent = await requestCode({ slug: slugSchema.parse(slug), email: parsed.data.email, clientKey: await clientKey() });
    return { ok: true, data: { email: sent.email } };
  } catch (error) {
    return failure(error);
  }
}

export async function verifyCodeAction(slug: string, formData: FormData): Promise<ActionResult<HoldingsOverview>> {
  const parsed = privacyCodeSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, error: "Please correct the highlighted field.", fieldErrors: fieldErrors(parsed.error) };
  try {
    const safeSlug = slugSchema.parse(slug);
    const verified = await verifyCode({ slug: safeSlug, ...parsed.data, clientKey: await clientKey() });
    const secure = (await headers()).get("x-forwarded-proto") === "https" || process.env.NEXTAUTH_URL?.startsWith("https:") === true;
    (await cookies()).set(PRIVACY_COOKIE, verified.token, { httpOnly: true, sameSite: "strict", secure, path: `/w/${safeSlug}/privacy`, expires: verified.expiresAt });
    return { ok: true, data: verified.overview };
  } catch (error) {
    return failure(error);
  }
}

export async function eraseAction(slug: string): Promise<ActionResult<{ requestId: string; receipt: ErasureReceipt | null }>> {
  try {
    const safeSlug = slugSchema.parse(slug);
    const jar = await cookies();
    const result = await eraseForSession({ slug: safeSlug, token: jar.get(PRIVACY_COOKIE)?.value });
    jar.delete({ name: PRIVACY_COOKIE, path: `/w/${safeSlug}/privacy` });
    return { ok: true, data: result };
  } catch (error) {
    return failure(error);
  }
}

export async function forgetSessionAction(slug: string): Promise<void> {
  (await cookies()).delete({ name: PRIVACY_COOKIE, path: `/w/${slugSchema.parse(slug)}/privacy` });
}
