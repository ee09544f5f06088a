import { randomUUID } from "node:crypto";
import net from "node:net";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { flushBackgroundWork } from "@/lib/background";
import { settleJobs } from "@/lib/jobs";
import { getPrisma } from "@/lib/db";
import { closeRateLimitStore } from "@/lib/http/rate-limit";
import { receiveInboundEmail } from "@/lib/mail/inbound";
import { mailSettingsSchema, updateMailSettings } from "@/lib/mail/settings";
import { eraseCustomer } from "@/lib/privacy/erasure";
import { exportPersonalData } from "@/lib/privacy/export";
import { addAgentMessage } from "@/lib/support/tickets";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { mailWithFiles, PDF, setAppEnv } from "@/test/mail-fixtures";
import { type S3TestServer, startS3TestServer } from "@/test/s3-server";
import { type SmtpTestServer, startSmtpTestServer } from "@/test/smtp-server";
import { readAttachmentForAgent } from "./serve";
import { closeObjectStore } from "./store";
import { sweepOrphanObjects } from "./sweep";
import { prepareUploads } from "./uploads";
import { ownDatabaseForFile } from "@/test/own-database";

// Its mail jobs run with its own SMTP server and settings: a database of its own on PostgreSQL.
ownDatabaseForFile("s3");

// Files in an S3-compatible bucket (S3_URL): s3rver in this process speaks the S3 HTTP API,
// the app reaches it with its own SDK client, and the test looks in the bucket with another.

let s3: S3TestServer;
let smtp: SmtpTestServer;

function useS3(url: string | undefined) {
  setAppEnv("S3_URL", url);
}

beforeAll(async () => {
  [s3, smtp] = await Promise.all([startS3TestServer(), startSmtpTestServer()]);
  setAppEnv("SMTP_URL", smtp.url);
});
beforeEach(() => useS3(s3.url));
afterAll(async () => {
  setAppEnv("SMTP_URL", undefined);
  useS3(undefined);
  closeObjectStore();
  await Promise.all([s3.close(), smtp.close()]);
  await closeRateLimitStore();
});

function mailWithFile(from: string, file: { name: string; bytes: Buffer }): Buffer {
  return mailWithFiles(from, [{ ...file, type: "application/octet-stream" }], { subject: "The invoice", body: "The invoice is attached." });
}

async function objectBytes(key: string): Promise<Buffer | null> {
  try {
    const object = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return null;
    throw error;
  }
}

