import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api/api-keys";
import { flushBackgroundWork } from "@/lib/background";
import { settleJobs } from "@/lib/jobs";
import { getPrisma } from "@/lib/db";
import { closeRateLimitStore } from "@/lib/http/rate-limit";
import { listMemories } from "@/lib/memory/core";
import { addAgentMessage, getTicketDetail } from "@/lib/support/tickets";
import { makeAgent, makeTicket, makeWorkspace, type TestWorkspace } from "@/test/factories";
import { receiveInboundEmail } from "./inbound";
import { handleInboundEmailRequest } from "./inbound-request";
import { mailSettingsSchema, rotateInboundSecret, updateMailSettings } from "./settings";
import { ownDatabaseForFile } from "@/test/own-database";

// Its mail jobs run with its own SMTP server and settings: a database of its own on PostgreSQL.
ownDatabaseForFile("mail_in");

// Mail coming in: threading, verification, loops and bounces, duplicates, and the hostile
// cases (a forged From, someone else's token, another workspace's token), through the lib
// verb and through the route handler with its authentication and limits.

afterAll(async () => {
  await closeRateLimitStore();
});

function rawMail(fields: {
  from: string;
  to?: string;
  subject: string;
  body: string;
  messageId?: string;
  inReplyTo?: string;
  headers?: Record<string, string | undefined>;
}): Buffer {
  const lines = [
    `From: ${fields.from}`,
    `To: ${fields.to ?? "help@acme.example"}`,
    `Subject: ${fields.subject}`,
    `Message-ID: ${fields.messageId ?? `<${randomUUID()}@mail.customer.example>`}`,
    `Date: ${new Date().toUTCString()}`,
    ...(fields.inReplyTo ? [`In-Reply-To: ${fields.inReplyTo}`, `References: ${fields.inReplyTo}`] : []),
    ...Object.entries(fields.headers ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [`${name}: ${value}`])),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    fields.body,
  ];
  return Buffer.from(lines.join("\r\n"));
}

async function mailWorkspace(label: string) {
  const workspace = await makeWorkspace(label);
  // Replies go to the outbox table (no SMTP here): that is where the token is read from.
  await updateMailSettings({
    actor: workspace.admin,
    input: mailSettingsSchema.parse({ supportAddress: "help@acme.example", mailReplies: "on" }),
  });
  const agent = await makeAgent(workspace, "Dana Agent");
  return { workspace, agent };
}

/** An agent's mailed reply on the ticket: its Message-ID and the ticket's reply token. */
async function mailedReply(
  workspace: TestWorkspace,
  agent: Awaited<ReturnType<typeof makeAgent>>,
  ticketId: string,
  body = "Please restart the router.",
) {
  const { messageId } = await addAgentMessage({ actor: agent, message: { ticketId, body, kind: "AGENT" } });
  await flushBackgroundWork();
  await settleJobs();
  const prisma = await getPrisma();
  const message = await prisma.message.findUniqueOrThrow({ where: { id: messageId }, select: { emailMessageId: true } });
  const ticket = await prisma.ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { replyToken: true } });
  const delivery = await prisma.mailDelivery.findUniqueOrThrow({ where: { messageId } });
  expect(delivery.status).toBe("stored");
  return { messageId, emailMessageId: message.emailMessageId!, token: ticket.replyToken!, workspaceId: workspace.workspaceId };
}

async function customerEmail(customerId: string) {
  return (await (await getPrisma()).customer.findUniqueOrThrow({ where: { id: customerId }, select: { email: true } })).email;
}

