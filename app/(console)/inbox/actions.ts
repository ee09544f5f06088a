"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { updateTicket } from "@/lib/support/tickets";

/** The inbox's `a` shortcut: the ticket must be of the caller's workspace (else "not found"). */
export const assignToMeAction = defineAction({ schema: z.object({ ticketId: z.uuid("Unknown ticket.") }) }, async ({ ticketId }, actor) => {
  const result = await updateTicket({ actor, update: { ticketId, assignee: "me" } });
  revalidatePath(`/tickets/${ticketId}`);
  return result;
});
