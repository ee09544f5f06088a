import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushBackgroundWork } from "@/lib/background";
import { settleJobs } from "@/lib/jobs";
import { getPrisma } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { closeRateLimitStore } from "@/lib/http/rate-limit";
import { receiveInboundEmail } from "@/lib/mail/inbound";
import { mailSettingsSchema, updateMailSettings } from "@/lib/mail/settings";
import { eraseCustomer } from "@/lib/privacy/erasure";
import { exportPersonalData } from "@/lib/privacy/export";
import { issueTicketLink, readFollowedAttachment } from "@/lib/support/public";
import { addAgentMessage, getTicketDetail } from "@/lib/support/tickets";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { mailWithFiles, PDF, setAppEnv } from "@/test/mail-fixtures";
import { type SmtpTestServer, startSmtpTestServer } from "@/test/smtp-server";
import { attachmentResponse, readAttachmentForAgent } from "./serve";
import { prepareUploads } from "./uploads";
import { ownDatabaseForFile } from "@/test/own-database";

// Its mail jobs run with its own SMTP server and settings: a database of its own on PostgreSQL.
ownDatabaseForFile("attachments");

// Files on messages: from a mail, from an agent (and out by mail with the reply), read back
// by the right people only, served as downloads, exported and erased with the customer.

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

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

describe("attachments", () => {
  it("keeps a mail's files with their real types, for the workspace's agents and the customer's link only", async () => {
    const workspace = await makeWorkspace("files-in");
    const agent = await makeAgent(workspace);
    const sender = `files-${randomUUID().slice(0, 6)}@customer.example`;
    const outcome = await receiveInboundEmail({
      workspaceId: workspace.workspaceId,
      raw: mailWithFiles(sender, [
        { name: "invoice.pdf", type: "application/octet-stream", bytes: PDF },
        { name: "../../etc/screen\u202Egnp.exe", type: "image/png", bytes: PNG },
        { name: "page.html", type: "text/html", bytes: Buffer.from("<script>alert(document.cookie)</script>") },
        { name: "huge.bin", type: "application/octet-stream", bytes: Buffer.alloc(11 * 1024 * 1024, 7) },
      ]),
    });
    if (outcome.status !== "created") throw new Error(`expected a ticket, got ${outcome.status}`);
    const detail = await getTicketDetail({ actor: agent, ticketId: outcome.ticketId });
    const [first] = detail.messages;
    expect(first!.attachments.map((file) => [file.filename, file.contentType])).toEqual([
      ["invoice.pdf", "application/pdf"],
      ["screen_gnp.exe", "image/png"],
      ["page.html", "text/plain"],
    ]);
    // The file over the limit is named in the message, so the agent can ask for it another way.
    expect(first!.body).toContain("Not kept: huge.bin (larger than 10 MB)");

    const pdf = first!.attachments[0]!;
    const read = await readAttachmentForAgent({ actor: agent, attachmentId: pdf.id });
    expect(Buffer.from(read.bytes).equals(PDF)).toBe(true);
    const response = attachmentResponse(await readAttachmentForAgent({ actor: agent, attachmentId: first!.attachments[2]!.id }));
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="page.html"/);
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toContain("sandbox");

    // Another workspace's agent: not found, as if it did not exist.
    const outsider = await makeAgent(await makeWorkspace("files-outsider"));
    await expect(readAttachmentForAgent({ actor: outsider, attachmentId: pdf.id })).rejects.toBeInstanceOf(NotFoundError);

    // The customer through their ticket link; not through another ticket's link.
    const prisma = await getPrisma();
    const { slug } = await prisma.workspace.findUniqueOrThrow({ where: { id: workspace.workspaceId }, select: { slug: true } });
    const token = await issueTicketLink({ workspaceId: workspace.workspaceId, ticketId: outcome.ticketId, kind: "mail" });
    expect((await readFollowedAttachment({ slug, token, attachmentId: pdf.id })).filename).toBe("invoice.pdf");
    const other = await makeTicket(workspace);
    const otherToken = await issueTicketLink({ workspaceId: workspace.workspaceId, ticketId: other.id, kind: "mail" });
    await expect(readFollowedAttachment({ slug, token: otherToken, attachmentId: pdf.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(readFollowedAttachment({ slug, token: "not-a-real-token-at-all", attachmentId: pdf.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );

    // A file on an internal note stays with the team.
    const note = await addAgentMessage({
      actor: agent,
      message: { ticketId: outcome.ticketId, body: "Checked the invoice, see the annotated copy.", kind: "NOTE" },
      files: await prepareUploads([new File([PDF], "annotated.pdf")]),
    });
    const noteFile = await prisma.attachment.findFirstOrThrow({ where: { messageId: note.messageId } });
    expect((await readAttachmentForAgent({ actor: agent, attachmentId: noteFile.id })).filename).toBe("annotated.pdf");
    await expect(readFollowedAttachment({ slug, token, attachmentId: noteFile.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("mails an agent's files with the reply, refuses files over the limit, and exports and erases them with the customer", async () => {
    const workspace = await makeWorkspace("files-out");
    await updateMailSettings({ actor: workspace.admin, input: mailSettingsSchema.parse({ supportAddress: "help@acme.example" }) });
    const agent = await makeAgent(workspace);
    const ticket = await makeTicket(workspace);
    smtp.received.length = 0;
    await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, body: "Here is the guide.", kind: "AGENT" },
      files: await prepareUploads([new File([PDF], "setup-guide.pdf", { type: "application/pdf" })]),
    });
    await flushBackgroundWork();
    await settleJobs();
    expect(smtp.received).toHaveLength(1);
    const mailed = smtp.received[0]!.parsed.attachments;
    expect(mailed.map((file) => [file.filename, file.contentType])).toEqual([["setup-guide.pdf", "application/pdf"]]);
    expect(mailed[0]!.content.equals(PDF)).toBe(true);

    await expect(prepareUploads([new File([Buffer.alloc(10 * 1024 * 1024 + 1)], "too-big.zip")])).rejects.toBeInstanceOf(ValidationError);
    await expect(
      prepareUploads([new File([Buffer.alloc(6 * 1024 * 1024)], "a.bin"), new File([Buffer.alloc(6 * 1024 * 1024)], "b.bin")]),
    ).rejects.toThrow(/cannot be attached/);

    const prisma = await getPrisma();
    const { email } = await prisma.customer.findUniqueOrThrow({ where: { id: ticket.customerId }, select: { email: true } });
    const exported = await exportPersonalData({ workspaceId: workspace.workspaceId, email });
    const files = JSON.stringify(exported);
    expect(files).toContain("setup-guide.pdf");
    expect(files).toContain(PDF.toString("base64"));

    const receipt = await eraseCustomer({ actor: workspace.admin, customerId: ticket.customerId });
    expect(JSON.stringify(receipt)).toMatch(/attached file/);
    expect(await prisma.attachment.count({ where: { workspaceId: workspace.workspaceId } })).toBe(0);
    expect(await prisma.attachmentContent.count({ where: { attachment: { workspaceId: workspace.workspaceId } } })).toBe(0);
  });
});
