import "server-only";
import { z } from "zod";
import { recordCustomerRead } from "@/lib/audit/customer-reads";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { listMemories, type MemoryItem } from "@/lib/memory/core";
import type { CustomerProfilePatch } from "./fields";
import { listLearnedFacts } from "./learned-facts";
import { type CustomerRecord, findCustomer, updateCustomerProfile } from "./profile";

// What agents see and change of a customer: the profile on the ticket's customer pane and on
// the customer page, and the facts learned from conversations waiting for them. Any member
// of the workspace (agent or admin) may; another workspace's customer is not found.

export type CustomerProfileView = Pick<
  CustomerRecord,
  "id" | "name" | "tier" | "company" | "language" | "timezone" | "preferredChannel" | "products"
>;

const profileView = ({ id, name, tier, company, language, timezone, preferredChannel, products }: CustomerRecord): CustomerProfileView => ({
  id,
  name,
  tier,
  company,
  language,
  timezone,
  preferredChannel,
  products,
});

/** A learned fact as the pane shows it: where it came from, not its internal marks. */
export interface LearnedFactView {
  id: string;
  text: string;
  learnedBy: string | null;
  createdAt: string | null;
  sourceTicketId: string | null;
}

const factView = (memory: MemoryItem): LearnedFactView => ({
  id: memory.id,
  text: memory.text,
  learnedBy: typeof memory.metadata.learnedBy === "string" ? memory.metadata.learnedBy : null,
  createdAt: memory.createdAt,
  sourceTicketId: typeof memory.metadata.sourceTicketId === "string" ? memory.metadata.sourceTicketId : null,
});

/**
 * The profile and learned facts of a ticket's customer, for its customer pane; null while the
 * sender has not verified the address (the pane shows none of the customer's memory then).
 */
export async function getTicketCustomerProfile({
  actor,
  ticketId,
}: {
  actor: Actor;
  ticketId: string;
}): Promise<{ customer: CustomerProfileView; learned: LearnedFactView[] } | null> {
  if (!z.uuid().safeParse(ticketId).success) throw new NotFoundError("Ticket");
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: ticketId, workspaceId: actor.workspaceId },
    select: { customerId: true, verifiedAt: true },
  });
  if (!ticket) throw new NotFoundError("Ticket");
  if (!ticket.verifiedAt) return null;
  const customer = await findCustomer({ workspaceId: actor.workspaceId, customerId: ticket.customerId });
  await recordCustomerRead({
    workspaceId: actor.workspaceId,
    customerId: customer.id,
    reader: { userId: actor.userId },
    via: "ticket_pane",
    ticketId,
  });
  const learned = await listLearnedFacts({ workspaceId: actor.workspaceId, customerId: customer.id });
  return { customer: profileView(customer), learned: learned.map(factView) };
}

/** The customer page: the record, what is remembered (learned facts apart) and the latest tickets. */
export async function getCustomerOverview({ actor, customerId }: { actor: Actor; customerId: string }) {
  const customer = await findCustomer({ workspaceId: actor.workspaceId, customerId });
  await recordCustomerRead({
    workspaceId: actor.workspaceId,
    customerId: customer.id,
    reader: { userId: actor.userId },
    via: "customer_page",
  });
  const prisma = await getPrisma();
  const tickets = await prisma.ticket.findMany({
    where: { workspaceId: actor.workspaceId, customerId: customer.id },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, number: true, subject: true, status: true, createdAt: true },
  });
  const memories = await listMemories({
    workspaceId: actor.workspaceId,
    target: { scope: "customer", customerId: customer.id },
    limit: 200,
  });
  return {
    customer,
    profile: profileView(customer),
    learned: memories.filter((memory) => memory.metadata.learned === true).map(factView),
    remembered: memories.filter((memory) => memory.metadata.learned !== true),
    tickets,
  };
}

/** An agent's change to a customer's profile (the customer pane, the customer page). */
export async function editCustomerProfile({ actor, customerId, patch }: { actor: Actor; customerId: string; patch: CustomerProfilePatch }) {
  const { changed } = await updateCustomerProfile({
    workspaceId: actor.workspaceId,
    customerId,
    patch,
    by: { actorType: "user", actorUserId: actor.userId, customerId },
  });
  return { changed };
}
