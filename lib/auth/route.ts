import "server-only";
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { failure } from "./action";

/** Turns a route handler's thrown errors into JSON answers with the right status. */
export async function jsonRoute(handler: () => Promise<unknown>): Promise<NextResponse> {
  try {
    return NextResponse.json(await handler());
  } catch (error) {
    const status = error instanceof AppError ? error.status : 500;
    const { error: message } = failure(error);
    return NextResponse.json({ error: message }, { status });
  }
}
