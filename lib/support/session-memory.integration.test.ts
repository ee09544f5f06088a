import { randomUUID } from "node:crypto";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatModel } from "@/lib/ai/llm";
import type { Actor } from "@/lib/auth/guard";
import { settleJobs } from "@/lib/jobs";
import { getPrisma } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { createArticle } from "@/lib/knowledge/articles";
import { listMemories } from "@/lib/memory/core";
import { addCustomerNote, addCustomerProfile, getSupportContext } from "@/lib/memory/support-memory";
import { markSessionMemoryImportant } from "@/lib/retention/memories";
import { makeAgent, makeTicket, makeWorkspace, type TestWorkspace } from "@/test/factories";
import { type OpenAITestServer, startOpenAITestServer } from "@/test/openai-server";
import { getTicketMemoryContext } from "./memory-context";
import { confirmTicketAddress, openPublicTicket } from "./public";
import { resolveTicket } from "./resolve";
import { addAgentMessage, agentMessageSchema, openTicket } from "./tickets";
import { ownDatabaseForFile } from "@/test/own-database";

// Jobs run here: on PostgreSQL, not on the queue other files' workers share.
ownDatabaseForFile("session_memory");

// Session memory written as a ticket is worked (steps tried, related tickets), the resolved
// issue kept as problem and fix, and team knowledge filtered by the ticket's product.

let server: OpenAITestServer;
let model: ChatModel;
// Nothing listens on port 9: the model fails as an unreachable server does.
const unreachable: ChatModel = {
  client: new OpenAI({ apiKey: "test-key", baseURL: "http://127.0.0.1:9/v1", maxRetries: 0 }),
  model: "support-test-model",
  idleTimeoutMs: 1500,
};
beforeAll(async () => {
  server = await startOpenAITestServer();
  model = {
    client: new OpenAI({ apiKey: "test-key", baseURL: server.url, maxRetries: 0 }),
    model: "support-test-model",
    idleTimeoutMs: 1500,
  };
});
afterAll(() => server.close());

const email = () => `c-${randomUUID().slice(0, 8)}@customers.example`;

async function catalogue(ws: TestWorkspace) {
  const article = (title: string, body: string, products: string[], kind: "PRODUCT_DOC" | "POLICY" | "COMMON_ISSUE" = "COMMON_ISSUE") =>
    createArticle({ actor: ws.admin, input: { kind, title, body, products }, publish: true });
  return {
    router: await article(
      "Mesh router drops Wi-Fi in the evening",
      "Wi-Fi drops every evening: move the mesh router off channel 13 and restart it.",
      ["Lumio Mesh Router"],
    ),
    thermostat: await article("Thermostat drops Wi-Fi", "A thermostat that drops Wi-Fi every evening needs firmware 5.1.", [
      "Lumio Thermostat",
    ]),
    both: await article("Wi-Fi interference from microwaves", "Wi-Fi drops when the microwave runs: use the 5 GHz band.", [
      "Lumio Mesh Router",
      "Lumio Thermostat",
    ]),
    general: await article(
      "Any device that drops Wi-Fi",
      "For any device that drops Wi-Fi every evening, check the router's nightly restart schedule.",
      [],
      "POLICY",
    ),
    doorbell: await article("Doorbell alerts late", "Late doorbell alerts are fixed by firmware 3.2.1.", ["Lumio Doorbell Cam"]),
  };
}

async function articleMemory(articleId: string) {
  const prisma = await getPrisma();
  return (await prisma.knowledgeArticle.findUniqueOrThrow({ where: { id: articleId }, select: { memoryId: true } })).memoryId!;
}

// Without a model the steps are written with the message (the model's reading, a job, is in
// ./message-readings.integration.test.ts).
async function stepsOf(agent: Actor, ticketId: string) {
  return (await getTicketMemoryContext({ actor: agent, ticketId })).steps.map((step) => [step.text, step.metadata.source]);
}

