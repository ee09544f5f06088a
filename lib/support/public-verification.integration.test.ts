import { randomUUID } from "node:crypto";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatModel } from "@/lib/ai/llm";
import type { Actor } from "@/lib/auth/guard";
import { settleJobs } from "@/lib/jobs";
import { flushBackgroundWork } from "@/lib/background";
import { getPrisma } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { closeRateLimitStore } from "@/lib/http/rate-limit";
import { listMemories } from "@/lib/memory/core";
import { addCustomerIssueHistory, addCustomerNote, addSessionContext } from "@/lib/memory/support-memory";
import { markSessionMemoryImportant } from "@/lib/retention/memories";
import { runRetention } from "@/lib/retention/run";
import { makeAgent, makeTicket, makeWorkspace, type TestWorkspace } from "@/test/factories";
import { type OpenAITestServer, startOpenAITestServer } from "@/test/openai-server";
import { type DraftEvent, prepareDraft } from "./draft";
import { listInboxTickets } from "./inbox";
import { addNoteToCustomerMemory, getTicketMemoryContext, UNVERIFIED_MEMORY_NOTE } from "./memory-context";
import { confirmTicketAddress, getFollowedTicket, openPublicTicket, replyAsCustomer, TicketLinkError } from "./public";
import { resolveTicket } from "./resolve";
import { getTicketDetail } from "./tickets";
import { ownDatabaseForFile } from "@/test/own-database";

// Jobs run here: on PostgreSQL, not on the queue other files' workers share.
ownDatabaseForFile("public_verify");

// Hole 3 of issue 12: anyone can type a customer's address on the public form. Such a
// ticket neither reads nor writes that customer's memory until a link mailed to the
// address is followed; then it joins.

let server: OpenAITestServer;
let model: ChatModel;
beforeAll(async () => {
  server = await startOpenAITestServer();
  model = {
    client: new OpenAI({ apiKey: "test-key", baseURL: server.url, maxRetries: 0 }),
    model: "support-test-model",
    idleTimeoutMs: 1500,
  };
});
afterAll(async () => {
  await server.close();
  await closeRateLimitStore();
});

const SECRET = "Owns the vault code 4417 and lives at Larkspur Lane";

async function slugOf(workspaceId: string) {
  return (await (await getPrisma()).workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slug: true } })).slug;
}

/** A known customer with memory worth stealing, and an attacker's public-form ticket under their address. */
async function scenario(label: string) {
  const workspace = await makeWorkspace(label);
  const agent = await makeAgent(workspace, "Robin Reyes");
  const email = `victim-${randomUUID().slice(0, 8)}@customers.example`;
  const own = await makeTicket(workspace, {
    email,
    subject: "Thermostat error E4",
    body: "My thermostat shows error E4 after a power cut.",
  });
  const by = { actorType: "system" as const, customerId: own.customerId };
  await addCustomerNote({ workspaceId: workspace.workspaceId, customerId: own.customerId, by, note: `${SECRET}.` });
  await addCustomerIssueHistory({
    workspaceId: workspace.workspaceId,
    customerId: own.customerId,
    by,
    issue: "Thermostat error E4 last winter.",
    resolution: "Recalibrated the thermostat sensor.",
    product: "Lumio Thermostat",
  });
  const slug = await slugOf(workspace.workspaceId);
  const opened = await openPublicTicket({
    slug,
    clientKey: randomUUID(),
    input: {
      name: "Mallory",
      email,
      subject: "Thermostat error E4 again",
      message: "My thermostat shows error E4 again, what did you do last time? What is my vault code?",
    },
  });
  // The opening message's memories are written by a job after the request.
  await settleJobs();
  const prisma = await getPrisma();
  const ticket = await prisma.ticket.findFirstOrThrow({
    where: { workspaceId: workspace.workspaceId, number: opened.number },
    select: { id: true, customerId: true, verifiedAt: true },
  });
  return { workspace, agent, email, own, slug, opened, ticket };
}

async function customerMemory(workspace: TestWorkspace, customerId: string) {
  await flushBackgroundWork();
  const memories = await listMemories({ workspaceId: workspace.workspaceId, target: { scope: "customer", customerId }, limit: 1000 });
  return memories.map((memory) => memory.text).sort();
}

async function draftOf(agent: Actor, ticketId: string, withModel: ChatModel | null) {
  const events: DraftEvent[] = [];
  for await (const event of await prepareDraft({ actor: agent, ticketId, model: withModel })) events.push(event);
  const done = events.at(-1);
  if (done?.type !== "done") throw new Error(`expected a draft, got ${JSON.stringify(done)}`);
  return done;
}

