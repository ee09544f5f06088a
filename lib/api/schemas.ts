import { z } from "zod";
import { customerProfilePatchSchema, preferredChannels, profileShape } from "@/lib/customers/fields";
import { customerTiers } from "@/lib/support/inbox-query";
import { MAX_TAGS_PER_TICKET, tagListSchema } from "@/lib/support/tag-rules";
import { line, text } from "@/lib/validation";

// The REST API's shapes, in one place: the route handlers validate requests with these
// schemas and lib/api/openapi.ts turns the same objects into the published document, so
// the reference cannot say one limit while the server enforces another. The descriptions
// carry the rules JSON Schema cannot express (refinements), for the reference page.

const oneLine = "One line of text: no control characters, line breaks or direction marks.";
const freeText = "Text; line breaks and tabs are fine, other control characters are refused.";
const tagList = tagListSchema.meta({
  description: `The ticket's tags, at most ${MAX_TAGS_PER_TICKET}: each trimmed and lower-cased, duplicates dropped. The inbox filters and searches by them (tag:billing).`,
});

export const apiNewTicketSchema = z
  .object({
    customer: z
      .object({
        email: z
          .string()
          .trim()
          .toLowerCase()
          .max(254)
          .pipe(z.email())
          .meta({ format: "email", description: "Matched case-insensitively: a known customer is reused, a new one is created." }),
        name: line().min(1).max(120).meta({ description: oneLine }),
        ...z.object(profileShape).partial().shape,
      })
      .meta({
        description:
          "Who the ticket is for. Profile fields given (tier, company, language, timezone, preferredChannel, products) are set on the customer, new or known; fields left out stay as they are.",
      }),
    subject: line().min(1).max(200).meta({ description: oneLine }),
    message: text()
      .min(1)
      .max(20_000)
      .meta({ description: `The customer's first message. ${freeText}` }),
    product: line()
      .max(120)
      .optional()
      .meta({ description: `The product the ticket is about. ${oneLine}` }),
    tags: tagList.optional(),
  })
  .meta({ description: "A ticket opened on a customer's behalf." });

export const apiTicketPatchSchema = z.object({ tags: tagList.optional() }).strict().meta({
  description: "The fields to change; fields left out stay as they are. `tags` replaces the whole list. Other fields are refused.",
});

export const apiNewMessageSchema = z
  .object({ message: text().min(1).max(20_000).meta({ description: freeText }) })
  .meta({ description: "A message from the customer." });

/** Route parameters of /tickets/{id}; an id that is not a UUID answers 404, as an unknown one does. */
export const apiTicketParamsSchema = z.object({ id: z.uuid().meta({ description: "The ticket's id, as returned when it was opened." }) });

const timestamp = z.iso.datetime();

export const apiMessageSchema = z.object({
  id: z.uuid(),
  from: z.enum(["customer", "agent"]),
  body: z.string(),
  createdAt: timestamp,
});

export const apiTicketSchema = z
  .object({
    id: z.uuid(),
    number: z.int().meta({ description: "The ticket's number in its workspace, as agents see it (#42)." }),
    subject: z.string(),
    product: z.string().nullable(),
    status: z.enum(["open", "pending", "resolved", "closed"]),
    priority: z.enum(["low", "normal", "high", "urgent"]),
    createdAt: timestamp,
    updatedAt: timestamp,
    resolvedAt: timestamp.nullable(),
    tags: z.array(z.string()).meta({ description: "The ticket's tags, as agents see them in the inbox." }),
    customer: z.object({ id: z.uuid().meta({ description: "For GET and PATCH /customers/{id}." }), email: z.string(), name: z.string() }),
    messages: z.array(apiMessageSchema).meta({
      description: "The conversation, oldest first: the customer's and the agents' messages (internal notes are never included).",
    }),
  })
  .meta({ description: "A ticket and its conversation." });

export type ApiTicket = z.output<typeof apiTicketSchema>;

/** Route parameters of /customers/{id}; an id that is not a UUID answers 404, as an unknown one does. */
export const apiCustomerParamsSchema = z.object({
  id: z.uuid().meta({ description: "The customer's id (from a lookup by email, or a ticket's customer)." }),
});

export const apiCustomerLookupSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .pipe(z.email())
    .meta({ format: "email", description: "The customer's address, matched case-insensitively." }),
});

export const apiCustomerPatchSchema = customerProfilePatchSchema.meta({
  description:
    "The profile fields to change; fields left out stay as they are, null clears one. `products` replaces the whole list. Other fields (email, name) are refused.",
});

export const apiCustomerSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    tier: z.enum(customerTiers),
    company: z.string().nullable(),
    language: z.string().nullable().meta({ description: "A BCP 47 tag (en, de, pt-BR)." }),
    timezone: z.string().nullable().meta({ description: "An IANA time zone name." }),
    preferredChannel: z.enum(preferredChannels).nullable(),
    products: z.array(z.string()),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ description: "A customer and the profile the team keeps." });

export type ApiCustomer = z.output<typeof apiCustomerSchema>;

export const apiCustomerListSchema = z.object({
  customers: z.array(apiCustomerSchema).meta({ description: "The customers found: one, or none." }),
});

export const apiInboundEmailResultSchema = z
  .object({
    status: z.enum(["created", "threaded", "duplicate", "ignored", "bounce"]).meta({
      description:
        "created: a new ticket; threaded: added to the ticket it answers; duplicate: this Message-ID was taken before, nothing changed; ignored: an auto-reply or our own mail; bounce: a delivery failure report, the reply it names is marked bounced.",
    }),
    ticketId: z.uuid().optional(),
    ticketNumber: z.number().int().optional(),
    messageId: z.uuid().optional().meta({ description: "The message in the ticket's conversation." }),
    verified: z.boolean().optional().meta({
      description:
        "Whether the ticket joins its customer's memory: a new mail starts unverified until the customer answers a mail we sent.",
    }),
    reason: z.string().optional(),
    bounced: z.number().int().optional().meta({ description: "Replies marked bounced by this report." }),
  })
  .meta({ description: "What became of an inbound mail." });

export const apiErrorSchema = z.object({ error: z.string().meta({ description: "What went wrong, safe to show." }) });

export const apiValidationErrorSchema = apiErrorSchema.extend({
  fields: z
    .record(z.string(), z.array(z.string()))
    .optional()
    .meta({ description: "Messages per field path (customer.email, message, ...); absent when the body is not JSON at all." }),
});

export const apiRateLimitedSchema = apiErrorSchema.extend({
  retryAfterSeconds: z.int().min(1).meta({ description: "Also sent as the Retry-After header." }),
});

export const apiInternalErrorSchema = apiErrorSchema.extend({
  requestId: z.string().meta({ description: "Quote it when reporting the problem; the server log has the details." }),
});
