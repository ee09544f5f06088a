import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import type { WriteContext } from "@/lib/memory/context";
import { deleteMemory, listMemories, type MemoryItem, updateMemory } from "@/lib/memory/core";
import {
  addCustomerPreference,
  addCustomerProfile,
  addProductOwnership,
  type CustomerProfileFacts,
  customerProfileText,
} from "@/lib/memory/support-memory";
import { channelLabels, type CustomerProfilePatch, languageName, type PreferredChannel, type ProfileField, profileFields } from "./fields";

// A customer's record and the memories that repeat it. The record is the truth people set
// (REST API, agents); each change rewrites the matching customer memory: one profile memory
// (tier, company, language, time zone), one preferred-channel memory, one memory per product
// owned. The memory a change supersedes is updated or deleted, never left beside the new one,
// and a learned guess about the same field ("Writes in German", "Prefers phone") goes once the
// field is set. The record and its audit entry are one transaction; the memories follow (the
// memory store audits each of its writes).

export const customerSelect = {
  id: true,
  email: true,
  name: true,
  tier: true,
  company: true,
  language: true,
  timezone: true,
  preferredChannel: true,
  products: true,
  communicationPreference: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface CustomerRecord {
  id: string;
  email: string;
  name: string;
  tier: string;
  company: string | null;
  language: string | null;
  timezone: string | null;
  preferredChannel: string | null;
  products: string[];
  communicationPreference: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A customer of the workspace; NotFoundError for another workspace's or an unknown id. */
export async function findCustomer({ workspaceId, customerId }: { workspaceId: string; customerId: string }): Promise<CustomerRecord> {
  if (!z.uuid().safeParse(customerId).success) throw new NotFoundError("Customer");
  const prisma = await getPrisma();
  const customer = await prisma.customer.findFirst({ where: { id: customerId, workspaceId }, select: customerSelect });
  if (!customer) throw new NotFoundError("Customer");
  return customer;
}

/** The customer with this address in the workspace (found by its blind index), or null. */
export async function lookUpCustomer({ workspaceId, email }: { workspaceId: string; email: string }): Promise<CustomerRecord | null> {
  const prisma = await getPrisma();
  return prisma.customer.findFirst({ where: { workspaceId, email: email.trim().toLowerCase() }, select: customerSelect });
}

const sameValue = (left: unknown, right: unknown) =>
  Array.isArray(left) && Array.isArray(right) ? left.join("\u0000") === right.join("\u0000") : left === right;

/**
 * Applies the fields the patch names, audits which fields changed (names only: values may be
 * personal) and rewrites the memories they feed. A patch that changes nothing writes nothing.
 */
export async function updateCustomerProfile(input: {
  workspaceId: string;
  customerId: string;
  patch: CustomerProfilePatch;
  by: WriteContext;
  /** Added to the audit summary: which door it came through ({ apiKeyId }, { source: "learned" }). */
  audit?: Record<string, string>;
}): Promise<{ customer: CustomerRecord; changed: ProfileField[] }> {
  if (!z.uuid().safeParse(input.customerId).success) throw new NotFoundError("Customer");
  const prisma = await getPrisma();
  const { before, after, changed } = await prisma.$transaction(async (tx) => {
    const before = await tx.customer.findFirst({ where: { id: input.customerId, workspaceId: input.workspaceId }, select: customerSelect });
    if (!before) throw new NotFoundError("Customer");
    const changed = profileFields.filter((field) => input.patch[field] !== undefined && !sameValue(input.patch[field], before[field]));
    if (changed.length === 0) return { before, after: before, changed };
    const data = Object.fromEntries(changed.map((field) => [field, input.patch[field]]));
    const after = await tx.customer.update({ where: { id: before.id }, data, select: customerSelect });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actorUserId: input.by.actorUserId ?? null,
      actorType: input.by.actorType,
      action: "customer.profile_updated",
      targetType: "customer",
      targetId: before.id,
      customerId: before.id,
      summary: { fields: changed, ...input.audit },
    });
    return { before, after, changed };
  });
  if (changed.length > 0)
    await syncProfileMemories({ workspaceId: input.workspaceId, before, after, changed, by: { ...input.by, customerId: after.id } });
  return { customer: after, changed };
}

