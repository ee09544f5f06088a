import "server-only";
import { log } from "@/lib/log";

/**
 * Streams a generator's events as newline-delimited JSON, one line per event as it is
 * produced. An unexpected failure mid-stream ends it with {"type": "error", message}.
 */
export function ndjsonResponse(events: AsyncGenerator<unknown>, failureMessage: string, label: string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await events.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
      } catch (error) {
        log.error({ err: error }, `[${label}] stream failed`);
        controller.enqueue(encoder.encode(`${JSON.stringify({ type: "error", message: failureMessage })}\n`));
        controller.close();
      }
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  return new Response(body, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}
