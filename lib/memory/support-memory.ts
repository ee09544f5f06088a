import { getPrisma } from "@/lib/db";
import type { WriteContext } from "./context";
import { addMemory, deleteScope, inferInBackground, listMemories, type MemoryItem, type ScoredMemory, searchMemories } from "./core";
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

const PROFILE_TTL_MS = 60_000;
const profileCache = new Map<string, { expires: number; value: MemoryItem[] }>();
const profileKey = (workspaceId: string, customerId: string) => `${workspaceId}:${customerId}`;

/** Any write to a customer's memory drops the cached profile, in every scope helper below. */
export function forgetCachedProfile(workspaceId: string, customerId: string): void {
  profileCache.delete(profileKey(workspaceId, customerId));
}

async function addCustomerMemory(ref: CustomerRef, type: string, text: string, metadata: Record<string, string | number | boolean | null> = {}) {
  forgetCachedProfile(ref.workspaceId, ref.customerId);
  return addMemory({ workspaceId: ref.workspaceId, target: { scope: "customer", customerId: ref.customerId }, text, type, metadata, by: ref.by });
}

export function addCustomerProfile(
  ref: CustomerRef & { profile: { name: string; tier?: string; communicationPreference?: string; timezone?: string } },
) {
  const { name, tier, communicationPreference, timezone } = ref.profile;
  const parts = [`Customer ${name}`, tier && `is on the ${tier} tier`, communicationPreference && `prefers ${communicationPreference}`, timezone && `time zone ${timezone}`];
  return addCustomerMemory(ref, "profile", `${parts.filter(Boolean).join(", ")}.`, { tier: tier ?? null });
}

export function addCustomerPreference(ref: CustomerRef & { preference: string }) {
  return addCustomerMemory(ref, "preference", ref.preference);
}

export function addProductOwnership(ref: CustomerRef & { product: string; details?: string }) {
  return addCustomerMemory(ref, "product", `Owns ${ref.product}${ref.details ? `: ${ref.details}` : ""}.`, { product: ref.product });
}

export function addCustomerIssueHistory(ref: CustomerRef & { issue: string; resolution: string; product?: string; ticketNumber?: number }) {
  const text = `Resolved issue${ref.product ? ` with ${ref.product}` : ""}: ${ref.issue} Resolution: ${ref.resolution}`;
  return addCustomerMemory(ref, "resolved_issue", text, { product: ref.product ?? null, ticket: ref.ticketNumber ?? null });
}

export function addCustomerNote(ref: CustomerRef & { note: string }) {
  return addCustomerMemory(ref, "note", ref.note);
}

/** The customer's profile memories, cached for a minute and dropped on any write. */
export async function getCustomerProfile({ workspaceId, customerId }: { workspaceId: string; customerId: string }) {
  const key = profileKey(workspaceId, customerId);
  const cached = profileCache.get(key);
  if (cached && cached.expires > Date.now()) return cached.value;
  const value = await listMemories({ workspaceId, target: { scope: "customer", customerId }, filter: { type: "profile" } });
  profileCache.set(key, { expires: Date.now() + PROFILE_TTL_MS, value });
  return value;
}

