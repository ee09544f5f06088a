import "server-only";
import { z } from "zod";
import { text } from "@/lib/validation";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { listProductCatalogue } from "@/lib/knowledge/product-catalogue";
import { ticketProduct } from "@/lib/knowledge/product-match";
import { deleteMemory, getMemory, type MemoryItem, type ScoredMemory, updateMemory } from "@/lib/memory/core";
import {
  addCustomerNote,
  getCustomerProfile,
  getSupportContext,
  listSessionMemories,
  type SupportContext,
} from "@/lib/memory/support-memory";
import { listRelatedTickets, type RelatedTicket } from "./related-tickets";

// The ticket page's three panes (and the drafter's sources): one getSupportContext call with
// the latest customer message as the query (team knowledge filtered by the ticket's product),
// the session's steps tried and related tickets listed by kind, and the agent's corrections
// to what is shown.

export interface TicketMemoryContext extends SupportContext {
  query: string;
  /** Who the ticket is from: the drafter greets them and follows their preference. */
  person: { name: string; communicationPreference: string | null };
  ticket: { id: string; subject: string; customerId: string };
  /** The latest messages, oldest first, when asked for (the drafter reads them). */
  conversation: Array<{ kind: "CUSTOMER" | "AGENT" | "NOTE"; body: string }>;
  /** False while a public-form sender has not proven the address: customer memory is left out. */
  verified: boolean;
  /** Why the customer pane is empty when it is left out, for the pane and the draft. */
  customerHidden: string | null;
  /** The product team knowledge was filtered by: set on the ticket or named in it; null for all knowledge. */
  product: string | null;
  /** Steps tried on this ticket, oldest first (kept out of `session`, which the search fills). */
  steps: MemoryItem[];
  related: RelatedTicket[];
}

// Listed by kind in the session pane, so the search leaves them out: steps would crowd the
// few search results, and a related ticket is a link, not something a draft should quote.
const LISTED_SESSION_KINDS = ["step_tried", "related_ticket"];

export const UNVERIFIED_MEMORY_NOTE = "Sender not verified yet: customer memory hidden.";
export const UNVERIFIED_WRITE_REFUSAL =
  "The sender has not verified their address yet: nothing from this ticket goes into the customer's memory until they follow the link we mailed them.";

export async function getTicketMemoryContext({
  actor,
  ticketId,
  conversation = 0,
}: {
  actor: Actor;
  ticketId: string;
  conversation?: number;
}): Promise<TicketMemoryContext> {
  if (!z.uuid().safeParse(ticketId).success) throw new NotFoundError("Ticket");
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: ticketId, workspaceId: actor.workspaceId },
    select: {
      id: true,
      subject: true,
      product: true,
      customerId: true,
      verifiedAt: true,
      customer: { select: { name: true, communicationPreference: true } },
      // The panes need only the latest customer message; the drafter reads the conversation.
      messages: {
        ...(conversation > 0 ? { take: conversation } : { where: { kind: "CUSTOMER" }, take: 1 }),
        orderBy: { createdAt: "desc" },
        select: { kind: true, body: true },
      },
    },
  });
  if (!ticket) throw new NotFoundError("Ticket");
  const query = ticket.messages.find((message) => message.kind === "CUSTOMER")?.body ?? ticket.subject;
  // Anyone can type a customer's address on the public form: until it is proven, the
  // ticket sees only its own session (and team knowledge), not the customer's memory,
  // and the drafter neither greets by the customer's name nor follows their preference.
  const verified = ticket.verifiedAt !== null;
  const workspaceId = actor.workspaceId;
  const catalogue = await listProductCatalogue({ workspaceId });
  const product = ticketProduct({ product: ticket.product, text: `${ticket.subject}. ${query}`, catalogue });
  const context = await getSupportContext({
    workspaceId,
    customerId: ticket.customerId,
    sessionId: ticket.id,
    query,
    product,
    includeCustomer: verified,
    filters: { session: { type: { nin: LISTED_SESSION_KINDS } } },
  });
  // The pane shows the profile from the customer's record; a draft gets it as a source, first.
  const profile = verified && conversation > 0 ? await getCustomerProfile({ workspaceId, customerId: ticket.customerId }) : [];
  const session = { workspaceId, customerId: ticket.customerId, sessionId: ticket.id };
  return {
    ...context,
    customer: withProfileFirst(profile, context.customer),
    product,
    steps: await listSessionMemories({ ...session, kind: "step_tried" }),
    related: await listRelatedTickets({ workspaceId, customerId: ticket.customerId, ticketId: ticket.id, verified }),
    query,
    person: verified ? ticket.customer : { name: "", communicationPreference: null },
    ticket: { id: ticket.id, subject: ticket.subject, customerId: ticket.customerId },
    conversation: conversation > 0 ? ticket.messages.toReversed() : [],
    verified,
    customerHidden: verified ? null : UNVERIFIED_MEMORY_NOTE,
  };
}

