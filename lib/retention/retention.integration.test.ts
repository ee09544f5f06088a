import pg from "pg";
import { describe, expect, it } from "vitest";
import { getDatabase, getPrisma } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { createArticle } from "@/lib/knowledge/articles";
import { listMemories } from "@/lib/memory/core";
import {
  addCompanyPolicy,
  addCustomerNote,
  addCustomerPreference,
  addSessionContext,
  getSupportContext,
} from "@/lib/memory/support-memory";
import { resolveTicket } from "@/lib/support/resolve";
import { makeAgent, makeTicket, makeWorkspace, type TestWorkspace } from "@/test/factories";
import { RETENTION_LOCK_KEY } from "./lock";
import {
  listArchivedMemories,
  listKnowledgeDueForReview,
  markKnowledgeReviewed,
  markSessionMemoryImportant,
  restoreArchivedMemories,
} from "./memories";
import { getRetentionPolicy, retentionPolicySchema, saveRetentionPolicy } from "./policy";
import { listRetentionRuns, RetentionBusyError, runRetention } from "./run";

const DAY = 86_400_000;
const system = { actorType: "system" as const };
const later = (days: number) => new Date(Date.now() + days * DAY);

/** Everything retention could touch in a workspace, in a comparable form (run history aside). */
async function snapshot(workspaceId: string) {
  const { sql } = await getDatabase();
  const rows = (text: string) => sql.query(text, [workspaceId]);
  return {
    memories: await rows(
      `SELECT id, collection, scope, text, payload::text AS payload, created_at, updated_at, archived_at FROM memories WHERE workspace_id = $1 ORDER BY id`,
    ),
    history: await rows(`SELECT id, memory_id, event FROM memory_history WHERE workspace_id = $1 ORDER BY id`),
    audit: await rows(`SELECT id, action FROM audit_logs WHERE workspace_id = $1 ORDER BY id`),
    partitions: await sql.query(
      `SELECT collection, partition_key, version::text AS version FROM memory_partitions WHERE partition_key LIKE $1 ORDER BY 1, 2`,
      [`%${workspaceId}%`],
    ),
    articles: await rows(
      `SELECT id, status, review_due_at, reviewed_at, updated_at FROM knowledge_articles WHERE workspace_id = $1 ORDER BY id`,
    ),
    customers: await rows(`SELECT id, created_at FROM customers WHERE workspace_id = $1 ORDER BY id`),
  };
}

/**
 * A workspace with one ticket's session memory (one marked important), an active-looking
 * customer with memory and one without tickets, team knowledge, and a published article.
 */
async function seed(label: string) {
  const ws = await makeWorkspace(label);
  const { workspaceId, admin } = ws;
  const ticket = await makeTicket(ws, { subject: "Doorbell chime silent", body: "The chime stopped ringing after the update." });
  const important = await addSessionContext({
    workspaceId,
    customerId: ticket.customerId,
    sessionId: ticket.id,
    kind: "step_tried",
    text: "Customer already replaced the chime transformer.",
    by: system,
  });
  await addSessionContext({
    workspaceId,
    customerId: ticket.customerId,
    sessionId: ticket.id,
    kind: "step_tried",
    text: "Restarted the doorbell twice.",
    by: system,
  });
  await markSessionMemoryImportant({ actor: admin, memoryId: important, important: true });
  await addCustomerPreference({ workspaceId, customerId: ticket.customerId, preference: "Prefers email, never phone calls.", by: system });

  // A second customer: only customer memory, no important session memory.
  const quiet = await makeTicket(ws, { subject: "Thermostat schedule", body: "Schedule runs an hour late." });
  const quietMemories = [
    await addCustomerPreference({
      workspaceId,
      customerId: quiet.customerId,
      preference: "Writes in German, answers in English are fine.",
      by: system,
    }),
    await addCustomerNote({
      workspaceId,
      customerId: quiet.customerId,
      note: "Owns three Lumio thermostats in a holiday flat.",
      by: system,
    }),
  ];
  const knowledge = await addCompanyPolicy({ workspaceId, text: "Devices can be returned within 30 days of delivery.", by: system });
  const articleId = await createArticle({
    actor: admin,
    input: { kind: "POLICY", title: "Warranty period", body: "Every device has a two-year warranty from delivery." },
    publish: true,
  });
  const sessionIds = (
    await listMemories({ workspaceId, target: { scope: "session", customerId: ticket.customerId, sessionId: ticket.id } })
  ).map((memory) => memory.id);
  const prisma = await getPrisma();
  const allSession = await prisma.memoryRecord.count({ where: { workspaceId, collection: "memories", scope: "session" } });
  return { ws, ticket, quiet, quietMemories, important, knowledge, articleId, sessionIds, allSession };
}

