import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { enqueueJob, settleJobs } from "@/lib/jobs";
import { listRecentJobs } from "@/lib/jobs/recent";
import { createArticle } from "@/lib/knowledge/articles";
import { LEARN_FROM_TICKET_JOB } from "@/lib/customers/learned-facts";
import { listMemories } from "@/lib/memory/core";
import { listSessionMemories } from "@/lib/memory/support-memory";
import { makeAgent, makeWorkspace, type TestWorkspace } from "@/test/factories";
import { modelForFile } from "@/test/model-file";
import { addCustomerMessage } from "./customer-messages";
import { MESSAGE_READINGS_JOB } from "./message-readings";
import { verifyTicketAddress } from "./public";
import { addAgentMessage, openTicket } from "./tickets";

// With a chat model configured, a saved message is read by the model in a job queued with
// it (./message-readings.ts): the model's signals, steps tried and facts learned land once the
// job has run, a failing model is tried again, and a message is never read twice. The model
// is the local stand-in server; the openai SDK, mem0, the queue and the database are real.

const model = modelForFile("readings");
beforeEach(() => {
  model.server.setMode("normal");
  model.server.failNext(0);
});

/** A workspace whose catalogue names the Lumio Hub, an agent, and a ticket whose opening is read already. */
async function setUp(label: string, opening = { body: "My hub will not connect.", verified: true }) {
  const ws = await makeWorkspace(label);
  await createArticle({
    actor: ws.admin,
    input: { kind: "COMMON_ISSUE", title: "Hub offline", body: "Restart the hub and update its firmware.", products: ["Lumio Hub"] },
  });
  const agent = await makeAgent(ws);
  const ticket = await openTicket({
    workspaceId: ws.workspaceId,
    ticket: {
      customer: { email: `k-${randomUUID().slice(0, 8)}@customers.example`, name: "Kim" },
      subject: "Hub trouble",
      body: opening.body,
      channel: "API",
    },
    verified: opening.verified,
    memory: "job",
  });
  await settleJobs();
  return { ws, agent, ticket };
}

const requestsFor = (kind: "steps" | "signals" | "facts", text: string) =>
  model.server.requests.filter((request) => {
    const system = request.messages.find((message) => message.role === "system")?.content ?? "";
    const user = request.messages.filter((message) => message.role !== "system").map((message) => message.content);
    const isKind =
      kind === "steps"
        ? system.startsWith("List the troubleshooting steps")
        : kind === "signals"
          ? system.startsWith("Classify the sentiment")
          : user.some((content) => content.includes("Product catalogue:"));
    return isKind && user.some((content) => content.includes(text));
  });

const stepsOf = async (ws: TestWorkspace, ticket: { id: string; customerId: string }) =>
  (await listSessionMemories({ workspaceId: ws.workspaceId, customerId: ticket.customerId, sessionId: ticket.id, kind: "step_tried" })).map(
    (memory) => [memory.text, memory.metadata.source],
  );

const learnedFrom = async (ws: TestWorkspace, customerId: string, messageId: string) =>
  (
    await listMemories({ workspaceId: ws.workspaceId, target: { scope: "customer", customerId }, filter: { sourceMessageId: messageId } })
  ).map((memory) => memory.text);

async function readingJobs(ws: TestWorkspace, name = MESSAGE_READINGS_JOB) {
  return (await listRecentJobs({ actor: ws.admin })).filter((job) => job.name === name);
}

