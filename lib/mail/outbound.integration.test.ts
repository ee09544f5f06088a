import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { flushBackgroundWork } from "@/lib/background";
import { settleJobs } from "@/lib/jobs";
import { getPrisma } from "@/lib/db";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { closeRateLimitStore } from "@/lib/http/rate-limit";
import { addAgentMessage } from "@/lib/support/tickets";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { setAppEnv } from "@/test/mail-fixtures";
import { type SmtpTestServer, startSmtpTestServer } from "@/test/smtp-server";
import { listRecentJobs } from "@/lib/jobs/recent";
import { deliverDueMail, MAIL_DELIVERY_JOB, MAX_ATTEMPTS, retryDelivery } from "./delivery";
import { getMailSettings, mailSettingsSchema, updateMailSettings } from "./settings";
import { ownDatabaseForFile } from "@/test/own-database";

// Its mail jobs run with its own SMTP server and settings: a database of its own on PostgreSQL.
ownDatabaseForFile("mail_out");

// Agent replies reach the customer through a real SMTP server (smtp-server in this process,
// reached by the app's nodemailer transport over TCP), threaded and retried.

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
  setAppEnv("SMTP_URL", smtp.url);
});
afterAll(async () => {
  setAppEnv("SMTP_URL", undefined);
  await smtp.close();
  await closeRateLimitStore();
});
beforeEach(() => {
  smtp.received.length = 0;
});

async function deliveryOf(messageId: string) {
  return (await getPrisma()).mailDelivery.findUniqueOrThrow({ where: { messageId } });
}

async function setup(label: string) {
  const workspace = await makeWorkspace(label);
  await updateMailSettings({ actor: workspace.admin, input: mailSettingsSchema.parse({ supportAddress: "help@acme.example" }) });
  const agent = await makeAgent(workspace, "Dana Agent");
  const ticket = await makeTicket(workspace, { subject: "Router drops Wi-Fi" });
  const prisma = await getPrisma();
  const customer = await prisma.customer.findUniqueOrThrow({ where: { id: ticket.customerId }, select: { email: true } });
  return { workspace, agent, ticket, email: customer.email };
}

