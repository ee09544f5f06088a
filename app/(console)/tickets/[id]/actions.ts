"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import {
  addNoteToCustomerMemory,
  correctMemory,
  customerNoteSchema,
  forgetMemory,
  memoryCorrectionSchema,
  memoryIdSchema,
} from "@/lib/support/memory-context";
import { memoryFeedbackSchema, recordMemoryFeedback } from "@/lib/support/memory-feedback";
import { resolveTicket, resolveTicketSchema } from "@/lib/support/resolve";
import { revokeLinksSchema, revokeTicketLinks } from "@/lib/support/ticket-link-mail";
import { addAgentMessage, agentMessageSchema, ticketUpdateSchema, updateTicket } from "@/lib/support/tickets";

export const sendMessageAction = defineAction({ schema: agentMessageSchema }, async (message, actor) => {
  const result = await addAgentMessage({ actor, message });
  revalidatePath(`/tickets/${message.ticketId}`);
  return result;
});

export const correctMemoryAction = defineAction({ schema: memoryCorrectionSchema }, async (input, actor) => {
  await correctMemory({ actor, ...input });
  return { corrected: input.memoryId };
});

export const forgetMemoryAction = defineAction({ schema: memoryIdSchema }, async (input, actor) => {
  await forgetMemory({ actor, memoryId: input.memoryId });
  return { forgotten: input.memoryId };
});

export const addCustomerNoteAction = defineAction({ schema: customerNoteSchema }, async (input, actor) => {
  const id = await addNoteToCustomerMemory({ actor, ...input });
  return { memoryId: id };
});

export const resolveTicketAction = defineAction({ schema: resolveTicketSchema }, async (input, actor) => {
  const result = await resolveTicket({ actor, ...input });
  revalidatePath(`/tickets/${input.ticketId}`);
  revalidatePath("/inbox");
  return { promoted: result.promoted };
});

export const updateTicketAction = defineAction({ schema: ticketUpdateSchema }, async (update, actor) => {
  const result = await updateTicket({ actor, update });
  revalidatePath(`/tickets/${update.ticketId}`);
  return result;
});

export const memoryFeedbackAction = defineAction({ schema: memoryFeedbackSchema }, async (input, actor) => {
  await recordMemoryFeedback({ actor, ...input });
  return { helpful: input.helpful };
});

export const revokeLinksAction = defineAction({ schema: revokeLinksSchema }, async (input, actor) =>
  revokeTicketLinks({ actor, ...input }),
);