async function objectKeys(prefix: string): Promise<string[]> {
  const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("attachments in an S3 bucket", () => {
  it("keeps a mail's file as an object named by workspace and file, not a row, and serves it byte for byte", async () => {
    const workspace = await makeWorkspace("s3-in");
    const agent = await makeAgent(workspace);
    const sender = `s3-${randomUUID().slice(0, 6)}@customer.example`;
    const outcome = await receiveInboundEmail({
      workspaceId: workspace.workspaceId,
      raw: mailWithFile(sender, { name: "invoice.pdf", bytes: PDF }),
    });
    if (outcome.status !== "created") throw new Error(`expected a ticket, got ${outcome.status}`);
    const prisma = await getPrisma();
    const file = await prisma.attachment.findFirstOrThrow({ where: { ticketId: outcome.ticketId }, select: { id: true } });

    expect(await prisma.attachmentContent.count({ where: { attachmentId: file.id } })).toBe(0);
    expect(await objectKeys(`${workspace.workspaceId}/`)).toEqual([`${workspace.workspaceId}/${file.id}`]);
    const object = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `${workspace.workspaceId}/${file.id}` }));
    expect(object.ContentType).toBe("application/pdf");
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(PDF)).toBe(true);

    const read = await readAttachmentForAgent({ actor: agent, attachmentId: file.id });
    expect(read.filename).toBe("invoice.pdf");
    expect(Buffer.from(read.bytes).equals(PDF)).toBe(true);
    // The customer's export carries the bytes from the bucket too.
    expect(JSON.stringify(await exportPersonalData({ workspaceId: workspace.workspaceId, email: sender }))).toContain(
      PDF.toString("base64"),
    );
  });

  it("refuses a mail whose file the bucket does not take, and keeps nothing of it", async () => {
    const workspace = await makeWorkspace("s3-down");
    useS3(`s3://S3RVER:S3RVER@127.0.0.1:${await closedPort()}/files?tls=false`);
    await expect(
      receiveInboundEmail({
        workspaceId: workspace.workspaceId,
        raw: mailWithFile(`s3-down-${randomUUID().slice(0, 6)}@customer.example`, { name: "invoice.pdf", bytes: PDF }),
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    const prisma = await getPrisma();
    const where = { workspaceId: workspace.workspaceId };
    expect(await prisma.ticket.count({ where })).toBe(0);
    expect(await prisma.message.count({ where })).toBe(0);
    expect(await prisma.attachment.count({ where })).toBe(0);
    expect(await prisma.customer.count({ where })).toBe(0);
  });

  it("mails an agent's file from the bucket, and erasure deletes the customer's objects and no one else's", async () => {
    const workspace = await makeWorkspace("s3-erase");
    await updateMailSettings({ actor: workspace.admin, input: mailSettingsSchema.parse({ supportAddress: "help@acme.example" }) });
    const agent = await makeAgent(workspace);
    const [ticket, other] = [await makeTicket(workspace), await makeTicket(workspace)];
    smtp.received.length = 0;
    const reply = await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, body: "Here is the guide.", kind: "AGENT" },
      files: await prepareUploads([new File([PDF], "setup-guide.pdf", { type: "application/pdf" })]),
    });
    await addAgentMessage({
      actor: agent,
      message: { ticketId: other.id, body: "Checked.", kind: "NOTE" },
      files: await prepareUploads([new File([PDF], "other.pdf")]),
    });
    await flushBackgroundWork();
    await settleJobs();
    expect(smtp.received.map((mail) => mail.parsed.attachments.map((file) => file.content.equals(PDF)))).toEqual([[true]]);

    const prisma = await getPrisma();
    const mine = await prisma.attachment.findFirstOrThrow({ where: { messageId: reply.messageId }, select: { id: true } });
    const theirs = await prisma.attachment.findFirstOrThrow({ where: { ticketId: other.id }, select: { id: true } });
    expect(await objectKeys(`${workspace.workspaceId}/`)).toHaveLength(2);

    await eraseCustomer({ actor: workspace.admin, customerId: ticket.customerId });
    expect(await objectBytes(`${workspace.workspaceId}/${mine.id}`)).toBeNull();
    expect(await objectBytes(`${workspace.workspaceId}/${theirs.id}`)).not.toBeNull();
  });

  it("still reads a file kept in the database before S3_URL was set, from its row", async () => {
    const workspace = await makeWorkspace("s3-before");
    const agent = await makeAgent(workspace);
    const ticket = await makeTicket(workspace);
    useS3(undefined);
    const note = await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, body: "Annotated copy.", kind: "NOTE" },
      files: await prepareUploads([new File([PDF], "annotated.pdf")]),
    });
    const prisma = await getPrisma();
    const file = await prisma.attachment.findFirstOrThrow({ where: { messageId: note.messageId }, select: { id: true } });
    expect(await prisma.attachmentContent.count({ where: { attachmentId: file.id } })).toBe(1);

    useS3(s3.url);
    expect(await objectKeys(`${workspace.workspaceId}/`)).toEqual([]);
    expect(Buffer.from((await readAttachmentForAgent({ actor: agent, attachmentId: file.id })).bytes).equals(PDF)).toBe(true);
  });

  it("sweeps objects whose row is gone once they are past the grace period, and leaves the rest", async () => {
    const workspace = await makeWorkspace("s3-sweep");
    const agent = await makeAgent(workspace);
    const [kept, dropped] = [await makeTicket(workspace), await makeTicket(workspace)];
    for (const ticket of [kept, dropped])
      await addAgentMessage({
        actor: agent,
        message: { ticketId: ticket.id, body: "See attached.", kind: "NOTE" },
        files: await prepareUploads([new File([PDF], "guide.pdf")]),
      });
    const prisma = await getPrisma();
    const keptFile = await prisma.attachment.findFirstOrThrow({ where: { ticketId: kept.id }, select: { id: true } });
    const droppedFile = await prisma.attachment.findFirstOrThrow({ where: { ticketId: dropped.id }, select: { id: true } });
    // A ticket deleted: its rows go by cascade, its object stays behind.
    await prisma.ticket.delete({ where: { id: dropped.id } });
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: "backups/not-ours.txt", Body: "keep me" }));

    expect((await sweepOrphanObjects())!.deleted).toBe(0);
    expect(await objectBytes(`${workspace.workspaceId}/${droppedFile.id}`)).not.toBeNull();

    await sweepOrphanObjects({ now: new Date(Date.now() + 2 * 60 * 60_000) });
    expect(await objectBytes(`${workspace.workspaceId}/${droppedFile.id}`)).toBeNull();
    expect(await objectBytes(`${workspace.workspaceId}/${keptFile.id}`)).not.toBeNull();
    expect(await objectBytes("backups/not-ours.txt")).not.toBeNull();
  });
});
