import { apiOperations } from "@/lib/api/operations";
import { findApiCustomers } from "@/lib/customers/api-customers";
import { apiKeyRoute } from "@/lib/http/boundary";

export const dynamic = "force-dynamic";

export const GET = apiKeyRoute(apiOperations.findCustomers, async ({ caller, query }) => ({
  body: await findApiCustomers({ caller, email: query.email }),
}));
