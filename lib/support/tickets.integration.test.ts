import { describe, expect, it } from "vitest";
import { sealAuditChain } from "@/lib/audit/record";
import { verifyAuditChain } from "@/lib/audit/verify";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { listInboxTickets } from "./inbox";
import { addAgentMessage, getTicketDetail, OPENING_MEMORY_JOB, openTicket } from "./tickets";

describe("tickets", () => {
  it("opens a ticket with the customer's message, numbered per workspace, and audits it", async () => {
    const workspace = await makeWorkspace("open");
    const first = await makeTicket(workspace, { email: "Dana@Customers.Example", body: "My plug won't pair." });
    const second = await makeTicket(workspace, { email: "dana@customers.example" });
    expect(second.number).toBe(first.number + 1);
    // The same customer, whatever the case of the address.
    expect(second.customerId).toBe(first.customerId);

    const detail = await getTicketDetail({ actor: workspace.admin, ticketId: first.id });
    expect(detail.messages.map((message) => [message.kind, message.body])).toEqual([["CUSTOMER", "My plug won't pair."]]);
    const prisma = await getPrisma();
    const audit = await prisma.auditLog.findFirst({
      where: { workspaceId: workspace.workspaceId, action: "ticket.opened", targetId: first.id },
    });
    expect(audit?.customerId).toBe(first.customerId);
  });

  it("opens tickets for one new address at the same moment under one customer, each chained in the audit log", async () => {
    const workspace = await makeWorkspace("same-moment");
    const opened = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        openTicket({
          workspaceId: workspace.workspaceId,
          ticket: { customer: { email: "new.person@customers.example", name: `New ${index}` }, subject: `Hub ${index}`, body: "Flickers" },
          memory: "job",
        }),
      ),
    );
    expect(new Set(opened.map((ticket) => ticket.customerId)).size).toBe(1);
    expect(new Set(opened.map((ticket) => ticket.number)).size).toBe(6);
    // Whoever wrote the customer first named them; every answer says the stored name.
    expect(new Set(opened.map((ticket) => ticket.customer.name)).size).toBe(1);
    const prisma = await getPrisma();
    expect(await prisma.customer.count({ where: { workspaceId: workspace.workspaceId } })).toBe(1);
    await sealAuditChain(prisma, workspace.workspaceId);
    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId })).toMatchObject({ ok: true });
    const entries = await prisma.auditLog.findMany({ where: { workspaceId: workspace.workspaceId, action: "ticket.opened" } });
    expect(entries).toHaveLength(6);
    expect(entries.map((entry) => entry.seq).every((seq) => seq !== null)).toBe(true);
    expect(entries.every((entry) => entry.customerId === opened[0]!.customerId)).toBe(true);
    // On a server each ticket's job is written by its statement: one each, none for an attempt
    // that lost the race for the customer and wrote no ticket.
    if (process.env.TEST_DB_MODE === "postgres") {
      const jobs = await prisma.$queryRaw<Array<{ ticket: string }>>`
        SELECT data->>'ticketId' AS ticket FROM pgboss.job WHERE name = ${OPENING_MEMORY_JOB} AND data->>'workspaceId' = ${workspace.workspaceId}`;
      expect(jobs.map((job) => job.ticket).sort()).toEqual(opened.map((ticket) => ticket.id).sort());
    }
  });

  it("rejects a ticket without a valid email and stores nothing", async () => {
    const workspace = await makeWorkspace("bad");
    await expect(
      openTicket({
        workspaceId: workspace.workspaceId,
        ticket: { customer: { email: "not-an-email", name: "X" }, subject: "Hi", body: "Help" },
      }),
    ).rejects.toThrow(/valid email/);
    const prisma = await getPrisma();
    expect(await prisma.ticket.count({ where: { workspaceId: workspace.workspaceId } })).toBe(0);
  });

  it("records an agent's first reply: first-response time, pending status, assignee and audit entry", async () => {
    const workspace = await makeWorkspace("reply");
    const agent = await makeAgent(workspace, "Robin");
    const ticket = await makeTicket(workspace);
    await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, body: "Try the 2.4 GHz network.", kind: "AGENT" } });

    const detail = await getTicketDetail({ actor: agent, ticketId: ticket.id });
    expect(detail.messages.at(-1)).toMatchObject({ kind: "AGENT", body: "Try the 2.4 GHz network.", author: { name: "Robin" } });
    expect(detail.status).toBe("PENDING");
    expect(detail.firstResponseAt).not.toBeNull();
    expect(detail.assignee?.name).toBe("Robin");

    // A later internal note changes neither the first-response time nor the status.
    const firstResponse = detail.firstResponseAt;
    await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, body: "Customer sounded upset.", kind: "NOTE" } });
    const after = await getTicketDetail({ actor: agent, ticketId: ticket.id });
    expect(after.firstResponseAt).toEqual(firstResponse);
    expect(after.messages.at(-1)?.kind).toBe("NOTE");

    const prisma = await getPrisma();
    const actions = await prisma.auditLog.findMany({
      where: { workspaceId: workspace.workspaceId, targetId: ticket.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorUserId: true, summary: true },
    });
    expect(actions.map((entry) => entry.action)).toEqual(["ticket.opened", "ticket.replied", "ticket.noted"]);
    // The audit log records that a reply was sent, not what it said.
    expect(JSON.stringify(actions)).not.toContain("2.4 GHz");
  });

  it("pages the inbox by keyset without repeating or skipping a ticket", async () => {
    const workspace = await makeWorkspace("paging");
    const created = [];
    for (let index = 0; index < 30; index++) created.push(await makeTicket(workspace, { subject: `Ticket ${index}` }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInboxTickets({ actor: workspace.admin, query: { view: "open", cursor } });
      seen.push(...page.tickets.map((ticket) => ticket.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(30);
    expect(new Set(seen)).toEqual(new Set(created.map((ticket) => ticket.id)));
  });
});

describe("workspace isolation", () => {
  it("never shows, lists or changes a ticket of another workspace", async () => {
    const acme = await makeWorkspace("acme");
    const rival = await makeWorkspace("rival");
    const rivalAgent = await makeAgent(rival);
    const ticket = await makeTicket(acme, { subject: "Acme's private ticket" });

    await expect(getTicketDetail({ actor: rivalAgent, ticketId: ticket.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      addAgentMessage({ actor: rivalAgent, message: { ticketId: ticket.id, body: "Injected", kind: "AGENT" } }),
    ).rejects.toBeInstanceOf(NotFoundError);

    for (const view of ["open", "unassigned", "pending", "resolved", "mine"] as const) {
      const page = await listInboxTickets({ actor: rivalAgent, query: { view } });
      expect(page.tickets.map((row) => row.subject)).not.toContain("Acme's private ticket");
    }
    const detail = await getTicketDetail({ actor: acme.admin, ticketId: ticket.id });
    expect(detail.messages).toHaveLength(1);
    expect(detail.status).toBe("OPEN");
  });
});

describe("customer signals", () => {
  it("records an urgent, frustrated first message on the ticket and in session memory", async () => {
    const workspace = await makeWorkspace("signals");
    const ticket = await makeTicket(workspace, { body: "Still broken!! We have no internet and I work from home. This is unacceptable." });
    const detail = await getTicketDetail({ actor: workspace.admin, ticketId: ticket.id });
    expect(detail).toMatchObject({ sentiment: "negative", urgency: "high", priority: "HIGH" });
    const { listMemories } = await import("@/lib/memory/core");
    const session = await listMemories({
      workspaceId: workspace.workspaceId,
      target: { scope: "session", customerId: ticket.customerId, sessionId: ticket.id },
      filter: { type: "sentiment" },
    });
    expect(session[0]?.text).toMatch(/sentiment negative, urgency high/);
  });
});

describe("updating a ticket", () => {
  it("assigns within the workspace only, and audits what changed", async () => {
    const acme = await makeWorkspace("update");
    const rival = await makeWorkspace("update-rival");
    const agent = await makeAgent(acme, "Kim");
    const outsider = await makeAgent(rival, "Outsider");
    const ticket = await makeTicket(acme);
    const { updateTicket } = await import("./tickets");

    expect(await updateTicket({ actor: agent, update: { ticketId: ticket.id, assignee: "me", priority: "URGENT" } })).toEqual({
      changed: ["priority", "assignee"],
    });
    await expect(updateTicket({ actor: agent, update: { ticketId: ticket.id, assignee: outsider.userId } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(updateTicket({ actor: outsider, update: { ticketId: ticket.id, status: "PENDING" } })).rejects.toBeInstanceOf(
      NotFoundError,
    );

    const detail = await getTicketDetail({ actor: agent, ticketId: ticket.id });
    expect(detail).toMatchObject({ priority: "URGENT", status: "OPEN", assignee: { name: "Kim" } });
    const prisma = await getPrisma();
    const audit = await prisma.auditLog.findFirst({ where: { targetId: ticket.id, action: "ticket.updated" } });
    expect(audit?.summary).toMatchObject({ priority: { from: "NORMAL", to: "URGENT" }, assignee: { from: null, to: agent.userId } });
  });
});
