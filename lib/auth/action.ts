import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { AppError, ValidationError } from "@/lib/errors";
import { type Actor, requireActor, type Role } from "./guard";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

/**
 * Server actions are public POST endpoints. Every one goes through this chain: parse the
 * input with zod, re-check the session and role, then run one lib function that scopes its
 * queries by the actor's workspace. Expected errors reach the user; anything else is logged
 * with a request id and shown as a generic message carrying that id.
 */
export function defineAction<Schema extends z.ZodType, T>(
  options: { schema: Schema; role?: Role },
  handler: (input: z.output<Schema>, actor: Actor) => Promise<T>,
): (input: z.input<Schema> | FormData) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      const input = raw instanceof FormData ? Object.fromEntries(raw) : raw;
      const parsed = options.schema.safeParse(input);
      if (!parsed.success) {
        const fieldErrors: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) {
          const key = issue.path.join(".") || "form";
          (fieldErrors[key] ??= []).push(issue.message);
        }
        return { ok: false, error: "Please correct the highlighted fields.", fieldErrors };
      }
      const actor = await requireActor({ role: options.role });
      return { ok: true, data: await handler(parsed.data, actor) };
    } catch (error) {
      return failure(error);
    }
  };
}

export function failure(error: unknown): { ok: false; error: string; fieldErrors?: Record<string, string[]> } {
  if (error instanceof ValidationError) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
  if (error instanceof AppError) return { ok: false, error: error.message };
  const requestId = randomUUID().slice(0, 8);
  console.error(`[request ${requestId}]`, error);
  return { ok: false, error: `Something went wrong (request ${requestId}). Please try again.` };
}
