import { z } from "zod";
import { attachmentResponse } from "@/lib/attachments/serve";
import { publicRoute, slugSchema } from "@/lib/http/boundary";
import { readFollowedAttachment } from "@/lib/support/public";

export const dynamic = "force-dynamic";

// A file on the customer's ticket, through their ticket link (the link is the credential).
export const GET = publicRoute(
  { params: z.object({ slug: slugSchema, token: z.string().min(10).max(600), id: z.uuid() }) },
  async ({ params }) =>
    attachmentResponse(await readFollowedAttachment({ slug: params.slug, token: params.token, attachmentId: params.id })),
);