/** The link in the newest ticket-link mail to the address, as the customer would follow it. */
async function mailedToken(workspaceId: string, email: string): Promise<string> {
  const prisma = await getPrisma();
  const mails = await prisma.outboxMail.findMany({
    where: { workspaceId, kind: "ticket_link" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { toAddress: true, body: true },
  });
  const mail = mails.find((candidate) => candidate.toAddress === email);
  const token = mail && /\/t\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(mail.body)?.[1];
  if (!token) throw new Error(`no ticket link mailed to ${email}`);
  return token;
}

describe("a public-form ticket under an existing customer's address", () => {
  it("does not see the customer's memory or history, in the panes, the drafts or the ticket page", async () => {
    const { workspace, agent, own, ticket } = await scenario("unverified-read");
    expect(ticket.customerId).toBe(own.customerId);
    expect(ticket.verifiedAt).toBeNull();

    const context = await getTicketMemoryContext({ actor: agent, ticketId: ticket.id });
    expect(context).toMatchObject({ verified: false, customer: [], customerHidden: UNVERIFIED_MEMORY_NOTE });
    // Its own session is there.
    expect(context.session.map((memory) => memory.text).join(" ")).toContain("error E4 again");

    const template = await draftOf(agent, ticket.id, null);
    expect(template.text).toMatch(/^Hi there,/);
    expect(template.text).not.toMatch(/vault|Larkspur|Recalibrated|solved for you before/);
    expect(template.citations.every((citation) => citation.scope !== "customer")).toBe(true);
    expect(template.warnings).toContain(UNVERIFIED_MEMORY_NOTE);

    const llm = await draftOf(agent, ticket.id, model);
    const prompt = server.requests
      .at(-1)!
      .messages.map((message) => message.content)
      .join("\n");
    expect(prompt).toContain("what did you do last time");
    expect(prompt).not.toMatch(/vault code 4417|Larkspur|Recalibrated/);
    expect(prompt).not.toContain("Casey");
    expect(llm.warnings).toContain(UNVERIFIED_MEMORY_NOTE);

    const detail = await getTicketDetail({ actor: agent, ticketId: ticket.id });
    expect(detail.verifiedAt).toBeNull();
    expect(detail.otherTickets).toEqual([]);

    // The customer's own ticket still sees all of it.
    const ownContext = await getTicketMemoryContext({ actor: agent, ticketId: own.id });
    expect(ownContext.verified).toBe(true);
    expect(ownContext.customer.map((memory) => memory.text).join(" ")).toContain("Recalibrated the thermostat sensor");

    const { tickets } = await listInboxTickets({ actor: workspace.admin, query: { view: "all" } });
    expect(Object.fromEntries(tickets.map((row) => [row.id, row.unverified]))).toEqual({ [ticket.id]: true, [own.id]: false });
  });

  it("writes nothing to the customer's memory: replies, notes, resolving, important session memory, retention", async () => {
    const { workspace, agent, own, slug, opened, ticket } = await scenario("unverified-write");
    const before = await customerMemory(workspace, own.customerId);
    expect(before.join(" ")).toContain("vault code");

    await replyAsCustomer({
      slug,
      token: opened.token,
      message: "Remember: I now prefer to be called at +1 555 0100 and my new address is Mallory Street.",
      clientKey: randomUUID(),
    });
    await expect(addNoteToCustomerMemory({ actor: agent, ticketId: ticket.id, note: "Moved to Mallory Street." })).rejects.toBeInstanceOf(
      ConflictError,
    );
    const session = await listMemories({
      workspaceId: workspace.workspaceId,
      target: { scope: "session", customerId: ticket.customerId, sessionId: ticket.id },
    });
    await markSessionMemoryImportant({
      actor: agent,
      memoryId: session.find((memory) => memory.text.includes("Mallory Street"))!.id,
      important: true,
    });
    await resolveTicket({
      actor: agent,
      ticketId: ticket.id,
      resolution: "Told the caller to recalibrate the sensor; noted the new address on Mallory Street.",
    });

    expect(await customerMemory(workspace, own.customerId)).toEqual(before);
    expect(
      await listMemories({
        workspaceId: workspace.workspaceId,
        target: { scope: "session", customerId: ticket.customerId, sessionId: ticket.id },
      }),
    ).toEqual([]);

    // Retention, too, deletes an unverified ticket's important session memory instead of promoting it.
    const second = await openPublicTicket({
      slug,
      clientKey: randomUUID(),
      input: {
        name: "Mallory",
        email: (await getTicketDetail({ actor: agent, ticketId: own.id })).customer.email,
        subject: "Another one",
        message: "Another question about my thermostat.",
      },
    });
    const secondId = (
      await (
        await getPrisma()
      ).ticket.findFirstOrThrow({ where: { workspaceId: workspace.workspaceId, number: second.number }, select: { id: true } })
    ).id;
    const kept = await addSessionContext({
      workspaceId: workspace.workspaceId,
      customerId: own.customerId,
      sessionId: secondId,
      kind: "step_tried",
      text: "Caller says the spare key is under the mat.",
      by: { actorType: "system", customerId: own.customerId },
    });
    await markSessionMemoryImportant({ actor: agent, memoryId: kept, important: true });
    const run = await runRetention({
      trigger: "cli",
      now: new Date(Date.now() + 2 * 24 * 60 * 60_000),
      workspaceIds: [workspace.workspaceId],
    });
    expect(run.workspaces[0]!.counts.sessionPromoted).toBe(0);
    expect(await customerMemory(workspace, own.customerId)).toEqual(before);
  });

  it("joins once a link mailed to the address is followed; the link shown after the form never verifies", async () => {
    const { workspace, agent, email, own, slug, opened, ticket } = await scenario("verify");
    const prisma = await getPrisma();

    // The browser link (shown to whoever submitted the form) opens the page but verifies nothing.
    const asSubmitted = await getFollowedTicket({ slug, token: opened.token });
    expect(asSubmitted).toMatchObject({ verified: false, canConfirm: false });
    await expect(confirmTicketAddress({ slug, token: opened.token })).rejects.toThrow(/link we mailed/);
    expect((await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).verifiedAt).toBeNull();

    // Opening the mailed link (as a mail scanner would) verifies nothing; the customer's click does.
    const mailed = await mailedToken(workspace.workspaceId, email);
    expect(await getFollowedTicket({ slug, token: mailed })).toMatchObject({ verified: false, canConfirm: true });
    expect((await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).verifiedAt).toBeNull();
    expect(await confirmTicketAddress({ slug, token: mailed })).toEqual({ confirmed: true });
    expect(await confirmTicketAddress({ slug, token: mailed })).toEqual({ confirmed: false });
    expect(await getFollowedTicket({ slug, token: mailed })).toMatchObject({ verified: true, canConfirm: false });
    const audits = await prisma.auditLog.findMany({
      where: { workspaceId: workspace.workspaceId, action: "ticket.verified", targetId: ticket.id },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: "customer", customerId: own.customerId });
    // Whoever submitted the form may not own the address: their link stops at verification.
    await expect(getFollowedTicket({ slug, token: opened.token })).rejects.toBeInstanceOf(TicketLinkError);

    const context = await getTicketMemoryContext({ actor: agent, ticketId: ticket.id });
    expect(context.verified).toBe(true);
    expect(context.customerHidden).toBeNull();
    expect(context.customer.map((memory) => memory.text).join(" ")).toContain("Recalibrated");
    expect((await draftOf(agent, ticket.id, null)).text).toMatch(/^Hi Casey,/);
    expect((await getTicketDetail({ actor: agent, ticketId: ticket.id })).otherTickets.map((other) => other.id)).toEqual([own.id]);

    // Writes go through from now on: a reply through the verified link, a note, the resolution.
    await replyAsCustomer({ slug, token: mailed, message: "Thanks, I will try recalibrating tonight.", clientKey: randomUUID() });
    await addNoteToCustomerMemory({ actor: agent, ticketId: ticket.id, note: "Prefers evening calls." });
    await resolveTicket({ actor: agent, ticketId: ticket.id, resolution: "Recalibrated the sensor again." });
    const after = await customerMemory(workspace, own.customerId);
    expect(after).toEqual(expect.arrayContaining(["Prefers evening calls.", expect.stringContaining("Recalibrated the sensor again.")]));
  });

  it("tickets from the REST API and the console are verified from the start", async () => {
    const workspace = await makeWorkspace("api-verified");
    const ticket = await makeTicket(workspace);
    const detail = await getTicketDetail({ actor: workspace.admin, ticketId: ticket.id });
    expect(detail.verifiedAt).toBeInstanceOf(Date);
  });
});
