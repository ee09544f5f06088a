import { requireActor } from "@/lib/auth/guard";
import { jsonRoute } from "@/lib/auth/route";
import { countInboxViews, listInboxTickets } from "@/lib/support/inbox";
import { inboxQuerySchema } from "@/lib/support/inbox-query";

export const dynamic = "force-dynamic";

/** The inbox's live data: polled by the inbox page so new tickets appear without a reload. */
export async function GET(request: Request) {
  return jsonRoute(async () => {
    const actor = await requireActor();
    const query = inboxQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const [page, counts] = await Promise.all([listInboxTickets({ actor, query }), countInboxViews({ actor })]);
    return { ...page, counts };
  });
}
