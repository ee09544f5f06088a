import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { flushBackgroundWork } from "@/lib/background";
import { getPrisma } from "@/lib/db";
import { settleJobs } from "@/lib/jobs";
import { createArticle } from "@/lib/knowledge/articles";
import { listMemories } from "@/lib/memory/core";
import { addCustomerMessage } from "@/lib/support/customer-messages";
import { addAgentMessage, openTicket } from "@/lib/support/tickets";
import { makeAgent, makeWorkspace, type TestWorkspace } from "@/test/factories";
import { modelForFile } from "@/test/model-file";

// With an OpenAI-compatible model configured, customer facts are learned by mem0's own
// extraction (infer) with our support instructions and the workspace's product catalogue.
// The model is the local stand-in server; mem0, the openai SDK and our store are real.

const model = modelForFile("learn_model");
beforeEach(() => model.server.setMode("normal"));

async function catalogue(workspace: TestWorkspace) {
  await createArticle({
    actor: workspace.admin,
    input: { kind: "COMMON_ISSUE", title: "Hub reboots", body: "Update the firmware and restart it.", products: ["Lumio Hub"] },
  });
  await createArticle({
    actor: workspace.admin,
    input: {
      kind: "PRODUCT_DOC",
      title: "Plug setup",
      body: "Hold the button for five seconds to pair it.",
      products: ["Lumio Smart Plug"],
    },
  });
}

const customerMemories = (workspaceId: string, customerId: string) =>
  listMemories({ workspaceId, target: { scope: "customer", customerId }, limit: 100 });
const extractionRequests = () =>
  model.server.requests.filter((request) => request.messages.some((message) => message.content.includes("Product catalogue:")));
const open = (workspaceId: string, body: string, verified = true) =>
  openTicket({
    workspaceId,
    verified,
    ticket: {
      customer: { email: `k-${randomUUID().slice(0, 8)}@customers.example`, name: "Kim" },
      subject: "Hub trouble",
      body,
      channel: "API",
    },
  });

describe("facts learned through mem0's extraction with a model", () => {
  it("sends customer and agent messages with the support instructions and catalogue, and keeps what comes back as learned", async () => {
    const workspace = await makeWorkspace("learn-model");
    await catalogue(workspace);
    // Opened with its memory written "now": the model's reading is done when openTicket returns,
    // none left running in the background to be lost with the process.
    const ticket = await open(workspace.workspaceId, "My Lumio Hub reboots every night. Please call me tomorrow.");

    const request = extractionRequests().at(-1)!;
    const prompt = request.messages.map((message) => message.content).join("\n");
    expect(prompt).toContain("Product catalogue: Lumio Hub; Lumio Smart Plug");
    expect(prompt).toContain("products they own or use, with versions");
    expect(prompt).toContain("user: Hub trouble. My Lumio Hub reboots every night.");

    const prisma = await getPrisma();
    const first = await prisma.message.findFirstOrThrow({ where: { ticketId: ticket.id }, select: { id: true } });
    const memories = await customerMemories(workspace.workspaceId, ticket.customerId);
    expect(memories.map((memory) => memory.text).sort()).toEqual(["Prefers a phone call to email.", "Uses Lumio Hub at home."]);
    for (const memory of memories) {
      expect(memory).toMatchObject({
        type: "inferred",
        metadata: { learned: true, origin: "learned", learnedBy: "model", sourceMessageId: first.id, sourceTicketId: ticket.id },
      });
    }

    // An agent's reply goes to the model as the assistant's turn, in the job that reads it.
    const agent = await makeAgent(workspace);
    await addAgentMessage({
      actor: agent,
      message: { ticketId: ticket.id, body: "Please pair the Lumio Smart Plug again as well.", kind: "AGENT" },
    });
    await settleJobs();
    expect(
      extractionRequests()
        .at(-1)!
        .messages.map((message) => message.content)
        .join("\n"),
    ).toContain("assistant: Please pair the Lumio Smart Plug again");
    const afterReply = await customerMemories(workspace.workspaceId, ticket.customerId);
    expect(afterReply.map((memory) => memory.text)).toContain("Uses Lumio Smart Plug at home.");
  });

  it("falls back to the rules when the model fails", async () => {
    const workspace = await makeWorkspace("learn-model-fail");
    await catalogue(workspace);
    model.server.setMode("fail-facts");
    const ticket = await open(workspace.workspaceId, "My Lumio Hub v2.1 reboots every night and I have no idea why this happens.");
    const texts = (await customerMemories(workspace.workspaceId, ticket.customerId)).map((memory) => memory.text).sort();
    expect(texts).toEqual(["Owns Lumio Hub, version 2.1 (named in a message)."]);
  });

  it("sends nothing of an unverified sender's messages to the model", async () => {
    const workspace = await makeWorkspace("learn-model-unverified");
    await catalogue(workspace);
    const before = extractionRequests().length;
    const ticket = await open(workspace.workspaceId, "My Lumio Hub is broken, please call me.", false);
    await addCustomerMessage({
      workspaceId: workspace.workspaceId,
      ticketId: ticket.id,
      body: "Also the Lumio Smart Plug.",
      via: { actorType: "customer" },
    });
    await flushBackgroundWork();
    await settleJobs();
    expect(extractionRequests().length).toBe(before);
    expect(await customerMemories(workspace.workspaceId, ticket.customerId)).toEqual([]);
  });
});
