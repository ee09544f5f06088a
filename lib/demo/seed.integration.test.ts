import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/credentials";
import { getPrisma } from "@/lib/db";
import { DEMO_SLUG, seedDemoWorkspace } from "./seed";

describe("demo workspace", () => {
  it("is seeded once, even when several processes try at the same time", async () => {
    const prisma = await getPrisma();
    const results = await Promise.all([
      seedDemoWorkspace(prisma, { password: "demo-password" }),
      seedDemoWorkspace(prisma, { password: "demo-password" }),
    ]);
    expect(results.filter((result) => result.seeded).length).toBeLessThanOrEqual(1);
    expect(await prisma.workspace.count({ where: { slug: DEMO_SLUG } })).toBe(1);
    const again = await seedDemoWorkspace(prisma, { password: "demo-password" });
    expect(again.seeded).toBe(false);
  });

  it("holds what a support lead expects to see: staff, customers, open and resolved conversations, knowledge", async () => {
    const prisma = await getPrisma();
    const { workspaceId } = await seedDemoWorkspace(prisma, { password: "demo-password" });
    const agent = await verifyCredentials({ email: "agent@demo.example", password: "demo-password" });
    const admin = await verifyCredentials({ email: "admin@demo.example", password: "demo-password" });
    expect(agent?.role).toBe("AGENT");
    expect(admin?.role).toBe("ADMIN");

    expect(await prisma.customer.count({ where: { workspaceId } })).toBeGreaterThanOrEqual(24);
    const open = await prisma.ticket.count({ where: { workspaceId, status: "OPEN" } });
    const resolved = await prisma.ticket.findMany({ where: { workspaceId, status: "RESOLVED" }, include: { messages: true } });
    expect(open).toBeGreaterThanOrEqual(5);
    expect(resolved.length).toBeGreaterThanOrEqual(10);
    expect(resolved.every((ticket) => ticket.resolvedAt && ticket.messages.some((message) => message.kind === "AGENT"))).toBe(true);
    // Seeded history is the known customers' own: it joins their memory (issue 12, hole 3).
    expect(await prisma.ticket.count({ where: { workspaceId, verifiedAt: null } })).toBe(0);
    // Its memories are the demo's own: a start does not queue their opening again.
    expect(await prisma.ticket.count({ where: { workspaceId, memoryWrittenAt: null } })).toBe(0);
    expect(
      await prisma.ticket.count({ where: { workspaceId, assigneeId: agent!.id, status: { in: ["OPEN", "PENDING"] } } }),
    ).toBeGreaterThan(0);
    expect(await prisma.knowledgeArticle.count({ where: { workspaceId } })).toBeGreaterThanOrEqual(5);
    // Ticket numbers continue after the seeded ones.
    const { ticketSeq } = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    const highest = await prisma.ticket.aggregate({ where: { workspaceId }, _max: { number: true } });
    expect(ticketSeq).toBe(highest._max.number);
  });
});
