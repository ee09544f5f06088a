import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError, RateLimitedError, ValidationError } from "@/lib/errors";
import { currentRequestId, log } from "@/lib/log";

// One mapping from errors to answers, for server actions (a result object) and route
// handlers (a JSON response). Expected errors carry a message safe to show; anything else
// is logged with a request id and answered without internals. The id is the request's own
// (scripts/server.ts, lib/log.ts), so the one a user reports is in the X-Request-ID header
// and on every log line of that request.

export type ActionFailure = { ok: false; error: string; fieldErrors?: Record<string, string[]>; retryAfterSeconds?: number };
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

/** zod issues by field path ("form" for the object itself), as forms show them. */
export function fieldErrorsOf(error: z.ZodError, root = "form"): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) (fields[issue.path.join(".") || root] ??= []).push(issue.message);
  return fields;
}

export function invalidInput(error: z.ZodError, message = "Please correct the highlighted fields.", root = "form"): ValidationError {
  return new ValidationError(message, fieldErrorsOf(error, root));
}

function logUnexpected(error: unknown): string {
  // Outside a request's context (a test, a script), an id of its own still ties the message to the line.
  const requestId = currentRequestId() ?? randomUUID();
  log.error({ err: error, requestId }, "unexpected error");
  return requestId;
}

export function toActionFailure(error: unknown): ActionFailure {
  if (error instanceof ValidationError) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
  if (error instanceof RateLimitedError) return { ok: false, error: error.message, retryAfterSeconds: error.retryAfterSeconds };
  if (error instanceof AppError) return { ok: false, error: error.message };
  return { ok: false, error: `Something went wrong (request ${logUnexpected(error)}). Please try again.` };
}

export function toErrorResponse(error: unknown): NextResponse {
  if (error instanceof ValidationError) return NextResponse.json({ error: error.message, fields: error.fieldErrors }, { status: 400 });
  if (error instanceof RateLimitedError) {
    return NextResponse.json(
      { error: error.message, retryAfterSeconds: error.retryAfterSeconds },
      { status: 429, headers: { "retry-after": String(error.retryAfterSeconds) } },
    );
  }
  if (error instanceof AppError) return NextResponse.json({ error: error.message }, { status: error.status });
  return NextResponse.json({ error: "Internal error", requestId: logUnexpected(error) }, { status: 500 });
}
