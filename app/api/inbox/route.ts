import { sessionRoute } from "@/lib/http/boundary";
import { invalidInput } from "@/lib/http/errors";
import { countInboxViews, listInboxTickets } from "@/lib/support/inbox";
import { inboxQuerySchema } from "@/lib/support/inbox-query";

export const dynamic = "force-dynamic";

/** The inbox's live data: polled by the inbox page so new tickets appear without a reload. */
export const GET = sessionRoute({}, async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  // `tag` may repeat (tickets with every tag); the other filters are single values.
  const query = inboxQuerySchema.safeParse({ ...Object.fromEntries(params), tag: params.getAll("tag") });
  if (!query.success) throw invalidInput(query.error, "The inbox filters are invalid.", "query");
  const [page, counts] = await Promise.all([listInboxTickets({ actor, query: query.data }), countInboxViews({ actor })]);
  return { body: { ...page, counts } };
});
