import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { flushBackgroundWork } from "@/lib/background";
import { settleJobs } from "@/lib/jobs";
import { getPrisma } from "@/lib/db";
import { closeRateLimitStore } from "@/lib/http/rate-limit";
import { stopTicketEvents, subscribeTicketEvents, type TicketEvent } from "@/lib/live/ticket-events";
import { addCustomerMessage } from "@/lib/support/customer-messages";
import { openTicket, updateTicket } from "@/lib/support/tickets";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { listNotifications, mailPendingNotifications, markNotificationsRead, setNotifyByEmail } from "./notifications";
import { notifySlaDue } from "./sla";
import { ownDatabaseForFile } from "@/test/own-database";

// Its mail jobs run with its own SMTP server and settings: a database of its own on PostgreSQL.
ownDatabaseForFile("notifications");

// The bell: who is told what, once, in their own workspace only; live; and by mail for
// those who asked.

afterAll(async () => {
  await flushBackgroundWork();
  await settleJobs();
  await stopTicketEvents();
  await closeRateLimitStore();
});

describe("notifications", () => {
  it("tell an agent a colleague assigned them a ticket and the customer answered it, live, and no one else", async () => {
    const workspace = await makeWorkspace("bell");
    const dana = await makeAgent(workspace, "Dana Agent");
    const sam = await makeAgent(workspace, "Sam Agent");
    const ticket = await makeTicket(workspace, { subject: "Hub offline" });
    const heard: TicketEvent[] = [];
    const overheard: TicketEvent[] = [];
    const stops = [
      await subscribeTicketEvents({ workspaceId: workspace.workspaceId, notificationsFor: dana.userId }, (event) => heard.push(event)),
      await subscribeTicketEvents({ workspaceId: workspace.workspaceId, notificationsFor: sam.userId }, (event) => overheard.push(event)),
    ];

    // Taking a ticket yourself tells nobody.
    await updateTicket({ actor: dana, update: { ticketId: ticket.id, assignee: "me" } });
    expect((await listNotifications({ actor: dana })).unread).toBe(0);
    await updateTicket({ actor: sam, update: { ticketId: ticket.id, assignee: "none" } });
    await updateTicket({ actor: sam, update: { ticketId: ticket.id, assignee: dana.userId } });
    const assigned = await listNotifications({ actor: dana });
    expect(assigned.unread).toBe(1);
    expect(assigned.items[0]).toMatchObject({ kind: "assigned", ticketId: ticket.id, read: false });
    expect(assigned.items[0]!.text).toMatch(/^Sam Agent assigned you ticket #\d+: Hub offline$/);

    await addCustomerMessage({
      workspaceId: workspace.workspaceId,
      ticketId: ticket.id,
      body: "Still offline.",
      via: { actorType: "customer" },
    });
    const answered = await listNotifications({ actor: dana });
    expect(answered.unread).toBe(2);
    expect(answered.items[0]!.text).toMatch(/^The customer answered ticket #\d+/);
    const deadline = Date.now() + 5000;
    while (heard.filter((event) => event.type === "notification").length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(heard.filter((event) => event.type === "notification")).toHaveLength(2);
    expect(overheard.filter((event) => event.type === "notification")).toEqual([]);
    for (const stop of stops) stop();

    // Nobody else reads or marks them.
    expect((await listNotifications({ actor: sam })).unread).toBe(0);
    const outsider = await makeAgent(await makeWorkspace("bell-other"));
    expect(await markNotificationsRead({ actor: outsider, ids: answered.items.map((item) => item.id) })).toEqual({ marked: 0 });
    expect(await markNotificationsRead({ actor: sam })).toEqual({ marked: 0 });
    expect((await listNotifications({ actor: dana })).unread).toBe(2);
    expect(await markNotificationsRead({ actor: dana, ids: [answered.items[0]!.id] })).toEqual({ marked: 1 });
    expect((await listNotifications({ actor: dana })).unread).toBe(1);
    await markNotificationsRead({ actor: dana });
    expect((await listNotifications({ actor: dana })).unread).toBe(0);
  });

  it("warn once before a first reply is late, however many sweeps run: the holder, or the admins while nobody holds it", async () => {
    const workspace = await makeWorkspace("bell-sla");
    const dana = await makeAgent(workspace, "Dana Agent");
    // Opened 7 h 50 min ago at normal priority: its first reply is due in 10 minutes (8 hours).
    const opened = new Date(Date.now() - (7 * 60 + 50) * 60_000);
    const held = await openTicket({
      workspaceId: workspace.workspaceId,
      ticket: {
        customer: { email: `sla-${randomUUID().slice(0, 6)}@customers.example`, name: "Lee" },
        subject: "Invoice",
        body: "Please send it again.",
      },
      now: opened,
    });
    const unheld = await openTicket({
      workspaceId: workspace.workspaceId,
      ticket: {
        customer: { email: `sla-${randomUUID().slice(0, 6)}@customers.example`, name: "Kim" },
        subject: "Refund",
        body: "Where is my refund?",
      },
      now: opened,
    });
    await updateTicket({ actor: workspace.admin, update: { ticketId: held.id, assignee: dana.userId } });
    await markNotificationsRead({ actor: dana });

    const sweep = () => notifySlaDue({ workspaceId: workspace.workspaceId });
    const runs = await Promise.all([sweep(), sweep(), sweep()]);
    expect(runs.reduce((sum, count) => sum + count, 0)).toBe(2);
    expect(await sweep()).toBe(0);
    const forDana = await listNotifications({ actor: dana });
    expect(forDana.items.filter((item) => item.kind === "sla_due").map((item) => item.ticketId)).toEqual([held.id]);
    const forAdmin = await listNotifications({ actor: workspace.admin });
    expect(forAdmin.items.filter((item) => item.kind === "sla_due").map((item) => item.ticketId)).toEqual([unheld.id]);
    expect(forAdmin.items.find((item) => item.kind === "sla_due")!.text).toMatch(/^The first reply to ticket #\d+ is due soon: Refund$/);
  });

  it("are mailed once to those who chose it, and not to the others", async () => {
    const workspace = await makeWorkspace("bell-mail");
    const dana = await makeAgent(workspace, "Dana Agent");
    const sam = await makeAgent(workspace, "Sam Agent");
    await setNotifyByEmail({ actor: dana, notifyByEmail: true });
    const first = await makeTicket(workspace, { subject: "Router reset" });
    const second = await makeTicket(workspace, { subject: "Camera offline" });
    await updateTicket({ actor: workspace.admin, update: { ticketId: first.id, assignee: dana.userId } });
    await updateTicket({ actor: workspace.admin, update: { ticketId: second.id, assignee: sam.userId } });
    // The kicks after each change race these two sweeps: still one mail each.
    await Promise.all([mailPendingNotifications(), mailPendingNotifications()]);
    await flushBackgroundWork();
    await settleJobs();
    const prisma = await getPrisma();
    const mails = await prisma.outboxMail.findMany({ where: { workspaceId: workspace.workspaceId, kind: "notification" } });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.toAddress).toBe(dana.email);
    expect(mails[0]!.subject).toMatch(/assigned you ticket #\d+: Router reset/);
    expect(mails[0]!.body).toContain(`/tickets/${first.id}`);
    expect(await mailPendingNotifications()).toEqual({ claimed: 0, mailed: 0 });
  });
});
