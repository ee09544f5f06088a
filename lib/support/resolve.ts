import "server-only";
import { z } from "zod";
import { text } from "@/lib/validation";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { env } from "@/lib/env";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { chatModel, type ChatModel } from "@/lib/ai/llm";
import { summarizeResolutionWithModel } from "@/lib/ai/model-memory";
import { listProductCatalogue } from "@/lib/knowledge/product-catalogue";
import { ticketProduct } from "@/lib/knowledge/product-match";
import { suggestArticle } from "@/lib/knowledge/suggestions";
import { meterUsage } from "@/lib/metrics/usage";
import { hashingEmbed } from "@/lib/memory/hashing-embedder";
import { setMemoryWrittenAt } from "@/lib/memory/lifecycle";
import { addCustomerIssueHistory, clearSession } from "@/lib/memory/support-memory";
import { firstSentence, summarizeResolution } from "./issue-summary";
import { stripCustomerData } from "./scrub-personal-data";

// The seed's resolution flow: add the issue and its fix to the customer's history (a
// sentence each, with the product and the ticket number), suggest it as a knowledge base
// draft when similar issues keep being resolved (names, emails and order numbers stripped;
// an admin reviews it before it reaches agent memory), record the resolution, and clear the
// session memory last, so a failure part-way leaves the session for a retry.

export const resolveTicketSchema = z.object({
  ticketId: z.uuid("Unknown ticket."),
  resolution: text().max(4000, "Keep the resolution under 4,000 characters.").optional(),
});

const SIMILAR = 0.5;

/** `now` dates the resolution and the history it leaves (the demo's history); now by default. */
export async function resolveTicket({
  actor,
  ticketId,
  resolution,
  model,
  now,
}: {
  actor: Actor;
  ticketId: string;
  resolution?: string;
  model?: ChatModel | null;
  now?: Date;
}) {
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirst({
    where: { id: ticketId, workspaceId: actor.workspaceId },
    select: {
      id: true,
      number: true,
      subject: true,
      product: true,
      status: true,
      createdAt: true,
      verifiedAt: true,
      customer: { select: { id: true, name: true, email: true, phone: true } },
      messages: { orderBy: { createdAt: "asc" }, select: { kind: true, body: true } },
    },
  });
  if (!ticket) throw new NotFoundError("Ticket");
  if (ticket.status === "RESOLVED" || ticket.status === "CLOSED") throw new ValidationError("This ticket is already resolved.");
  const by = { actorType: "user" as const, actorUserId: actor.userId, customerId: ticket.customer.id };
  const workspaceId = actor.workspaceId;

  const firstCustomerMessage = ticket.messages.find((message) => message.kind === "CUSTOMER")?.body ?? "";
  const lastReply = [...ticket.messages].reverse().find((message) => message.kind === "AGENT")?.body;
  const outcome = resolution?.trim() || lastReply;
  if (!outcome)
    throw new ValidationError("Describe the resolution, or reply to the customer first.", {
      resolution: ["Describe how it was resolved."],
    });

  // A sender who has not proven the address may not be this customer: nothing joins their memory.
  const joins = ticket.verifiedAt !== null;
  if (joins) {
    const { problem, fix } = await meterUsage({ workspaceId, purpose: "summary" }, () =>
      summarizeIssue({
        subject: ticket.subject,
        firstCustomerMessage,
        resolution: outcome,
        model: model === undefined ? chatModel() : model,
      }),
    );
    const catalogue = await listProductCatalogue({ workspaceId });
    const product =
      ticketProduct({ product: ticket.product, text: `${ticket.subject}. ${firstCustomerMessage}`, catalogue }) ??
      ticket.product ??
      undefined;
    const remembered = await addCustomerIssueHistory({
      workspaceId,
      customerId: ticket.customer.id,
      by,
      issue: problem,
      resolution: fix,
      product,
      ticketNumber: ticket.number,
    });
    if (now) await setMemoryWrittenAt({ workspaceId, memoryId: remembered, at: now });
  }
  const promoted = await promoteIfRecurring({ actor, ticket, outcome });

  const resolvedAt = now ?? new Date();
  await prisma.$transaction(async (tx) => {
    await tx.ticket.update({ where: { id: ticket.id }, data: { status: "RESOLVED", resolvedAt, ...(now && { updatedAt: now }) } });
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "ticket.resolved",
      targetType: "ticket",
      targetId: ticket.id,
      customerId: ticket.customer.id,
      summary: { minutesToResolve: Math.round((resolvedAt.getTime() - ticket.createdAt.getTime()) / 60_000), promoted },
    });
  });
  const cleared = await clearSession({ workspaceId, customerId: ticket.customer.id, sessionId: ticket.id, by, keepImportant: joins });
  return { promoted, cleared };
}

/** The problem and the fix, a sentence each: the model's when one is configured and answers, else the offline rule. */
async function summarizeIssue(input: { subject: string; firstCustomerMessage: string; resolution: string; model: ChatModel | null }) {
  const offline = summarizeResolution(input);
  if (!input.model || !input.firstCustomerMessage) return offline;
  const summary = await summarizeResolutionWithModel(
    { firstCustomerMessage: input.firstCustomerMessage, resolution: input.resolution },
    input.model,
  ).catch((error: Error) => {
    console.warn(`[resolve] model failed, summarising by rule: ${error.message}`);
    return null;
  });
  return summary ? { problem: firstSentence(summary.problem), fix: firstSentence(summary.fix) } : offline;
}

/**
 * Suggests the fix as a knowledge base draft once enough similar tickets were resolved,
 * once per recurring issue (lib/knowledge/suggestions.ts). It is not agent memory: customer
 * text reaches every later draft only after an admin has read and published it.
 * True when a new suggestion was drafted.
 */
async function promoteIfRecurring(input: {
  actor: Actor;
  ticket: { id: string; subject: string; product: string | null; customer: { name: string; email: string; phone: string | null } };
  outcome: string;
}): Promise<boolean> {
  const prisma = await getPrisma();
  const { ticket, actor } = input;
  const recent = await prisma.ticket.findMany({
    where: { workspaceId: actor.workspaceId, status: { in: ["RESOLVED", "CLOSED"] }, product: ticket.product, id: { not: ticket.id } },
    orderBy: { resolvedAt: "desc" },
    take: 500,
    select: { id: true, subject: true },
  });
  const target = hashingEmbed(ticket.subject);
  const similar = recent.filter(
    (other) => hashingEmbed(other.subject).reduce((sum, value, index) => sum + value * target[index]!, 0) >= SIMILAR,
  );
  // This ticket counts too: it is being resolved now.
  if (similar.length + 1 < env().RESOLUTION_PROMOTION_THRESHOLD) return false;

  const suggestion = await suggestArticle({
    actor,
    ticketId: ticket.id,
    sourceTicketIds: similar.map((other) => other.id),
    title: stripCustomerData(ticket.subject, ticket.customer),
    body: stripCustomerData(input.outcome, ticket.customer),
    product: ticket.product,
  });
  return suggestion.action === "created";
}
