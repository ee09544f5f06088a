import "server-only";
import { NextResponse } from "next/server";
import { toErrorResponse } from "@/lib/http/errors";

/** Runs a handler and answers JSON; errors map as everywhere at the boundary (lib/http/errors.ts). */
export async function apiRoute(handler: () => Promise<{ status?: number; body: unknown }>): Promise<NextResponse> {
  try {
    const { status = 200, body } = await handler();
    return NextResponse.json(body, { status });
  } catch (error) {
    return toErrorResponse(error);
  }
}
