import { getPrisma } from "@/lib/db";
import type { WriteContext } from "./context";
import {
  addMemories,
  addMemory,
  deleteScope,
  inferInBackground,
  listMemories,
  type MemoryItem,
  type ScoredMemory,
  searchMemories,
} from "./core";
import type { MemoryFilter } from "./filters";
import { setMemoryWrittenAt } from "./lifecycle";
import { ownerId, TEAM_AGENT } from "./owners";

// The seed's CustomerSupportMemory operations, typed: customer memory (persistent), agent
// knowledge (shared by the team) and session memory (one ticket).

interface CustomerRef {
  workspaceId: string;
  customerId: string;
  by: WriteContext;
}

// --- customer memory --------------------------------------------------------------------

async function addCustomerMemory(
  ref: CustomerRef,
  type: string,
  text: string,
  metadata: Record<string, string | number | boolean | null> = {},
) {
  return addMemory({
    workspaceId: ref.workspaceId,
    target: { scope: "customer", customerId: ref.customerId },
    text,
    type,
    metadata,
    by: ref.by,
  });
}

type Marks = Record<string, string | number | boolean | null>;

export interface CustomerProfileFacts {
  name: string;
  tier?: string;
  company?: string;
  /** Written out by the caller ("German (de)"). */
  language?: string;
  communicationPreference?: string;
  timezone?: string;
}

/** The one sentence a customer's profile memory holds. */
export function customerProfileText({ name, tier, company, language, communicationPreference, timezone }: CustomerProfileFacts): string {
  const parts = [
    `Customer ${name}`,
    tier && `is on the ${tier} tier`,
    company && `works at ${company}`,
    language && `writes in ${language}`,
    communicationPreference && `prefers ${communicationPreference}`,
    timezone && `time zone ${timezone}`,
  ];
  return `${parts.filter(Boolean).join(", ")}.`;
}

export function addCustomerProfile(ref: CustomerRef & { profile: CustomerProfileFacts; metadata?: Marks }) {
  return addCustomerMemory(ref, "profile", customerProfileText(ref.profile), { ...ref.metadata, tier: ref.profile.tier ?? null });
}

export function addCustomerPreference(ref: CustomerRef & { preference: string; metadata?: Marks }) {
  return addCustomerMemory(ref, "preference", ref.preference, ref.metadata);
}

export function addProductOwnership(ref: CustomerRef & { product: string; details?: string; metadata?: Marks }) {
  return addCustomerMemory(ref, "product", `Owns ${ref.product}${ref.details ? `: ${ref.details}` : ""}.`, {
    ...ref.metadata,
    product: ref.product,
  });
}

/** A fact learned from a conversation (lib/customers/learned-facts.ts), marked as learned until an agent confirms it. */
export function addLearnedCustomerFact(ref: CustomerRef & { type: "product" | "preference"; text: string; metadata: Marks }) {
  return addCustomerMemory(ref, ref.type, ref.text, { ...ref.metadata, origin: "learned", learned: true });
}

