import { apiOperations } from "@/lib/api/operations";
import { apiKeyRoute } from "@/lib/http/boundary";
import { createApiTicket } from "@/lib/support/api-tickets";

export const dynamic = "force-dynamic";

export const POST = apiKeyRoute(apiOperations.openTicket, async ({ caller, body }) => ({
  status: 201,
  body: await createApiTicket({ caller, input: body }),
}));
