import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { listMemories } from "@/lib/memory/core";
import { ownerId } from "@/lib/memory/owners";
import { addSessionContext } from "@/lib/memory/support-memory";
import { addCustomerMessage } from "@/lib/support/customer-messages";
import { resolveTicket } from "@/lib/support/resolve";
import { addAgentMessage } from "@/lib/support/tickets";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { runRetention } from "./run";

// Session retention counts from the session's last activity (the ticket's last message or
// its resolution), not from when each memory was written.

const HOUR = 3_600_000;
const system = { actorType: "system" as const };
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * HOUR);

/** Moves a ticket, its messages and its session memory back in time, as if opened `hours` ago. */
async function age(workspaceId: string, ticketId: string, hours: number) {
  const prisma = await getPrisma();
  const at = new Date(Date.now() - hours * HOUR);
  await prisma.ticket.update({ where: { id: ticketId }, data: { createdAt: at } });
  await prisma.message.updateMany({ where: { ticketId }, data: { createdAt: at } });
  await prisma.memoryRecord.updateMany({
    where: { workspaceId, runId: ownerId(workspaceId, ticketId) },
    data: { createdAt: at, updatedAt: at },
  });
}

describe("session retention from the last activity", () => {
  it("keeps a three-day-old open ticket's whole session while it is being worked, until 24 h after its last message", async () => {
    const ws = await makeWorkspace("ret-active");
    const ticket = await makeTicket(ws, { subject: "Hub offline", body: "The hub has been offline since Monday." });
    await addSessionContext({
      workspaceId: ws.workspaceId,
      customerId: ticket.customerId,
      sessionId: ticket.id,
      kind: "step_tried",
      text: "Power-cycled the hub.",
      by: system,
    });
    await age(ws.workspaceId, ticket.id, 72);
    const session = () =>
      listMemories({ workspaceId: ws.workspaceId, target: { scope: "session", customerId: ticket.customerId, sessionId: ticket.id } });
    const before = (await session()).map((memory) => memory.id);

    // Idle for three days, the session would go...
    const idle = await runRetention({ trigger: "cli", dryRun: true, workspaceIds: [ws.workspaceId] });
    expect(idle.workspaces[0]!.counts.sessionDeleted).toBe(before.length);
    // ...but the customer writes again: everything from three days ago stays.
    await addCustomerMessage({
      workspaceId: ws.workspaceId,
      ticketId: ticket.id,
      body: "Still offline this morning.",
      via: { actorType: "api" },
    });
    const kept = await runRetention({ trigger: "cli", now: hoursFromNow(23), workspaceIds: [ws.workspaceId] });
    expect(kept.workspaces[0]!.counts.sessionDeleted).toBe(0);
    expect((await session()).map((memory) => memory.id)).toEqual(expect.arrayContaining(before));

    const gone = await runRetention({ trigger: "cli", now: hoursFromNow(25), workspaceIds: [ws.workspaceId] });
    expect(gone.workspaces[0]!.counts.sessionDeleted).toBeGreaterThan(before.length);
    expect(await session()).toEqual([]);
  });

  it("counts a resolution as activity: what a late write left in a resolved ticket's session goes 24 h after it", async () => {
    const ws = await makeWorkspace("ret-resolved");
    const agent = await makeAgent(ws);
    const ticket = await makeTicket(ws);
    await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, kind: "AGENT", body: "Please move the router away from the microwave." },
      model: null,
    });
    await age(ws.workspaceId, ticket.id, 72);
    await resolveTicket({ actor: agent, ticketId: ticket.id, model: null });
    // A background write (fact extraction, signals) finishing after the resolution cleared the session.
    await addSessionContext({
      workspaceId: ws.workspaceId,
      customerId: ticket.customerId,
      sessionId: ticket.id,
      kind: "sentiment",
      text: "Customer sentiment negative, urgency high.",
      by: system,
    });
    await age(ws.workspaceId, ticket.id, 72);

    const kept = await runRetention({ trigger: "cli", dryRun: true, now: hoursFromNow(23), workspaceIds: [ws.workspaceId] });
    expect(kept.workspaces[0]!.counts.sessionDeleted).toBe(0);
    const gone = await runRetention({ trigger: "cli", now: hoursFromNow(25), workspaceIds: [ws.workspaceId] });
    expect(gone.workspaces[0]!.counts.sessionDeleted).toBe(1);
    expect(
      await listMemories({
        workspaceId: ws.workspaceId,
        target: { scope: "session", customerId: ticket.customerId, sessionId: ticket.id },
      }),
    ).toEqual([]);
  });

  it("a session that is no ticket's counts from its last memory written", async () => {
    const ws = await makeWorkspace("ret-chat");
    const ticket = await makeTicket(ws);
    const id = await addSessionContext({
      workspaceId: ws.workspaceId,
      customerId: ticket.customerId,
      sessionId: "chat-42",
      kind: "message",
      text: "Customer: hello from the chat widget.",
      by: system,
    });
    const prisma = await getPrisma();
    await prisma.memoryRecord.update({ where: { id }, data: { updatedAt: new Date(Date.now() - 20 * HOUR) } });
    const plan = async (hours: number) =>
      (
        await runRetention({ trigger: "cli", dryRun: true, now: hoursFromNow(hours), workspaceIds: [ws.workspaceId] })
      ).workspaces[0]!.preview!.session.map((item) => item.id);
    expect(await plan(3)).not.toContain(id);
    expect(await plan(5)).toContain(id);
  });
});
