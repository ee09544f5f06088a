import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { listMemories } from "@/lib/memory/core";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { getTicketMemoryContext } from "./memory-context";
import { resolveTicket } from "./resolve";
import { addAgentMessage } from "./tickets";

// RESOLUTION_PROMOTION_THRESHOLD defaults to 3 similar resolved tickets.

async function workTicket(workspace: Awaited<ReturnType<typeof makeWorkspace>>, agent: Awaited<ReturnType<typeof makeAgent>>, email: string) {
  const ticket = await makeTicket(workspace, {
    email,
    subject: "Mesh router firmware update stuck at 80%",
    body: "My order LM-482913 router is stuck updating, call me on +44 20 7946 0555.",
  });
  await addAgentMessage({
    actor: agent,
    message: { ticketId: ticket.id, kind: "AGENT", body: "Hold the reset pin for 15 seconds until the light blinks white, then update over a cable." },
  });
  return ticket;
}

describe("resolving a ticket", () => {
  it("adds the issue to the customer's history, clears the session, and shows it on the customer's next ticket", async () => {
    const workspace = await makeWorkspace("resolve");
    const agent = await makeAgent(workspace, "Robin");
    const ticket = await workTicket(workspace, agent, "casey@customers.example");
    const before = await getTicketMemoryContext({ actor: agent, ticketId: ticket.id });
    expect(before.session.length).toBeGreaterThan(0);

    const result = await resolveTicket({ actor: agent, ticketId: ticket.id });
    expect(result.promoted).toBe(false);
    expect(result.cleared).toBeGreaterThan(0);
    const prisma = await getPrisma();
    const stored = await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(stored.status).toBe("RESOLVED");
    expect(stored.resolvedAt).not.toBeNull();
    expect(await listMemories({ workspaceId: workspace.workspaceId, target: { scope: "session", customerId: ticket.customerId, sessionId: ticket.id } })).toEqual([]);

    const next = await makeTicket(workspace, { email: "casey@customers.example", subject: "Router update stuck again", body: "The router firmware update is stuck again." });
    const context = await getTicketMemoryContext({ actor: agent, ticketId: next.id });
    expect(context.customer[0]).toMatchObject({ type: "resolved_issue" });
    expect(context.customer[0]!.text).toContain("reset pin");

    await expect(resolveTicket({ actor: agent, ticketId: ticket.id })).rejects.toBeInstanceOf(ValidationError);
  });

  it("promotes a recurring fix to team knowledge only past the threshold, without personal data", async () => {
    const workspace = await makeWorkspace("promote");
    const agent = await makeAgent(workspace);
    const promotions = [];
    for (const [index, email] of ["ann@customers.example", "ben@customers.example", "cy@customers.example", "di@customers.example"].entries()) {
      const ticket = await workTicket(workspace, agent, email);
      promotions.push((await resolveTicket({ actor: agent, ticketId: ticket.id, resolution: index === 2 ? "Casey Customer: hold the reset pin 15 s (order LM-482913, casey@customers.example)." : undefined })).promoted);
    }
    // Third similar resolution crosses the threshold; the fourth finds the topic known.
    expect(promotions).toEqual([false, false, true, false]);
    const knowledge = await listMemories({ workspaceId: workspace.workspaceId, target: { scope: "agent" } });
    expect(knowledge).toHaveLength(1);
    expect(knowledge[0]!.type).toBe("solution");
    expect(knowledge[0]!.text).toContain("reset pin");
    expect(knowledge[0]!.text).not.toMatch(/Casey|482913|customers\.example|7946/);
  });
});