describe("steps tried", () => {
  it("keeps the reply's checklist and a note's Tried: line, in order, once each, out of the searched session", async () => {
    const ws = await makeWorkspace("steps");
    const agent = await makeAgent(ws);
    const ticket = await makeTicket(ws);
    // As the reply form sends it: one step a line.
    const reply = agentMessageSchema.parse({
      ticketId: ticket.id,
      kind: "AGENT",
      body: "Could you try the other band tonight?",
      steps: "Restarted the router\nUpdated the firmware to 2.4\n",
    });
    await addAgentMessage({ actor: agent, message: reply, model: null });
    await addAgentMessage({
      actor: agent,
      message: {
        ticketId: ticket.id,
        kind: "NOTE",
        body: "Tried: swapped the Ethernet cable; restarted the router.\nNo change, escalating.",
      },
      model: null,
    });
    // A reply's first line is written to the customer, not read as steps.
    await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, kind: "AGENT", body: "Tried: nothing yet on our side, sorry." },
      model: null,
    });
    await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, kind: "NOTE", body: "Customer tried: a factory reset, says they." },
      model: null,
    });

    expect(await stepsOf(agent, ticket.id)).toEqual([
      ["Restarted the router", "checklist"],
      ["Updated the firmware to 2.4", "checklist"],
      ["swapped the Ethernet cable", "note"],
    ]);
    const context = await getTicketMemoryContext({ actor: agent, ticketId: ticket.id });
    const times = context.steps.map((step) => step.createdAt!);
    expect(times).toEqual(times.toSorted());
    expect(context.session.map((memory) => memory.type)).not.toContain("step_tried");
    expect(context.session.map((memory) => memory.type)).toContain("issue");

    expect(agentMessageSchema.safeParse({ ticketId: ticket.id, body: "x", steps: ["y".repeat(301)] }).success).toBe(false);
  });
});