export async function deleteCustomerMemories({ workspaceId, customerId, by }: CustomerRef): Promise<number> {
  forgetCachedProfile(workspaceId, customerId);
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

export const addProductKnowledge = (input: Omit<Parameters<typeof addAgentKnowledge>[0], "type">) => addAgentKnowledge({ ...input, type: "product_doc" });
export const addCommonIssueSolution = (input: Omit<Parameters<typeof addAgentKnowledge>[0], "type" | "text"> & { issue: string; solution: string }) =>
  addAgentKnowledge({ ...input, type: "solution", text: `Issue: ${input.issue} Solution: ${input.solution}` });
export const addEscalationProcedure = (input: Omit<Parameters<typeof addAgentKnowledge>[0], "type">) => addAgentKnowledge({ ...input, type: "escalation" });
export const addAgentCapability = (input: Omit<Parameters<typeof addAgentKnowledge>[0], "type">) => addAgentKnowledge({ ...input, type: "capability" });
export const addCompanyPolicy = (input: Omit<Parameters<typeof addAgentKnowledge>[0], "type">) => addAgentKnowledge({ ...input, type: "policy" });

// --- session memory ---------------------------------------------------------------------

export const sessionKinds = ["issue", "step_tried", "sentiment", "related_ticket", "message"] as const;
export type SessionKind = (typeof sessionKinds)[number];

/**
 * Adds what is known about the current ticket. Messages are kept as written; with an LLM
 * configured they also go through mem0's fact extraction in the background.
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
  by: WriteContext;
}) {
  const target = { scope: "session" as const, customerId: input.customerId, sessionId: input.sessionId };
  const id = await addMemory({ workspaceId: input.workspaceId, target, text: input.text, type: input.kind, metadata: input.metadata, expiresOn: input.expiresOn, by: input.by });
  if (input.kind === "message") inferInBackground({ workspaceId: input.workspaceId, target, text: input.text, type: input.kind, by: input.by });
  return id;
}

/**
 * Clears the session; what an agent marked important is kept in the customer's memory first,
 * unless `keepImportant` is false (a ticket whose sender is not verified: nothing joins).
 */
export async function clearSession(input: { workspaceId: string; customerId: string; sessionId: string; by: WriteContext; keepImportant?: boolean }) {
  const target = { scope: "session" as const, customerId: input.customerId, sessionId: input.sessionId };
  const important = input.keepImportant === false ? [] : await listMemories({ workspaceId: input.workspaceId, target, filter: { important: true }, limit: 1000 });
  for (const memory of important) await promoteSessionMemory({ workspaceId: input.workspaceId, customerId: input.customerId, sessionId: input.sessionId, memory, by: input.by });
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
    where: { workspaceId: input.workspaceId, collection: "memories", scope: "customer", userId: ownerId(input.workspaceId, input.customerId), payload: { path: ["promotedFrom"], equals: input.memory.id } },
    select: { id: true },
  });
  if (earlier) return earlier.id;
  const id = await addCustomerMemory({ workspaceId: input.workspaceId, customerId: input.customerId, by: input.by }, "note", input.memory.text, {
    source: "session",
    sessionKind: input.memory.type,
    sessionId: input.sessionId,
    promotedFrom: input.memory.id,
  });
  if (input.at) await setMemoryWrittenAt({ workspaceId: input.workspaceId, memoryId: id, at: input.at });
  return id;
}

// --- reading all three at once ----------------------------------------------------------

export interface SupportContext {
  customer: ScoredMemory[];
  agent: ScoredMemory[];
  session: ScoredMemory[];
}

export async function getSupportContext(input: {
  workspaceId: string;
  customerId: string;
  sessionId?: string;
  agentId?: string;
  query: string;
  limits?: Partial<Record<keyof SupportContext, number>>;
  filters?: Partial<Record<keyof SupportContext, MemoryFilter>>;
  /** False leaves the customer's memory out (a ticket whose sender is not verified yet). */
  includeCustomer?: boolean;
}): Promise<SupportContext> {
  const { workspaceId, customerId, query } = input;
  const limits = { customer: 5, agent: 5, session: 3, ...input.limits };
  // One after another: the embedded database answers one query at a time anyway.
  const customer = input.includeCustomer === false ? [] : await searchMemories({ workspaceId, target: { scope: "customer", customerId }, query, limit: limits.customer, filter: input.filters?.customer });
  const agent = await searchMemories({ workspaceId, target: { scope: "agent", agentId: input.agentId ?? TEAM_AGENT }, query, limit: limits.agent, filter: input.filters?.agent });
  const session = input.sessionId
    ? await searchMemories({ workspaceId, target: { scope: "session", customerId, sessionId: input.sessionId }, query, limit: limits.session, filter: input.filters?.session })
    : [];
  return { customer, agent, session };
}
