import "server-only";
import { z } from "zod";
import { line, text } from "@/lib/validation";
import type { ApiCaller } from "@/lib/api/keys";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { addCustomerMessage } from "./customer-messages";
import { openTicket } from "./tickets";

// The REST API's view of tickets: what an integration may see (never internal notes).

export const apiNewTicketSchema = z.object({
  customer: z.object({ email: z.string().trim().toLowerCase().max(254).pipe(z.email()), name: line().min(1).max(120) }),
  subject: line().min(1).max(200),
  message: text().min(1).max(20_000),
  product: line().max(120).optional(),
});

export const apiNewMessageSchema = z.object({ message: text().min(1).max(20_000) });

async function publicTicket(workspaceId: string, ticketId: string) {
  if (!z.uuid().safeParse(ticketId).success) throw new NotFoundError("Ticket");
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: ticketId, workspaceId },
    select: {
      id: true,
      number: true,
      subject: true,
      product: true,
      status: true,
      priority: true,
      createdAt: true,
      updatedAt: true,
      resolvedAt: true,
      customer: { select: { email: true, name: true } },
      messages: {
        where: { kind: { in: ["CUSTOMER", "AGENT"] } },
        orderBy: { createdAt: "asc" },
        select: { id: true, kind: true, body: true, createdAt: true },
      },
    },
  });
  if (!ticket) throw new NotFoundError("Ticket");
  return {
    ...ticket,
    status: ticket.status.toLowerCase(),
    priority: ticket.priority.toLowerCase(),
    messages: ticket.messages.map((message) => ({ ...message, from: message.kind === "CUSTOMER" ? "customer" : "agent", kind: undefined })),
  };
}

export async function createApiTicket({ caller, input }: { caller: ApiCaller; input: z.output<typeof apiNewTicketSchema> }) {
  const created = await openTicket({
    workspaceId: caller.workspaceId,
    ticket: { customer: input.customer, subject: input.subject, body: input.message, product: input.product, channel: "API" },
  });
  return publicTicket(caller.workspaceId, created.id);
}

export function getApiTicket({ caller, ticketId }: { caller: ApiCaller; ticketId: string }) {
  return publicTicket(caller.workspaceId, ticketId);
}

/** A customer's message arriving through the API; it reopens a ticket waiting on them. */
export async function addApiCustomerMessage({ caller, ticketId, message }: { caller: ApiCaller; ticketId: string; message: string }) {
  await addCustomerMessage({ workspaceId: caller.workspaceId, ticketId, body: message, via: { actorType: "api", apiKeyId: caller.keyId } });
  return publicTicket(caller.workspaceId, ticketId);
}
