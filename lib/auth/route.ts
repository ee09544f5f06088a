import "server-only";
import type { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/respond";

/** Turns a session route handler's result or thrown error into a JSON answer (same mapping as the REST API). */
export function jsonRoute(handler: () => Promise<unknown>): Promise<NextResponse> {
  return apiRoute(async () => ({ body: await handler() }));
}
