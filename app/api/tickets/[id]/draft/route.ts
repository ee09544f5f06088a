import { ndjsonResponse, sameOrigin } from "@/lib/api/ndjson";
import { apiRoute } from "@/lib/api/respond";
import { requireActor } from "@/lib/auth/guard";
import { ForbiddenError } from "@/lib/errors";
import { prepareDraft } from "@/lib/support/draft";

export const dynamic = "force-dynamic";

/**
 * Streams a reply draft for the ticket as newline-delimited JSON events (lib/support/draft.ts).
 * Session auth; errors before the first event (signed out, another workspace's ticket) are
 * ordinary JSON answers.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  let events: AsyncGenerator<unknown> | undefined;
  const refused = await apiRoute(async () => {
    if (!sameOrigin(request)) throw new ForbiddenError();
    const actor = await requireActor();
    const { id } = await params;
    events = await prepareDraft({ actor, ticketId: id });
    return { body: null };
  });
  if (!events) return refused;
  return ndjsonResponse(events, "Drafting failed unexpectedly.", "draft");
}