/** For a draft, who the customer is comes first whatever the query: the profile, then what the search found. */
function withProfileFirst(profile: MemoryItem[], found: ScoredMemory[]): ScoredMemory[] {
  const pinned = profile.map(
    (item) => found.find((memory) => memory.id === item.id) ?? { ...item, score: 0, matched: { terms: [], semantic: 0, keyword: 0 } },
  );
  return [...pinned, ...found.filter((memory) => !profile.some((item) => item.id === memory.id))];
}

export const memoryCorrectionSchema = z.object({
  memoryId: z.string().uuid("Unknown memory."),
  text: text().min(3, "Write at least a few words.").max(2000, "Keep a memory under 2,000 characters."),
});

export const memoryIdSchema = z.object({ memoryId: z.string().uuid("Unknown memory.") });

export const customerNoteSchema = z.object({
  ticketId: z.uuid("Unknown ticket."),
  note: text().min(3, "Write at least a few words.").max(2000, "Keep a note under 2,000 characters."),
});

/** A memory of the actor's workspace that an agent may change: customer or session, or (admins) knowledge. */
async function editableMemory(actor: Actor, memoryId: string) {
  const memory = await getMemory({ workspaceId: actor.workspaceId, memoryId });
  // Team knowledge is curated by admins (the knowledge base); agents correct what they learned.
  if (memory.owner.scope === "agent" && actor.role !== "ADMIN") throw new NotFoundError("Memory");
  return memory;
}

export async function correctMemory({ actor, memoryId, text }: { actor: Actor; memoryId: string; text: string }) {
  const memory = await editableMemory(actor, memoryId);
  await updateMemory({
    workspaceId: actor.workspaceId,
    memoryId,
    text,
    by: { actorType: "user", actorUserId: actor.userId, customerId: memory.owner.customerId ?? null },
  });
}

export async function forgetMemory({ actor, memoryId }: { actor: Actor; memoryId: string }) {
  const memory = await editableMemory(actor, memoryId);
  await deleteMemory({
    workspaceId: actor.workspaceId,
    memoryId,
    by: { actorType: "user", actorUserId: actor.userId, customerId: memory.owner.customerId ?? null },
  });
}

export async function addNoteToCustomerMemory({ actor, ticketId, note }: { actor: Actor; ticketId: string; note: string }) {
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: ticketId, workspaceId: actor.workspaceId },
    select: { customerId: true, verifiedAt: true },
  });
  if (!ticket) throw new NotFoundError("Ticket");
  if (!ticket.verifiedAt) throw new ConflictError(UNVERIFIED_WRITE_REFUSAL);
  return addCustomerNote({
    workspaceId: actor.workspaceId,
    customerId: ticket.customerId,
    note,
    by: { actorType: "user", actorUserId: actor.userId, customerId: ticket.customerId },
  });
}
