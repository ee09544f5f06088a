"use server";

import { revalidatePath } from "next/cache";
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

export const openTicketAction = publicAction({ schema: publicTicketSchema }, ({ slug, input, client }) =>
  openPublicTicket({ slug, input, clientKey: client }),
);

export const replyAction = publicAction({ schema: publicReplySchema }, async ({ slug, input, client }) => {
  await replyAsCustomer({ slug, ...input, clientKey: client });
  revalidatePath(`/w/${slug}/t/${input.token}`);
  return { sent: true as const };
});

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