describe("the model's reading of a message, in a job", () => {
  it("lands for an agent's reply and a customer's message once the job has run", async () => {
    const { ws, agent, ticket } = await setUp("readings");
    const prisma = await getPrisma();

    const reply = await addAgentMessage({
      actor: agent,
      message: {
        ticketId: ticket.id,
        kind: "AGENT",
        body: "Hi Kim, we restarted the Lumio Hub remotely. Please check again tonight.",
        steps: ["Checked the outage map"],
      },
    });
    // The lexicon reads this as positive ("thanks"); the model reads the refund and the deadline.
    const answer = await addCustomerMessage({
      workspaceId: ws.workspaceId,
      ticketId: ticket.id,
      body: "Thanks for the quick reply, but I need a refund processed today. Please call me.",
      via: { actorType: "customer" },
    });
    await settleJobs();

    expect(await stepsOf(ws, ticket)).toEqual([
      ["Checked the outage map", "checklist"],
      ["Model: Hi Kim, we restarted the Lumio Hub remotely.", "model"],
    ]);
    expect(await learnedFrom(ws, ticket.customerId, reply.messageId)).toEqual(["Uses Lumio Hub at home."]);

    expect(await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { sentiment: true, urgency: true } })).toEqual({
      sentiment: "negative",
      urgency: "high",
    });
    const sentiment = await listSessionMemories({
      workspaceId: ws.workspaceId,
      customerId: ticket.customerId,
      sessionId: ticket.id,
      kind: "sentiment",
    });
    expect(
      sentiment.filter((memory) => memory.metadata.messageId === answer.messageId).map((memory) => [memory.text, memory.metadata.source]),
    ).toEqual([["Customer sentiment negative, urgency high (test model reading).", "model"]]);
    expect(await learnedFrom(ws, ticket.customerId, answer.messageId)).toEqual(["Prefers a phone call to email."]);
    // mem0's own extraction into the session ran in the job too.
    expect(
      model.server.requests.some((request) =>
        request.messages.some((message) => message.content.includes("Customer: Thanks for the quick reply, but I need a refund")),
      ),
    ).toBe(true);

    const read = await prisma.message.findMany({
      where: { id: { in: [reply.messageId, answer.messageId] } },
      select: { modelReadAt: true },
    });
    for (const message of read) expect(message.modelReadAt).toBeInstanceOf(Date);
    expect((await readingJobs(ws)).map((job) => [job.state, job.attempts])).toEqual([
      ["completed", 1],
      ["completed", 1],
    ]);
  });

  it("keeps a note's Tried: line when the model answers nonsense, without trying again", async () => {
    const { ws, agent, ticket } = await setUp("readings-nonsense");
    model.server.setMode("nonsense");
    await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, kind: "NOTE", body: "Tried: factory reset\nStill offline." } });
    await settleJobs();
    expect(await stepsOf(ws, ticket)).toEqual([["factory reset", "note"]]);
    expect((await readingJobs(ws)).map((job) => [job.state, job.attempts])).toEqual([["completed", 1]]);
  });

  it("is tried again when the model fails for a while, and the reading lands once", async () => {
    const { ws, agent, ticket } = await setUp("readings-retry");
    // The steps are read and written; then the fact extraction fails (mem0's SDK tries three times).
    model.server.failNext(3, "facts");
    const body = "We replaced the Lumio Hub power cable. Let us know if it drops again.";
    const reply = await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, kind: "AGENT", body, steps: ["Checked the outage map"] },
    });
    await settleJobs();

    expect(await stepsOf(ws, ticket)).toEqual([
      ["Checked the outage map", "checklist"],
      ["Model: We replaced the Lumio Hub power cable.", "model"],
    ]);
    // The second try skipped the steps the first one wrote, and learned what the first could not.
    expect(requestsFor("steps", body)).toHaveLength(1);
    expect(requestsFor("facts", body).length).toBeGreaterThan(3);
    expect(await learnedFrom(ws, ticket.customerId, reply.messageId)).toEqual(["Uses Lumio Hub at home."]);
    expect((await readingJobs(ws)).map((job) => [job.state, job.attempts])).toEqual([["completed", 2]]);

    // The signals of a customer's message: the first try fails outright, the second reads them.
    model.server.failNext(1, "signals");
    const text = "This is still broken and I need it working today.";
    const answer = await addCustomerMessage({
      workspaceId: ws.workspaceId,
      ticketId: ticket.id,
      body: text,
      via: { actorType: "customer" },
    });
    await settleJobs();
    expect(requestsFor("signals", text)).toHaveLength(2);
    const sentiment = await listSessionMemories({
      workspaceId: ws.workspaceId,
      customerId: ticket.customerId,
      sessionId: ticket.id,
      kind: "sentiment",
    });
    expect(sentiment.filter((memory) => memory.metadata.messageId === answer.messageId).map((memory) => memory.metadata.source)).toEqual([
      "model",
    ]);
    const prisma = await getPrisma();
    expect(await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { sentiment: true, urgency: true } })).toEqual({
      sentiment: "negative",
      urgency: "high",
    });
  });

  it("reads a message once: a job queued again, or for a message that is not there, writes nothing", async () => {
    const { ws, agent, ticket } = await setUp("readings-once");
    const reply = await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, kind: "AGENT", body: "We reset the Lumio Hub to factory settings. Please pair it again." },
    });
    await settleJobs();
    const prisma = await getPrisma();
    const rows = () => prisma.memoryRecord.count({ where: { workspaceId: ws.workspaceId } });
    const before = { rows: await rows(), requests: model.server.requests.length, steps: await stepsOf(ws, ticket) };
    expect(before.steps).toEqual([["Model: We reset the Lumio Hub to factory settings.", "model"]]);

    // A second run (a process that died before the queue heard of the first) reads nothing.
    await enqueueJob(MESSAGE_READINGS_JOB, { workspaceId: ws.workspaceId, ticketId: ticket.id, messageId: reply.messageId });
    // A message rolled back, or erased, before its job ran.
    await enqueueJob(MESSAGE_READINGS_JOB, { workspaceId: ws.workspaceId, ticketId: ticket.id, messageId: randomUUID() });
    // Another workspace's id for this message finds nothing either.
    const other = await makeWorkspace("readings-other");
    await enqueueJob(MESSAGE_READINGS_JOB, { workspaceId: other.workspaceId, ticketId: ticket.id, messageId: reply.messageId });
    await settleJobs();

    expect(await rows()).toBe(before.rows);
    expect(model.server.requests.length).toBe(before.requests);
    expect(await stepsOf(ws, ticket)).toEqual(before.steps);
  });

  it("learns from an unverified ticket's messages in a job once its address is proven, once", async () => {
    const { ws, ticket } = await setUp("readings-verified", { body: "My Lumio Hub keeps rebooting.", verified: false });
    await addCustomerMessage({
      workspaceId: ws.workspaceId,
      ticketId: ticket.id,
      body: "Please call me about it.",
      via: { actorType: "customer" },
    });
    await settleJobs();
    const customer = () =>
      listMemories({ workspaceId: ws.workspaceId, target: { scope: "customer", customerId: ticket.customerId } }).then((memories) =>
        memories.map((memory) => memory.text).sort(),
      );
    // Nothing joins the customer's memory while the sender may not be them.
    expect(await customer()).toEqual([]);

    await verifyTicketAddress({
      workspaceId: ws.workspaceId,
      ticket: { id: ticket.id, customerId: ticket.customerId },
      via: "mailed_link",
    });
    await settleJobs();
    expect(await customer()).toEqual(["Prefers a phone call to email.", "Uses Lumio Hub at home."]);
    expect((await readingJobs(ws, LEARN_FROM_TICKET_JOB)).map((job) => job.state)).toEqual(["completed"]);

    // Run again, it skips the messages learned from.
    const requests = model.server.requests.length;
    await enqueueJob(LEARN_FROM_TICKET_JOB, { workspaceId: ws.workspaceId, ticketId: ticket.id });
    await settleJobs();
    expect(await customer()).toEqual(["Prefers a phone call to email.", "Uses Lumio Hub at home."]);
    expect(model.server.requests.length).toBe(requests);
  });
});