describe("related tickets", () => {
  it("links the customer's open and recent tickets and other customers' similar tickets of the same product, never another workspace's", async () => {
    const ws = await makeWorkspace("related");
    await catalogue(ws);
    const agent = await makeAgent(ws);
    const prisma = await getPrisma();
    const casey = email();
    const open = await makeTicket(ws, { email: casey, subject: "Router LED is red", body: "The light on the router is red." });
    const recent = await makeTicket(ws, { email: casey, subject: "Router app login fails", body: "I cannot log in to the app." });
    const old = await makeTicket(ws, { email: casey, subject: "Router arrived scratched", body: "The box was damaged." });
    await prisma.ticket.update({
      where: { id: recent.id },
      data: { status: "RESOLVED", resolvedAt: new Date(Date.now() - 5 * 86_400_000) },
    });
    await prisma.ticket.update({ where: { id: old.id }, data: { status: "RESOLVED", resolvedAt: new Date(Date.now() - 60 * 86_400_000) } });

    const open2 = (
      customer: { email: string; name: string },
      subject: string,
      body: string,
      product?: string,
      workspaceId = ws.workspaceId,
    ) => openTicket({ workspaceId, ticket: { customer, subject, body, product } });
    const similar = await open2(
      { email: email(), name: "Dana Dawson" },
      "Dana Dawson: Wi-Fi drops every evening (order 5512345)",
      "My mesh router loses the connection every evening for a few minutes.",
      "lumio mesh router",
    );
    // Same product named in the text only, same problem: found too.
    const detected = await open2(
      { email: email(), name: "Eli Ekberg" },
      "Connection drops in the evening",
      "Every evening my mesh router drops the Wi-Fi connection for a few minutes.",
    );
    const otherProblem = await open2(
      { email: email(), name: "Fay Frost" },
      "Router firmware update stuck",
      "The router update is stuck at 80% since this morning.",
      "Lumio Mesh Router",
    );
    const otherProduct = await open2(
      { email: email(), name: "Gus Green" },
      "Thermostat drops Wi-Fi every evening",
      "Every evening my thermostat drops the Wi-Fi connection for a few minutes.",
      "Lumio Thermostat",
    );
    const rival = await makeWorkspace("related-rival");
    await catalogue(rival);
    const foreign = await open2(
      { email: email(), name: "Hal Hart" },
      "Router keeps dropping Wi-Fi",
      "Every evening the connection drops for a few minutes.",
      "Lumio Mesh Router",
      rival.workspaceId,
    );

    const ticket = await makeTicket(ws, {
      email: casey,
      subject: "Router keeps dropping Wi-Fi",
      body: "Every evening the connection drops for a few minutes.",
    });
    const { related } = await getTicketMemoryContext({ actor: agent, ticketId: ticket.id });
    const byId = new Map(related.map((link) => [link.id, link]));
    expect(new Set(byId.keys())).toEqual(new Set([open.id, recent.id, similar.id, detected.id]));
    expect(byId.get(open.id)).toMatchObject({ relation: "same_customer", status: "OPEN", subject: "Router LED is red" });
    expect(byId.get(recent.id)).toMatchObject({ relation: "same_customer", status: "RESOLVED" });
    // Another customer's ticket: number, status and a subject without their identifiers.
    expect(byId.get(similar.id)).toMatchObject({ relation: "similar", number: similar.number, status: "OPEN" });
    expect(byId.get(similar.id)!.subject).toContain("Wi-Fi drops every evening");
    expect(byId.get(similar.id)!.subject).not.toMatch(/Dana|Dawson|5512345/);
    for (const missing of [old.id, otherProblem.id, otherProduct.id, foreign.id]) expect(byId.has(missing)).toBe(false);

    // The memory holds the link alone; it never joins the customer's memory.
    const links = await listMemories({
      workspaceId: ws.workspaceId,
      target: { scope: "session", customerId: ticket.customerId, sessionId: ticket.id },
      filter: { type: "related_ticket" },
    });
    expect(links).toHaveLength(4);
    for (const link of links) expect(link.text).toMatch(/^Related: (this customer's|similar) ticket #\d+/);
    await expect(markSessionMemoryImportant({ actor: agent, memoryId: links[0]!.id, important: true })).rejects.toBeInstanceOf(
      ValidationError,
    );
    // Nor does a draft quote it: the searched session leaves links out.
    expect((await getTicketMemoryContext({ actor: agent, ticketId: ticket.id })).session.map((memory) => memory.type)).not.toContain(
      "related_ticket",
    );

    // Erased (here: deleted) tickets drop out of the pane.
    await prisma.ticket.delete({ where: { id: similar.id } });
    expect((await getTicketMemoryContext({ actor: agent, ticketId: ticket.id })).related.map((link) => link.id)).not.toContain(similar.id);
  });

  it("an unverified public-form ticket links no ticket of the customer until the address is confirmed", async () => {
    const ws = await makeWorkspace("related-public");
    await catalogue(ws);
    const agent = await makeAgent(ws);
    const prisma = await getPrisma();
    const casey = email();
    const own = await makeTicket(ws, { email: casey, subject: "Router LED is red", body: "The light on the router is red." });
    const similar = await openTicket({
      workspaceId: ws.workspaceId,
      ticket: {
        customer: { email: email(), name: "Dana" },
        subject: "Wi-Fi drops every evening",
        body: "My mesh router loses the connection every evening for a few minutes.",
        product: "Lumio Mesh Router",
      },
    });
    const { slug } = await prisma.workspace.findUniqueOrThrow({ where: { id: ws.workspaceId }, select: { slug: true } });
    const opened = await openPublicTicket({
      slug,
      clientKey: randomUUID(),
      input: {
        name: "Casey",
        email: casey,
        product: "Lumio Mesh Router",
        subject: "Router keeps dropping Wi-Fi",
        message: "Every evening the connection drops for a few minutes.",
      },
    });
    // The opening message's memories are written by a job after the request.
    await settleJobs();
    const ticket = await prisma.ticket.findFirstOrThrow({
      where: { workspaceId: ws.workspaceId, number: opened.number },
      select: { id: true },
    });

    expect((await getTicketMemoryContext({ actor: agent, ticketId: ticket.id })).related.map((link) => link.id)).toEqual([similar.id]);

    const mail = await prisma.outboxMail.findFirstOrThrow({
      where: { workspaceId: ws.workspaceId, kind: "ticket_link" },
      orderBy: { createdAt: "desc" },
      select: { body: true },
    });
    const token = /\/t\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(mail.body)![1]!;
    expect(await confirmTicketAddress({ slug, token })).toEqual({ confirmed: true });
    const related = (await getTicketMemoryContext({ actor: agent, ticketId: ticket.id })).related;
    expect(related.map((link) => [link.id, link.relation])).toEqual([
      [similar.id, "similar"],
      [own.id, "same_customer"],
    ]);
  });
});

describe("resolved issues", () => {
  it("keep the problem and the fix in a sentence each, with product and ticket number, not the subject", async () => {
    const ws = await makeWorkspace("resolved-issue");
    await catalogue(ws);
    const agent = await makeAgent(ws);
    const customer = { email: email(), name: "Morgan Lee" };
    // No product set: the text names the doorbell, which the knowledge base knows.
    const ticket = await openTicket({
      workspaceId: ws.workspaceId,
      ticket: {
        customer,
        subject: "Notifications slow",
        body: "Hi,\nWhen someone rings the doorbell my phone buzzes 30 seconds later. The alerts are delayed.",
      },
    });
    await resolveTicket({
      actor: agent,
      ticketId: ticket.id,
      resolution: "Updated the doorbell to firmware 3.2.1 and set video quality to Balanced. Customer confirmed.",
      model: null,
    });
    const history = await listMemories({
      workspaceId: ws.workspaceId,
      target: { scope: "customer", customerId: ticket.customerId },
      filter: { type: "resolved_issue" },
    });
    expect(history.map((memory) => memory.text)).toEqual([
      `Resolved issue with Lumio Doorbell Cam (ticket #${ticket.number}): When someone rings the doorbell my phone buzzes 30 seconds later. Resolution: Updated the doorbell to firmware 3.2.1 and set video quality to Balanced.`,
    ]);
    expect(history[0]!.metadata).toMatchObject({ product: "Lumio Doorbell Cam", ticket: ticket.number });

    const withModel = await openTicket({
      workspaceId: ws.workspaceId,
      ticket: {
        customer,
        subject: "Doorbell again",
        body: "The doorbell alerts are late again since yesterday.",
        product: "Lumio Doorbell Cam",
      },
    });
    await resolveTicket({ actor: agent, ticketId: withModel.id, resolution: "Rebooted the doorbell from the app.", model });
    const broken = await openTicket({
      workspaceId: ws.workspaceId,
      ticket: { customer, subject: "Doorbell a third time", body: "Alerts late once more. Third time now.", product: "Lumio Doorbell Cam" },
    });
    await resolveTicket({ actor: agent, ticketId: broken.id, resolution: "Replaced the chime.", model: unreachable });
    const texts = (
      await listMemories({
        workspaceId: ws.workspaceId,
        target: { scope: "customer", customerId: ticket.customerId },
        filter: { type: "resolved_issue" },
      })
    ).map((memory) => memory.text);
    expect(texts).toContain(
      `Resolved issue with Lumio Doorbell Cam (ticket #${withModel.number}): Model problem: The doorbell alerts are late again since yesterday. Resolution: Model fix: Rebooted the doorbell from the app.`,
    );
    expect(texts).toContain(
      `Resolved issue with Lumio Doorbell Cam (ticket #${broken.number}): Alerts late once more. Resolution: Replaced the chime.`,
    );
    for (const text of texts) expect(text).not.toMatch(/Notifications slow|Doorbell again|third time/i);
  });
});

describe("team knowledge for the ticket's product", () => {
  it("puts knowledge tagged with the product first, general knowledge after, and leaves other products out", async () => {
    const ws = await makeWorkspace("product-knowledge");
    const articles = await catalogue(ws);
    const agent = await makeAgent(ws);
    const [router, thermostat, both, general] = await Promise.all(
      [articles.router, articles.thermostat, articles.both, articles.general].map(articleMemory),
    );
    const ticket = await openTicket({
      workspaceId: ws.workspaceId,
      ticket: {
        customer: { email: email(), name: "Ira" },
        subject: "Wi-Fi drops",
        body: "My Wi-Fi drops every evening.",
        product: "Lumio Mesh Router",
      },
    });

    const context = await getTicketMemoryContext({ actor: agent, ticketId: ticket.id });
    expect(context.product).toBe("Lumio Mesh Router");
    const ids = context.agent.map((memory) => memory.id);
    expect(new Set(ids.slice(0, 2))).toEqual(new Set([router, both]));
    expect(ids.slice(2)).toEqual([general]);
    // Unfiltered, the thermostat's entry would be there: the product filter leaves it out.
    expect(
      (
        await getSupportContext({ workspaceId: ws.workspaceId, customerId: ticket.customerId, query: context.query, limits: { agent: 10 } })
      ).agent.map((memory) => memory.id),
    ).toContain(thermostat);

    // No product set: the one the text names applies.
    const named = await openTicket({
      workspaceId: ws.workspaceId,
      ticket: { customer: { email: email(), name: "Jo" }, subject: "Offline", body: "My thermostat drops Wi-Fi every evening." },
    });
    const detected = await getTicketMemoryContext({ actor: agent, ticketId: named.id });
    expect(detected.product).toBe("Lumio Thermostat");
    expect(detected.agent.map((memory) => memory.id)).toEqual(expect.arrayContaining([thermostat, both, general]));
    expect(detected.agent.map((memory) => memory.id)).not.toContain(router);
    expect(detected.agent.at(-1)!.id).toBe(general);
  });
});

describe("the customer's profile in a draft", () => {
  it("comes first among the draft's sources, whatever the query", async () => {
    const ws = await makeWorkspace("profile-draft");
    const agent = await makeAgent(ws);
    const ticket = await makeTicket(ws, { subject: "Router drops Wi-Fi", body: "The router drops Wi-Fi every evening." });
    const by = { actorType: "system" as const, customerId: ticket.customerId };
    await addCustomerProfile({
      workspaceId: ws.workspaceId,
      customerId: ticket.customerId,
      by,
      profile: { name: "Casey", tier: "enterprise", company: "Acme" },
    });
    for (const note of [
      "Router drops Wi-Fi when the microwave runs.",
      "Router sits in the cellar.",
      "Router firmware 2.3.",
      "Wi-Fi drops every evening at 8.",
      "Evening Wi-Fi drops since June.",
      "Router replaced in May.",
    ]) {
      await addCustomerNote({ workspaceId: ws.workspaceId, customerId: ticket.customerId, by, note });
    }
    const pane = await getTicketMemoryContext({ actor: agent, ticketId: ticket.id });
    expect(pane.customer.map((memory) => memory.type)).not.toContain("profile");
    const draft = await getTicketMemoryContext({ actor: agent, ticketId: ticket.id, conversation: 6 });
    expect(draft.customer[0]).toMatchObject({ type: "profile", text: "Customer Casey, is on the enterprise tier, works at Acme." });
    expect(draft.customer.slice(1).map((memory) => memory.id)).toEqual(pane.customer.map((memory) => memory.id));
  });
});
