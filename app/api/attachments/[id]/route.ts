import { z } from "zod";
import { attachmentResponse, readAttachmentForAgent } from "@/lib/attachments/serve";
import { sessionRoute } from "@/lib/http/boundary";

export const dynamic = "force-dynamic";

export const GET = sessionRoute({ params: z.object({ id: z.uuid() }) }, async ({ actor, params }) =>
  attachmentResponse(await readAttachmentForAgent({ actor, attachmentId: params.id })),
);
