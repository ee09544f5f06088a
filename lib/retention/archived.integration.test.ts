import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { addCustomerNote, addCustomerPreference, getSupportContext } from "@/lib/memory/support-memory";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { listArchivedCustomers, restoreArchivedCustomer } from "./archived";
import { listArchivedMemories } from "./memories";
import { runRetention } from "./run";

const DAY = 86_400_000;
const system = { actorType: "system" as const };

describe("archived customer memory", () => {
  it("lists per customer what retention archived and when, for admins; restoring brings it back into search, audited", async () => {
    const workspace = await makeWorkspace("archive");
    const { admin, workspaceId } = workspace;
    const ticket = await makeTicket(workspace, { subject: "Thermostat schedule", body: "The schedule runs an hour late." });
    await addCustomerPreference({
      workspaceId,
      customerId: ticket.customerId,
      preference: "Writes in German, answers in English are fine.",
      by: system,
    });
    await addCustomerNote({
      workspaceId,
      customerId: ticket.customerId,
      note: "Owns three Lumio thermostats in a holiday flat.",
      by: system,
    });

    expect((await listArchivedCustomers({ actor: admin })).customers).toEqual([]);
    const archivedAt = new Date(Date.now() + 400 * DAY);
    await runRetention({ trigger: "cli", now: archivedAt, workspaceIds: [workspaceId] });
    const archived = await listArchivedMemories({ workspaceId, customerId: ticket.customerId });
    expect(archived.length).toBeGreaterThanOrEqual(2);

    const { customers, total } = await listArchivedCustomers({ actor: admin });
    expect(total).toBe(1);
    const kinds = new Map<string, number>();
    for (const memory of archived) kinds.set(memory.type, (kinds.get(memory.type) ?? 0) + 1);
    expect(customers).toHaveLength(1);
    const [customer] = customers;
    expect(customer).toMatchObject({
      customerId: ticket.customerId,
      name: "Casey Customer",
      memories: archived.length,
      firstArchivedAt: archivedAt,
      lastArchivedAt: archivedAt,
    });
    expect(new Map(customer!.types.map((type) => [type.type, type.count]))).toEqual(kinds);
    expect(kinds.get("preference")).toBeGreaterThanOrEqual(1);
    expect(kinds.get("note")).toBeGreaterThanOrEqual(1);
    expect(
      await getSupportContext({ workspaceId, customerId: ticket.customerId, query: "thermostats German" }).then(
        (context) => context.customer,
      ),
    ).toEqual([]);

    const agent = await makeAgent(workspace);
    await expect(listArchivedCustomers({ actor: agent })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(restoreArchivedCustomer({ actor: agent, customerId: ticket.customerId })).rejects.toBeInstanceOf(ForbiddenError);
    const other = await makeWorkspace("archive-other");
    await expect(restoreArchivedCustomer({ actor: other.admin, customerId: ticket.customerId })).rejects.toBeInstanceOf(NotFoundError);
    expect((await listArchivedCustomers({ actor: other.admin })).customers).toEqual([]);

    expect(await restoreArchivedCustomer({ actor: admin, customerId: ticket.customerId })).toEqual({ restored: archived.length });
    expect((await listArchivedCustomers({ actor: admin })).customers).toEqual([]);
    const found = (
      await getSupportContext({ workspaceId, customerId: ticket.customerId, query: "thermostats German", limits: { customer: 20 } })
    ).customer.map((memory) => memory.id);
    expect(found).toEqual(
      expect.arrayContaining(
        archived.filter((memory) => memory.type === "preference" || memory.type === "note").map((memory) => memory.id),
      ),
    );
    const prisma = await getPrisma();
    expect(
      await prisma.auditLog.findFirst({
        where: { workspaceId, action: "memory.restored", targetId: ticket.customerId },
        select: { actorUserId: true, summary: true },
      }),
    ).toEqual({
      actorUserId: admin.userId,
      summary: { memories: archived.length },
    });
  });
});
