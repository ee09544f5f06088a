import { authenticateApiKey } from "@/lib/api/keys";
import { apiRoute, parseJsonBody } from "@/lib/api/respond";
import { apiNewTicketSchema, createApiTicket } from "@/lib/support/api-tickets";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return apiRoute(async () => {
    const caller = await authenticateApiKey(request);
    const input = await parseJsonBody(request, apiNewTicketSchema);
    return { status: 201, body: await createApiTicket({ caller, input }) };
  });
}