describe("inbound mail", () => {
  it("opens an unverified ticket for a new sender; their answer to our reply threads in, verifies it, and only the new part is learned", async () => {
    const { workspace, agent } = await mailWorkspace("mail-in");
    const sender = `anna-${randomUUID().slice(0, 6)}@customer.example`;
    const first = await receiveInboundEmail({
      workspaceId: workspace.workspaceId,
      raw: rawMail({
        from: `Anna Schmidt <${sender}>`,
        subject: "Fwd: Printer jams on page 2",
        body: "My LaserJet 400 jams on every second page.",
      }),
    });
    expect(first).toMatchObject({ status: "created", verified: false });
    if (first.status !== "created") throw new Error("expected a ticket");
    const detail = await getTicketDetail({ actor: agent, ticketId: first.ticketId });
    expect(detail).toMatchObject({ subject: "Printer jams on page 2", channel: "EMAIL", verifiedAt: null });
    expect(detail.customer).toMatchObject({ name: "Anna Schmidt", email: sender });

    const reply = await mailedReply(workspace, agent, first.ticketId);
    const answer = await receiveInboundEmail({
      workspaceId: workspace.workspaceId,
      raw: rawMail({
        from: sender,
        to: `help+t-${reply.token}@acme.example`,
        subject: `Re: Printer jams on page 2 [ref:${reply.token}]`,
        inReplyTo: reply.emailMessageId,
        body: "That fixed it, thank you!\n\n-- \nAnna\n\nOn Tue, Dec 1, 2026 at 10:00 AM Acme <help@acme.example> wrote:\n> Please restart the router. QUOTED-SECRET-PHRASE",
      }),
    });
    expect(answer).toMatchObject({ status: "threaded", ticketId: first.ticketId, verified: true });
    const after = await getTicketDetail({ actor: agent, ticketId: first.ticketId });
    expect(after.verifiedAt).not.toBeNull();
    expect(after.status).toBe("OPEN");
    const last = after.messages.at(-1)!;
    expect(last).toMatchObject({ kind: "CUSTOMER", body: "That fixed it, thank you!" });
    const prisma = await getPrisma();
    const stored = await prisma.message.findUniqueOrThrow({ where: { id: last.id }, select: { originalBody: true } });
    expect(stored.originalBody).toContain("QUOTED-SECRET-PHRASE");
    // Encrypted at rest, like the body.
    const [rawRow] = await prisma.$queryRawUnsafe<Array<{ original_body: string }>>(
      `SELECT original_body FROM messages WHERE id = $1::uuid`,
      last.id,
    );
    expect(rawRow!.original_body).not.toContain("QUOTED-SECRET-PHRASE");
    await flushBackgroundWork();
    await settleJobs();
    const session = await listMemories({
      workspaceId: workspace.workspaceId,
      target: { scope: "session", customerId: after.customer.id, sessionId: first.ticketId },
    });
    expect(session.some((memory) => memory.text.includes("That fixed it"))).toBe(true);
    expect(session.some((memory) => memory.text.includes("QUOTED-SECRET-PHRASE"))).toBe(false);
    expect(
      await prisma.auditLog.count({ where: { workspaceId: workspace.workspaceId, action: "ticket.verified", targetId: first.ticketId } }),
    ).toBe(1);
  });

  it("takes a follow-up to the sender's own unverified mail into its ticket, and mail with control characters as text", async () => {
    const { workspace } = await mailWorkspace("mail-followup");
    const sender = `follow-${randomUUID().slice(0, 6)}@customer.example`;
    const firstId = `<${randomUUID()}@mail.customer.example>`;
    const first = await receiveInboundEmail({
      workspaceId: workspace.workspaceId,
      raw: rawMail({ from: sender, subject: "Printer \u202Eexe.pdf", body: "It jams.\u000C\u001B[31m Page 2.", messageId: firstId }),
    });
    expect(first).toMatchObject({ status: "created", verified: false });
    const followUp = await receiveInboundEmail({
      workspaceId: workspace.workspaceId,
      raw: rawMail({ from: sender, subject: "Re: Printer", body: "Also on page 4.", inReplyTo: firstId }),
    });
    expect(followUp).toMatchObject({ status: "threaded", ticketId: (first as { ticketId: string }).ticketId, verified: false });
    const prisma = await getPrisma();
    const ticket = await prisma.ticket.findUniqueOrThrow({
      where: { id: (first as { ticketId: string }).ticketId },
      select: { subject: true },
    });
    expect(ticket.subject).toBe("Printer exe.pdf");
    const [firstMessage] = await prisma.message.findMany({
      where: { ticketId: (first as { ticketId: string }).ticketId },
      orderBy: { createdAt: "asc" },
    });
    expect(firstMessage!.body).toBe("It jams.[31m Page 2.");
  });

  it("threads by the subject token alone when the plus address was lost", async () => {
    const { workspace, agent } = await mailWorkspace("mail-subject");
    const ticket = await makeTicket(workspace);
    const reply = await mailedReply(workspace, agent, ticket.id);
    const outcome = await receiveInboundEmail({
      workspaceId: workspace.workspaceId,
      raw: rawMail({ from: await customerEmail(ticket.customerId), subject: `AW: Router [ref:${reply.token}]`, body: "Still broken." }),
    });
    expect(outcome).toMatchObject({ status: "threaded", ticketId: ticket.id });
  });

  it("makes one message of a mail delivered twice, even at the same moment", async () => {
    const { workspace } = await mailWorkspace("mail-dup");
    const raw = rawMail({
      from: `dup-${randomUUID().slice(0, 6)}@customer.example`,
      subject: "Invoice question",
      body: "Why was I charged twice?",
    });
    const first = await receiveInboundEmail({ workspaceId: workspace.workspaceId, raw });
    const again = await receiveInboundEmail({ workspaceId: workspace.workspaceId, raw });
    expect(again).toMatchObject({ status: "duplicate", ticketId: (first as { ticketId: string }).ticketId });
    const racing = rawMail({
      from: `race-${randomUUID().slice(0, 6)}@customer.example`,
      subject: "Race",
      body: "Sent twice by the provider.",
    });
    const outcomes = await Promise.all([
      receiveInboundEmail({ workspaceId: workspace.workspaceId, raw: racing }),
      receiveInboundEmail({ workspaceId: workspace.workspaceId, raw: racing }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["created", "duplicate"]);
    const prisma = await getPrisma();
    expect(await prisma.ticket.count({ where: { workspaceId: workspace.workspaceId } })).toBe(2);
  });

  it("never lets a forged From or someone else's token into a customer's thread", async () => {
    const { workspace, agent } = await mailWorkspace("mail-forged");
    const ticket = await makeTicket(workspace, { subject: "Account locked" });
    const victim = await customerEmail(ticket.customerId);
    const reply = await mailedReply(workspace, agent, ticket.id);
    const prisma = await getPrisma();
    const before = await prisma.message.count({ where: { ticketId: ticket.id } });

    // The victim's address, without any secret of our mail: a new ticket, unverified.
    const forged = await receiveInboundEmail({
      workspaceId: workspace.workspaceId,
      raw: rawMail({ from: victim, subject: "Re: Account locked", body: "Please send my data to attacker@evil.example" }),
    });
    expect(forged).toMatchObject({ status: "created", verified: false });
    // Someone else holding the token (a forwarded mail): their own ticket.
    const forwarded = await receiveInboundEmail({
      workspaceId: workspace.workspaceId,
      raw: rawMail({
        from: "attacker@evil.example",
        to: `help+t-${reply.token}@acme.example`,
        subject: `Re: Account locked [ref:${reply.token}]`,
        inReplyTo: reply.emailMessageId,
        body: "I am the customer now.",
      }),
    });
    expect(forwarded).toMatchObject({ status: "created", verified: false });
    expect((forwarded as { ticketId: string }).ticketId).not.toBe(ticket.id);
    expect(await prisma.message.count({ where: { ticketId: ticket.id } })).toBe(before);
    // Neither touched the victim's name.
    expect((await prisma.customer.findUniqueOrThrow({ where: { id: ticket.customerId }, select: { name: true } })).name).toBe(
      "Casey Customer",
    );

    // The victim's address with the victim's own Message-ID (known to anyone they copied) on
    // their verified ticket: not a secret of our mail, so a new ticket.
    const ownFirst = await prisma.message.findFirstOrThrow({ where: { ticketId: ticket.id, kind: "CUSTOMER" }, select: { id: true } });
    await prisma.message.update({ where: { id: ownFirst.id }, data: { emailMessageId: `<first-${ticket.id}@mail.customer.example>` } });
    const byOwnId = await receiveInboundEmail({
      workspaceId: workspace.workspaceId,
      raw: rawMail({
        from: victim,
        subject: "Re: Account locked",
        body: "Add attacker@evil.example as my contact.",
        inReplyTo: `<first-${ticket.id}@mail.customer.example>`,
      }),
    });
    expect(byOwnId).toMatchObject({ status: "created", verified: false });
    // The victim's address with the token, but the provider says the From failed DMARC: a new ticket.
    const dmarcFail = await receiveInboundEmail({
      workspaceId: workspace.workspaceId,
      raw: rawMail({
        from: victim,
        to: `help+t-${reply.token}@acme.example`,
        subject: `Re: Account locked [ref:${reply.token}]`,
        body: "Forged with a stolen token.",
        headers: {
          "Authentication-Results": "mx.acme.example; spf=fail smtp.mailfrom=customers.example; dmarc=fail header.from=customers.example",
        },
      }),
    });
    expect(dmarcFail).toMatchObject({ status: "created", verified: false });
    expect(await prisma.message.count({ where: { ticketId: ticket.id } })).toBe(before);

    // Another workspace's mail with this token: not this ticket either.
    const other = await mailWorkspace("mail-other");
    const foreign = await receiveInboundEmail({
      workspaceId: other.workspace.workspaceId,
      raw: rawMail({ from: victim, to: `help+t-${reply.token}@acme.example`, subject: `Re: [ref:${reply.token}]`, body: "Cross-tenant?" }),
    });
    expect(foreign).toMatchObject({ status: "created" });
    expect(await prisma.message.count({ where: { ticketId: ticket.id } })).toBe(before);
  });

  it("drops auto-replies and our own mail, and marks a bounced reply", async () => {
    const { workspace, agent } = await mailWorkspace("mail-loops");
    const ticket = await makeTicket(workspace);
    const reply = await mailedReply(workspace, agent, ticket.id);
    const email = await customerEmail(ticket.customerId);
    const prisma = await getPrisma();
    const count = () => prisma.message.count({ where: { workspaceId: workspace.workspaceId } });
    const before = await count();

    for (const headers of [{ "Auto-Submitted": "auto-replied" }, { Precedence: "bulk" }, { "X-Autoreply": "yes" }]) {
      const outcome = await receiveInboundEmail({
        workspaceId: workspace.workspaceId,
        raw: rawMail({ from: email, to: `help+t-${reply.token}@acme.example`, subject: "Out of office", body: "I am away.", headers }),
      });
      expect(outcome.status).toBe("ignored");
    }
    // Our own reply coming back (a misconfigured forward) is not taken as the customer's.
    const own = await receiveInboundEmail({
      workspaceId: workspace.workspaceId,
      raw: rawMail({
        from: "help@acme.example",
        subject: "Re: Router",
        body: "Please restart the router.",
        messageId: reply.emailMessageId,
      }),
    });
    expect(own.status).toBe("ignored");
    expect(await count()).toBe(before);

    // The reply went out (here through the outbox; a bounce of one never sent is not believed).
    await prisma.mailDelivery.update({ where: { messageId: reply.messageId }, data: { status: "sent" } });
    const bounce = Buffer.from(
      [
        "From: MAILER-DAEMON@mx.customer.example",
        "To: help@acme.example",
        "Subject: Undelivered Mail Returned to Sender",
        `Message-ID: <${randomUUID()}@mx.customer.example>`,
        "MIME-Version: 1.0",
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        "",
        "--b1",
        "Content-Type: text/plain",
        "",
        "Your message could not be delivered.",
        "--b1",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.customer.example",
        "",
        `Final-Recipient: rfc822; ${email}`,
        "Action: failed",
        "Status: 5.1.1",
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown",
        "--b1",
        "Content-Type: text/rfc822-headers",
        "",
        `Message-ID: ${reply.emailMessageId}`,
        "Subject: Re: Router",
        "--b1--",
        "",
      ].join("\r\n"),
    );
    expect(await receiveInboundEmail({ workspaceId: workspace.workspaceId, raw: bounce })).toEqual({ status: "bounce", bounced: 1 });
    expect(await prisma.mailDelivery.findUniqueOrThrow({ where: { messageId: reply.messageId } })).toMatchObject({
      status: "bounced",
      error: "smtp; 550 5.1.1 User unknown",
    });
    expect(await count()).toBe(before);
    expect(await prisma.auditLog.count({ where: { workspaceId: workspace.workspaceId, action: "mail.inbound_ignored" } })).toBe(5);
  });
});

describe("POST /api/v1/inbound/email", () => {
  const url = "http://localhost/api/v1/inbound/email";
  const post = (
    headers: Record<string, string>,
    body: Uint8Array | string = rawMail({ from: "z@customer.example", subject: "Hi", body: "Hello there." }),
  ) =>
    handleInboundEmailRequest(
      new Request(url, { method: "POST", headers, body: typeof body === "string" ? body : new Blob([new Uint8Array(body)]) }),
    );

  it("takes a mail with the inbound secret (bearer or basic) or an API key, into that workspace only", async () => {
    const { workspace } = await mailWorkspace("mail-route");
    const other = await mailWorkspace("mail-route-b");
    const { secret } = await rotateInboundSecret({ actor: workspace.admin });
    const { secret: otherSecret } = await rotateInboundSecret({ actor: other.workspace.admin });
    const rfc822 = { "content-type": "message/rfc822" };

    const bearer = await post({ ...rfc822, authorization: `Bearer ${secret}` });
    expect(bearer.status).toBe(200);
    const created = (await bearer.json()) as { status: string; ticketId: string };
    expect(created.status).toBe("created");
    const prisma = await getPrisma();
    expect((await prisma.ticket.findUniqueOrThrow({ where: { id: created.ticketId } })).workspaceId).toBe(workspace.workspaceId);

    const basic = await post({ ...rfc822, authorization: `Basic ${Buffer.from(`inbound:${otherSecret}`).toString("base64")}` });
    const viaBasic = (await basic.json()) as { ticketId: string };
    expect(basic.status).toBe(200);
    expect((await prisma.ticket.findUniqueOrThrow({ where: { id: viaBasic.ticketId } })).workspaceId).toBe(other.workspace.workspaceId);

    const { key } = await createApiKey({ actor: workspace.admin, apiKey: { name: "Mail relay" } });
    expect(
      (await post({ ...rfc822, authorization: `Bearer ${key}` }, rawMail({ from: "k@customer.example", subject: "Key", body: "Via key." })))
        .status,
    ).toBe(200);

    // A rotated secret stops working at once.
    await rotateInboundSecret({ actor: workspace.admin });
    expect((await post({ ...rfc822, authorization: `Bearer ${secret}` })).status).toBe(401);
  });

  it("refuses what is not a mail for it: no or forged credentials, another type, too large, no sender", async () => {
    const { workspace } = await mailWorkspace("mail-route-bad");
    const { secret } = await rotateInboundSecret({ actor: workspace.admin });
    const auth = { authorization: `Bearer ${secret}` };
    const prisma = await getPrisma();
    const tickets = () => prisma.ticket.count({ where: { workspaceId: workspace.workspaceId } });

    expect((await post({ "content-type": "message/rfc822" })).status).toBe(401);
    expect((await post({ "content-type": "message/rfc822", authorization: "Bearer rdin_forged-secret-value-000000" })).status).toBe(401);
    expect((await post({ "content-type": "message/rfc822", authorization: `Basic ${Buffer.from("a:b").toString("base64")}` })).status).toBe(
      401,
    );
    expect((await post({ ...auth, "content-type": "application/json" }, JSON.stringify({ from: "x" }))).status).toBe(415);
    const huge = await post({ ...auth, "content-type": "message/rfc822", "content-length": String(200 * 1024 * 1024) }, "x");
    expect(huge.status).toBe(413);
    const streamedHuge = await post({ ...auth, "content-type": "message/rfc822" }, new Uint8Array(16 * 1024 * 1024).fill(65));
    expect(streamedHuge.status).toBe(413);
    const noSender = await post({ ...auth, "content-type": "message/rfc822" }, Buffer.from("Subject: hi\r\n\r\nno from header"));
    expect(noSender.status).toBe(400);
    expect((await post({ ...auth, "content-type": "message/rfc822" }, "")).status).toBe(400);
    // Header injection and our own formats in the subject stay text.
    const hostile = await post(
      { ...auth, "content-type": "message/rfc822" },
      rawMail({
        from: "h@customer.example",
        subject: "=?utf-8?B?" + Buffer.from("Hi\r\nBcc: all@x.example").toString("base64") + "?=",
        body: "enc:v1:abc",
      }),
    );
    expect(hostile.status).toBe(200);
    const { ticketId } = (await hostile.json()) as { ticketId: string };
    const ticket = await prisma.ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { subject: true } });
    expect(ticket.subject).not.toMatch(/[\r\n]/);
    expect(await tickets()).toBe(1);
  });
});
