import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { getCostFigures } from "@/lib/metrics/cost";
import { metricsQuerySchema, workspaceMetrics } from "@/lib/metrics/kpis";
import { listRetentionRuns } from "@/lib/retention/run";
import { demoStaff } from "./data";
import { seedDemoHistory } from "./history";
import { historyScenarios } from "./history-data";
import { seedDemoMemories } from "./memories";
import { seedDemoWorkspace } from "./seed";

// The demo's staff have fixed addresses, so there is one demo per database: a fresh one in
// the embedded run (a database per test file); on the shared server database other files
// may have seeded the same workspace, and only this one writes its history. The clock is
// fixed: where nights and weekends fall decides the history's times.
const now = new Date("2025-06-04T12:00:00Z");

describe("the demo's history", () => {
  it(
    "tells the story of the metrics page: resolution times by week, faster with memory, ratings, citations, costs, cleanup",
    { timeout: 600_000 },
    async () => {
      const prisma = await getPrisma();
      const { workspaceId } = await seedDemoWorkspace(prisma, { password: "demo-password", now });
      await seedDemoMemories(prisma, workspaceId);
      const inbox = () =>
        prisma.ticket.findMany({
          where: { workspaceId, status: { in: ["OPEN", "PENDING"] } },
          orderBy: { id: "asc" },
          select: { id: true, updatedAt: true },
        });
      const openBefore = await inbox();

      const history = await seedDemoHistory(prisma, workspaceId, { now });
      expect(history).toMatchObject({ seeded: true, tickets: 120 });
      // Seeded once, as the audit log says: a second start finds it there.
      expect(
        await prisma.auditLog.findMany({ where: { workspaceId, action: "workspace.history_seeded" }, select: { summary: true } }),
      ).toEqual([{ summary: { weeks: 12, tickets: 120 } }]);
      expect(await seedDemoHistory(prisma, workspaceId, { now })).toMatchObject({ seeded: false, skipped: "exists" });
      // The open inbox, which the e2e specs read, holds the demo's own tickets as before.
      expect(await inbox()).toEqual(openBefore);
      const subjects = historyScenarios.flatMap((scenario) => scenario.subjects);
      expect(await prisma.ticket.count({ where: { workspaceId, subject: { in: subjects }, status: { not: "RESOLVED" } } })).toBe(0);

      const admin = await prisma.user.findUniqueOrThrow({
        where: { email: demoStaff[0].email },
        select: { id: true, name: true, email: true },
      });
      const actor: Actor = { userId: admin.id, workspaceId, role: "ADMIN", name: admin.name, email: admin.email };
      const metrics = await workspaceMetrics({ actor, query: metricsQuerySchema.parse({}), now });

      // Average resolution time: both lines drawn week after week, at different heights each
      // week, the "with memory" line below the other in most weeks, and lower overall.
      const weeks = metrics.series.filter((week) => week.withMemoryHours !== null && week.withoutMemoryHours !== null);
      expect(weeks.length).toBeGreaterThanOrEqual(10);
      expect(new Set(weeks.map((week) => Math.round(week.withoutMemoryHours!))).size).toBeGreaterThanOrEqual(6);
      expect(new Set(weeks.map((week) => Math.round(week.withMemoryHours!))).size).toBeGreaterThanOrEqual(6);
      expect(weeks.filter((week) => week.withMemoryHours! < week.withoutMemoryHours!).length).toBeGreaterThanOrEqual(weeks.length - 2);
      const overall = (key: "withMemoryHours" | "withoutMemoryHours") => {
        const rows = metrics.agents.filter((row) => row[key] !== null);
        return rows.reduce((sum, row) => sum + row[key]! * row.resolved, 0) / rows.reduce((sum, row) => sum + row.resolved, 0);
      };
      expect(overall("withMemoryHours")).toBeLessThan(overall("withoutMemoryHours") * 0.75);
      // Every agent and product shows both bars.
      expect(metrics.agents.every((row) => row.withMemoryHours !== null && row.withoutMemoryHours !== null)).toBe(true);
      expect(metrics.products.every((row) => row.withMemoryHours !== null && row.withoutMemoryHours !== null)).toBe(true);

      // Customer satisfaction: ratings in nearly every week, not all alike.
      const rated = metrics.series.reduce((sum, week) => sum + week.rated, 0);
      expect(rated).toBeGreaterThanOrEqual(50);
      expect(metrics.series.filter((week) => week.csat !== null).length).toBeGreaterThanOrEqual(10);
      expect(new Set(metrics.series.filter((week) => week.csat !== null).map((week) => week.csat!.toFixed(1))).size).toBeGreaterThan(2);

      // Knowledge utilisation: drafts cite the knowledge base, several entries are cited.
      expect(metrics.knowledge.drafts).toBeGreaterThanOrEqual(40);
      expect(metrics.knowledge.citingShare).toBeGreaterThan(0.5);
      expect(metrics.knowledge.mostCited.length).toBeGreaterThanOrEqual(4);

      // Cleanup: every resolved ticket's session memory is gone; the retention runs over the
      // weeks deleted the sessions of tickets left idle (customers who answer after a weekend).
      expect(metrics.cleanup.resolved).toBeGreaterThanOrEqual(120);
      expect(metrics.cleanup.cleared).toBe(metrics.cleanup.resolved);
      const runs = await listRetentionRuns({ workspaceId, limit: 100 });
      expect(runs.filter((run) => run.trigger === "schedule").length).toBeGreaterThanOrEqual(11);
      expect(runs.reduce((sum, run) => sum + run.counts.sessionDeleted, 0)).toBeGreaterThan(0);

      // Cost: no chat model runs offline, so no LLM tokens and nothing paid for them; the local
      // embedder's tokens are counted, on the days the work happened, across the months.
      expect(metrics.cost.promptTokens + metrics.cost.completionTokens).toBe(0);
      expect(metrics.cost.embeddingTokens).toBeGreaterThan(10_000);
      const cost = await getCostFigures({ actor, now });
      const months = cost.months.filter((month) => month.searches > 0 && month.writes > 0 && month.queryEmbeddingTokens > 0);
      expect(months.length).toBeGreaterThanOrEqual(3);
      expect(cost.models.find((row) => row.kind === "embedding")).toMatchObject({ local: true, cost: 0 });
    },
  );
});
