import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChatModel } from "@/lib/ai/llm";
import { flushBackgroundWork } from "@/lib/background";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { listMemories } from "@/lib/memory/core";
import { addCommonIssueSolution, addCustomerIssueHistory } from "@/lib/memory/support-memory";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { type OpenAITestServer, startOpenAITestServer } from "@/test/openai-server";
import { type DraftEvent, prepareDraft } from "./draft";
import { rememberSignals } from "./message-memory";
import { addAgentMessage } from "./tickets";

// Drafts through the real openai SDK against a local server that speaks the OpenAI API.

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
afterAll(() => server.close());
beforeEach(() => server.setMode("normal"));

async function collect(events: AsyncGenerator<DraftEvent>) {
  const seen: DraftEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

async function scenario() {
  const workspace = await makeWorkspace("draft");
  const agent = await makeAgent(workspace, "Robin Reyes");
  const solution = await addCommonIssueSolution({
    workspaceId: workspace.workspaceId,
    issue: "Thermostat shows error E4 after a power cut",
    solution: "Hold the mode button for ten seconds to recalibrate the sensor, then wait two minutes.",
    product: "Lumio Thermostat",
    by: { actorType: "user", actorUserId: workspace.admin.userId },
  });
  const ticket = await makeTicket(workspace, {
    subject: "Thermostat error E4",
    body: "After the power cut my thermostat shows error E4 and will not heat.",
  });
  await addCustomerIssueHistory({
    workspaceId: workspace.workspaceId,
    customerId: ticket.customerId,
    issue: "Thermostat error E4 last winter",
    resolution: "Recalibrated the sensor",
    product: "Lumio Thermostat",
    by: { actorType: "system", customerId: ticket.customerId },
  });
  return { workspace, agent, ticket, solution };
}

describe("LLM reply drafts", () => {
  it("streams a draft that cites the memories it was given, and records model, tokens and citations", async () => {
    const { agent, ticket, solution } = await scenario();
    const events = await collect(await prepareDraft({ actor: agent, ticketId: ticket.id, model }));

    const start = events[0];
    expect(start).toMatchObject({ type: "start", kind: "llm", model: "support-test-model" });
    const deltas = events.filter((event) => event.type === "delta");
    expect(deltas.length).toBeGreaterThan(3);
    const done = events.at(-1);
    if (done?.type !== "done") throw new Error(`expected done, got ${JSON.stringify(done)}`);
    expect(done.text).toMatch(/^Hi Casey,/);
    expect(done.text).toContain("recalibrate the sensor");
    expect(done.citations.map((citation) => citation.id)).toContain(solution);
    expect(done.citations.find((citation) => citation.id === solution)?.scope).toBe("agent");
    expect(done.warnings).toEqual([]);

    // The prompt carried the memories and the conversation.
    const prompt = server.requests
      .at(-1)!
      .messages.map((message) => message.content)
      .join("\n");
    expect(prompt).toContain("Hold the mode button");
    expect(prompt).toContain("will not heat");

    const prisma = await getPrisma();
    const row = await prisma.draft.findUniqueOrThrow({ where: { id: done.draftId } });
    expect(row).toMatchObject({
      kind: "llm",
      model: "support-test-model",
      status: "ok",
      ticketId: ticket.id,
      customerId: ticket.customerId,
    });
    expect(row.promptTokens).toBeGreaterThan(50);
    expect(row.completionTokens).toBeGreaterThan(5);
    expect(row.citedKnowledgeIds).toEqual([solution]);
    expect(row.citedMemoryIds.length).toBe(done.citations.length);
    expect(row.firstTokenMs).not.toBeNull();

    // Sending the edited draft records how much the agent changed.
    const sent = await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, kind: "AGENT", body: `${done.text}\nP.S. I have also booked an engineer.`, draftId: done.draftId },
    });
    const linked = await prisma.draft.findUniqueOrThrow({ where: { id: done.draftId } });
    expect(linked.sentMessageId).toBe(sent.messageId);
    expect(linked.editRatio).toBeGreaterThan(0);
    expect(linked.editRatio).toBeLessThan(0.5);
  });

  it("a failing, slow or garbled model gives the agent a clear message and records a failed draft", async () => {
    const { agent, ticket } = await scenario();
    const prisma = await getPrisma();
    for (const [mode, message] of [
      ["fail", /AI model failed \(HTTP 500\)/],
      ["slow", /did not answer within 2 seconds/],
      ["garbled", /garbled/],
    ] as const) {
      server.setMode(mode);
      const events = await collect(await prepareDraft({ actor: agent, ticketId: ticket.id, model }));
      const last = events.at(-1);
      expect(last?.type, mode).toBe("error");
      expect(last?.type === "error" && last.message, mode).toMatch(message);
    }
    const failed = await prisma.draft.findMany({ where: { ticketId: ticket.id }, select: { status: true, error: true } });
    expect(failed).toHaveLength(3);
    expect(failed.every((row) => row.status === "failed" && row.error)).toBe(true);
  });

  it("drops citations of sources that do not exist and says so", async () => {
    const { agent, ticket } = await scenario();
    server.setMode("bad-citations");
    const events = await collect(await prepareDraft({ actor: agent, ticketId: ticket.id, model }));
    const done = events.at(-1);
    if (done?.type !== "done") throw new Error("expected done");
    expect(done.text).not.toContain("[42]");
    expect(done.warnings.join(" ")).toContain("[42]");
  });

  it("another workspace's ticket is not found, before anything streams", async () => {
    const { ticket } = await scenario();
    const other = await makeWorkspace("draft-other");
    await expect(prepareDraft({ actor: other.admin, ticketId: ticket.id, model })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("without a model, the template drafter answers and the draft is recorded as a template", async () => {
    const { agent, ticket, solution } = await scenario();
    const events = await collect(await prepareDraft({ actor: agent, ticketId: ticket.id, model: null }));
    expect(events[0]).toMatchObject({ type: "start", kind: "template" });
    const done = events.at(-1);
    if (done?.type !== "done") throw new Error("expected done");
    expect(done.citations.map((citation) => citation.id)).toContain(solution);
    const prisma = await getPrisma();
    expect(await prisma.draft.findUniqueOrThrow({ where: { id: done.draftId } })).toMatchObject({
      kind: "template",
      model: "template",
      status: "ok",
    });
  });
});

describe("message signals from the model", () => {
  it("replaces the lexicon's reading on the ticket and in session memory", async () => {
    const workspace = await makeWorkspace("signals");
    // The lexicon reads this as positive ("thanks"); the model reads the refund and the deadline.
    const text = "Thanks for the quick reply, but I need a refund processed today.";
    const ticket = await makeTicket(workspace, { subject: "Refund", body: text });
    const prisma = await getPrisma();
    expect((await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).sentiment).not.toBe("negative");

    await rememberSignals({
      workspaceId: workspace.workspaceId,
      customerId: ticket.customerId,
      ticketId: ticket.id,
      text,
      signals: { sentiment: "positive", urgency: "low", because: ["thanks"] },
      model,
    });
    await flushBackgroundWork();

    const stored = await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(stored).toMatchObject({ sentiment: "negative", urgency: "high" });
    const session = await listMemories({
      workspaceId: workspace.workspaceId,
      target: { scope: "session", customerId: ticket.customerId, sessionId: ticket.id },
    });
    expect(session.map((memory) => memory.text)).toContain("Customer sentiment negative, urgency high (test model reading).");
  });
});