const PROFILE_GROUP: ProfileField[] = ["tier", "company", "language", "timezone"];
const isLearned = (memory: MemoryItem) => memory.metadata.learned === true;
const sameProduct = (left: unknown, right: string) => typeof left === "string" && left.toLowerCase() === right.toLowerCase();

export function channelPreferenceText(channel: PreferredChannel): string {
  return `Prefers to be contacted by ${channelLabels[channel].toLowerCase()}.`;
}

function profileFactsOf(customer: CustomerRecord): CustomerProfileFacts {
  return {
    name: customer.name,
    tier: customer.tier,
    company: customer.company ?? undefined,
    language: customer.language ? `${languageName(customer.language)} (${customer.language})` : undefined,
    communicationPreference: customer.communicationPreference ?? undefined,
    timezone: customer.timezone ?? undefined,
  };
}

type Marks = Record<string, string | number | boolean | null>;

/** Keeps `keep` (text and marks brought up to date) and deletes the rest of `memories`. */
async function keepOne(workspaceId: string, memories: MemoryItem[], keep: MemoryItem, text: string, metadata: Marks, by: WriteContext) {
  const stale = keep.text !== text || Object.entries(metadata).some(([key, value]) => keep.metadata[key] !== value);
  if (stale) await updateMemory({ workspaceId, memoryId: keep.id, text, metadata, by });
  for (const memory of memories) if (memory.id !== keep.id) await deleteMemory({ workspaceId, memoryId: memory.id, by });
}

async function syncProfileMemories(input: {
  workspaceId: string;
  before: CustomerRecord;
  after: CustomerRecord;
  changed: ProfileField[];
  by: WriteContext;
}) {
  const { workspaceId, before, after, changed, by } = input;
  const ref = { workspaceId, customerId: after.id, by };
  const memories = await listMemories({ workspaceId, target: { scope: "customer", customerId: after.id }, limit: 1000 });
  const origin = { origin: "profile" };

  if (changed.some((field) => PROFILE_GROUP.includes(field))) {
    // Every profile memory, the seed's included: a profile is one sentence, rewritten in place.
    const profiles = memories.filter((memory) => memory.type === "profile" && !isLearned(memory));
    const facts = profileFactsOf(after);
    if (profiles[0]) await keepOne(workspaceId, profiles, profiles[0], customerProfileText(facts), { ...origin, tier: after.tier }, by);
    else await addCustomerProfile({ ...ref, metadata: origin, profile: facts });
  }
  if (changed.includes("language") && after.language) {
    for (const memory of memories.filter((item) => item.metadata.field === "language" && isLearned(item)))
      await deleteMemory({ workspaceId, memoryId: memory.id, by });
  }

  if (changed.includes("preferredChannel")) {
    const channelMemories = memories.filter((memory) => memory.metadata.field === "preferredChannel");
    const own = channelMemories.filter((memory) => memory.metadata.origin === "profile");
    if (after.preferredChannel) {
      const text = channelPreferenceText(after.preferredChannel as PreferredChannel);
      // The field now says how to reach them: earlier guesses about it are superseded too.
      if (own[0]) await keepOne(workspaceId, channelMemories, own[0], text, { channel: after.preferredChannel }, by);
      else {
        for (const memory of channelMemories) await deleteMemory({ workspaceId, memoryId: memory.id, by });
        await addCustomerPreference({
          ...ref,
          preference: text,
          metadata: { ...origin, field: "preferredChannel", channel: after.preferredChannel },
        });
      }
    } else {
      for (const memory of own) await deleteMemory({ workspaceId, memoryId: memory.id, by });
    }
  }

  if (changed.includes("products")) {
    const products = memories.filter((memory) => memory.type === "product");
    const removed = before.products.filter((name) => !after.products.some((kept) => sameProduct(kept, name)));
    for (const memory of products) {
      const product = memory.metadata.product;
      const gone = !isLearned(memory) && removed.some((name) => sameProduct(product, name));
      // A learned "Owns X" is superseded once X is on the record.
      const confirmed = isLearned(memory) && after.products.some((name) => sameProduct(product, name));
      if (gone || confirmed) await deleteMemory({ workspaceId, memoryId: memory.id, by });
    }
    for (const name of after.products) {
      if (products.some((memory) => !isLearned(memory) && sameProduct(memory.metadata.product, name))) continue;
      await addProductOwnership({ ...ref, product: name, metadata: { ...origin, field: "products" } });
    }
  }
}
