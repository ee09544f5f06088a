import { authenticateApiKey } from "@/lib/api/keys";
import { apiRoute } from "@/lib/api/respond";
import { getApiTicket } from "@/lib/support/api-tickets";

export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return apiRoute(async () => {
    const caller = await authenticateApiKey(request);
    const { id } = await params;
    return { body: await getApiTicket({ caller, ticketId: id }) };
  });
}
