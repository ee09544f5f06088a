import { z } from "zod";
import { sessionRoute } from "@/lib/http/boundary";
import { exportCustomerAsAdmin } from "@/lib/privacy/admin";

// An admin downloads what the workspace holds about a customer (an access request that came
// by post or phone): the same JSON the customer's privacy page gives, audited.
export const GET = sessionRoute({ role: "ADMIN", params: z.object({ id: z.uuid() }) }, async ({ actor, params }) => {
  const data = await exportCustomerAsAdmin({ actor, customerId: params.id });
  const filename = `customer-data-${data.workspace.slug}-${data.generatedAt.slice(0, 10)}.json`;
  return { body: data, headers: { "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" } };
});
