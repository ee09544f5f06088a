import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { verifyAuditChain } from "@/lib/audit/verify";
import { getPrisma } from "@/lib/db";
import { listMemories } from "@/lib/memory/core";
import { makeAgent, makeWorkspace } from "@/test/factories";
import {
  makeRichCustomer,
  needlesOf,
  type RichCustomer,
  scanDatabase,
  tablesHoldingCustomerId,
  teamKnowledgeRows,
} from "@/test/privacy-fixtures";
import { ErasureInProgressError, eraseCustomer, resumeErasures, runErasure, startErasure } from "./erasure";
import type { ErasureStepName } from "./erasure-steps";
import { exportPersonalData } from "./export";
import { hashEmail } from "./hash";
import { countHoldings } from "./holdings";
import { requestPrivacyCode } from "./verification";

async function setUp(label: string) {
  const workspace = await makeWorkspace(label);
  const agent = await makeAgent(workspace, "Robin Agent");
  const customer = await makeRichCustomer(workspace, agent);
  const other = await makeRichCustomer(workspace, agent);
  // Mail to the address: a privacy code, as the privacy page sends it.
  await requestPrivacyCode({
    workspace: { id: workspace.workspaceId, name: "Test" },
    email: customer.email,
    clientKey: `erasure-${customer.email}`,
  });
  return { workspace, agent, customer, other };
}

async function expectErased(workspaceId: string, customer: RichCustomer) {
  // Team knowledge is flagged for review, not rewritten (erasure-knowledge.integration.test.ts).
  expect(await scanDatabase([...needlesOf(customer), customer.customerId], teamKnowledgeRows)).toEqual([]);
  expect(await tablesHoldingCustomerId(customer.customerId)).toEqual([]);
  const prisma = await getPrisma();
  expect(await prisma.customer.count({ where: { id: customer.customerId } })).toBe(0);
  const exported = await exportPersonalData({ workspaceId, email: customer.email });
  expect(exported.held).toBe(false);
  expect(exported.summary).toMatch(/holds no personal data for this address/);
  expect(exported).toMatchObject({
    profile: null,
    tickets: [],
    drafts: [],
    memories: { customer: [], session: [] },
    mail: [],
    activity: [],
  });
}

async function snapshot(workspaceId: string, customer: RichCustomer) {
  return { holdings: await countHoldings({ workspaceId, email: customer.email }), hits: await scanDatabase(needlesOf(customer)) };
}

