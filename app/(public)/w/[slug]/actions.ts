"use server";

import { revalidatePath } from "next/cache";
import { formWithFiles, uploadedFilesSchema } from "@/lib/attachments/uploads";
import { publicAction } from "@/lib/http/boundary";
import {
  confirmAddressSchema,
  confirmTicketAddress,
  openPublicTicket,
  publicReplySchema,
  publicTicketSchema,
  rateTicket,
  ratingSchema,
  replyAsCustomer,
  requestTicketLinks,
  ticketLinkRequestSchema,
} from "@/lib/support/public";

// Public actions: no session, so the input, the workspace and (for replies) the signed
// ticket link are all that is trusted. The boundary (lib/http/boundary.ts) parses and maps
// errors; each lib verb counts its own limit per client address.

const openTicketWithFiles = publicAction(
  { schema: publicTicketSchema.extend({ files: uploadedFilesSchema }) },
  async ({ slug, input, client }) => {
    const { files, ...ticket } = input;
    return openPublicTicket({ slug, input: ticket, clientKey: client, uploads: files });
  },
);

/** The public form, with the files the customer attached. */
export async function openTicketAction(slug: string, form?: FormData) {
  return openTicketWithFiles(slug, form && formWithFiles(form));
}

const replyWithFiles = publicAction(
  { schema: publicReplySchema.extend({ files: uploadedFilesSchema }) },
  async ({ slug, input, client }) => {
    const { files, ...reply } = input;
    await replyAsCustomer({ slug, ...reply, clientKey: client, uploads: files });
    revalidatePath(`/w/${slug}/t/${input.token}`);
    return { sent: true as const };
  },
);

/** A customer's answer on their ticket page, with the files they attached. */
export async function replyAction(slug: string, form?: FormData) {
  return replyWithFiles(slug, form && formWithFiles(form));
}

export const rateAction = publicAction(
  { schema: ratingSchema, invalidMessage: "Please pick a rating." },
  async ({ slug, input, client }) => {
    await rateTicket({ slug, ...input, clientKey: client });
    revalidatePath(`/w/${slug}/t/${input.token}`);
    return { score: input.score };
  },
);

/** "Send me a new link": the same answer whether or not the address is a customer's. */
export const requestLinksAction = publicAction({ schema: ticketLinkRequestSchema }, ({ slug, input, client }) =>
  requestTicketLinks({ slug, email: input.email, clientKey: client }),
);

// No revalidation: the page keeps its "confirmed" answer in place instead of re-rendering without the form.
export const confirmAddressAction = publicAction({ schema: confirmAddressSchema }, ({ slug, input }) =>
  confirmTicketAddress({ slug, token: input.token }),
);
