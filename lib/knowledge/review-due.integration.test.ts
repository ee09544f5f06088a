import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { setMemoryWrittenAt } from "@/lib/memory/lifecycle";
import { addCompanyPolicy } from "@/lib/memory/support-memory";
import { runRetention } from "@/lib/retention/run";
import { makeAgent, makeWorkspace } from "@/test/factories";
import { createArticle } from "./articles";
import { listDueForReview, markDueReviewed } from "./review-due";

// Knowledge is made old by dating its last review 200 days back (an article's review date,
// a team memory's last write), then the hourly retention run flags what is past 180 days.

const DAY = 86_400_000;

describe("knowledge due for review", () => {
  it("lists entries and team memories not reviewed in 180 days, for admins only; marking one reviewed takes it off the list, audited", async () => {
    const workspace = await makeWorkspace("due");
    const { admin, workspaceId } = workspace;
    const prisma = await getPrisma();
    const longAgo = new Date(Date.now() - 200 * DAY);

    const stale = await createArticle({
      actor: admin,
      input: { kind: "POLICY", title: "Returns within 30 days", body: "Devices can be returned within 30 days." },
      publish: true,
    });
    await prisma.knowledgeArticle.update({
      where: { id: stale },
      data: { reviewedAt: longAgo, reviewDueAt: new Date(longAgo.getTime() + 180 * DAY) },
    });
    await createArticle({
      actor: admin,
      input: { kind: "PRODUCT_DOC", title: "Pairing the hub", body: "Hold the pair button for three seconds." },
      publish: true,
    });
    const memory = await addCompanyPolicy({
      workspaceId,
      text: "Refunds go back to the original payment method.",
      by: { actorType: "system" },
    });
    await setMemoryWrittenAt({ workspaceId, memoryId: memory, at: longAgo });
    const fresh = await addCompanyPolicy({ workspaceId, text: "Shipping is free above 50 euros.", by: { actorType: "system" } });
    await runRetention({ trigger: "cli", workspaceIds: [workspaceId] });

    const { reviewDays, items } = await listDueForReview({ actor: admin });
    expect(reviewDays).toBe(180);
    expect(items.map((item) => [item.kind, item.id])).toEqual([
      ["article", stale],
      ["memory", memory],
    ]);
    expect(items[0]).toMatchObject({ title: "Returns within 30 days", type: "Company policy", status: "PUBLISHED", owner: admin.name });
    expect(items[1]).toMatchObject({ title: "Refunds go back to the original payment method.", type: "policy", status: null });
    expect(items.some((item) => item.id === fresh)).toBe(false);

    const agent = await makeAgent(workspace);
    await expect(listDueForReview({ actor: agent })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(markDueReviewed({ actor: agent, kind: "article", id: stale })).rejects.toBeInstanceOf(ForbiddenError);
    const other = await makeWorkspace("due-other");
    await expect(markDueReviewed({ actor: other.admin, kind: "article", id: stale })).rejects.toBeInstanceOf(NotFoundError);
    await expect(markDueReviewed({ actor: other.admin, kind: "memory", id: memory })).rejects.toBeInstanceOf(NotFoundError);

    await markDueReviewed({ actor: admin, kind: "article", id: stale });
    expect((await listDueForReview({ actor: admin })).items.map((item) => item.id)).toEqual([memory]);
    await markDueReviewed({ actor: admin, kind: "memory", id: memory });
    expect((await listDueForReview({ actor: admin })).items).toEqual([]);

    const audits = await prisma.auditLog.findMany({
      where: { workspaceId, action: { in: ["knowledge.reviewed", "memory.reviewed"] } },
      orderBy: { seq: "asc" },
      select: { action: true, targetId: true, actorUserId: true },
    });
    expect(audits).toEqual([
      { action: "knowledge.reviewed", targetId: stale, actorUserId: admin.userId },
      { action: "memory.reviewed", targetId: memory, actorUserId: admin.userId },
    ]);
    // Reviewed means the clock restarted: the next run does not flag them again.
    await runRetention({ trigger: "cli", workspaceIds: [workspaceId] });
    expect((await listDueForReview({ actor: admin })).items).toEqual([]);
  });
});