describe("erasing a customer", () => {
  it("leaves none of their email, name, phone or words in any column of any table but team knowledge (flagged), keeps a tombstone and leaves another customer alone", async () => {
    const { workspace, agent, customer, other } = await setUp("erase");
    const { workspaceId } = workspace;
    const before = await countHoldings({ workspaceId, email: customer.email });
    expect(before).toMatchObject({ customer: 1, tickets: 2, messages: 5, drafts: 1, mail: 0 });
    expect(before.customerMemories).toBeGreaterThanOrEqual(4);
    expect(before.memoryHistory).toBeGreaterThan(before.customerMemories);
    // Sanity: the scan does find them before (messages, memories, history, knowledge, audit-free).
    const found = new Set((await scanDatabase(needlesOf(customer))).map((hit) => `${hit.table}.${hit.column}`));
    for (const column of [
      "customers.email",
      "customers.name",
      "messages.body",
      "memories.text",
      "memory_history.old_text",
      "outbox_mails.to_address",
      "tickets.csat_comment",
    ]) {
      expect(found).toContain(column);
    }
    // Redact by design: the log refers to the customer by id, its summaries never name them.
    expect([...found].filter((column) => column.startsWith("audit_logs."))).toEqual([]);
    const otherBefore = await snapshot(workspaceId, other);
    // An older entry not linked to the customer that holds their phone number anyway.
    const prisma = await getPrisma();
    await prisma.$transaction((tx) =>
      recordAudit(tx, {
        workspaceId,
        actorType: "user",
        actorUserId: agent.userId,
        action: "test.call_logged",
        targetType: "call",
        summary: { note: `Called ${customer.name} on ${customer.phone}` },
      }),
    );
    const knowledgeBefore = (await listMemories({ workspaceId, target: { scope: "agent" } })).map((item) => item.text).sort();

    const receipt = await eraseCustomer({ actor: workspace.admin, customerId: customer.customerId });
    const counted = Object.fromEntries(receipt.items.map((item) => [item.kind, item.count]));
    expect(counted).toMatchObject({
      customer: 1,
      tickets: 2,
      messages: 5,
      drafts: 1,
      mail: 1,
      verification_codes: 1,
      customer_memories: before.customerMemories,
      session_memories: before.sessionMemories,
    });
    expect(counted.memory_history).toBeGreaterThanOrEqual(before.memoryHistory);
    expect(counted.team_knowledge).toBeGreaterThanOrEqual(1);
    expect(counted.audit_entries).toBeGreaterThanOrEqual(before.auditEntries);
    expect(receipt.completedAt).not.toBeNull();

    await expectErased(workspaceId, customer);

    // The other customer of the workspace keeps everything, word for word.
    const otherAfter = await snapshot(workspaceId, other);
    expect(otherAfter.holdings).toEqual(otherBefore.holdings);
    expect(otherAfter.hits).toEqual(otherBefore.hits);

    // Team knowledge keeps the entry word for word, flagged for an admin with the passage.
    const knowledge = await listMemories({ workspaceId, target: { scope: "agent" } });
    expect(knowledge.map((item) => item.text).sort()).toEqual(knowledgeBefore);
    const testers = knowledge.find((item) => item.text.includes(customer.email));
    const flags = await prisma.knowledgeReviewFlag.findMany({ where: { workspaceId, erasureRequestId: receipt.requestId } });
    expect(flags).toEqual([
      expect.objectContaining({
        memoryId: testers!.id,
        articleId: null,
        reason: "Mentions the erased customer's email address, phone number and name.",
      }),
    ]);
    expect(flags[0]!.passage.slice(flags[0]!.matchStart, flags[0]!.matchStart + flags[0]!.matchLength)).toBe(customer.email);
    expect(receipt.items.find((item) => item.kind === "team_knowledge")).toMatchObject({ count: 1, action: "flagged" });

    const tombstone = await prisma.auditLog.findFirstOrThrow({
      where: { workspaceId, action: "customer.erased", targetId: receipt.requestId },
    });
    expect(tombstone).toMatchObject({
      actorType: "user",
      actorUserId: workspace.admin.userId,
      targetType: "erasure_request",
      customerId: null,
    });
    expect(tombstone.summary).toMatchObject({
      requestId: receipt.requestId,
      emailHash: hashEmail(workspaceId, customer.email),
      requestedBy: "user",
      counts: { tickets: 2, messages: 5, customer: 1 },
    });
    // The customer's own entries stay in the log, without their data, and the chain still verifies.
    const redacted = await prisma.auditLog.findMany({
      where: { workspaceId, redactedAt: { not: null } },
      select: { action: true, summary: true },
    });
    expect(redacted.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["ticket.opened", "ticket.customer_message", "ticket.rated", "ticket.resolved", "test.call_logged"]),
    );
    expect(await verifyAuditChain({ workspaceId })).toMatchObject({ ok: true });

    // The receipt went to the outbox, naming nobody.
    const mail = await prisma.outboxMail.findFirstOrThrow({ where: { workspaceId, kind: "erasure_receipt" } });
    expect(mail.toAddress).toMatch(/^q•••@p•••\.example$/);
    expect(mail.body).toContain(receipt.requestId);
    expect(mail.body).toMatch(/2 +tickets/);

    const request = await prisma.erasureRequest.findUniqueOrThrow({ where: { id: receipt.requestId } });
    expect(request).toMatchObject({ status: "done", email: null, lastError: null });
    const exported = await exportPersonalData({ workspaceId, email: customer.email });
    expect(exported.erasures).toEqual([expect.objectContaining({ requestId: receipt.requestId })]);

    // Running it again changes nothing and returns the same receipt.
    expect(await runErasure({ requestId: receipt.requestId })).toEqual(receipt);
  });

  it("erases an address it never held: every count zero, a receipt and a tombstone all the same", async () => {
    const workspace = await makeWorkspace("erase-unknown");
    const { requestId } = await startErasure({
      workspaceId: workspace.workspaceId,
      email: "Nobody@Nowhere.example",
      requestedBy: { type: "customer" },
    });
    const receipt = await runErasure({ requestId });
    expect(receipt.items.filter((item) => item.count > 0).map((item) => item.kind)).toEqual([]);
    const prisma = await getPrisma();
    expect(await prisma.auditLog.count({ where: { workspaceId: workspace.workspaceId, action: "customer.erased" } })).toBe(1);
  });

  const stops: ErasureStepName[] = ["session_memories", "tickets", "customer", "receipt_mail"];
  for (const stopAfter of stops) {
    it(`completes a job stopped after the "${stopAfter}" step when resumed, with the counts of an uninterrupted run`, async () => {
      const { workspace, customer, other } = await setUp(`crash-${stopAfter.slice(0, 6)}`);
      const { workspaceId } = workspace;
      const before = await countHoldings({ workspaceId, email: customer.email });
      const otherBefore = await snapshot(workspaceId, other);
      const { requestId } = await startErasure({ workspaceId, email: customer.email, requestedBy: { type: "customer" } });
      const crash = new Error("simulated crash");
      const ran: ErasureStepName[] = [];
      await expect(
        runErasure({
          requestId,
          hooks: {
            afterStep(step) {
              ran.push(step);
              if (step === stopAfter) throw crash;
            },
          },
        }),
      ).rejects.toBe(crash);
      const prisma = await getPrisma();
      const stopped = await prisma.erasureRequest.findUniqueOrThrow({ where: { id: requestId } });
      expect(stopped.status).toBe("pending");
      expect(Object.keys(stopped.steps as object).sort()).toEqual([...ran].sort());
      expect(stopped.email).toBe(customer.email);

      const resumed: ErasureStepName[] = [];
      const result = await resumeErasures({ hooks: { afterStep: (step) => void resumed.push(step) } });
      expect(result.completed).toContain(requestId);
      expect(result.failed).not.toContain(requestId);
      // The resumed run starts after the last recorded step.
      expect([...ran, ...resumed]).toEqual(expect.arrayContaining(["session_memories", "receipt_mail"]));
      expect(resumed).not.toContain(stopAfter);

      const done = await prisma.erasureRequest.findUniqueOrThrow({ where: { id: requestId } });
      expect(done.status).toBe("done");
      const steps = done.steps as Record<string, { count: number }>;
      expect(steps.tickets?.count).toBe(before.tickets);
      expect(steps.messages?.count).toBe(before.messages);
      expect(steps.customer_memories?.count).toBe(before.customerMemories);
      expect(steps.session_memories?.count).toBe(before.sessionMemories);
      await expectErased(workspaceId, customer);
      expect((await snapshot(workspaceId, other)).hits).toEqual(otherBefore.hits);
      // One receipt, however often the job started.
      expect(await prisma.outboxMail.count({ where: { workspaceId, kind: "erasure_receipt" } })).toBe(1);
      expect(await prisma.auditLog.count({ where: { workspaceId, action: "customer.erased", targetId: requestId } })).toBe(1);
    });
  }

  it("is completed by the app's start-up after a crash", async () => {
    const { workspace, customer } = await setUp("startup");
    const { requestId } = await startErasure({
      workspaceId: workspace.workspaceId,
      email: customer.email,
      requestedBy: { type: "customer" },
    });
    const crash = new Error("simulated crash");
    await expect(
      runErasure({
        requestId,
        hooks: {
          afterStep: (step) => {
            if (step === "messages") throw crash;
          },
        },
      }),
    ).rejects.toBe(crash);
    // As if the process died: its lease is still held.
    const prisma = await getPrisma();
    await prisma.erasureRequest.update({ where: { id: requestId }, data: { leaseUntil: new Date(Date.now() + 60_000) } });

    const { prepareApp } = await import("@/lib/startup");
    try {
      await prepareApp();
    } finally {
      const { schedulePrivacySweep } = await import("./schedule");
      const { scheduleRetention } = await import("@/lib/retention/schedule");
      schedulePrivacySweep()();
      scheduleRetention()();
    }
    const request = await prisma.erasureRequest.findUniqueOrThrow({ where: { id: requestId } });
    // Embedded: the only process takes the lease over. On a server it waits for the lease to expire.
    if (process.env.TEST_DB_MODE === "pglite") {
      expect(request.status).toBe("done");
      await expectErased(workspace.workspaceId, customer);
    } else {
      expect(request.status).toBe("pending");
      await prisma.erasureRequest.update({ where: { id: requestId }, data: { leaseUntil: new Date(Date.now() - 1) } });
      await prepareApp().finally(async () => {
        (await import("./schedule")).schedulePrivacySweep()();
        (await import("@/lib/retention/schedule")).scheduleRetention()();
      });
      expect((await prisma.erasureRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("done");
      await expectErased(workspace.workspaceId, customer);
    }
  });

  it("leaves a request another process is working on alone until its lease runs out; start-up of the embedded database takes it over", async () => {
    const workspace = await makeWorkspace("lease");
    const { requestId } = await startErasure({
      workspaceId: workspace.workspaceId,
      email: "lease@privacy.example",
      requestedBy: { type: "system" },
    });
    const prisma = await getPrisma();
    await prisma.erasureRequest.update({ where: { id: requestId }, data: { leaseUntil: new Date(Date.now() + 60_000) } });
    await expect(runErasure({ requestId })).rejects.toBeInstanceOf(ErasureInProgressError);
    expect((await resumeErasures()).completed).not.toContain(requestId);
    expect((await resumeErasures({ takeOverLeases: true })).completed).toContain(requestId);
    // The same address asked again while one is pending reuses it; once done, a new one starts.
    const again = await startErasure({
      workspaceId: workspace.workspaceId,
      email: "lease@privacy.example",
      requestedBy: { type: "system" },
    });
    expect(again.requestId).not.toBe(requestId);
  });
});
