import type { PrismaClient } from "@/lib/db/generated/client";
import { memoryText } from "@/lib/knowledge/articles";
import {
  addAgentKnowledge,
  addCustomerIssueHistory,
  addCustomerPreference,
  addCustomerProfile,
  addProductOwnership,
  addSessionContext,
  type KnowledgeType,
} from "@/lib/memory/support-memory";

// The demo's memories, written through the memory library so the console's panes are full
// on the first start: every customer's profile, preferences, products and resolved issues;
// the knowledge base; and the session context of each open ticket.

const knowledgeTypeOf: Record<string, KnowledgeType> = {
  PRODUCT_DOC: "product_doc",
  COMMON_ISSUE: "solution",
  ESCALATION: "escalation",
  CAPABILITY: "capability",
  POLICY: "policy",
};

/** Writes the demo memories unless the workspace already has some (safe to re-run). */
export async function seedDemoMemories(prisma: PrismaClient, workspaceId: string): Promise<number> {
  // Runs at every embedded start: one row looked up, not the workspace's memories counted.
  if (await prisma.memoryRecord.findFirst({ where: { workspaceId }, select: { id: true } })) return 0;
  const by = { actorType: "system" as const };
  let written = 0;

  for (const article of await prisma.knowledgeArticle.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } })) {
    const memoryId = await addAgentKnowledge({
      workspaceId,
      type: knowledgeTypeOf[article.kind] ?? "product_doc",
      text: memoryText(article.title, article.body),
      product: article.products.length === 1 ? article.products[0] : undefined,
      metadata: { articleId: article.id, version: 1 },
      by,
    });
    // Published; the oldest entry is already due for review, so the review list has work in it.
    const reviewDueAt = new Date(Date.now() + (written === 0 ? -3 : 150 + written) * 86_400_000);
    await prisma.knowledgeArticle.update({
      where: { id: article.id },
      data: { status: "PUBLISHED", publishedVersion: 1, memoryId, reviewDueAt },
    });
    await prisma.knowledgeVersion.updateMany({ where: { articleId: article.id, version: 1 }, data: { memoryId } });
    written += 1;
  }

  const customers = await prisma.customer.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      tier: true,
      communicationPreference: true,
      timezone: true,
      tickets: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          number: true,
          subject: true,
          product: true,
          status: true,
          priority: true,
          messages: { orderBy: { createdAt: "asc" }, select: { kind: true, body: true } },
        },
      },
    },
  });

  for (const customer of customers) {
    const ref = { workspaceId, customerId: customer.id, by };
    await addCustomerProfile({
      ...ref,
      profile: {
        name: customer.name,
        tier: customer.tier,
        communicationPreference: customer.communicationPreference ?? undefined,
        timezone: customer.timezone ?? undefined,
      },
    });
    if (customer.communicationPreference)
      await addCustomerPreference({ ...ref, preference: `Prefers ${customer.communicationPreference}.` });
    written += customer.communicationPreference ? 2 : 1;
    for (const product of new Set(customer.tickets.map((ticket) => ticket.product).filter(Boolean))) {
      await addProductOwnership({ ...ref, product: product! });
      written += 1;
    }

    for (const ticket of customer.tickets) {
      const fromCustomer = ticket.messages.filter((message) => message.kind === "CUSTOMER");
      const fromAgent = ticket.messages.filter((message) => message.kind === "AGENT");
      if (ticket.status === "RESOLVED" && fromAgent.length > 0) {
        await addCustomerIssueHistory({
          ...ref,
          issue: `${ticket.subject}.`,
          resolution: fromAgent[fromAgent.length - 1]!.body,
          product: ticket.product ?? undefined,
          ticketNumber: ticket.number,
        });
        written += 1;
      }
      if (ticket.status === "OPEN" || ticket.status === "PENDING") {
        const session = { workspaceId, customerId: customer.id, sessionId: ticket.id, by };
        await addSessionContext({
          ...session,
          kind: "issue",
          text: `${ticket.subject}. ${fromCustomer[0]?.body ?? ""}`.trim(),
          metadata: { priority: ticket.priority },
        });
        for (const message of ticket.messages.slice(1)) {
          const who = message.kind === "CUSTOMER" ? "Customer" : message.kind === "AGENT" ? "Agent" : "Internal note";
          await addSessionContext({ ...session, kind: "message", text: `${who}: ${message.body}` });
          written += 1;
        }
        written += 1;
      }
    }
  }
  return written;
}
