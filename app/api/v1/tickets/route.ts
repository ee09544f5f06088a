import { apiKeyRoute } from "@/lib/http/boundary";
import { apiNewTicketSchema, createApiTicket } from "@/lib/support/api-tickets";

export const dynamic = "force-dynamic";

export const POST = apiKeyRoute({ body: apiNewTicketSchema }, async ({ caller, body }) => ({ status: 201, body: await createApiTicket({ caller, input: body }) }));
