import { ForbiddenError } from "@/lib/errors";
import type { Actor } from "./guard";

/** For admin-only lib functions: the action or page checked too, but a lib function never relies on its caller. */
export function assertAdmin(actor: Actor): void {
  if (actor.role !== "ADMIN") throw new ForbiddenError();
}
