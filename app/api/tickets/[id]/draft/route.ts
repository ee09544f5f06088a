import { z } from "zod";
import { ndjsonResponse } from "@/lib/api/ndjson";
import { sessionRoute } from "@/lib/http/boundary";
import { prepareDraft } from "@/lib/support/draft";

export const dynamic = "force-dynamic";

/**
 * Streams a reply draft for the ticket as newline-delimited JSON events (lib/support/draft.ts).
 * Errors before the first event (signed out, another workspace's ticket) are ordinary JSON answers.
 */
export const POST = sessionRoute({ params: z.object({ id: z.uuid() }) }, async ({ actor, params }) =>
  ndjsonResponse(await prepareDraft({ actor, ticketId: params.id }), "Drafting failed unexpectedly.", "draft"),
);
