import "server-only";
import type { z } from "zod";
import { env } from "@/lib/env";
import { PayloadTooLargeError, ValidationError } from "@/lib/errors";
import { formatBytes } from "@/lib/format-bytes";
import { invalidInput } from "./errors";

// Request bodies are read with a byte limit: a declared Content-Length over it is refused
// before reading, and a body that grows past it while streaming stops there (413), so a
// client cannot make a process buffer an unbounded upload.

export function jsonBodyLimit(): number {
  return env().MAX_JSON_BODY_BYTES;
}

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The request body is larger than ${formatBytes(limit)}.`);
}

export { formatBytes } from "@/lib/format-bytes";

function assertDeclaredSize(request: Request, limit: number): void {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
}

/** The body as a stream that errors with PayloadTooLargeError once it passes `limit` bytes. */
export function limitedBody(request: Request, limit: number): ReadableStream<Uint8Array> | null {
  assertDeclaredSize(request, limit);
  if (!request.body) return null;
  let seen = 0;
  return request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(tooLarge(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/** The whole body, at most `limit` bytes. */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
  const stream = limitedBody(request, limit);
  if (!stream) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A JSON body parsed with `schema`: 413 past the limit, 400 for bad JSON or a field that fails. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, limit = jsonBodyLimit()): Promise<z.output<S>> {
  const bytes = await readBodyBytes(request, limit);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ValidationError("The request body must be JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error, "The request body is invalid.", "body");
  return parsed.data;
}

/** Multipart form data read through the byte limit (Request#formData alone would buffer any size). */
export async function readFormData(request: Request, limit: number): Promise<FormData> {
  const body = limitedBody(request, limit);
  const limited = new Request(request.url, { method: request.method, headers: request.headers, body, duplex: "half" } as RequestInit);
  try {
    return await limited.formData();
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof PayloadTooLargeError) throw cause;
    // A stream that errored surfaces as a TypeError whose message names it; anything else is a bad upload.
    if (/larger than/.test(String((error as Error).message))) throw tooLarge(limit);
    throw new ValidationError("The upload could not be read as a form.");
  }
}
