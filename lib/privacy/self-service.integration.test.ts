import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@/lib/errors";
import { makeAgent, makeWorkspace } from "@/test/factories";
import { makeRichCustomer, needlesOf, scanDatabase, teamKnowledgeRows } from "@/test/privacy-fixtures";
import { exportCustomerAsAdmin, getCustomerPrivacy } from "./admin";
import { eraseCustomer } from "./erasure";
import { eraseForSession, exportForSession, getOverview, requestCode, verifyCode } from "./self-service";

async function codeFor(workspaceId: string, email: string) {
  const prisma = await getPrisma();
  const mail = await prisma.outboxMail.findFirstOrThrow({
    where: { workspaceId, toAddress: email, kind: "privacy_code" },
    orderBy: { createdAt: "desc" },
  });
  return /\b(\d{6})\b/.exec(mail.body)![1]!;
}

describe("the privacy page's flow", () => {
  it("takes a customer from their address to a download and an erasure with a receipt", async () => {
    const workspace = await makeWorkspace("selfserve");
    const agent = await makeAgent(workspace);
    const customer = await makeRichCustomer(workspace, agent);
    const prisma = await getPrisma();
    const { slug } = await prisma.workspace.findUniqueOrThrow({ where: { id: workspace.workspaceId }, select: { slug: true } });
    const clientKey = `self-${randomUUID()}`;

    await expect(getOverview({ slug, token: undefined })).rejects.toBeInstanceOf(UnauthorizedError);
    await requestCode({ slug, email: customer.email.toUpperCase(), clientKey });
    const { token, overview } = await verifyCode({
      slug,
      email: customer.email,
      code: await codeFor(workspace.workspaceId, customer.email),
      clientKey,
    });
    expect(overview).toMatchObject({ email: customer.email, held: true });
    expect(overview.deleted).toEqual(expect.arrayContaining(["1 customer profile", "2 tickets", "5 messages", "1 reply draft"]));
    // The code that proved the address is not counted as data held.
    expect(overview.deleted.join()).not.toMatch(/email/);
    expect(overview.redacted).toEqual([expect.stringMatching(/^\d+ activity log entries$/)]);
    // The session works only on its own workspace's page.
    await expect(getOverview({ slug: "demo-elsewhere-none", token })).rejects.toBeInstanceOf(NotFoundError);

    const data = await exportForSession({ slug, token, clientKey });
    expect(data.profile).toMatchObject({ email: customer.email, name: customer.name, phone: customer.phone });
    expect(data.tickets.map((ticket) => ticket.subject).sort()).toEqual(["Doorbell chime is silent", "Thermostat loses its schedule"]);
    const thermostat = data.tickets.find((ticket) => ticket.subject.startsWith("Thermostat"))!;
    expect(thermostat.messages.map((message) => message.from)).toEqual(["you", "you", "support (Agent)"]);
    expect(thermostat.internalNotes).toEqual({ count: 1 });
    expect(thermostat.rating).toMatchObject({ score: 4 });
    expect(data.drafts).toHaveLength(1);
    expect(data.memories.customer.map((memory) => memory.type)).toEqual(
      expect.arrayContaining(["profile", "preference", "note", "resolved_issue"]),
    );
    expect(data.memories.customer.every((memory) => memory.history.length >= 1)).toBe(true);
    expect(data.memories.session.every((memory) => memory.ticket !== null)).toBe(true);
    // The first ticket's session was cleared on resolving: its history is still held until erasure.
    expect(data.memories.deleted.length).toBeGreaterThan(0);
    expect(JSON.stringify(data)).toContain(customer.phrase);
    expect(data.summary).toMatch(/^Workspace selfserve holds, for this address: 1 customer profile, 2 tickets, 5 messages/);

    const { receipt } = await eraseForSession({ slug, token });
    expect(receipt?.items.find((item) => item.kind === "tickets")).toMatchObject({ count: 2, label: "tickets", action: "deleted" });
    expect(await scanDatabase(needlesOf(customer), teamKnowledgeRows)).toEqual([]);
    // The export was audited as the customer's own, and redacted with the rest.
    expect(
      await prisma.auditLog.count({ where: { workspaceId: workspace.workspaceId, action: "privacy.exported", redactedAt: { not: null } } }),
    ).toBe(1);
    const after = await getOverview({ slug, token });
    expect(after).toEqual({ email: customer.email, held: false, deleted: [], redacted: [] });
  });

  it("lets only an admin of the workspace see or erase a customer", async () => {
    const workspace = await makeWorkspace("admin-erase");
    const agent = await makeAgent(workspace);
    const customer = await makeRichCustomer(workspace, agent);
    const rival = await makeWorkspace("admin-rival");
    await expect(getCustomerPrivacy({ actor: agent, customerId: customer.customerId })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(eraseCustomer({ actor: agent, customerId: customer.customerId })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getCustomerPrivacy({ actor: rival.admin, customerId: customer.customerId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(eraseCustomer({ actor: rival.admin, customerId: customer.customerId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(exportCustomerAsAdmin({ actor: rival.admin, customerId: customer.customerId })).rejects.toBeInstanceOf(NotFoundError);
    expect((await scanDatabase(needlesOf(customer))).length).toBeGreaterThan(0);

    const { holdings } = await getCustomerPrivacy({ actor: workspace.admin, customerId: customer.customerId });
    expect(holdings.deleted).toContain("2 tickets");
    const prisma = await getPrisma();
    await eraseCustomer({ actor: workspace.admin, customerId: customer.customerId });
    const requested = await prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: workspace.workspaceId, action: "privacy.erasure_requested" },
    });
    expect(requested).toMatchObject({ actorUserId: workspace.admin.userId, actorType: "user", targetType: "erasure_request" });
    await expect(getCustomerPrivacy({ actor: workspace.admin, customerId: customer.customerId })).rejects.toBeInstanceOf(NotFoundError);
  });
});
