import { apiOperations } from "@/lib/api/operations";
import { apiKeyRoute } from "@/lib/http/boundary";
import { getApiTicket, patchApiTicket } from "@/lib/support/api-tickets";

export const dynamic = "force-dynamic";

export const GET = apiKeyRoute(apiOperations.getTicket, async ({ caller, params }) => ({
  body: await getApiTicket({ caller, ticketId: params.id }),
}));

export const PATCH = apiKeyRoute(apiOperations.updateTicket, async ({ caller, params, body }) => ({
  body: await patchApiTicket({ caller, ticketId: params.id, patch: body }),
}));
