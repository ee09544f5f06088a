import { apiOperations } from "@/lib/api/operations";
import { getApiCustomer, patchApiCustomer } from "@/lib/customers/api-customers";
import { apiKeyRoute } from "@/lib/http/boundary";

export const dynamic = "force-dynamic";

export const GET = apiKeyRoute(apiOperations.getCustomer, async ({ caller, params }) => ({
  body: await getApiCustomer({ caller, customerId: params.id }),
}));

export const PATCH = apiKeyRoute(apiOperations.updateCustomer, async ({ caller, params, body }) => ({
  body: await patchApiCustomer({ caller, customerId: params.id, patch: body }),
}));
