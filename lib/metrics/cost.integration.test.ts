import { randomUUID } from "node:crypto";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatModel } from "@/lib/ai/llm";
import { flushBackgroundWork } from "@/lib/background";
import { getPrisma } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import { inferMemories, searchMemories } from "@/lib/memory/core";
import { getMem0 } from "@/lib/memory/mem0";
import { supportExtractionInstructions } from "@/lib/customers/learned-facts";
import { addCommonIssueSolution, addCustomerNote, addCustomerPreference } from "@/lib/memory/support-memory";
import { prepareDraft } from "@/lib/support/draft";
import { rememberSignals } from "@/lib/support/message-memory";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { type OpenAITestServer, startOpenAITestServer } from "@/test/openai-server";
import { getCostFigures } from "./cost";
import { projectCost } from "./cost-projection";
import { estimateTokens, meterChatCompletions, recordUsage } from "./usage";

// The cost page's figures come from what the app did: tickets opened, memory searched and
// written through the memory library, drafts and model calls through the openai SDK against
// a local server that speaks the OpenAI API.

let server: OpenAITestServer;
let model: ChatModel;

beforeAll(async () => {
  server = await startOpenAITestServer();
  model = {
    client: meterChatCompletions(new OpenAI({ apiKey: "test-key", baseURL: server.url, maxRetries: 0 })),
    model: "support-test-model",
    idleTimeoutMs: 5000,
  };
});
afterAll(() => server.close());

const thisMonth = (figures: Awaited<ReturnType<typeof getCostFigures>>) => figures.months.at(-1)!;
const scope = (figures: Awaited<ReturnType<typeof getCostFigures>>, name: string) => figures.scopes.find((item) => item.scope === name)!;

describe("memory cost figures", () => {
  it("counts memory searches (with their query embeddings) and writes per scope, per ticket and month, and projects from them", async () => {
    const workspace = await makeWorkspace("cost");
    const { workspaceId, admin } = workspace;
    const first = await makeTicket(workspace, { email: "cost-one@customers.example" });
    await makeTicket(workspace, { email: "cost-two@customers.example" });
    const before = await getCostFigures({ actor: admin });
    expect(thisMonth(before).tickets).toBe(2);

    const by = { actorType: "system" as const };
    await addCustomerPreference({ workspaceId, customerId: first.customerId, preference: "Prefers email over phone calls.", by });
    await addCustomerNote({ workspaceId, customerId: first.customerId, note: "Runs a bakery with two Lumio routers.", by });
    const query = "router keeps dropping";
    await searchMemories({ workspaceId, target: { scope: "customer", customerId: first.customerId }, query });
    await searchMemories({ workspaceId, target: { scope: "customer", customerId: first.customerId }, query });
    await searchMemories({ workspaceId, target: { scope: "agent" }, query });

    const after = await getCostFigures({ actor: admin });
    const [was, now] = [thisMonth(before), thisMonth(after)];
    expect(now.searches - was.searches).toBe(3);
    expect(now.writes - was.writes).toBe(2);
    expect(scope(after, "customer").searches - scope(before, "customer").searches).toBe(2);
    expect(scope(after, "agent").searches - scope(before, "agent").searches).toBe(1);
    expect(scope(after, "customer").writes - scope(before, "customer").writes).toBe(2);
    // Each search embeds its query (mem0 may embed names it finds in the query too).
    expect(now.queryEmbeddingTokens - was.queryEmbeddingTokens).toBeGreaterThanOrEqual(3 * estimateTokens(query));
    expect(now.writeEmbeddingTokens - was.writeEmbeddingTokens).toBeGreaterThanOrEqual(
      estimateTokens("Runs a bakery with two Lumio routers."),
    );
    const { embedder } = await getMem0();
    expect(after.models).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ model: embedder.id, kind: "embedding", local: !embedder.id.startsWith("openai:") }),
      ]),
    );
    // The offline embedder runs here: tokens are counted, nothing is paid.
    if (!embedder.id.startsWith("openai:")) expect(now.total).toBe(0);

    // Storage: what the customer scope holds now, row by row.
    const prisma = await getPrisma();
    const customerMemories = await prisma.memoryRecord.count({ where: { workspaceId, collection: "memories", scope: "customer" } });
    expect(scope(after, "customer").memories).toBe(customerMemories);
    expect(scope(after, "customer").bytes).toBeGreaterThan(scope(before, "customer").bytes);

    // Per ticket: two tickets this month; the projection starts from these figures.
    expect(after.perTicket).toMatchObject({ tickets: 2, searches: now.searches / 2, writes: now.writes / 2 });
    expect(after.perTicket.storageBytes).toBe(scope(after, "customer").bytes / 2);
    const defaults = after.projectionDefaults;
    expect(defaults).toMatchObject({
      ticketsPerMonth: 2,
      months: 12,
      searchesPerTicket: now.searches / 2,
      writesPerTicket: now.writes / 2,
      storageBytesPerTicket: Math.round(scope(after, "customer").bytes / 2),
    });
    const projection = projectCost({ ...defaults, ticketsPerMonth: 10_000 });
    expect(projection.perMonth.searches).toBe(10_000 * defaults.searchesPerTicket);
    expect(projection.months.at(-1)!.storageBytes).toBe(10_000 * defaults.storageBytesPerTicket * 12);

    // Another workspace's activity never shows; an agent cannot read the figures.
    const other = await makeWorkspace("cost-other");
    expect(thisMonth(await getCostFigures({ actor: other.admin }))).toMatchObject({ tickets: 0, searches: 0, writes: 0 });
    await expect(getCostFigures({ actor: await makeAgent(workspace) })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("counts model tokens by model: drafts, and the chat model's calls for a workspace, priced at the configured prices", async () => {
    const workspace = await makeWorkspace("cost-llm");
    const { workspaceId, admin } = workspace;
    const agent = await makeAgent(workspace);
    await addCommonIssueSolution({
      workspaceId,
      issue: "Hub offline after update",
      solution: "Power-cycle the hub, then re-pair it.",
      by: { actorType: "system" },
    });
    const ticket = await makeTicket(workspace, { subject: "Hub offline", body: "My hub went offline after the update, this is urgent." });
    for await (const event of await prepareDraft({ actor: agent, ticketId: ticket.id, model }))
      if (event.type === "error") throw new Error(event.message);
    await rememberSignals({
      workspaceId,
      customerId: ticket.customerId,
      ticketId: ticket.id,
      text: "Still offline, I need it today.",
      signals: { sentiment: "negative", urgency: "high", because: [] },
      model,
    });
    await flushBackgroundWork();

    const prisma = await getPrisma();
    const draft = await prisma.draft.findFirstOrThrow({
      where: { ticketId: ticket.id },
      select: { promptTokens: true, completionTokens: true },
    });
    const figures = await getCostFigures({ actor: admin });
    const llm = figures.models.filter((entry) => entry.kind === "llm");
    expect(llm).toHaveLength(1);
    expect(llm[0]).toMatchObject({ model: "support-test-model", calls: 2 });
    // The draft's tokens as recorded with it, and the signals call's as the server reported them.
    expect(llm[0]!.inputTokens).toBeGreaterThan(draft.promptTokens);
    expect(llm[0]!.outputTokens).toBeGreaterThan(draft.completionTokens);
    const rows = await prisma.memoryUsage.findMany({
      where: { workspaceId, kind: "llm" },
      orderBy: { scope: "asc" },
      select: { scope: true, events: true, inputTokens: true },
    });
    expect(rows.map((row) => [row.scope, Number(row.events)])).toEqual([
      ["draft", 1],
      ["signals", 1],
    ]);
    expect(Number(rows[0]!.inputTokens)).toBe(draft.promptTokens);
    const month = thisMonth(figures);
    expect(month.llmCost).toBeCloseTo(
      (month.llmInputTokens * figures.prices.llmInputPerMTok + month.llmOutputTokens * figures.prices.llmOutputPerMTok) / 1e6,
      12,
    );
    expect(month.perTicket).toBeCloseTo(month.total / 1, 12);
  });

  it("adds up counts written at the same time by several processes", async () => {
    const workspace = await makeWorkspace("cost-race");
    await Promise.all(
      Array.from({ length: 12 }, () =>
        recordUsage({
          workspaceId: workspace.workspaceId,
          counts: [
            { kind: "search", scope: "agent", events: 1 },
            { kind: "query_embedding", scope: "agent", model: "m", events: 1, inputTokens: 5 },
          ],
        }),
      ),
    );
    const figures = await getCostFigures({ actor: workspace.admin });
    expect(thisMonth(figures)).toMatchObject({ searches: 12, queryEmbeddingTokens: 60 });
  });
});