describe("agent replies by mail", () => {
  it("mails the reply to the customer from the workspace, threaded, with the ticket's reply address and link", async () => {
    const { workspace, agent, ticket, email } = await setup("mail-out");
    await updateMailSettings({
      actor: workspace.admin,
      input: mailSettingsSchema.parse({ supportAddress: "help@acme.example", senderName: "Acme Support", signature: "Dana\nAcme" }),
    });
    const { messageId } = await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, body: 'Please hold the reset button for 10 s.\n\n<script>alert("x")</script>', kind: "AGENT" },
    });
    await flushBackgroundWork();
    await settleJobs();

    expect(smtp.received).toHaveLength(1);
    // Sent by a job the reply queued, which the admin's jobs page lists.
    const runs = (await listRecentJobs({ actor: workspace.admin })).filter((job) => job.name === MAIL_DELIVERY_JOB);
    expect(runs.map((job) => job.state)).toContain("completed");
    const [mail] = smtp.received;
    const prisma = await getPrisma();
    const stored = await prisma.message.findUniqueOrThrow({ where: { id: messageId }, select: { emailMessageId: true } });
    const { replyToken } = await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { replyToken: true } });
    expect(replyToken).toMatch(/^[a-z2-7]{16}$/);
    expect(mail!.envelopeTo).toEqual([email]);
    expect(mail!.parsed.from?.value[0]).toEqual({ name: "Acme Support", address: "help@acme.example" });
    expect(mail!.parsed.replyTo?.value[0]?.address).toBe(`help+t-${replyToken}@acme.example`);
    expect(mail!.parsed.subject).toBe(`Re: Router drops Wi-Fi [ref:${replyToken}]`);
    expect(mail!.parsed.messageId).toBe(stored.emailMessageId);
    expect(stored.emailMessageId).toBe(`<${messageId}@acme.example>`);
    expect(mail!.parsed.text).toContain("Please hold the reset button for 10 s.");
    expect(mail!.parsed.text).toContain("-- \nDana\nAcme");
    expect(mail!.parsed.text).toMatch(new RegExp(`/w/mail-out-[a-z0-9]+/t/[A-Za-z0-9_-]+`));
    expect(mail!.parsed.html).toContain("&lt;script&gt;");
    expect(mail!.parsed.html).not.toContain("<script>");
    expect(await deliveryOf(messageId)).toMatchObject({ status: "sent", attempts: 1, error: null });

    // The delivery log keeps the reply without the link, which opens the ticket.
    const logged = await prisma.outboxMail.findFirstOrThrow({ where: { workspaceId: workspace.workspaceId, kind: "ticket_reply" } });
    expect(logged).toMatchObject({ status: "sent", transport: "smtp" });
    expect(logged.body).toContain("[ticket link]");
    expect(logged.body).not.toMatch(/\/t\/[A-Za-z0-9_-]{20,}/);

    // The next reply answers the first: In-Reply-To and References name it.
    const second = await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, body: "Did that help?", kind: "AGENT" } });
    await flushBackgroundWork();
    await settleJobs();
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[1]!.parsed.inReplyTo).toBe(stored.emailMessageId);
    expect(smtp.received[1]!.parsed.subject).toBe(`Re: Router drops Wi-Fi [ref:${replyToken}]`);
    expect((await deliveryOf(second.messageId)).status).toBe("sent");
  });

  it("never mails an internal note, nor anything when the workspace turned mailing off", async () => {
    const { workspace, agent, ticket } = await setup("mail-off");
    await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, body: "Customer sounds upset; escalate?", kind: "NOTE" } });
    await updateMailSettings({ actor: workspace.admin, input: mailSettingsSchema.parse({ mailReplies: "off" }) });
    const { messageId } = await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, body: "Fixed on our side.", kind: "AGENT" },
    });
    await flushBackgroundWork();
    await settleJobs();
    expect(smtp.received).toHaveLength(0);
    expect(await (await getPrisma()).mailDelivery.findUnique({ where: { messageId } })).toBeNull();
  });

  it("retries a temporary refusal with backoff and gives up on a permanent one, keeping the reply and the server's answer", async () => {
    const { workspace, agent, ticket } = await setup("mail-retry");
    smtp.refuseNext(451, "4.3.0 Mailbox temporarily unavailable");
    const { messageId } = await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, body: "First try.", kind: "AGENT" } });
    await flushBackgroundWork();
    await settleJobs();
    const waiting = await deliveryOf(messageId);
    expect(waiting).toMatchObject({ status: "queued", attempts: 1 });
    expect(waiting.error).toContain("Mailbox temporarily unavailable");
    expect(waiting.nextAt.getTime() - Date.now()).toBeGreaterThan(50_000);
    // Not due yet: nothing is sent.
    expect(await deliverDueMail()).toMatchObject({ sent: 0 });
    expect(await deliverDueMail({ now: new Date(Date.now() + 61_000) })).toMatchObject({ sent: 1 });
    expect(await deliveryOf(messageId)).toMatchObject({ status: "sent", attempts: 2, error: null });
    expect(smtp.received).toHaveLength(1);

    smtp.refuseNext(550, "5.1.1 User unknown");
    const bad = await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, body: "Second reply.", kind: "AGENT" } });
    await flushBackgroundWork();
    await settleJobs();
    const failed = await deliveryOf(bad.messageId);
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.error).toContain("5.1.1 User unknown");
    const prisma = await getPrisma();
    expect((await prisma.message.findUniqueOrThrow({ where: { id: bad.messageId } })).body).toBe("Second reply.");

    // An agent sends it again; an agent of another workspace cannot, nor can anyone retry a sent one.
    const outsider = await makeAgent(await makeWorkspace("mail-outsider"));
    await expect(retryDelivery({ actor: outsider, messageId: bad.messageId })).rejects.toThrow(/not found/i);
    await expect(retryDelivery({ actor: agent, messageId })).rejects.toBeInstanceOf(ConflictError);
    await retryDelivery({ actor: agent, messageId: bad.messageId });
    await deliverDueMail();
    expect(await deliveryOf(bad.messageId)).toMatchObject({ status: "sent", error: null });
    expect(smtp.received).toHaveLength(2);
    expect(await prisma.auditLog.count({ where: { workspaceId: workspace.workspaceId, action: "mail.retried" } })).toBe(1);
  });

  it("fails a delivery for good after the last try", async () => {
    const { agent, ticket } = await setup("mail-giveup");
    smtp.refuseNext(421, "4.7.0 Try again later");
    const { messageId } = await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, body: "Hello?", kind: "AGENT" } });
    await flushBackgroundWork();
    await settleJobs();
    let clock = Date.now();
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt += 1) {
      clock += 5 * 60 * 60_000;
      smtp.refuseNext(421, "4.7.0 Try again later");
      await deliverDueMail({ now: new Date(clock) });
    }
    expect(await deliveryOf(messageId)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect(smtp.received).toHaveLength(0);
  });

  it("sends a reply whose process died mid-send once, when its lease runs out", async () => {
    const { agent, ticket } = await setup("mail-lease");
    const prisma = await getPrisma();
    const { messageId } = await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, body: "Lease test.", kind: "AGENT" } });
    await flushBackgroundWork();
    await settleJobs();
    smtp.received.length = 0;
    // As a process leaves it when killed after claiming: sending, its lease still running.
    await prisma.mailDelivery.update({
      where: { messageId },
      data: { status: "sending", leaseUntil: new Date(Date.now() + 60_000), attempts: 1 },
    });
    expect(await deliverDueMail()).toMatchObject({ sent: 0 });
    expect(await deliverDueMail({ now: new Date(Date.now() + 3 * 60_000) })).toMatchObject({ sent: 1 });
    expect(await deliverDueMail({ now: new Date(Date.now() + 6 * 60_000) })).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(await deliveryOf(messageId)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("gives two workers racing for the queue each mail once", async () => {
    const { agent, ticket } = await setup("mail-race");
    const prisma = await getPrisma();
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const { messageId } = await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, body: `Reply ${i}`, kind: "AGENT" } });
      ids.push(messageId);
    }
    await flushBackgroundWork();
    await settleJobs();
    await prisma.mailDelivery.updateMany({
      where: { messageId: { in: ids } },
      data: { status: "queued", nextAt: new Date(0), attempts: 0 },
    });
    smtp.received.length = 0;
    const [a, b] = await Promise.all([deliverDueMail({ limit: 4 }), deliverDueMail({ limit: 4 })]);
    await deliverDueMail();
    expect(a.sent + b.sent).toBeGreaterThanOrEqual(4);
    const subjects = smtp.received.map((mail) => mail.parsed.text?.split("\n")[0]);
    expect(subjects.sort()).toEqual(ids.map((_, i) => `Reply ${i}`).sort());
  });
});

