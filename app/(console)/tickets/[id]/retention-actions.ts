"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import {
  markSessionMemoryImportant,
  restoreArchivedMemories,
  restoreArchivedSchema,
  sessionImportanceSchema,
} from "@/lib/retention/memories";

// Memory retention on the ticket page (agents and admins): the lib functions find the
// memory or customer in the actor's workspace only (another workspace's: not found).

/** { memoryId, important }: an important session memory is kept in the customer's memory when the session ends. */
export const markSessionMemoryImportantAction = defineAction({ schema: sessionImportanceSchema }, async ({ memoryId, important }, actor) =>
  markSessionMemoryImportant({ actor, memoryId, important }),
);

/** { customerId, memoryIds? }: brings the customer's archived memory (all, or those given) back into search. */
export const restoreArchivedMemoriesAction = defineAction({ schema: restoreArchivedSchema }, async ({ customerId, memoryIds }, actor) => {
  const result = await restoreArchivedMemories({ actor, customerId, memoryIds });
  revalidatePath("/tickets/[id]", "page");
  return result;
});
