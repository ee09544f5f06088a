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
    // Cookies ride along on cross-site posts from old browsers: only our own pages may ask.
    const origin = request.headers.get("origin");
    if (origin && new URL(origin).host !== request.headers.get("host")) throw new ForbiddenError();
    const actor = await requireActor();
    const { id } = await params;
    events = await prepareDraft({ actor, ticketId: id });
    return { body: null };
  });
  if (!events) return refused;
  const source = events;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await source.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
      } catch (error) {
        console.error("[draft] stream failed:", error);
        controller.enqueue(encoder.encode(`${JSON.stringify({ type: "error", message: "Drafting failed unexpectedly." })}\n`));
        controller.close();
      }
    },
    async cancel() {
      await source.return(undefined);
    },
  });
  return new Response(body, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" } });
}
