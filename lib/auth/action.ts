import "server-only";
import type { z } from "zod";
import { type ActionResult, invalidInput, toActionFailure } from "@/lib/http/errors";
import { type Actor, requireActor, type Role } from "./guard";

export type { ActionResult } from "@/lib/http/errors";

/**
 * Server actions are public POST endpoints. Every signed-in one goes through this chain:
 * parse the input with zod, re-check the session and role, then run one lib function that
 * scopes its queries by the actor's workspace (and checks the role again itself). Errors
 * map as at the rest of the boundary (lib/http/errors.ts). Public actions use
 * publicAction (lib/http/boundary.ts).
 */
export function defineAction<Schema extends z.ZodType, T>(
  options: { schema: Schema; role?: Role; beforeTwoFactorSetup?: boolean },
  handler: (input: z.output<Schema>, actor: Actor) => Promise<T>,
): (input: z.input<Schema> | FormData) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      const input = raw instanceof FormData ? Object.fromEntries(raw) : raw;
      const parsed = options.schema.safeParse(input);
      if (!parsed.success) throw invalidInput(parsed.error);
      const actor = await requireActor({ role: options.role, beforeTwoFactorSetup: options.beforeTwoFactorSetup });
      return { ok: true, data: await handler(parsed.data, actor) };
    } catch (error) {
      return toActionFailure(error);
    }
  };
}
