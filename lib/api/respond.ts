import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, ValidationError } from "@/lib/errors";

/** Parses a JSON body with a schema; a bad body becomes a 400 naming each field. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new ValidationError("The request body must be JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "body"] ??= []).push(issue.message);
    throw new ValidationError("The request body is invalid.", fieldErrors);
  }
  return parsed.data;
}

/** JSON answers for the public API: typed errors keep their status and message, the rest is a 500 with a request id. */
export async function apiRoute(handler: () => Promise<{ status?: number; body: unknown }>): Promise<NextResponse> {
  try {
    const { status = 200, body } = await handler();
    return NextResponse.json(body, { status });
  } catch (error) {
    if (error instanceof ValidationError) return NextResponse.json({ error: error.message, fields: error.fieldErrors }, { status: 400 });
    if (error instanceof AppError) return NextResponse.json({ error: error.message }, { status: error.status });
    const requestId = randomUUID().slice(0, 8);
    console.error(`[api ${requestId}]`, error);
    return NextResponse.json({ error: "Internal error", requestId }, { status: 500 });
  }
}
