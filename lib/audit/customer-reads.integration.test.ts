import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api/api-keys";
import { getApiCustomer } from "@/lib/customers/api-customers";
import { getCustomerOverview, getTicketCustomerProfile } from "@/lib/customers/overview";
import { getPrisma } from "@/lib/db";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { recordCustomerRead } from "./customer-reads";
import { verifyAuditChain } from "./verify";

// Reads of a customer's memory are audited once per reader, customer and hour, through the
// functions the ticket pane, the customer page and the REST API call.

const HOUR = 3_600_000;

/** The read entries, oldest first; each summary's hour is checked to be an hour, then left out. */
async function readEntries(workspaceId: string) {
  const prisma = await getPrisma();
  const entries = await prisma.auditLog.findMany({
    where: { workspaceId, action: "customer.memory_read" },
    orderBy: { seq: "asc" },
    select: { actorType: true, actorUserId: true, targetType: true, targetId: true, customerId: true, summary: true },
  });
  return entries.map(({ summary, ...entry }) => {
    const { hour, ...rest } = summary as { hour: string };
    expect(hour).toMatch(/T\d\d:00:00\.000Z$/);
    return { ...entry, summary: rest };
  });
}

describe("customer memory read audit", () => {
  it("writes one entry per agent, customer and hour: two views in the hour are one entry, another agent or the next hour another", async () => {
    const workspace = await makeWorkspace("reads");
    const ana = await makeAgent(workspace, "Ana Agent");
    const ben = await makeAgent(workspace, "Ben Agent");
    const ticket = await makeTicket(workspace, { email: "read.me@customers.example" });

    await getTicketCustomerProfile({ actor: ana, ticketId: ticket.id });
    await getTicketCustomerProfile({ actor: ana, ticketId: ticket.id });
    // The customer page in the same hour is the same reader reading the same memory.
    await getCustomerOverview({ actor: ana, customerId: ticket.customerId });
    let entries = await readEntries(workspace.workspaceId);
    expect(entries).toEqual([
      {
        actorType: "user",
        actorUserId: ana.userId,
        targetType: "customer",
        targetId: ticket.customerId,
        customerId: ticket.customerId,
        summary: { via: "ticket_pane", ticketId: ticket.id },
      },
    ]);

    await getTicketCustomerProfile({ actor: ben, ticketId: ticket.id });
    entries = await readEntries(workspace.workspaceId);
    expect(entries.map((entry) => entry.actorUserId)).toEqual([ana.userId, ben.userId]);

    // The next hour's first read is recorded again; later reads of that hour are not.
    const nextHour = new Date(Date.now() + HOUR);
    expect(
      await recordCustomerRead({
        workspaceId: workspace.workspaceId,
        customerId: ticket.customerId,
        reader: { userId: ana.userId },
        via: "customer_page",
        at: nextHour,
      }),
    ).toBe(true);
    expect(
      await recordCustomerRead({
        workspaceId: workspace.workspaceId,
        customerId: ticket.customerId,
        reader: { userId: ana.userId },
        via: "ticket_pane",
        at: nextHour,
      }),
    ).toBe(false);
    entries = await readEntries(workspace.workspaceId);
    expect(entries.map((entry) => [entry.actorUserId, (entry.summary as { via: string }).via])).toEqual([
      [ana.userId, "ticket_pane"],
      [ben.userId, "ticket_pane"],
      [ana.userId, "customer_page"],
    ]);

    // Ids only: nothing of the customer's name, address or memory.
    expect(JSON.stringify(entries)).not.toMatch(/read\.me|Casey|customers\.example/);
    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId })).toMatchObject({ ok: true });
  });

  it("records API reads under the key, once an hour", async () => {
    const workspace = await makeWorkspace("reads-api");
    const ticket = await makeTicket(workspace);
    const { keyId } = await createApiKey({ actor: workspace.admin, apiKey: { name: "CRM sync" } });
    const caller = { workspaceId: workspace.workspaceId, keyId };
    await getApiCustomer({ caller, customerId: ticket.customerId });
    await getApiCustomer({ caller, customerId: ticket.customerId });
    expect(await readEntries(workspace.workspaceId)).toEqual([
      {
        actorType: "api",
        actorUserId: null,
        targetType: "customer",
        targetId: ticket.customerId,
        customerId: ticket.customerId,
        summary: { via: "api", apiKeyId: keyId },
      },
    ]);
  });

  it("stays at one entry when many reads of the hour race", async () => {
    const workspace = await makeWorkspace("reads-race");
    const agent = await makeAgent(workspace);
    const ticket = await makeTicket(workspace);
    const at = new Date();
    const first = await Promise.all(
      Array.from({ length: 8 }, () =>
        recordCustomerRead({
          workspaceId: workspace.workspaceId,
          customerId: ticket.customerId,
          reader: { userId: agent.userId },
          via: "ticket_pane",
          at,
        }),
      ),
    );
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await readEntries(workspace.workspaceId)).toHaveLength(1);
  });

  it("never marks a customer of another workspace", async () => {
    const workspace = await makeWorkspace("reads-own");
    const other = await makeWorkspace("reads-other");
    const ticket = await makeTicket(other);
    expect(
      await recordCustomerRead({
        workspaceId: workspace.workspaceId,
        customerId: ticket.customerId,
        reader: { userId: workspace.admin.userId },
        via: "customer_page",
      }),
    ).toBe(false);
    expect(await readEntries(workspace.workspaceId)).toEqual([]);
    expect(await readEntries(other.workspaceId)).toEqual([]);
  });
});
