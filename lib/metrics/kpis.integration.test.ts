import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { createArticle } from "@/lib/knowledge/articles";
import { addAgentMessage } from "@/lib/support/tickets";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { workspaceMetrics } from "./kpis";

// Known data in, known figures out. Tickets are opened through the app; their times, drafts
// and ratings are then set directly so the expected averages are exact.

describe("workspace metrics", () => {
  it("computes resolution time with and without memory, CSAT, knowledge use, cost, cleanup and counts", async () => {
    const workspace = await makeWorkspace("metrics");
    const agent = await makeAgent(workspace, "Mia Metrics");
    const prisma = await getPrisma();
    const now = new Date("2026-11-20T12:00:00Z");
    const articleId = await createArticle({
      actor: workspace.admin,
      input: { kind: "COMMON_ISSUE", title: "Reset the hub", body: "Hold the button for ten seconds." },
      publish: true,
    });
    const { memoryId: knowledgeMemory } = await prisma.knowledgeArticle.findUniqueOrThrow({ where: { id: articleId } });

    // "With memory" is a sent draft that cited memory: the 10-hour ticket's draft cited the
    // same knowledge but the agent wrote their own reply, so it counts as without.
    const plan = [
      { hours: 2, withMemory: true, sent: true, csat: 5, product: "Hub" },
      { hours: 4, withMemory: true, sent: true, csat: 4, product: "Hub" },
      { hours: 10, withMemory: true, sent: false, csat: 2, product: "Hub" },
      { hours: 6, withMemory: false, sent: true, csat: null, product: "Cam" },
    ];
    for (const [index, item] of plan.entries()) {
      const ticket = await makeTicket(workspace, { subject: `Ticket ${index}` });
      const draft = await prisma.draft.create({
        data: {
          workspaceId: workspace.workspaceId,
          ticketId: ticket.id,
          customerId: ticket.customerId,
          kind: "llm",
          model: "m",
          status: "ok",
          latencyMs: 100,
          promptTokens: 1000,
          completionTokens: 200,
          citedMemoryIds: item.withMemory ? [knowledgeMemory!] : [],
          citedKnowledgeIds: item.withMemory ? [knowledgeMemory!] : [],
          createdAt: now,
        },
      });
      // Sent as the agent would: a reply that started from the draft links it.
      await addAgentMessage({
        actor: agent,
        message: { ticketId: ticket.id, kind: "AGENT", body: "Hold the button for ten seconds.", ...(item.sent && { draftId: draft.id }) },
        model: null,
      });
      const createdAt = new Date(now.getTime() - 3 * 86_400_000);
      await prisma.ticket.update({
        where: { id: ticket.id },
        data: {
          createdAt,
          resolvedAt: new Date(createdAt.getTime() + item.hours * 3_600_000),
          status: "RESOLVED",
          csatScore: item.csat,
          product: item.product,
          assigneeId: agent.userId,
        },
      });
    }
    // Another workspace's tickets never count.
    const other = await makeWorkspace("metrics-other");
    await makeTicket(other);

    const metrics = await workspaceMetrics({ actor: workspace.admin, query: { weeks: 4 }, now });
    const resolvedWeek = metrics.series.find((point) => point.resolved > 0)!;
    expect(resolvedWeek.resolved).toBe(4);
    expect(resolvedWeek.withMemoryHours).toBeCloseTo(3, 5);
    expect(resolvedWeek.withoutMemoryHours).toBeCloseTo(8, 5);
    expect(resolvedWeek.csat).toBeCloseTo(11 / 3, 5);
    expect(metrics.knowledge.citingShare).toBeCloseTo(0.75, 5);
    expect(metrics.knowledge.mostCited).toEqual([expect.objectContaining({ id: articleId, cited: 3 })]);
    expect(metrics.cost).toMatchObject({ resolved: 4, promptTokens: 4000, completionTokens: 800, drafts: 4 });
    expect(metrics.cost.perTicket).toBeGreaterThan((4000 * 0.15 + 800 * 0.6) / 1e6 / 4 - 1e-12);
    // Session memories of these tickets were never cleared (they were resolved by hand above).
    expect(metrics.cleanup).toEqual({ resolved: 4, cleared: 0 });
    expect(metrics.memoryCounts.agent).toBe(1);
    expect(metrics.memoryCounts.session).toBeGreaterThanOrEqual(4);
    expect(metrics.products.find((row) => row.label === "Hub")).toMatchObject({ resolved: 3, withoutMemoryHours: 10 });
    expect(metrics.agents).toEqual([expect.objectContaining({ label: "Mia Metrics", resolved: 4 })]);

    const camOnly = await workspaceMetrics({ actor: workspace.admin, query: { weeks: 4, product: "Cam" }, now });
    expect(camOnly.series.reduce((sum, point) => sum + point.resolved, 0)).toBe(1);
    const otherMetrics = await workspaceMetrics({ actor: other.admin, query: { weeks: 4 }, now });
    // The role is checked in the verb itself, not only by the page that calls it.
    await expect(workspaceMetrics({ actor: await makeAgent(workspace), query: { weeks: 4 }, now })).rejects.toThrow(/permission/);
    expect(otherMetrics.cost.resolved).toBe(0);
    expect(otherMetrics.knowledge.drafts).toBe(0);
  });
});
