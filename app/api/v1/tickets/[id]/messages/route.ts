import { apiOperations } from "@/lib/api/operations";
import { apiKeyRoute } from "@/lib/http/boundary";
import { addApiCustomerMessage } from "@/lib/support/api-tickets";

export const dynamic = "force-dynamic";

export const POST = apiKeyRoute(apiOperations.addCustomerMessage, async ({ caller, params, body }) => ({
  status: 201,
  body: await addApiCustomerMessage({ caller, ticketId: params.id, message: body.message }),
}));
