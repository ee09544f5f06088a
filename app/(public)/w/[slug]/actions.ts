"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionResult, failure } from "@/lib/auth/action";
import { openPublicTicket, publicReplySchema, publicTicketSchema, rateTicket, ratingSchema, replyAsCustomer } from "@/lib/support/public";

// Public actions: no session, so the input, the workspace and (for replies) the signed
// ticket link are all that is trusted; each is rate-limited per client address.

async function clientKey(): Promise<string> {
  const list = await headers();
  return list.get("x-forwarded-for")?.split(",")[0]?.trim() || list.get("x-real-ip") || "local";
}

function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) (fields[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return fields;
}

export async function openTicketAction(slug: string, formData: FormData): Promise<ActionResult<{ number: number; token: string }>> {
  const parsed = publicTicketSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: fieldErrors(parsed.error) };
  try {
    return { ok: true, data: await openPublicTicket({ slug: z.string().max(60).parse(slug), input: parsed.data, clientKey: await clientKey() }) };
  } catch (error) {
    return failure(error);
  }
}

export async function replyAction(slug: string, formData: FormData): Promise<ActionResult<{ sent: true }>> {
  const parsed = publicReplySchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: fieldErrors(parsed.error) };
  try {
    await replyAsCustomer({ slug: z.string().max(60).parse(slug), ...parsed.data, clientKey: await clientKey() });
    revalidatePath(`/w/${slug}/t/${parsed.data.token}`);
    return { ok: true, data: { sent: true } };
  } catch (error) {
    return failure(error);
  }
}

export async function rateAction(slug: string, formData: FormData): Promise<ActionResult<{ score: number }>> {
  const parsed = ratingSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, error: "Please pick a rating.", fieldErrors: fieldErrors(parsed.error) };
  try {
    await rateTicket({ slug: z.string().max(60).parse(slug), ...parsed.data, clientKey: await clientKey() });
    revalidatePath(`/w/${slug}/t/${parsed.data.token}`);
    return { ok: true, data: { score: parsed.data.score } };
  } catch (error) {
    return failure(error);
  }
}