const customerContext = (workspaceId: string, customerId: string, query: string) =>
  getSupportContext({ workspaceId, customerId, query, limits: { customer: 20 } }).then((context) =>
    context.customer.map((memory) => memory.id),
  );

describe("retention policy", () => {
  it("has the design's defaults, validates input and is saved by admins only, audited", async () => {
    const ws = await makeWorkspace("ret-policy");
    expect(await getRetentionPolicy({ workspaceId: ws.workspaceId })).toMatchObject({
      sessionHours: 24,
      knowledgeReviewDays: 180,
      customerArchiveDays: 365,
    });

    const bad = retentionPolicySchema.safeParse({ sessionHours: "0", knowledgeReviewDays: "abc", customerArchiveDays: "365.5" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((issue) => issue.path[0]).sort()).toEqual(["customerArchiveDays", "knowledgeReviewDays", "sessionHours"]);

    const agent = await makeAgent(ws);
    await expect(
      saveRetentionPolicy({ actor: agent, policy: { sessionHours: 48, knowledgeReviewDays: 90, customerArchiveDays: 730 } }),
    ).rejects.toBeInstanceOf(ForbiddenError);

    const policy = retentionPolicySchema.parse({ sessionHours: "48", knowledgeReviewDays: "90", customerArchiveDays: "365" });
    expect(await saveRetentionPolicy({ actor: ws.admin, policy })).toEqual({ changed: ["sessionHours", "knowledgeReviewDays"] });
    expect(await getRetentionPolicy({ workspaceId: ws.workspaceId })).toMatchObject(policy);
    const prisma = await getPrisma();
    const audit = await prisma.auditLog.findFirst({
      where: { workspaceId: ws.workspaceId, action: "retention.policy_updated" },
      select: { actorUserId: true, summary: true },
    });
    expect(audit).toEqual({
      actorUserId: ws.admin.userId,
      summary: { knowledgeReviewDays: { from: 180, to: 90 }, sessionHours: { from: 24, to: 48 } },
    });
  });
});

describe("retention run", () => {
  it("a dry run changes nothing, and reports what a run would do", async () => {
    const { ws } = await seed("ret-dry");
    const before = await snapshot(ws.workspaceId);
    const result = await runRetention({
      trigger: "admin",
      dryRun: true,
      now: later(400),
      workspaceIds: [ws.workspaceId],
      actorUserId: ws.admin.userId,
    });
    expect(await snapshot(ws.workspaceId)).toEqual(before);

    const [workspace] = result.workspaces;
    expect(workspace).toMatchObject({
      status: "succeeded",
      counts: { sessionPromoted: 1, customerArchived: 2, customersArchived: 1, knowledgeFlagged: 2 },
    });
    expect(workspace!.counts.sessionDeleted).toBeGreaterThanOrEqual(2);
    expect(workspace!.preview!.session.find((item) => item.important)?.text).toBe("Customer already replaced the chime transformer.");
    expect(workspace!.preview!.knowledge.map((item) => item.kind).sort()).toEqual(["article", "memory"]);
    const [run] = await listRetentionRuns({ workspaceId: ws.workspaceId });
    expect(run).toMatchObject({ dryRun: true, trigger: "admin", status: "succeeded", counts: workspace!.counts });
    expect(run!.finishedAt).toBeInstanceOf(Date);
  });

  it("deletes expired session memory, promotes important ones, archives inactive customers, flags knowledge; a second run changes nothing", async () => {
    const { ws, ticket, quiet, quietMemories, important, knowledge, articleId, allSession } = await seed("ret-run");
    const { workspaceId } = ws;
    expect(await customerContext(workspaceId, quiet.customerId, "thermostat German")).toEqual(expect.arrayContaining(quietMemories));

    // A day and a bit later: session memory has expired, nothing else is due.
    const tomorrow = await runRetention({ trigger: "cli", now: later(1.1), workspaceIds: [workspaceId] });
    expect(tomorrow.workspaces[0]!.counts).toEqual({
      sessionDeleted: allSession - 1,
      sessionPromoted: 1,
      customerArchived: 0,
      customersArchived: 0,
      customerRestored: 0,
      knowledgeFlagged: 0,
      knowledgeUnflagged: 0,
      reviewRescheduled: 0,
    });
    expect(await listMemories({ workspaceId, target: { scope: "session", customerId: ticket.customerId, sessionId: ticket.id } })).toEqual(
      [],
    );
    const promoted = await listMemories({
      workspaceId,
      target: { scope: "customer", customerId: ticket.customerId },
      filter: { promotedFrom: important },
    });
    expect(promoted).toMatchObject([
      {
        text: "Customer already replaced the chime transformer.",
        type: "note",
        metadata: { source: "session", sessionKind: "step_tried" },
      },
    ]);

    // Over a year later: the quiet customer is archived, knowledge is due for review.
    const now = later(400);
    const first = await runRetention({ trigger: "cli", now, workspaceIds: [workspaceId] });
    // Both customers: the first one's preference and the note promoted from the session too.
    expect(first.workspaces[0]!.counts).toMatchObject({
      sessionDeleted: 0,
      sessionPromoted: 0,
      customerArchived: 4,
      customersArchived: 2,
      knowledgeFlagged: 2,
    });
    expect(await customerContext(workspaceId, quiet.customerId, "thermostat German")).toEqual([]);
    expect((await listArchivedMemories({ workspaceId, customerId: quiet.customerId })).map((memory) => memory.id).sort()).toEqual(
      [...quietMemories].sort(),
    );
    const due = await listKnowledgeDueForReview({ workspaceId, now });
    expect(due.map((item) => [item.kind, item.id])).toEqual([
      ["article", articleId],
      ["memory", knowledge],
    ]);
    // Flagged knowledge is still searched: review is a reminder, not a removal.
    expect(
      (await getSupportContext({ workspaceId, customerId: quiet.customerId, query: "returned within 30 days" })).agent[0],
    ).toMatchObject({ id: knowledge, metadata: { reviewDueSince: now.toISOString() } });

    const settled = await snapshot(workspaceId);
    const second = await runRetention({ trigger: "cli", now, workspaceIds: [workspaceId] });
    expect(Object.values(second.workspaces[0]!.counts).every((count) => count === 0)).toBe(true);
    expect(await snapshot(workspaceId)).toEqual(settled);

    const runs = await listRetentionRuns({ workspaceId });
    expect(runs.map((run) => [run.dryRun, run.status])).toEqual([
      [false, "succeeded"],
      [false, "succeeded"],
      [false, "succeeded"],
    ]);
    expect(runs[1]!.counts.customerArchived).toBe(4);
  });

  it("archived memory is kept: listed, restored by hand into search, and back by itself when the customer returns", async () => {
    const { ws, quiet, quietMemories, ticket } = await seed("ret-restore");
    const { workspaceId } = ws;
    const now = later(400);
    await runRetention({ trigger: "cli", now: later(1.1), workspaceIds: [workspaceId] });
    await runRetention({ trigger: "cli", now, workspaceIds: [workspaceId] });
    expect(await customerContext(workspaceId, quiet.customerId, "thermostat German")).toEqual([]);

    const agent = await makeAgent(ws);
    expect(await restoreArchivedMemories({ actor: agent, customerId: quiet.customerId })).toEqual({ restored: 2 });
    expect(await customerContext(workspaceId, quiet.customerId, "thermostat German")).toEqual(expect.arrayContaining(quietMemories));
    expect(await listArchivedMemories({ workspaceId, customerId: quiet.customerId })).toEqual([]);
    const other = await makeWorkspace("ret-restore-other");
    await expect(restoreArchivedMemories({ actor: other.admin, customerId: ticket.customerId })).rejects.toBeInstanceOf(NotFoundError);

    // The first customer's memory was archived too; they write in again after the archive.
    const archived = await listArchivedMemories({ workspaceId, customerId: ticket.customerId });
    expect(archived).toHaveLength(2);
    const preference = archived.find((memory) => memory.type === "preference")!;
    const prisma = await getPrisma();
    await prisma.ticket.update({ where: { id: ticket.id }, data: { updatedAt: new Date(now.getTime() + DAY) } });
    const back = await runRetention({ trigger: "cli", now: new Date(now.getTime() + 2 * DAY), workspaceIds: [workspaceId] });
    expect(back.workspaces[0]!.counts.customerRestored).toBe(2);
    expect(await customerContext(workspaceId, ticket.customerId, "email phone calls")).toContain(preference.id);
    const history = await prisma.memoryHistory.findMany({
      where: { memoryId: preference.id },
      orderBy: { createdAt: "asc" },
      select: { event: true },
    });
    expect(history.map((entry) => entry.event)).toEqual(["ADD", "ARCHIVE", "RESTORE"]);
  });

  it("applies each workspace's own policy and leaves other workspaces alone", async () => {
    const a = await seed("ret-iso-a");
    const b = await seed("ret-iso-b");
    await saveRetentionPolicy({ actor: b.ws.admin, policy: { sessionHours: 96, knowledgeReviewDays: 30, customerArchiveDays: 3650 } });

    // Two days on: A's 24-hour session memory goes, B keeps its for 96 hours; B's article,
    // due 180 days after publishing by the knowledge base, is due 30 days after by B's policy.
    const result = await runRetention({ trigger: "cli", now: later(2), workspaceIds: [a.ws.workspaceId, b.ws.workspaceId] });
    const byId = Object.fromEntries(result.workspaces.map((workspace) => [workspace.workspaceId, workspace]));
    expect(byId[a.ws.workspaceId]!.counts).toMatchObject({ sessionPromoted: 1, reviewRescheduled: 0 });
    expect(byId[a.ws.workspaceId]!.counts.sessionDeleted).toBeGreaterThan(0);
    expect(byId[b.ws.workspaceId]!.policy).toEqual({ sessionHours: 96, knowledgeReviewDays: 30, customerArchiveDays: 3650 });
    expect(byId[b.ws.workspaceId]!.counts).toEqual({
      sessionDeleted: 0,
      sessionPromoted: 0,
      customerArchived: 0,
      customersArchived: 0,
      customerRestored: 0,
      knowledgeFlagged: 0,
      knowledgeUnflagged: 0,
      reviewRescheduled: 1,
    });
    expect(
      (
        await listMemories({
          workspaceId: b.ws.workspaceId,
          target: { scope: "session", customerId: b.ticket.customerId, sessionId: b.ticket.id },
        })
      )
        .map((memory) => memory.id)
        .sort(),
    ).toEqual([...b.sessionIds].sort());
    const prisma = await getPrisma();
    const article = await prisma.knowledgeArticle.findUniqueOrThrow({
      where: { id: b.articleId },
      select: { reviewedAt: true, reviewDueAt: true },
    });
    expect(article.reviewDueAt!.getTime() - article.reviewedAt!.getTime()).toBe(30 * DAY);

    // A run of one workspace touches only that one, whatever the clock.
    const bBefore = await snapshot(b.ws.workspaceId);
    await runRetention({ trigger: "cli", now: later(4000), workspaceIds: [a.ws.workspaceId] });
    expect(await snapshot(b.ws.workspaceId)).toEqual(bBefore);
    expect(await listRetentionRuns({ workspaceId: b.ws.workspaceId })).toHaveLength(1);
  });

  it("runs one at a time", async () => {
    const ws = await makeWorkspace("ret-lock");
    const runs = await Promise.allSettled([
      runRetention({ trigger: "cli", workspaceIds: [ws.workspaceId] }),
      runRetention({ trigger: "cli", workspaceIds: [ws.workspaceId] }),
    ]);
    expect(runs.map((run) => run.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((runs.find((run) => run.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(RetentionBusyError);

    if (process.env.TEST_DB_MODE !== "postgres") return;
    // Another process holding the advisory lock: this one skips.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock($1)", [RETENTION_LOCK_KEY]);
      await expect(runRetention({ trigger: "cli", workspaceIds: [ws.workspaceId] })).rejects.toBeInstanceOf(RetentionBusyError);
      await other.query("SELECT pg_advisory_unlock($1)", [RETENTION_LOCK_KEY]);
      await expect(runRetention({ trigger: "cli", workspaceIds: [ws.workspaceId] })).resolves.toMatchObject({ dryRun: false });
    } finally {
      await other.end();
    }
  });
});

describe("session memory marked important", () => {
  it("is kept in the customer's memory when the ticket is resolved", async () => {
    const ws = await makeWorkspace("ret-resolve");
    const ticket = await makeTicket(ws);
    const agent = await makeAgent(ws);
    const memoryId = await addSessionContext({
      workspaceId: ws.workspaceId,
      customerId: ticket.customerId,
      sessionId: ticket.id,
      kind: "step_tried",
      text: "The router sits inside a metal cabinet.",
      by: system,
    });
    expect(await markSessionMemoryImportant({ actor: agent, memoryId, important: true })).toEqual({ important: true });

    await resolveTicket({ actor: agent, ticketId: ticket.id, resolution: "Moved the router out of the cabinet." });
    expect(
      await listMemories({
        workspaceId: ws.workspaceId,
        target: { scope: "session", customerId: ticket.customerId, sessionId: ticket.id },
      }),
    ).toEqual([]);
    const customer = await listMemories({ workspaceId: ws.workspaceId, target: { scope: "customer", customerId: ticket.customerId } });
    expect(customer.filter((memory) => memory.metadata.promotedFrom === memoryId).map((memory) => memory.text)).toEqual([
      "The router sits inside a metal cabinet.",
    ]);
    const prisma = await getPrisma();
    expect(
      await prisma.auditLog.count({
        where: { workspaceId: ws.workspaceId, action: "memory.marked_important", actorUserId: agent.userId, targetId: memoryId },
      }),
    ).toBe(1);
  });

  it("can be marked only on session memory of the actor's workspace", async () => {
    const ws = await makeWorkspace("ret-mark");
    const ticket = await makeTicket(ws);
    const preference = await addCustomerPreference({
      workspaceId: ws.workspaceId,
      customerId: ticket.customerId,
      preference: "Call after 6 pm.",
      by: system,
    });
    await expect(markSessionMemoryImportant({ actor: ws.admin, memoryId: preference, important: true })).rejects.toBeInstanceOf(
      ValidationError,
    );
    const [session] = await listMemories({
      workspaceId: ws.workspaceId,
      target: { scope: "session", customerId: ticket.customerId, sessionId: ticket.id },
    });
    const other: TestWorkspace = await makeWorkspace("ret-mark-other");
    await expect(markSessionMemoryImportant({ actor: other.admin, memoryId: session!.id, important: true })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    // Unmarking takes it back out of the promotion.
    await markSessionMemoryImportant({ actor: ws.admin, memoryId: session!.id, important: true });
    await markSessionMemoryImportant({ actor: ws.admin, memoryId: session!.id, important: false });
    const result = await runRetention({ trigger: "cli", dryRun: true, now: later(2), workspaceIds: [ws.workspaceId] });
    expect(result.workspaces[0]!.counts.sessionPromoted).toBe(0);
  });
});

describe("knowledge review", () => {
  it("flags knowledge past the review age; an admin's review clears it on the next run", async () => {
    const ws = await makeWorkspace("ret-review");
    const memoryId = await addCompanyPolicy({
      workspaceId: ws.workspaceId,
      text: "Refunds go back to the original payment method.",
      by: system,
    });
    const now = later(181);
    await runRetention({ trigger: "cli", now, workspaceIds: [ws.workspaceId] });
    expect((await listKnowledgeDueForReview({ workspaceId: ws.workspaceId, now })).map((item) => item.id)).toEqual([memoryId]);

    const agent = await makeAgent(ws);
    await expect(markKnowledgeReviewed({ actor: agent, memoryId, now })).rejects.toBeInstanceOf(ForbiddenError);
    await markKnowledgeReviewed({ actor: ws.admin, memoryId, now });
    expect(await listKnowledgeDueForReview({ workspaceId: ws.workspaceId, now })).toEqual([]);
    const next = await runRetention({ trigger: "cli", now: new Date(now.getTime() + DAY), workspaceIds: [ws.workspaceId] });
    expect(next.workspaces[0]!.counts.knowledgeFlagged).toBe(0);
    // Due again a review period after the review.
    const again = await runRetention({ trigger: "cli", now: new Date(now.getTime() + 181 * DAY), workspaceIds: [ws.workspaceId] });
    expect(again.workspaces[0]!.counts.knowledgeFlagged).toBe(1);
  });
});
