import type { z } from "zod";
import {
  apiCustomerListSchema,
  apiCustomerLookupSchema,
  apiCustomerParamsSchema,
  apiCustomerPatchSchema,
  apiCustomerSchema,
  apiInboundEmailResultSchema,
  apiNewMessageSchema,
  apiNewTicketSchema,
  apiTicketParamsSchema,
  apiTicketPatchSchema,
  apiTicketSchema,
} from "./schemas";

// Every operation of the REST API v1. A route handler passes its operation to apiKeyRoute
// (lib/http/boundary.ts), which parses params and body with these very schemas, and
// lib/api/openapi.ts publishes the list; lib/api/openapi.test.ts checks that the list and the
// route files under app/api/v1 name the same paths and methods.

export interface ApiOperation {
  operationId: string;
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path below /api/v1, with {name} for a route parameter. */
  path: string;
  summary: string;
  description?: string;
  /** False for what anyone may read (the document itself); otherwise a Bearer API key. */
  authenticated: boolean;
  params?: z.ZodObject;
  /** Query string parameters; a value that fails its rules is a 400 naming it. */
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A body that is not JSON (a raw mail): its media type, read within `maxBytes`. */
  rawBody?: { contentType: string; description: string };
  success: { status: number; description: string; schema?: z.ZodType; contentType?: string };
  /** 404 for a record the key's workspace does not hold. */
  notFound?: string;
}

export const apiOperations = {
  openTicket: {
    operationId: "openTicket",
    method: "post",
    path: "/tickets",
    summary: "Open a ticket for a customer",
    description:
      "The customer is found by email or created. The ticket arrives in the inbox like any other, marked as opened through the API.",
    authenticated: true,
    body: apiNewTicketSchema,
    success: { status: 201, description: "The new ticket.", schema: apiTicketSchema },
  },
  getTicket: {
    operationId: "getTicket",
    method: "get",
    path: "/tickets/{id}",
    summary: "Read a ticket and its conversation",
    authenticated: true,
    params: apiTicketParamsSchema,
    success: { status: 200, description: "The ticket.", schema: apiTicketSchema },
    notFound: "No such ticket in this key's workspace.",
  },
  updateTicket: {
    operationId: "updateTicket",
    method: "patch",
    path: "/tickets/{id}",
    summary: "Change a ticket's tags",
    description:
      "Sets the fields given; `tags` replaces the ticket's whole list (send the list you read, changed). The change is recorded in the audit log.",
    authenticated: true,
    params: apiTicketParamsSchema,
    body: apiTicketPatchSchema,
    success: { status: 200, description: "The ticket as changed.", schema: apiTicketSchema },
    notFound: "No such ticket in this key's workspace.",
  },
  addCustomerMessage: {
    operationId: "addCustomerMessage",
    method: "post",
    path: "/tickets/{id}/messages",
    summary: "Add a message from the customer",
    description:
      "A ticket that is not open (waiting on the customer, resolved or closed) reopens, as when the customer replies by the ticket link.",
    authenticated: true,
    params: apiTicketParamsSchema,
    body: apiNewMessageSchema,
    success: { status: 201, description: "The ticket with the new message.", schema: apiTicketSchema },
    notFound: "No such ticket in this key's workspace.",
  },
  findCustomers: {
    operationId: "findCustomers",
    method: "get",
    path: "/customers",
    summary: "Look a customer up by email",
    description: "Answers a list with the customer who has this address in the key's workspace, or an empty list.",
    authenticated: true,
    query: apiCustomerLookupSchema,
    success: { status: 200, description: "The customers with this address: one or none.", schema: apiCustomerListSchema },
  },
  getCustomer: {
    operationId: "getCustomer",
    method: "get",
    path: "/customers/{id}",
    summary: "Read a customer's profile",
    authenticated: true,
    params: apiCustomerParamsSchema,
    success: { status: 200, description: "The customer.", schema: apiCustomerSchema },
    notFound: "No such customer in this key's workspace.",
  },
  updateCustomer: {
    operationId: "updateCustomer",
    method: "patch",
    path: "/customers/{id}",
    summary: "Change a customer's profile",
    description:
      "Sets the profile fields given. Each change also rewrites what the team's memory holds about the customer (their profile, preferred channel and products), replacing what it said before, and is recorded in the audit log.",
    authenticated: true,
    params: apiCustomerParamsSchema,
    body: apiCustomerPatchSchema,
    success: { status: 200, description: "The customer as changed.", schema: apiCustomerSchema },
    notFound: "No such customer in this key's workspace.",
  },
  receiveInboundEmail: {
    operationId: "receiveInboundEmail",
    method: "post",
    path: "/inbound/email",
    summary: "Deliver one inbound mail",
    description:
      "For a mail provider's inbound hook (Postmark, Mailgun, SendGrid, SES) or a relay: the raw RFC 822 message as the body. Authenticate with an API key, or with the workspace's inbound secret (Settings → Email) as `Authorization: Bearer <secret>` or as the password of HTTP Basic auth. A mail that answers one we sent, from that ticket's customer, joins its ticket; any other mail opens a new ticket, unverified until the customer answers a mail we sent. Auto-replies, bounces and our own mail are recognised and not answered; the same Message-ID twice is one message.",
    authenticated: true,
    rawBody: { contentType: "message/rfc822", description: "One whole mail, headers and body, as received." },
    success: { status: 200, description: "What became of the mail.", schema: apiInboundEmailResultSchema },
  },
  getOpenApiDocument: {
    operationId: "getOpenApiDocument",
    method: "get",
    path: "/openapi.json",
    summary: "This reference, as an OpenAPI 3.1 document",
    authenticated: false,
    success: { status: 200, description: "The OpenAPI document." },
  },
} as const satisfies Record<string, ApiOperation>;