describe("mail settings", () => {
  it("are for admins, refuse bad values and keep what was there", async () => {
    const workspace = await makeWorkspace("mail-settings");
    const agent = await makeAgent(workspace);
    await expect(getMailSettings({ actor: agent })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateMailSettings({ actor: agent, input: { senderName: "Hacked" } })).rejects.toBeInstanceOf(ForbiddenError);
    await updateMailSettings({
      actor: workspace.admin,
      input: mailSettingsSchema.parse({ supportAddress: "Help@Acme.Example", senderName: "Acme" }),
    });
    for (const hostile of [
      { supportAddress: "help@acme.example\r\nBcc: all@victims.example" },
      { supportAddress: "not an address" },
      { senderName: "x".repeat(121) },
      { signature: "s".repeat(2001) },
      { mailReplies: "sometimes" },
      // A sender name becomes a header: a line break in it is refused.
      { senderName: "Acme\r\nBcc: x@y.example" },
    ])
      expect(mailSettingsSchema.safeParse(hostile).success).toBe(false);
    const settings = await getMailSettings({ actor: workspace.admin });
    expect(settings).toMatchObject({
      supportAddress: "help@acme.example",
      senderName: "Acme",
      mailReplies: null,
      mailRepliesEffective: true,
      smtpConfigured: true,
    });
    // Without its own address a workspace mails no replies, SMTP or not.
    const bare = await makeWorkspace("mail-bare");
    expect(await getMailSettings({ actor: bare.admin })).toMatchObject({
      supportAddress: "",
      mailRepliesEffective: false,
      smtpConfigured: true,
    });
  });
});
