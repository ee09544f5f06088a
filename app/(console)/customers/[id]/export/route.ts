import { apiRoute } from "@/lib/api/respond";
import { requireActor } from "@/lib/auth/guard";
import { exportCustomerAsAdmin } from "@/lib/privacy/admin";

// An admin downloads what the workspace holds about a customer (an access request that came
// by post or phone): the same JSON the customer's privacy page gives, audited.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  let filename = "customer-data.json";
  const response = await apiRoute(async () => {
    const actor = await requireActor({ role: "ADMIN" });
    const data = await exportCustomerAsAdmin({ actor, customerId: id });
    filename = `customer-data-${data.workspace.slug}-${data.generatedAt.slice(0, 10)}.json`;
    return { body: data };
  });
  if (response.ok) {
    response.headers.set("content-disposition", `attachment; filename="${filename}"`);
    response.headers.set("cache-control", "no-store");
  }
  return response;
}
