"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formWithFiles, prepareUploads, uploadedFilesSchema } from "@/lib/attachments/uploads";
import { defineAction } from "@/lib/auth/action";
import {
  addNoteToCustomerMemory,
  correctMemory,
  customerNoteSchema,
  forgetMemory,
  memoryCorrectionSchema,
  memoryIdSchema,
} from "@/lib/support/memory-context";
import { renderMacro } from "@/lib/support/macros";
import { memoryFeedbackSchema, recordMemoryFeedback } from "@/lib/support/memory-feedback";
import { ReplyCollisionError } from "@/lib/support/reply-collision";
import { resolveTicket, resolveTicketSchema } from "@/lib/support/resolve";
import { tagSchema } from "@/lib/support/tag-rules";
import { changeTicketTags } from "@/lib/support/tags";
import { revokeLinksSchema, revokeTicketLinks } from "@/lib/support/ticket-link-mail";
import { addAgentMessage, agentMessageSchema, ticketUpdateSchema, updateTicket } from "@/lib/support/tickets";

const sendMessage = defineAction(
  { schema: agentMessageSchema.extend({ files: uploadedFilesSchema }) },
  async ({ files, ...message }, actor) => {
    try {
      const result = await addAgentMessage({ actor, message, files: await prepareUploads(files) });
      revalidatePath(`/tickets/${message.ticketId}`);
      return { ...result, collision: null };
    } catch (error) {
      // Not a failure to show as an error: the form keeps the text and offers "Send anyway".
      if (error instanceof ReplyCollisionError)
        return { messageId: null, collision: { message: error.message, latestMessageId: error.latestMessageId } };
      throw error;
    }
  },
);

/** The reply form's action: its fields, with every attached file. */
export async function sendMessageAction(form: FormData) {
  return sendMessage(formWithFiles(form) as Parameters<typeof sendMessage>[0]);
}

export const renderMacroAction = defineAction(
  { schema: z.object({ ticketId: z.uuid("Unknown ticket."), macroId: z.uuid("Unknown canned reply.") }) },
  async (input, actor) => renderMacro({ actor, ...input }),
);

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

const ticketTagSchema = z.object({ ticketId: z.uuid("Unknown ticket."), tag: tagSchema });

export const addTicketTagAction = defineAction({ schema: ticketTagSchema }, async ({ ticketId, tag }, actor) => {
  const { tags } = await changeTicketTags({ by: { actor }, ticketId, change: { add: [tag] } });
  revalidatePath(`/tickets/${ticketId}`);
  return { tags };
});

export const removeTicketTagAction = defineAction({ schema: ticketTagSchema }, async ({ ticketId, tag }, actor) => {
  const { tags } = await changeTicketTags({ by: { actor }, ticketId, change: { remove: [tag] } });
  revalidatePath(`/tickets/${ticketId}`);
  return { tags };
});

export const memoryFeedbackAction = defineAction({ schema: memoryFeedbackSchema }, async (input, actor) => {
  await recordMemoryFeedback({ actor, ...input });
  return { helpful: input.helpful };
});

export const revokeLinksAction = defineAction({ schema: revokeLinksSchema }, async (input, actor) =>
  revokeTicketLinks({ actor, ...input }),
);
