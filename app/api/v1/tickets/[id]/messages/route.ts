import { z } from "zod";
import { apiKeyRoute } from "@/lib/http/boundary";
import { addApiCustomerMessage, apiNewMessageSchema } from "@/lib/support/api-tickets";

export const dynamic = "force-dynamic";

export const POST = apiKeyRoute({ params: z.object({ id: z.uuid() }), body: apiNewMessageSchema }, async ({ caller, params, body }) => ({
  status: 201,
  body: await addApiCustomerMessage({ caller, ticketId: params.id, message: body.message }),
}));
