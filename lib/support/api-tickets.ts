import "server-only";
import { z } from "zod";
import type { ApiCaller } from "@/lib/api/api-keys";
import type { ApiTicket, apiNewTicketSchema, apiTicketPatchSchema } from "@/lib/api/schemas";
import { updateCustomerProfile } from "@/lib/customers/profile";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { NotFoundError } from "@/lib/errors";
import { addCustomerMessage } from "./customer-messages";
import { changeTicketTags } from "./tags";
import { openTicket } from "./tickets";

// The REST API's view of tickets: what an integration may see (never internal notes). The
// request and response shapes are in lib/api/schemas.ts, which the OpenAPI document is made from.

const ticketSelect = {
  id: true,
  number: true,
  subject: true,
  product: true,
  status: true,
  priority: true,
  createdAt: true,
  updatedAt: true,
  resolvedAt: true,
  tags: true,
  customer: { select: { id: true, email: true, name: true } },
  messages: {
    where: { kind: { in: ["CUSTOMER", "AGENT"] } },
    orderBy: { createdAt: "asc" },
    select: { id: true, kind: true, body: true, createdAt: true },
  },
} satisfies Prisma.TicketSelect;

type StoredTicket = Prisma.TicketGetPayload<{ select: typeof ticketSelect }>;

async function publicTicket(workspaceId: string, ticketId: string): Promise<ApiTicket> {
  if (!z.uuid().safeParse(ticketId).success) throw new NotFoundError("Ticket");
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({ where: { id: ticketId, workspaceId }, select: ticketSelect });
  if (!ticket) throw new NotFoundError("Ticket");
  return asApiTicket(ticket);
}

// Dates as ISO strings, as JSON carries them anyway, so the type says what the client reads.
function asApiTicket(ticket: StoredTicket): ApiTicket {
  return {
    ...ticket,
    status: ticket.status.toLowerCase() as ApiTicket["status"],
    priority: ticket.priority.toLowerCase() as ApiTicket["priority"],
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
    messages: ticket.messages.map(({ kind, createdAt, ...message }) => ({
      ...message,
      from: kind === "CUSTOMER" ? "customer" : "agent",
      createdAt: createdAt.toISOString(),
    })),
  };
}

export async function createApiTicket({ caller, input }: { caller: ApiCaller; input: z.output<typeof apiNewTicketSchema> }) {
  const { email, name, ...profile } = input.customer;
  const created = await openTicket({
    workspaceId: caller.workspaceId,
    ticket: {
      customer: { email, name },
      subject: input.subject,
      body: input.message,
      product: input.product,
      channel: "API",
      tags: input.tags,
    },
    memory: "job",
  });
  // After the ticket, so that the profile the integration states replaces what the first
  // message taught (a product named in it and listed here is owned, not a guess).
  if (Object.values(profile).some((value) => value !== undefined)) {
    await updateCustomerProfile({
      workspaceId: caller.workspaceId,
      customerId: created.customerId,
      patch: profile,
      by: { actorType: "api", customerId: created.customerId },
      audit: { apiKeyId: caller.keyId },
    });
  }
  // The answer is what was just written (the profile above changes none of it), not read back.
  return asApiTicket({
    id: created.id,
    number: created.number,
    subject: created.subject,
    product: created.product,
    status: created.status,
    priority: created.priority as StoredTicket["priority"],
    createdAt: created.createdAt,
    updatedAt: created.createdAt,
    resolvedAt: null,
    tags: created.tags,
    customer: { id: created.customerId, ...created.customer },
    messages: [{ id: created.firstMessageId, kind: "CUSTOMER", body: created.body, createdAt: created.createdAt }],
  });
}

export function getApiTicket({ caller, ticketId }: { caller: ApiCaller; ticketId: string }) {
  return publicTicket(caller.workspaceId, ticketId);
}

/** Changes what the patch names (the tags, replaced as a whole); an empty patch reads the ticket. */
export async function patchApiTicket({
  caller,
  ticketId,
  patch,
}: {
  caller: ApiCaller;
  ticketId: string;
  patch: z.output<typeof apiTicketPatchSchema>;
}) {
  if (patch.tags) await changeTicketTags({ by: { caller }, ticketId, change: { set: patch.tags } });
  return publicTicket(caller.workspaceId, ticketId);
}

/** A customer's message arriving through the API; it reopens a ticket waiting on them. */
export async function addApiCustomerMessage({ caller, ticketId, message }: { caller: ApiCaller; ticketId: string; message: string }) {
  await addCustomerMessage({ workspaceId: caller.workspaceId, ticketId, body: message, via: { actorType: "api", apiKeyId: caller.keyId } });
  return publicTicket(caller.workspaceId, ticketId);
}
