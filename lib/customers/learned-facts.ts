import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/guard";
import { runInBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db";
import { isTransientModelError } from "@/lib/ai/llm";
import { env } from "@/lib/env";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { defineJob, enqueueJob } from "@/lib/jobs";
import type { WriteContext } from "@/lib/memory/context";
import { deleteMemory, getMemory, inferMemories, listMemories, type MemoryItem, updateMemory } from "@/lib/memory/core";
import { setMemoryMarks } from "@/lib/memory/lifecycle";
import { listProductCatalogue } from "@/lib/knowledge/product-catalogue";
import { addLearnedCustomerFact } from "@/lib/memory/support-memory";
import { text } from "@/lib/validation";
import { type CustomerProfilePatch, MAX_PRODUCTS, type PreferredChannel } from "./fields";
import { extractFacts, factField, type LearnedFact } from "./learn";
import { type CustomerRecord, findCustomer, updateCustomerProfile } from "./profile";

// Customer memory learned from conversations. Every customer message of a verified ticket
// (and, with a model, every agent reply) is read for facts about the customer: with an
// OpenAI-compatible model through mem0's own extraction, with a support prompt and the
// workspace's product catalogue; without one (or when the model fails) by the rules in
// ./learn.ts. A learned memory is marked learned, names its source message, and waits for an
// agent to confirm, correct or delete it. Nothing is learned from a ticket whose sender has
// not proven the address (lib/support/public.ts): it may not be this customer at all.

/** mem0's extraction prompt gets these instructions after its own. */
export function supportExtractionInstructions(catalogue: readonly string[]): string {
  // Bounded: a knowledge base with thousands of tags must not crowd out the message.
  const names = catalogue.slice(0, 300).map((name) => name.replace(/\s+/g, " ").slice(0, 120));
  return [
    "This memory belongs to one customer of a support team. Keep only facts that help the team serve this customer next time:",
    "- how they like to be contacted: channel, times, time zone, the language they write in;",
    "- products they own or use, with versions, models and plans, named as in the product catalogue below when they match;",
    "- their environment: devices, operating systems, network, other products they connect;",
    "- problems that recur, and what worked or did not work for them.",
    "Leave out greetings, the one-off details of this request, guesses, and anything secret (passwords, card numbers, codes).",
    'Write each fact as one short sentence about the customer, e.g. "Uses Lumio Hub on firmware 2.4."',
    `Product catalogue: ${names.length ? names.join("; ") : "(none yet)"}`,
  ].join("\n");
}

interface Source {
  workspaceId: string;
  ticketId: string;
  messageId: string;
  text: string;
}

/** The ticket's customer when the ticket may feed their memory (its sender is verified), else null. */
async function learningCustomer(workspaceId: string, ticketId: string): Promise<string | null> {
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({ where: { id: ticketId, workspaceId }, select: { customerId: true, verifiedAt: true } });
  return ticket?.verifiedAt ? ticket.customerId : null;
}

/**
 * Learns from a message that just arrived. A failure only logs: the message is saved
 * already, and a missed fact costs less than a lost message. Inside a job with tries left
 * (`retryable`), a failure throws instead, for the job to try again.
 */
export async function learnFromMessage(input: Source & { from: "customer" | "agent"; wait?: boolean; retryable?: boolean }): Promise<void> {
  try {
    const customerId = await learningCustomer(input.workspaceId, input.ticketId);
    if (!customerId) return;
    const by: WriteContext = { actorType: "system", customerId };
    if (env().OPENAI_API_KEY) {
      // Inside a job (wait), awaited so that the job's retry covers the model call.
      if (input.wait) await learnWithModel({ ...input, customerId, by });
      else runInBackground("customer memory: fact extraction", () => learnWithModel({ ...input, customerId, by }));
      return;
    }
    // The rules read what a customer writes; an agent's own wording says nothing about them.
    if (input.from === "customer") await learnWithRules({ ...input, customerId, by });
  } catch (error) {
    if (input.wait && input.retryable) throw error;
    console.error(`[memory] could not learn from message ${input.messageId}: ${(error as Error).message}`);
  }
}

/**
 * Learns from every customer message of a ticket, oldest first: a ticket just verified joins
 * its customer. With a chat model, in a job (its model calls are tried again, not lost with
 * the process); by the rules, now.
 */
export async function learnFromTicket({ workspaceId, ticketId }: { workspaceId: string; ticketId: string }): Promise<void> {
  try {
    if (env().OPENAI_API_KEY) await enqueueJob(LEARN_FROM_TICKET_JOB, { workspaceId, ticketId });
    else await learnFromTicketMessages({ workspaceId, ticketId, attempt: null });
  } catch (error) {
    console.error(`[memory] could not learn from ticket ${ticketId}: ${(error as Error).message}`);
  }
}

export const LEARN_FROM_TICKET_JOB = "ticket.learn-verified";
const LEARN_RETRY_LIMIT = 5;

/** `attempt`: the job's try (null outside a job). A message something was learned from already is skipped. */
async function learnFromTicketMessages({
  workspaceId,
  ticketId,
  attempt,
}: {
  workspaceId: string;
  ticketId: string;
  attempt: number | null;
}) {
  const prisma = await getPrisma();
  const messages = await prisma.message.findMany({
    where: { workspaceId, ticketId, kind: "CUSTOMER" },
    orderBy: { createdAt: "asc" },
    select: { id: true, body: true, customerId: true },
  });
  for (const message of messages) {
    // The message's own reading (lib/support/message-readings.ts) may have come after the proof, or an earlier try.
    const learned = await listMemories({
      workspaceId,
      target: { scope: "customer", customerId: message.customerId },
      filter: { sourceMessageId: message.id },
      limit: 1,
    });
    if (learned.length > 0) continue;
    await learnFromMessage({
      workspaceId,
      ticketId,
      messageId: message.id,
      text: message.body,
      from: "customer",
      wait: attempt !== null,
      retryable: attempt !== null && attempt <= LEARN_RETRY_LIMIT,
    });
  }
}

defineJob(LEARN_FROM_TICKET_JOB, ({ workspaceId, ticketId }, { attempt }) => learnFromTicketMessages({ workspaceId, ticketId, attempt }), {
  payload: z.object({ workspaceId: z.uuid(), ticketId: z.uuid() }),
  retryLimit: LEARN_RETRY_LIMIT,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 10 * 60,
  concurrency: 2,
});

async function learnWithModel(input: Source & { customerId: string; from: "customer" | "agent"; by: WriteContext; retryable?: boolean }) {
  const catalogue = await listProductCatalogue({ workspaceId: input.workspaceId });
  try {
    await inferMemories({
      workspaceId: input.workspaceId,
      target: { scope: "customer", customerId: input.customerId },
      text: input.text,
      role: input.from === "customer" ? "user" : "assistant",
      type: "inferred",
      instructions: supportExtractionInstructions(catalogue),
      metadata: { origin: "learned", learned: true, learnedBy: "model", sourceMessageId: input.messageId, sourceTicketId: input.ticketId },
      by: input.by,
    });
  } catch (error) {
    // A transient failure is tried again by the job; anything else will not mend by waiting.
    if (input.retryable && isTransientModelError(error)) throw error;
    console.warn(`[memory] the model could not extract facts (${(error as Error).message}); using the rules`);
    if (input.from === "customer") await learnWithRules(input);
  }
}

const isLearned = (memory: MemoryItem) => memory.metadata.learned === true;
const same = (left: unknown, right: string | null) =>
  typeof left === "string" && right !== null && left.toLowerCase() === right.toLowerCase();
const primary = (tag: string | null) => tag?.split("-")[0]?.toLowerCase() ?? null;

/**
 * What to do with a learned fact given the record and the memories already there: skip it
 * when they already say it, replace an older learned guess about the same single-valued field
 * (the customer said something new), or add it.
 */
export function planFact(
  fact: LearnedFact,
  customer: Pick<CustomerRecord, "language" | "preferredChannel" | "products">,
  memories: MemoryItem[],
): { add: boolean; replace: MemoryItem[] } {
  const field = factField[fact.kind];
  const skip = { add: false, replace: [] };
  switch (fact.kind) {
    case "product": {
      if (customer.products.some((name) => same(name, fact.product))) return skip;
      const known = memories.filter((memory) => memory.type === "product" && same(memory.metadata.product, fact.product));
      if (known.some((memory) => !isLearned(memory))) return skip;
      // A version only adds to what was learned: "Hub" after "Hub 2.4" is the same fact.
      const older = known.filter((memory) => fact.version !== null && memory.metadata.version !== fact.version);
      if (known.length > older.length) return skip;
      return { add: true, replace: older };
    }
    case "language":
      if (primary(customer.language) === primary(fact.language)) return skip;
      return planSingle(memories, field, (memory) => memory.metadata.language === fact.language);
    case "channel":
      if (customer.preferredChannel === fact.channel) return skip;
      return planSingle(memories, field, (memory) => memory.metadata.channel === fact.channel);
    case "contactTime":
      return planSingle(memories, field, (memory) => memory.text === fact.text);
  }
}

function planSingle(memories: MemoryItem[], field: string, sameValue: (memory: MemoryItem) => boolean) {
  const about = memories.filter((memory) => memory.metadata.field === field);
  if (about.some(sameValue)) return { add: false, replace: [] };
  // Only guesses give way; what an agent confirmed stays until they change it.
  return { add: true, replace: about.filter(isLearned) };
}

async function learnWithRules(input: Source & { customerId: string; by: WriteContext }) {
  const catalogue = await listProductCatalogue({ workspaceId: input.workspaceId });
  const facts = extractFacts({ text: input.text, catalogue });
  if (facts.length === 0) return;
  const customer = await findCustomer({ workspaceId: input.workspaceId, customerId: input.customerId });
  const target = { scope: "customer" as const, customerId: input.customerId };
  let memories = await listMemories({ workspaceId: input.workspaceId, target, limit: 1000 });
  for (const fact of facts) {
    const plan = planFact(fact, customer, memories);
    for (const memory of plan.replace) await deleteMemory({ workspaceId: input.workspaceId, memoryId: memory.id, by: input.by });
    if (!plan.add) continue;
    const type = fact.kind === "product" ? "product" : "preference";
    const metadata = {
      field: factField[fact.kind],
      learnedBy: "rules",
      sourceMessageId: input.messageId,
      sourceTicketId: input.ticketId,
      ...(fact.kind === "product" && { product: fact.product, version: fact.version }),
      ...(fact.kind === "language" && { language: fact.language }),
      ...(fact.kind === "channel" && { channel: fact.channel }),
    };
    const id = await addLearnedCustomerFact({
      workspaceId: input.workspaceId,
      customerId: input.customerId,
      by: input.by,
      type,
      text: fact.text,
      metadata,
    });
    // The next fact of the message is planned against this one too, without reading them all again.
    const replaced = new Set(plan.replace.map((memory) => memory.id));
    const added: MemoryItem = {
      id,
      text: fact.text,
      scope: "customer",
      type,
      metadata: { ...metadata, learned: true },
      createdAt: null,
      updatedAt: null,
      expiresOn: null,
    };
    memories = [...memories.filter((memory) => !replaced.has(memory.id)), added];
  }
}

// --- what agents do with a learned fact ---------------------------------------------------

export const learnedFactSchema = z.object({ memoryId: z.uuid("Unknown memory.") });
export const learnedFactCorrectionSchema = learnedFactSchema.extend({
  text: text().min(3, "Write at least a few words.").max(2000, "Keep a memory under 2,000 characters."),
});

async function customerFact(actor: Actor, memoryId: string) {
  const memory = await getMemory({ workspaceId: actor.workspaceId, memoryId });
  if (memory.owner.scope !== "customer" || !memory.owner.customerId) throw new NotFoundError("Memory");
  return {
    memory,
    customerId: memory.owner.customerId,
    by: { actorType: "user" as const, actorUserId: actor.userId, customerId: memory.owner.customerId },
  };
}

/** The profile change a learned fact stands for, if its field is one the record holds. */
function patchFor(memory: MemoryItem, customer: CustomerRecord): CustomerProfilePatch | null {
  const { field, product, language, channel } = memory.metadata;
  if (field === "products" && typeof product === "string") {
    if (customer.products.some((name) => same(name, product))) return {};
    if (customer.products.length >= MAX_PRODUCTS)
      throw new ConflictError(`The profile already lists ${MAX_PRODUCTS} products; remove one first.`);
    return { products: [...customer.products, product] };
  }
  if (field === "language" && typeof language === "string") return { language };
  if (field === "preferredChannel" && typeof channel === "string") return { preferredChannel: channel as PreferredChannel };
  return null;
}

/**
 * An agent says a learned fact is right. One the profile holds (a product, the language, the
 * channel) goes onto the profile, whose memory then replaces it; any other loses its learned
 * mark. Returns the profile field it went to, if any.
 */
export async function confirmLearnedFact({ actor, memoryId }: { actor: Actor; memoryId: string }): Promise<{ field: string | null }> {
  const { memory, customerId, by } = await customerFact(actor, memoryId);
  if (!isLearned(memory)) throw new ConflictError("This memory is not waiting for confirmation.");
  const customer = await findCustomer({ workspaceId: actor.workspaceId, customerId });
  const patch = patchFor(memory, customer);
  if (patch) {
    await updateCustomerProfile({ workspaceId: actor.workspaceId, customerId, patch, by, audit: { source: "learned" } });
    // The profile said so already, or its memory did not take this one's place: done either way.
    await deleteMemory({ workspaceId: actor.workspaceId, memoryId, by }).catch((error) => {
      if (!(error instanceof NotFoundError)) throw error;
    });
    return { field: String(memory.metadata.field) };
  }
  await setMemoryMarks({
    workspaceId: actor.workspaceId,
    memoryId,
    marks: { learned: null, confirmed: true },
    audit: "memory.confirmed",
    by,
  });
  return { field: null };
}

/** An agent rewrites a learned fact: it is theirs now, no longer a guess tied to a field. */
export async function correctLearnedFact({ actor, memoryId, text }: { actor: Actor; memoryId: string; text: string }): Promise<void> {
  const { memory, by } = await customerFact(actor, memoryId);
  if (!isLearned(memory)) throw new ConflictError("This memory is not waiting for confirmation.");
  await updateMemory({
    workspaceId: actor.workspaceId,
    memoryId,
    text,
    metadata: {
      learned: false,
      confirmed: true,
      corrected: true,
      field: null,
      product: null,
      version: null,
      language: null,
      channel: null,
    },
    by,
  });
}

/** An agent deletes a wrong learned fact. */
export async function deleteLearnedFact({ actor, memoryId }: { actor: Actor; memoryId: string }): Promise<void> {
  const { by } = await customerFact(actor, memoryId);
  await deleteMemory({ workspaceId: actor.workspaceId, memoryId, by });
}

/** The customer's learned facts still waiting for an agent, newest first. */
export function listLearnedFacts({ workspaceId, customerId }: { workspaceId: string; customerId: string }): Promise<MemoryItem[]> {
  return listMemories({ workspaceId, target: { scope: "customer", customerId }, filter: { learned: true }, limit: 50 });
}
