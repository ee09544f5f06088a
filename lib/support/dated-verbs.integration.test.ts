import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatModel } from "@/lib/ai/llm";
import { getPrisma } from "@/lib/db";
import { getCostFigures } from "@/lib/metrics/cost";
import { countUsageAt, meterChatCompletions } from "@/lib/metrics/usage";
import { makeAgent, makeWorkspace } from "@/test/factories";
import { type OpenAITestServer, startOpenAITestServer } from "@/test/openai-server";
import { addCustomerMessage } from "./customer-messages";
import { type DraftEvent, prepareDraft } from "./draft";
import { recordTicketRating } from "./public";
import { resolveTicket } from "./resolve";
import { addAgentMessage, openTicket } from "./tickets";

// The demo's history (lib/demo/history.ts) is replayed through the ticket verbs, each given
// the time it happened: what they write carries that time, and the memory searches, writes
// and model tokens they spend count on that day, so the console shows a past, not one burst.

let server: OpenAITestServer;
let model: ChatModel;

beforeAll(async () => {
  server = await startOpenAITestServer();
  model = {
    client: meterChatCompletions(new OpenAI({ apiKey: "test-key", baseURL: server.url, maxRetries: 0 })),
    model: "dated-test-model",
    idleTimeoutMs: 5000,
  };
});
afterAll(() => server.close());

const HOUR = 3_600_000;

async function draftText(events: AsyncGenerator<DraftEvent>): Promise<{ id: string; text: string }> {
  for await (const event of events) {
    if (event.type === "done") return { id: event.draftId, text: event.text };
    if (event.type === "error") throw new Error(event.message);
  }
  throw new Error("no draft");
}

describe("ticket verbs given a time", () => {
  it("date the ticket, its messages, draft, resolution and rating, and count what they spend on that day", async () => {
    const workspace = await makeWorkspace("dated");
    const { workspaceId } = workspace;
    const agent = await makeAgent(workspace, "Dana Dated");
    // 08:00 forty days ago: an earlier month on the cost page, whatever today is, and the
    // whole ticket within that day.
    const opened = new Date(Date.now() - 40 * 24 * HOUR);
    opened.setUTCHours(8, 0, 0, 0);
    const at = (hours: number) => new Date(opened.getTime() + hours * HOUR);

    const ticket = await countUsageAt(opened, () =>
      openTicket({
        workspaceId,
        ticket: {
          customer: { email: "dana.customer@example.org", name: "Dana Customer" },
          subject: "Router drops at night",
          body: "The router drops every night.",
        },
        now: opened,
      }),
    );
    await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, kind: "AGENT", body: "Which firmware is it on?" },
      model: null,
      now: at(1),
    });
    await addCustomerMessage({ workspaceId, ticketId: ticket.id, body: "Version 2.1.", via: { actorType: "customer" }, now: at(3) });
    const draft = await countUsageAt(at(4), async () =>
      draftText(await prepareDraft({ actor: agent, ticketId: ticket.id, model, now: at(4) })),
    );
    await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, kind: "AGENT", body: draft.text, draftId: draft.id },
      model: null,
      now: at(4.2),
    });
    await resolveTicket({ actor: agent, ticketId: ticket.id, resolution: "Updated the firmware to 2.4.", model: null, now: at(5) });
    await recordTicketRating({ workspaceId, ticketId: ticket.id, score: 4, comment: "Fixed.", now: at(9) });

    const prisma = await getPrisma();
    const row = await prisma.ticket.findUniqueOrThrow({
      where: { id: ticket.id },
      select: {
        createdAt: true,
        verifiedAt: true,
        firstResponseAt: true,
        resolvedAt: true,
        csatScore: true,
        csatAt: true,
        updatedAt: true,
        status: true,
      },
    });
    expect(row).toEqual({
      createdAt: opened,
      verifiedAt: opened,
      firstResponseAt: at(1),
      resolvedAt: at(5),
      csatScore: 4,
      csatAt: at(9),
      updatedAt: at(9),
      status: "RESOLVED",
    });
    const messages = await prisma.message.findMany({
      where: { ticketId: ticket.id },
      orderBy: { createdAt: "asc" },
      select: { kind: true, createdAt: true },
    });
    expect(messages.map((message) => [message.kind, message.createdAt])).toEqual([
      ["CUSTOMER", opened],
      ["AGENT", at(1)],
      ["CUSTOMER", at(3)],
      ["AGENT", at(4.2)],
    ]);
    const drafts = await prisma.draft.findMany({
      where: { ticketId: ticket.id },
      select: { createdAt: true, sentMessageId: true, promptTokens: true },
    });
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.createdAt).toEqual(at(4));
    expect(drafts[0]!.sentMessageId).not.toBeNull();

    // The cost page: the opening's writes and the draft's searches and tokens fall in that
    // month; today's column has only what ran outside countUsageAt (the replies, the resolution).
    const figures = await getCostFigures({ actor: workspace.admin });
    const month = figures.months.find((item) => item.month === opened.toISOString().slice(0, 7))!;
    expect(month.tickets).toBe(1);
    expect(month.writes).toBeGreaterThan(0);
    expect(month.searches).toBeGreaterThan(0);
    expect(month.llmInputTokens).toBe(drafts[0]!.promptTokens);
    expect(month.llmInputTokens).toBeGreaterThan(0);
    expect(figures.months.at(-1)!.llmInputTokens).toBe(0);
    expect(figures.countingSince).toBe(opened.toISOString().slice(0, 10));
  });

  it("use the current time when none is given", async () => {
    const workspace = await makeWorkspace("undated");
    const agent = await makeAgent(workspace);
    const before = Date.now();
    const ticket = await openTicket({
      workspaceId: workspace.workspaceId,
      ticket: {
        customer: { email: "now.customer@example.org", name: "Now Customer" },
        subject: "Plug offline",
        body: "The plug is offline.",
      },
    });
    await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, kind: "AGENT", body: "Resetting it now." }, model: null });
    await resolveTicket({ actor: agent, ticketId: ticket.id, model: null });
    await recordTicketRating({ workspaceId: workspace.workspaceId, ticketId: ticket.id, score: 5 });
    const prisma = await getPrisma();
    const row = await prisma.ticket.findUniqueOrThrow({
      where: { id: ticket.id },
      select: { createdAt: true, firstResponseAt: true, resolvedAt: true, csatAt: true },
    });
    for (const time of Object.values(row)) {
      expect(time!.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(time!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });
});
