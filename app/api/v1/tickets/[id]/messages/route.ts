import { authenticateApiKey } from "@/lib/api/keys";
import { apiRoute, parseJsonBody } from "@/lib/api/respond";
import { addApiCustomerMessage, apiNewMessageSchema } from "@/lib/support/api-tickets";

export const dynamic = "force-dynamic";

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return apiRoute(async () => {
    const caller = await authenticateApiKey(request);
    const { message } = await parseJsonBody(request, apiNewMessageSchema);
    const { id } = await params;
    return { status: 201, body: await addApiCustomerMessage({ caller, ticketId: id, message }) };
  });
}
