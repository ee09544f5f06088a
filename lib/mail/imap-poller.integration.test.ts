import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushBackgroundWork } from "@/lib/background";
import { getPrisma } from "@/lib/db";
import { releaseLease, takeLease } from "@/lib/db/lease";
import { addAgentMessage, getTicketDetail } from "@/lib/support/tickets";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { type ImapTestServer, startImapTestServer } from "@/test/imap-server";
import { FAILED_KEYWORD, IMPORTED_KEYWORD, type PollResult } from "./imap-import";
import { pollMailboxOnce, startMailboxPoller } from "./imap-poller";
import { mailSettingsSchema, updateMailSettings } from "./settings";

// The mailbox poller against a real IMAP server (Dovecot, test/imap-server.ts): an answer to
// a mailed reply comes back into its ticket through IMAP; what was imported is marked and
// not imported again; auto-replies, duplicates and a broken mail are each handled; two
// pollers import each mail once; the long-running poller wakes on IDLE, holds the lease
// alone, and hands it over when stopped.

let imap: ImapTestServer;

beforeAll(async () => {
  imap = await startImapTestServer();
});

afterAll(async () => {
  await imap?.close();
});

function rawMail(fields: { from?: string; to?: string; subject: string; body: string; messageId?: string; headers?: string[] }) {
  return Buffer.from(
    [
      ...(fields.from ? [`From: ${fields.from}`] : []),
      `To: ${fields.to ?? "help@acme.example"}`,
      `Subject: ${fields.subject}`,
      `Message-ID: ${fields.messageId ?? `<${randomUUID()}@mail.customer.example>`}`,
      `Date: ${new Date().toUTCString()}`,
      ...(fields.headers ?? []),
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      fields.body,
      "",
    ].join("\r\n"),
  );
}

/** A workspace whose agent replies are mailed (to the outbox table: no SMTP here), and a mailbox of its own. */
async function mailboxWorkspace(label: string) {
  const workspace = await makeWorkspace(label);
  await updateMailSettings({
    actor: workspace.admin,
    input: mailSettingsSchema.parse({ supportAddress: "help@acme.example", mailReplies: "on" }),
  });
  const folder = `${label}-${randomUUID().slice(0, 8)}`;
  const url = await imap.newMailbox(folder);
  return { workspace, folder, url, workspaceId: workspace.workspaceId };
}