/** A resolved issue: the problem and the fix (a sentence each, lib/support/resolve.ts), the product and the ticket number. */
export function addCustomerIssueHistory(ref: CustomerRef & { issue: string; resolution: string; product?: string; ticketNumber?: number }) {
  const text = `Resolved issue${ref.product ? ` with ${ref.product}` : ""}${ref.ticketNumber ? ` (ticket #${ref.ticketNumber})` : ""}: ${ref.issue} Resolution: ${ref.resolution}`;
  return addCustomerMemory(ref, "resolved_issue", text, { product: ref.product ?? null, ticket: ref.ticketNumber ?? null });
}

export function addCustomerNote(ref: CustomerRef & { note: string }) {
  return addCustomerMemory(ref, "note", ref.note);
}

/** The customer's profile memories (the drafter puts them first, whatever the query). */
export function getCustomerProfile({ workspaceId, customerId }: { workspaceId: string; customerId: string }): Promise<MemoryItem[]> {
  return listMemories({ workspaceId, target: { scope: "customer", customerId }, filter: { type: "profile" } });
}

export async function deleteCustomerMemories({ workspaceId, customerId, by }: CustomerRef): Promise<number> {
  return deleteScope({ workspaceId, target: { scope: "customer", customerId }, by });
}

// --- agent knowledge --------------------------------------------------------------------

export const knowledgeTypes = ["product_doc", "solution", "escalation", "capability", "policy"] as const;
export type KnowledgeType = (typeof knowledgeTypes)[number];

export function addAgentKnowledge(input: {
  workspaceId: string;
  type: KnowledgeType;
  text: string;
  product?: string;
  metadata?: Record<string, string | number | boolean | null>;
  agentId?: string;
  by: WriteContext;
}) {
  return addMemory({
    workspaceId: input.workspaceId,
    target: { scope: "agent", agentId: input.agentId ?? TEAM_AGENT },
    text: input.text,
    type: input.type,
    metadata: { ...input.metadata, product: input.product ?? null },
    by: input.by,
  });
}

export const addProductKnowledge = (input: Omit<Parameters<typeof addAgentKnowledge>[0], "type">) =>
  addAgentKnowledge({ ...input, type: "product_doc" });
export const addCommonIssueSolution = (
  input: Omit<Parameters<typeof addAgentKnowledge>[0], "type" | "text"> & { issue: string; solution: string },
) => addAgentKnowledge({ ...input, type: "solution", text: `Issue: ${input.issue} Solution: ${input.solution}` });
export const addEscalationProcedure = (input: Omit<Parameters<typeof addAgentKnowledge>[0], "type">) =>
  addAgentKnowledge({ ...input, type: "escalation" });
export const addAgentCapability = (input: Omit<Parameters<typeof addAgentKnowledge>[0], "type">) =>
  addAgentKnowledge({ ...input, type: "capability" });
export const addCompanyPolicy = (input: Omit<Parameters<typeof addAgentKnowledge>[0], "type">) =>
  addAgentKnowledge({ ...input, type: "policy" });

// --- session memory ---------------------------------------------------------------------

export const sessionKinds = ["issue", "step_tried", "sentiment", "related_ticket", "message"] as const;
export type SessionKind = (typeof sessionKinds)[number];

/**
 * Adds what is known about the current ticket. Messages are kept as written; with an LLM
 * configured they also go through mem0's fact extraction, in the background unless the
 * caller runs it (`infer: false`).
 */
export async function addSessionContext(input: {
  workspaceId: string;
  customerId: string;
  sessionId: string;
  kind: SessionKind;
  text: string;
  metadata?: Record<string, string | number | boolean | null>;
  /** Session memory is temporary: it expires unless the ticket is resolved first. */
  expiresOn?: string;
  /** False: a message's fact extraction is run by the caller (lib/support/message-readings.ts), not here. */
  infer?: boolean;
  by: WriteContext;
}) {
  const target = { scope: "session" as const, customerId: input.customerId, sessionId: input.sessionId };
  const id = await addMemory({
    workspaceId: input.workspaceId,
    target,
    text: input.text,
    type: input.kind,
    metadata: input.metadata,
    expiresOn: input.expiresOn,
    by: input.by,
  });
  if (input.kind === "message" && input.infer !== false)
    inferInBackground({ workspaceId: input.workspaceId, target, text: input.text, type: input.kind, by: input.by });
  return id;
}

/** Where a step tried was read: the reply form's checklist, a note starting "Tried:" (lib/support/steps.ts), or the model. */
export type StepSource = "checklist" | "note" | "model";

export function addStepTried(input: {
  workspaceId: string;
  customerId: string;
  sessionId: string;
  step: string;
  source: StepSource;
  /** The agent message it came with, and its place among that message's steps. */
  messageId?: string;
  position?: number;
  by: WriteContext;
}) {
  const { step, source, messageId, position, ...session } = input;
  return addSessionContext({
    ...session,
    kind: "step_tried",
    text: step,
    metadata: { source, messageId: messageId ?? null, position: position ?? 0 },
  });
}

/** same_customer: the customer's other open or recent ticket; similar: another customer's, same product. */
export type TicketRelation = "same_customer" | "similar";

/**
 * Links other tickets of the workspace to this session, all in one write. Each memory holds
 * the link alone (id and number): subject and status are read live where it is shown, so no
 * other customer's words enter this customer's memory, and an erased ticket's link shows
 * nothing.
 */
export function addRelatedTickets(input: {
  workspaceId: string;
  customerId: string;
  sessionId: string;
  links: Array<{ id: string; number: number; relation: TicketRelation }>;
  by: WriteContext;
}): Promise<string[]> {
  return addMemories({
    workspaceId: input.workspaceId,
    target: { scope: "session", customerId: input.customerId, sessionId: input.sessionId },
    items: input.links.map(({ id, number, relation }) => ({
      type: "related_ticket",
      text:
        relation === "same_customer"
          ? `Related: this customer's ticket #${number}.`
          : `Related: similar ticket #${number} of another customer.`,
      metadata: { ticketId: id, ticketNumber: number, relation },
    })),
    by: input.by,
  });
}

/** One kind of the session's memories (the type filter), oldest first: the session pane lists them in order. */
export async function listSessionMemories(input: {
  workspaceId: string;
  customerId: string;
  sessionId: string;
  kind: SessionKind;
}): Promise<MemoryItem[]> {
  const target = { scope: "session" as const, customerId: input.customerId, sessionId: input.sessionId };
  const items = await listMemories({ workspaceId: input.workspaceId, target, filter: { type: input.kind } });
  const position = (item: MemoryItem) => Number(item.metadata.position ?? 0);
  return items.toSorted((left, right) => (left.createdAt ?? "").localeCompare(right.createdAt ?? "") || position(left) - position(right));
}

/**
 * Clears the session; what an agent marked important is kept in the customer's memory first,
 * unless `keepImportant` is false (a ticket whose sender is not verified: nothing joins).
 */
export async function clearSession(input: {
  workspaceId: string;
  customerId: string;
  sessionId: string;
  by: WriteContext;
  keepImportant?: boolean;
}) {
  const target = { scope: "session" as const, customerId: input.customerId, sessionId: input.sessionId };
  const important =
    input.keepImportant === false
      ? []
      : await listMemories({ workspaceId: input.workspaceId, target, filter: { important: true }, limit: 1000 });
  for (const memory of important)
    await promoteSessionMemory({
      workspaceId: input.workspaceId,
      customerId: input.customerId,
      sessionId: input.sessionId,
      memory,
      by: input.by,
    });
  return deleteScope({ workspaceId: input.workspaceId, target, by: input.by });
}

/**
 * Copies a session memory into the customer's memory (as a note that says where it came
 * from) unless an earlier, interrupted clear or retention run already did. Returns its id.
 */
export async function promoteSessionMemory(input: {
  workspaceId: string;
  customerId: string;
  sessionId: string;
  memory: { id: string; text: string; type: string };
  /** When it counts as written (a retention run's clock); now by default. */
  at?: Date;
  by: WriteContext;
}): Promise<string> {
  const prisma = await getPrisma();
  const earlier = await prisma.memoryRecord.findFirst({
    where: {
      workspaceId: input.workspaceId,
      collection: "memories",
      scope: "customer",
      userId: ownerId(input.workspaceId, input.customerId),
      payload: { path: ["promotedFrom"], equals: input.memory.id },
    },
    select: { id: true },
  });
  if (earlier) return earlier.id;
  const id = await addCustomerMemory(
    { workspaceId: input.workspaceId, customerId: input.customerId, by: input.by },
    "note",
    input.memory.text,
    {
      source: "session",
      sessionKind: input.memory.type,
      sessionId: input.sessionId,
      promotedFrom: input.memory.id,
    },
  );
  if (input.at) await setMemoryWrittenAt({ workspaceId: input.workspaceId, memoryId: id, at: input.at });
  return id;
}

// --- reading all three at once ----------------------------------------------------------

export interface SupportContext {
  customer: ScoredMemory[];
  agent: ScoredMemory[];
  session: ScoredMemory[];
}

// Knowledge tagged with a product: one product, or one of several (articles keep those as "a|b").
const taggedWith = (product: string): MemoryFilter => ({ OR: [{ product }, { products: { contains: product } }] });
const forNoProduct: MemoryFilter = { OR: [{ product: null }, { NOT: [{ product: "*" }] }], NOT: [{ products: "*" }] };
const withFilter = (filter: MemoryFilter | undefined, extra: MemoryFilter): MemoryFilter => (filter ? { AND: [filter, extra] } : extra);

/**
 * Team knowledge for a ticket about one product: the entries tagged with it first, then the
 * general ones; other products' entries are left out.
 */
export async function searchProductKnowledge(input: {
  workspaceId: string;
  agentId?: string;
  query: string;
  product: string;
  limit: number;
  filter?: MemoryFilter;
}): Promise<ScoredMemory[]> {
  const search = {
    workspaceId: input.workspaceId,
    target: { scope: "agent" as const, agentId: input.agentId ?? TEAM_AGENT },
    query: input.query,
  };
  const tagged = (
    await searchMemories({ ...search, limit: input.limit, filter: withFilter(input.filter, taggedWith(input.product)) })
  ).filter(
    (memory) =>
      memory.metadata.product === input.product ||
      (typeof memory.metadata.products === "string" && memory.metadata.products.split("|").includes(input.product)),
  );
  if (tagged.length >= input.limit) return tagged;
  return [
    ...tagged,
    ...(await searchMemories({ ...search, limit: input.limit - tagged.length, filter: withFilter(input.filter, forNoProduct) })),
  ];
}

export async function getSupportContext(input: {
  workspaceId: string;
  customerId: string;
  sessionId?: string;
  agentId?: string;
  query: string;
  /** The ticket's product: filters team knowledge (searchProductKnowledge). */
  product?: string | null;
  limits?: Partial<Record<keyof SupportContext, number>>;
  filters?: Partial<Record<keyof SupportContext, MemoryFilter>>;
  /** False leaves the customer's memory out (a ticket whose sender is not verified yet). */
  includeCustomer?: boolean;
}): Promise<SupportContext> {
  const { workspaceId, customerId, query } = input;
  const limits = { customer: 5, agent: 5, session: 3, ...input.limits };
  // One after another: the embedded database answers one query at a time anyway.
  const customer =
    input.includeCustomer === false
      ? []
      : await searchMemories({
          workspaceId,
          target: { scope: "customer", customerId },
          query,
          limit: limits.customer,
          filter: input.filters?.customer,
        });
  const agent = input.product
    ? await searchProductKnowledge({
        workspaceId,
        agentId: input.agentId,
        query,
        product: input.product,
        limit: limits.agent,
        filter: input.filters?.agent,
      })
    : await searchMemories({
        workspaceId,
        target: { scope: "agent", agentId: input.agentId ?? TEAM_AGENT },
        query,
        limit: limits.agent,
        filter: input.filters?.agent,
      });
  const session = input.sessionId
    ? await searchMemories({
        workspaceId,
        target: { scope: "session", customerId, sessionId: input.sessionId },
        query,
        limit: limits.session,
        filter: input.filters?.session,
      })
    : [];
  return { customer, agent, session };
}
