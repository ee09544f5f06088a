import "server-only";
import { getPrisma } from "@/lib/db";
import { ownerId } from "@/lib/memory/owners";
import { hashEmail, normalizeEmail } from "./hash";

// What the workspace holds about one address, counted: shown before an erasure (so the
// person sees what will go) and as the head of an export.

// A type, not an interface, so Object.values(holdings) is known to be numbers.
export type Holdings = {
  customer: number;
  tickets: number;
  messages: number;
  drafts: number;
  customerMemories: number;
  sessionMemories: number;
  memoryHistory: number;
  mail: number;
  auditEntries: number;
};

export const holdingLabels: Record<keyof Holdings, [string, string]> = {
  customer: ["customer profile", "customer profiles"],
  tickets: ["ticket", "tickets"],
  messages: ["message", "messages"],
  drafts: ["reply draft", "reply drafts"],
  customerMemories: ["remembered fact about you", "remembered facts about you"],
  sessionMemories: ["conversation memory", "conversation memories"],
  memoryHistory: ["memory history entry", "memory history entries"],
  mail: ["email we sent you", "emails we sent you"],
  auditEntries: ["activity log entry", "activity log entries"],
};

export function describeCount(kind: keyof Holdings, count: number): string {
  const [one, many] = holdingLabels[kind];
  return `${count} ${count === 1 ? one : many}`;
}

export async function findCustomerByEmail(workspaceId: string, email: string) {
  const prisma = await getPrisma();
  return prisma.customer.findFirst({
    where: { workspaceId, email: normalizeEmail(email) },
    select: {
      id: true,
      email: true,
      name: true,
      phone: true,
      tier: true,
      company: true,
      language: true,
      preferredChannel: true,
      products: true,
      communicationPreference: true,
      timezone: true,
      createdAt: true,
      updatedAt: true,
    },
  });
}

/**
 * Mail to the address, except the codes that confirm a privacy request: asking what we hold
 * must not itself make us hold something. Codes go after a day, and with everything else on erasure.
 */
export function mailTo(workspaceId: string, address: string, customerId?: string) {
  return { workspaceId, kind: { not: "privacy_code" }, OR: [{ toAddress: address }, ...(customerId ? [{ customerId }] : [])] };
}

export async function countHoldings({ workspaceId, email }: { workspaceId: string; email: string }): Promise<Holdings> {
  const address = normalizeEmail(email);
  const customer = await findCustomerByEmail(workspaceId, address);
  const prisma = await getPrisma();
  const mail = await prisma.outboxMail.count({ where: mailTo(workspaceId, address, customer?.id) });
  if (!customer)
    return {
      customer: 0,
      tickets: 0,
      messages: 0,
      drafts: 0,
      customerMemories: 0,
      sessionMemories: 0,
      memoryHistory: 0,
      mail,
      auditEntries: 0,
    };
  const owner = ownerId(workspaceId, customer.id);
  const byCustomer = { workspaceId, customerId: customer.id };
  const memories = { workspaceId, collection: "memories", userId: owner };
  return {
    customer: 1,
    tickets: await prisma.ticket.count({ where: byCustomer }),
    messages: await prisma.message.count({ where: byCustomer }),
    drafts: await prisma.draft.count({ where: byCustomer }),
    customerMemories: await prisma.memoryRecord.count({ where: { ...memories, scope: "customer" } }),
    sessionMemories: await prisma.memoryRecord.count({ where: { ...memories, scope: "session" } }),
    memoryHistory: await prisma.memoryHistory.count({ where: { workspaceId, userId: owner } }),
    mail,
    auditEntries: await prisma.auditLog.count({ where: byCustomer }),
  };
}

export function totalHeld(holdings: Holdings): number {
  return Object.values(holdings).reduce((sum, count) => sum + count, 0);
}

/** Completed erasures of this address in the workspace (found by the tombstone's keyed hash). */
export async function pastErasures({ workspaceId, email }: { workspaceId: string; email: string }) {
  const prisma = await getPrisma();
  return prisma.erasureRequest.findMany({
    where: { workspaceId, emailHash: hashEmail(workspaceId, email), status: "done" },
    orderBy: { completedAt: "asc" },
    select: { id: true, createdAt: true, completedAt: true },
  });
}

export interface HoldingsOverview {
  email: string;
  held: boolean;
  /** "2 tickets", ...: what an erasure deletes. */
  deleted: string[];
  /** What an erasure keeps without the person's data (activity log entries). */
  redacted: string[];
}

/** The counts in words, for the privacy page and its erasure confirmation. */
export async function describeHoldings({ workspaceId, email }: { workspaceId: string; email: string }): Promise<HoldingsOverview> {
  const counts = await countHoldings({ workspaceId, email });
  const kinds = (Object.keys(holdingLabels) as Array<keyof Holdings>).filter((kind) => counts[kind] > 0);
  return {
    email: normalizeEmail(email),
    held: kinds.length > 0,
    deleted: kinds.filter((kind) => kind !== "auditEntries").map((kind) => describeCount(kind, counts[kind])),
    redacted: counts.auditEntries > 0 ? [describeCount("auditEntries", counts.auditEntries)] : [],
  };
}