const nothing: PollResult = { imported: 0, duplicates: 0, ignored: 0, failed: 0, rejected: 0 };

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the IMAP mailbox poller", () => {
  it("brings the customer's answer to a mailed reply into the same ticket, and marks it so it is imported once", async () => {
    const { workspace, folder, url, workspaceId } = await mailboxWorkspace("imap-answer");
    const agent = await makeAgent(workspace, "Dana Agent");
    const ticket = await makeTicket(workspace, { subject: "Router keeps dropping" });
    const { messageId } = await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, body: "Please restart the router.", kind: "AGENT" },
    });
    await flushBackgroundWork();
    const prisma = await getPrisma();
    const reply = await prisma.message.findUniqueOrThrow({ where: { id: messageId }, select: { emailMessageId: true } });
    const { replyToken } = await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { replyToken: true } });
    const { email } = await prisma.customer.findUniqueOrThrow({ where: { id: ticket.customerId }, select: { email: true } });
    expect(reply.emailMessageId).toBeTruthy();

    const uid = await imap.appendMessage(
      rawMail({
        from: email,
        to: `help+t-${replyToken}@acme.example`,
        subject: "Re: Router keeps dropping",
        headers: [`In-Reply-To: ${reply.emailMessageId}`, `References: ${reply.emailMessageId}`],
        body: "Restarting it worked, thanks!\r\n\r\n> Please restart the router.",
      }),
      folder,
    );

    expect(await pollMailboxOnce({ url, workspaceId })).toEqual({ ...nothing, imported: 1 });
    const detail = await getTicketDetail({ actor: agent, ticketId: ticket.id });
    expect(detail.messages.at(-1)).toMatchObject({ kind: "CUSTOMER", body: "Restarting it worked, thanks!" });
    expect(await prisma.ticket.count({ where: { workspaceId } })).toBe(1);
    // Marked with our keyword, not \Seen: people still see it as unread in their mail client.
    const flags = (await imap.flagsByUid(folder)).get(uid)!;
    expect(flags.has(IMPORTED_KEYWORD)).toBe(true);
    expect(flags.has("\\Seen")).toBe(false);

    expect(await pollMailboxOnce({ url, workspaceId })).toEqual(nothing);
    expect(await prisma.message.count({ where: { ticketId: ticket.id } })).toBe(detail.messages.length);
  });

  it("flags an auto-reply without answering it, and makes one message of a mail delivered twice", async () => {
    const { folder, url, workspaceId } = await mailboxWorkspace("imap-loops");
    const sender = `lee-${randomUUID().slice(0, 6)}@customer.example`;
    const question = rawMail({ from: sender, subject: "Invoice question", body: "Why was I charged twice?" });
    await imap.appendMessage(question, folder);
    await imap.appendMessage(question, folder);
    await imap.appendMessage(
      rawMail({ from: sender, subject: "Out of office", body: "I am away until Monday.", headers: ["Auto-Submitted: auto-replied"] }),
      folder,
    );

    expect(await pollMailboxOnce({ url, workspaceId })).toEqual({ ...nothing, imported: 1, duplicates: 1, ignored: 1 });
    const prisma = await getPrisma();
    expect(await prisma.ticket.count({ where: { workspaceId } })).toBe(1);
    expect(await prisma.message.count({ where: { workspaceId } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { workspaceId, action: "mail.inbound_ignored" } })).toBe(1);
    for (const flags of (await imap.flagsByUid(folder)).values()) expect(flags.has(IMPORTED_KEYWORD)).toBe(true);
    expect(await pollMailboxOnce({ url, workspaceId })).toEqual(nothing);
  });

  it("gives up on a mail it can never import, flagged for a person, without holding up the mail after it", async () => {
    const { folder, url, workspaceId } = await mailboxWorkspace("imap-poison");
    const broken = await imap.appendMessage(rawMail({ subject: "No sender at all", body: "Who wrote this?" }), folder);
    const good = await imap.appendMessage(rawMail({ from: "kim@customer.example", subject: "Password reset", body: "Help!" }), folder);

    expect(await pollMailboxOnce({ url, workspaceId })).toEqual({ ...nothing, imported: 1, rejected: 1 });
    const flags = await imap.flagsByUid(folder);
    expect([...flags.get(broken)!]).toEqual(expect.arrayContaining([FAILED_KEYWORD, "\\Flagged"]));
    expect(flags.get(broken)!.has(IMPORTED_KEYWORD)).toBe(false);
    expect(flags.get(good)!.has(IMPORTED_KEYWORD)).toBe(true);
    expect(await pollMailboxOnce({ url, workspaceId })).toEqual(nothing);
  });

  it("imports each mail once when two pollers race over the same mailbox", async () => {
    const { folder, url, workspaceId } = await mailboxWorkspace("imap-race");
    for (let index = 0; index < 4; index++) {
      await imap.appendMessage(
        rawMail({ from: `race${index}@customer.example`, subject: `Race ${index}`, body: `Mail ${index}.` }),
        folder,
      );
    }
    const [first, second] = await Promise.all([pollMailboxOnce({ url, workspaceId }), pollMailboxOnce({ url, workspaceId })]);
    expect(first.imported + second.imported).toBe(4);
    expect(first.failed + second.failed + first.rejected + second.rejected).toBe(0);
    const prisma = await getPrisma();
    expect(await prisma.ticket.count({ where: { workspaceId } })).toBe(4);
    expect(await prisma.message.count({ where: { workspaceId } })).toBe(4);
    expect(await pollMailboxOnce({ url, workspaceId })).toEqual(nothing);
  });

  it("lets one process hold a lease until it is released or expires", async () => {
    const name = `test-lease-${randomUUID()}`;
    expect(await takeLease({ name, holder: "a", ttlMs: 60_000 })).toBe(true);
    expect(await takeLease({ name, holder: "b", ttlMs: 60_000 })).toBe(false);
    expect(await takeLease({ name, holder: "a", ttlMs: 60_000 })).toBe(true);
    await releaseLease({ name, holder: "b" });
    expect(await takeLease({ name, holder: "b", ttlMs: 60_000 })).toBe(false);
    await releaseLease({ name, holder: "a" });
    expect(await takeLease({ name, holder: "b", ttlMs: 1 })).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await takeLease({ name, holder: "a", ttlMs: 60_000 })).toBe(true);
  });

  it("runs one poller at a time: it wakes on IDLE for a new mail, stops cleanly, and the other takes over", async () => {
    const { folder, url, workspaceId } = await mailboxWorkspace("imap-idle");
    const prisma = await getPrisma();
    const passes = { a: 0, b: 0 };
    const stopA = startMailboxPoller({ url, workspaceId, holder: "poller-a", onPass: () => (passes.a += 1) });
    await waitFor(() => passes.a > 0);
    const stopB = startMailboxPoller({ url, workspaceId, holder: "poller-b", leaseRetryMs: 200, onPass: () => (passes.b += 1) });
    try {
      // A is idling now; a mail arriving wakes it well before its next timed pass (5 minutes).
      const arrived = Date.now();
      await imap.appendMessage(rawMail({ from: "ida@customer.example", subject: "While idle", body: "Are you there?" }), folder);
      await waitFor(async () => (await prisma.ticket.count({ where: { workspaceId } })) === 1);
      expect(Date.now() - arrived).toBeLessThan(10_000);
      expect(passes.b).toBe(0);
      const lease = await prisma.pollerLease.findFirstOrThrow({ where: { holder: { in: ["poller-a", "poller-b"] } } });
      expect(lease.holder).toBe("poller-a");

      await stopA();
      // A's lease is given up on stop; B takes it within its retry time and imports the next mail.
      await imap.appendMessage(rawMail({ from: "bo@customer.example", subject: "After the handover", body: "Hello?" }), folder);
      // Counted once the pass (and its flagging) is over, after the ticket is written.
      await waitFor(async () => passes.b > 0 && (await prisma.ticket.count({ where: { workspaceId } })) === 2);
      expect((await prisma.pollerLease.findUniqueOrThrow({ where: { name: lease.name } })).holder).toBe("poller-b");
    } finally {
      await stopA();
      await stopB();
    }
    expect(await prisma.pollerLease.count({ where: { holder: { in: ["poller-a", "poller-b"] } } })).toBe(0);
    for (const flags of (await imap.flagsByUid(folder)).values()) expect(flags.has(IMPORTED_KEYWORD)).toBe(true);
  });
});
