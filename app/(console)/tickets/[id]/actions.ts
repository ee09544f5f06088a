"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { addAgentMessage, agentMessageSchema } from "@/lib/support/tickets";

export const sendMessageAction = defineAction({ schema: agentMessageSchema }, async (message, actor) => {
  const result = await addAgentMessage({ actor, message });
  revalidatePath(`/tickets/${message.ticketId}`);
  return result;
});
