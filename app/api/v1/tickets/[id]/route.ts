import { z } from "zod";
import { apiKeyRoute } from "@/lib/http/boundary";
import { getApiTicket } from "@/lib/support/api-tickets";

export const dynamic = "force-dynamic";

export const GET = apiKeyRoute({ params: z.object({ id: z.uuid() }) }, async ({ caller, params }) => ({ body: await getApiTicket({ caller, ticketId: params.id }) }));
