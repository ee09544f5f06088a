import "server-only";
import { getPrisma } from "@/lib/db";
import { listProductCatalogue } from "@/lib/knowledge/product-catalogue";
import { ticketProduct } from "@/lib/knowledge/product-match";
import { hashingEmbed } from "@/lib/memory/hashing-embedder";
import { addRelatedTickets, listSessionMemories, type TicketRelation } from "@/lib/memory/support-memory";
import { scrubPersonalData } from "./scrub-personal-data";

// related_ticket session memories, written when a ticket is opened (any path: openTicket):
//   - the customer's other open, or resolved in the last 30 days, tickets, once the ticket is
//     verified (an unverified sender may not be this customer: lib/support/public.ts), so a
//     public-form ticket gets them when its address is confirmed;
//   - the most similar tickets of other customers about the same product (set or detected
//     against the knowledge base's product tags), ranked by the memory library's offline
//     embedder over subject and first message, as the memory search ranks a scope.
// The memory holds the link only; the pane reads number, subject and status live, in the
// ticket's own workspace (listRelatedTickets).

const RECENT_MS = 30 * 24 * 60 * 60_000;
const SIMILAR_WINDOW_MS = 180 * 24 * 60 * 60_000;
const SAME_CUSTOMER_LINKS = 5;
const SIMILAR_LINKS = 3;
const CANDIDATES = 300;
// Cosine of the hashing embeddings: a different problem with the same product scores about
// 0.2, the same problem in other words 0.5 and up.
const SIMILAR = 0.3;

const issueText = (ticket: { subject: string; messages: Array<{ body: string }> }) =>
  `${ticket.subject}. ${ticket.messages[0]?.body ?? ""}`.slice(0, 2000);
const cosine = (left: number[], right: number[]) => left.reduce((sum, value, index) => sum + value * right[index]!, 0);

export async function linkRelatedTickets(input: {
  workspaceId: string;
  ticketId: string;
  sameCustomer: boolean;
  similar: boolean;
  now?: Date;
}): Promise<{ linked: number }> {
  const { workspaceId } = input;
  const now = input.now ?? new Date();
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: input.ticketId, workspaceId },
    select: {
      id: true,
      customerId: true,
      subject: true,
      product: true,
      verifiedAt: true,
      messages: { where: { kind: "CUSTOMER" }, orderBy: { createdAt: "asc" }, take: 1, select: { body: true } },
    },
  });
  if (!ticket) return { linked: 0 };
  const links: Array<{ id: string; number: number; relation: TicketRelation }> = [];

  if (input.sameCustomer && ticket.verifiedAt) {
    const own = await prisma.ticket.findMany({
      where: {
        workspaceId,
        customerId: ticket.customerId,
        id: { not: ticket.id },
        verifiedAt: { not: null },
        OR: [{ status: { in: ["OPEN", "PENDING"] } }, { resolvedAt: { gte: new Date(now.getTime() - RECENT_MS) } }],
      },
      orderBy: { createdAt: "desc" },
      take: SAME_CUSTOMER_LINKS,
      select: { id: true, number: true },
    });
    links.push(...own.map((other) => ({ ...other, relation: "same_customer" as const })));
  }

  if (input.similar) {
    const catalogue = await listProductCatalogue({ workspaceId });
    const text = issueText(ticket);
    const product = ticketProduct({ product: ticket.product, text, catalogue });
    if (product) {
      const candidates = await prisma.ticket.findMany({
        where: { workspaceId, customerId: { not: ticket.customerId }, createdAt: { gte: new Date(now.getTime() - SIMILAR_WINDOW_MS) } },
        orderBy: { updatedAt: "desc" },
        take: CANDIDATES,
        select: {
          id: true,
          number: true,
          subject: true,
          product: true,
          messages: { where: { kind: "CUSTOMER" }, orderBy: { createdAt: "asc" }, take: 1, select: { body: true } },
        },
      });
      const target = hashingEmbed(text);
      const similar = candidates
        .map((candidate) => ({ candidate, text: issueText(candidate) }))
        .filter(({ candidate, text }) => ticketProduct({ product: candidate.product, text, catalogue }) === product)
        .map(({ candidate, text }) => ({ id: candidate.id, number: candidate.number, score: cosine(target, hashingEmbed(text)) }))
        .filter((candidate) => candidate.score >= SIMILAR)
        .sort((left, right) => right.score - left.score)
        .slice(0, SIMILAR_LINKS);
      links.push(...similar.map(({ id, number }) => ({ id, number, relation: "similar" as const })));
    }
  }

  // Verification adds the same customer's tickets to a session that may hold links already.
  const linked = new Set(
    (await listSessionMemories({ workspaceId, customerId: ticket.customerId, sessionId: ticket.id, kind: "related_ticket" })).map(
      (memory) => String(memory.metadata.ticketId),
    ),
  );
  const unlinked = [...new Map(links.filter((link) => !linked.has(link.id)).map((link) => [link.id, link])).values()];
  if (!unlinked.length) return { linked: 0 };
  await addRelatedTickets({
    workspaceId,
    customerId: ticket.customerId,
    sessionId: ticket.id,
    links: unlinked,
    by: { actorType: "system", customerId: ticket.customerId },
  });
  return { linked: unlinked.length };
}

export interface RelatedTicket {
  id: string;
  number: number;
  status: string;
  /** Another customer's subject has their identifiers (name parts, emails, phone and order numbers) removed. */
  subject: string;
  relation: TicketRelation;
}

/**
 * The session's linked tickets as the staff-only pane shows them: read live in the
 * workspace (an erased or foreign ticket shows nothing), oldest link first. Same-customer
 * links are left out while the ticket's sender is unverified.
 */
export async function listRelatedTickets(input: {
  workspaceId: string;
  customerId: string;
  ticketId: string;
  verified: boolean;
}): Promise<RelatedTicket[]> {
  const memories = await listSessionMemories({
    workspaceId: input.workspaceId,
    customerId: input.customerId,
    sessionId: input.ticketId,
    kind: "related_ticket",
  });
  const links = memories
    .map((memory) => ({
      id: typeof memory.metadata.ticketId === "string" ? memory.metadata.ticketId : "",
      relation: memory.metadata.relation === "same_customer" ? ("same_customer" as const) : ("similar" as const),
    }))
    .filter((link) => /^[0-9a-f-]{36}$/.test(link.id) && (input.verified || link.relation !== "same_customer"));
  if (links.length === 0) return [];
  const prisma = await getPrisma();
  const rows = await prisma.ticket.findMany({
    where: { workspaceId: input.workspaceId, id: { in: links.map((link) => link.id) } },
    select: { id: true, number: true, subject: true, status: true, customerId: true, customer: { select: { name: true } } },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return links.flatMap((link) => {
    const row = byId.get(link.id);
    if (!row) return [];
    const own = row.customerId === input.customerId;
    return [
      {
        id: row.id,
        number: row.number,
        status: row.status,
        subject: own ? row.subject : scrubPersonalData(row.subject, [row.customer.name]),
        relation: own ? "same_customer" : "similar",
      },
    ];
  });
}