describe("with an OpenAI-compatible model and embedder configured", () => {
  const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
  // The configuration and the mem0 instance are read once per process: start them afresh.
  const reset = () => {
    delete (globalThis as { __appEnv?: unknown }).__appEnv;
    delete (globalThis as { __mem0?: unknown }).__mem0;
  };
  beforeAll(() => {
    process.env.OPENAI_API_KEY = "test-key";
    process.env.OPENAI_BASE_URL = server.url;
    reset();
  });
  afterAll(() => {
    for (const [name, value] of [
      ["OPENAI_API_KEY", saved.key],
      ["OPENAI_BASE_URL", saved.url],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    reset();
  });

  it("counts mem0's fact extraction: the model's tokens, and the paid embeddings of the search and of what it wrote", async () => {
    const workspace = await makeWorkspace("cost-infer");
    const customerId = randomUUID();
    const facts = await inferMemories({
      workspaceId: workspace.workspaceId,
      target: { scope: "customer", customerId },
      text: "My Lumio Hub drops off every night, please call me.",
      type: "inferred",
      instructions: supportExtractionInstructions(["Lumio Hub"]),
      by: { actorType: "system" },
    });
    expect(facts.map((fact) => fact.text)).toEqual(["Uses Lumio Hub at home.", "Prefers a phone call to email."]);
    await searchMemories({ workspaceId: workspace.workspaceId, target: { scope: "customer", customerId }, query: "phone" });

    const figures = await getCostFigures({ actor: workspace.admin });
    const month = thisMonth(figures);
    expect(month).toMatchObject({ writes: 2, searches: 1 });
    const embedder = figures.models.find((entry) => entry.kind === "embedding")!;
    expect(embedder).toMatchObject({ model: "openai:text-embedding-3-small", local: false });
    expect(embedder.cost).toBeCloseTo((embedder.inputTokens * figures.prices.embeddingPerMTok) / 1e6, 15);
    expect(month.queryEmbeddingTokens).toBeGreaterThanOrEqual(estimateTokens("phone"));
    const llm = figures.models.find((entry) => entry.kind === "llm")!;
    expect(llm.calls).toBeGreaterThanOrEqual(1);
    expect(llm.inputTokens).toBeGreaterThan(estimateTokens(supportExtractionInstructions(["Lumio Hub"])));
    const prisma = await getPrisma();
    expect(
      await prisma.memoryUsage.findMany({ where: { workspaceId: workspace.workspaceId, kind: "llm" }, select: { scope: true } }),
    ).toEqual([{ scope: "extraction" }]);
    expect(month.total).toBeCloseTo(month.embeddingCost + month.llmCost, 15);
    expect(month.embeddingCost).toBeGreaterThan(0);
  });
});
