import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { verifyAuditChain } from "@/lib/audit/verify";
import { getPrisma } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import { createArticle } from "@/lib/knowledge/articles";
import { listKnowledgeReviewFlags, resolveKnowledgeReviewFlag } from "@/lib/knowledge/review-flags";
import { listMemories } from "@/lib/memory/core";
import { addAgentMessage } from "@/lib/support/tickets";
import { makeAgent, makeWorkspace, type TestWorkspace } from "@/test/factories";
import { eraseCustomer } from "./erasure";
import { countHoldings } from "./holdings";

// Erasure removes what belongs to the customer and nothing of the team's: a customer whose
// name is an ordinary word ("Billing", "Refunds Team") must not erase that word from the
// knowledge base, its history or agent memory, and the audit chain must still verify.

async function article(workspace: TestWorkspace, title: string, body: string) {
  return createArticle({ actor: workspace.admin, input: { kind: "COMMON_ISSUE", title, body }, publish: true });
}

async function teamKnowledge(workspaceId: string) {
  const prisma = await getPrisma();
  const articles = await prisma.knowledgeArticle.findMany({
    where: { workspaceId },
    orderBy: { id: "asc" },
    select: { id: true, title: true, body: true, memoryId: true },
  });
  const versions = await prisma.knowledgeVersion.findMany({
    where: { workspaceId },
    orderBy: [{ articleId: "asc" }, { version: "asc" }],
    select: { articleId: true, version: true, title: true, body: true },
  });
  const memories = (await listMemories({ workspaceId, target: { scope: "agent" }, limit: 500 }))
    .map((memory) => ({ id: memory.id, text: memory.text }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { articles, versions, memories };
}

async function customerNamed(workspace: TestWorkspace, name: string) {
  const tag = randomUUID().slice(0, 8);
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${tag}@customers.example`;
  const agent = await makeAgent(workspace, "Robin Agent");
  const { openTicket } = await import("@/lib/support/tickets");
  const ticket = await openTicket({
    workspaceId: workspace.workspaceId,
    ticket: { customer: { email, name }, subject: "Charged twice this month", body: "My card was charged twice, please refund one." },
  });
  await addAgentMessage({
    actor: agent,
    message: { ticketId: ticket.id, kind: "AGENT", body: `Hello ${name}, the refund is on its way.` },
  });
  return { email, name, customerId: ticket.customerId, ticketId: ticket.id };
}

describe("erasing a customer whose name is a common word", () => {
  it("leaves the knowledge base, its history and agent memory word for word, flags the entry holding their address, and keeps the chain verifiable", async () => {
    const workspace = await makeWorkspace("erase-billing");
    const { workspaceId } = workspace;
    const billing = await customerNamed(workspace, "Billing");
    const refunds = await customerNamed(workspace, "Refunds Team");
    await article(workspace, "Billing disputes", "Billing questions go to the Billing desk; refunds take 5 days.");
    await article(workspace, "Escalations", "Escalate refunds over 500 EUR to the Refunds Team within a day.");
    const mentioning = await article(
      workspace,
      "Beta billing testers",
      `Testers so far: ${billing.email}. Ask them before changing invoices.`,
    );
    // An entry of the team's log that is not about the customer but uses the word.
    const prisma = await getPrisma();
    await prisma.$transaction((tx) =>
      recordAudit(tx, {
        workspaceId,
        actorType: "user",
        actorUserId: workspace.admin.userId,
        action: "test.renamed",
        targetType: "queue",
        summary: { to: "Billing" },
      }),
    );
    const before = await teamKnowledge(workspaceId);
    expect(before.articles).toHaveLength(3);

    await eraseCustomer({ actor: workspace.admin, customerId: billing.customerId });
    await eraseCustomer({ actor: workspace.admin, customerId: refunds.customerId });

    // Team knowledge, its versions and the agent-memory copies are untouched.
    expect(await teamKnowledge(workspaceId)).toEqual(before);
    const renamed = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId, action: "test.renamed" } });
    expect(renamed).toMatchObject({ summary: { to: "Billing" }, redactedAt: null });
    expect(await verifyAuditChain({ workspaceId })).toMatchObject({ ok: true });

    // The customers' own data is gone.
    for (const customer of [billing, refunds]) {
      expect(await prisma.customer.count({ where: { id: customer.customerId } })).toBe(0);
      expect(await prisma.ticket.count({ where: { id: customer.ticketId } })).toBe(0);
      const holdings = await countHoldings({ workspaceId, email: customer.email });
      expect(Object.values(holdings).every((count) => count === 0)).toBe(true);
    }

    // The entry holding the address waits for an admin, with the passage shown.
    const flags = await listKnowledgeReviewFlags({ actor: workspace.admin });
    const flag = flags.find((item) => item.articleId === mentioning);
    expect(flag).toMatchObject({ title: "Beta billing testers", match: billing.email });
    expect(flag!.reason).toMatch(/email address/);
    expect(`${flag!.before}${flag!.match}${flag!.after}`).toContain(`Testers so far: ${billing.email}.`);
    // The entries using their name as a word are flagged too (a person tells), never rewritten.
    const byTitle = (title: string) => flags.filter((item) => item.title === title).map(({ match, reason }) => ({ match, reason }));
    expect(byTitle("Billing disputes")).toEqual([{ match: "Billing", reason: "Mentions the erased customer's name." }]);
    expect(byTitle("Escalations")).toEqual([{ match: "Refunds Team", reason: "Mentions the erased customer's name." }]);
    expect(flags).toHaveLength(3);

    const agent = await makeAgent(workspace, "Not Admin");
    await expect(listKnowledgeReviewFlags({ actor: agent })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(resolveKnowledgeReviewFlag({ actor: agent, flagId: flag!.id })).rejects.toBeInstanceOf(ForbiddenError);
    const other = await makeWorkspace("erase-billing-other");
    await expect(resolveKnowledgeReviewFlag({ actor: other.admin, flagId: flag!.id })).rejects.toThrow(/not found/i);

    await resolveKnowledgeReviewFlag({ actor: workspace.admin, flagId: flag!.id });
    const resolved = await prisma.knowledgeReviewFlag.findUniqueOrThrow({ where: { id: flag!.id } });
    expect(resolved).toMatchObject({ resolvedByUserId: workspace.admin.userId, passage: "" });
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
    expect((await listKnowledgeReviewFlags({ actor: workspace.admin })).map((item) => item.id)).not.toContain(flag!.id);
    const audited = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId, action: "knowledge.review_flag_resolved" } });
    expect(audited).toMatchObject({ actorUserId: workspace.admin.userId, targetType: "knowledge", targetId: mentioning });
    expect(JSON.stringify(audited.summary)).not.toContain(billing.email);
    expect(await verifyAuditChain({ workspaceId })).toMatchObject({ ok: true });
  });
});
