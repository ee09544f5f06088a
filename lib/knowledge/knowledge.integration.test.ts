import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { listMemories } from "@/lib/memory/core";
import { TEAM_AGENT } from "@/lib/memory/owners";
import { getSupportContext } from "@/lib/memory/support-memory";
import { makeAgent, makeWorkspace } from "@/test/factories";
import { confirmReview, createArticle, publishArticle, restoreVersion, saveArticle, unpublishArticle } from "./articles";
import { diffVersions, getArticle, listArticles } from "./queries";
import { exportKnowledge, type ImportEvent, importKnowledge, parseImport } from "./transfer";

const knowledgeOf = (workspaceId: string) => listMemories({ workspaceId, target: { scope: "agent", agentId: TEAM_AGENT } });

async function drain(events: AsyncGenerator<ImportEvent>) {
  const all: ImportEvent[] = [];
  for await (const event of events) all.push(event);
  const summary = all.at(-1);
  if (summary?.type !== "summary") throw new Error("no summary");
  return { all, summary };
}

const thermostat = {
  kind: "COMMON_ISSUE" as const,
  title: "Thermostat error E4",
  body: "Hold the mode button for ten seconds to recalibrate the sensor.",
  products: ["Lumio Thermostat"],
};

describe("knowledge base versions and agent memory", () => {
  it("keeps only the published version in agent memory; saving drafts a new version; publishing replaces; unpublishing removes", async () => {
    const { workspaceId, admin } = await makeWorkspace("kb");
    const id = await createArticle({ actor: admin, input: thermostat });
    expect(await knowledgeOf(workspaceId)).toHaveLength(0);

    await publishArticle({ actor: admin, articleId: id });
    let memories = await knowledgeOf(workspaceId);
    expect(memories.map((memory) => memory.text)).toEqual([
      "Thermostat error E4. Hold the mode button for ten seconds to recalibrate the sensor.",
    ]);

    const saved = await saveArticle({
      actor: admin,
      articleId: id,
      input: { ...thermostat, body: "Hold the mode button for fifteen seconds, then wait two minutes." },
    });
    expect(saved).toEqual({ version: 2, changed: true });
    // The draft is not in memory yet: agents still see version 1.
    expect((await knowledgeOf(workspaceId)).map((memory) => memory.text)).toEqual([memories[0]!.text]);
    expect(
      await saveArticle({
        actor: admin,
        articleId: id,
        input: { ...thermostat, body: "Hold the mode button for fifteen seconds, then wait two minutes." },
      }),
    ).toEqual({ version: 2, changed: false });

    await publishArticle({ actor: admin, articleId: id });
    memories = await knowledgeOf(workspaceId);
    expect(memories).toHaveLength(1);
    expect(memories[0]!.text).toContain("fifteen seconds");
    const context = await getSupportContext({ workspaceId, customerId: "nobody", query: "thermostat E4 error" });
    expect(context.agent.map((memory) => memory.text)).toEqual([memories[0]!.text]);

    const diff = await diffVersions({ actor: admin, articleId: id, from: 1, to: 2 });
    expect(
      diff.body
        .filter((part) => part.kind === "removed")
        .map((part) => part.text)
        .join(" "),
    ).toContain("ten");
    expect(
      diff.body
        .filter((part) => part.kind === "added")
        .map((part) => part.text)
        .join(" "),
    ).toContain("fifteen");

    expect(await restoreVersion({ actor: admin, articleId: id, version: 1 })).toEqual({ version: 3, changed: true });
    const article = await getArticle({ actor: admin, articleId: id });
    expect(article.versions.map((version) => version.version)).toEqual([3, 2, 1]);
    expect(article.body).toBe(thermostat.body);
    expect(article.publishedVersion).toBe(2);

    await unpublishArticle({ actor: admin, articleId: id });
    expect(await knowledgeOf(workspaceId)).toHaveLength(0);
    expect((await getArticle({ actor: admin, articleId: id })).status).toBe("DRAFT");
  });

  it("refuses bad input with field errors and changes nothing; another workspace cannot see or touch an entry", async () => {
    const { workspaceId, admin } = await makeWorkspace("kb-bad");
    await expect(createArticle({ actor: admin, input: { ...thermostat, title: "" } })).rejects.toBeInstanceOf(ValidationError);
    const prisma = await getPrisma();
    expect(await prisma.knowledgeArticle.count({ where: { workspaceId } })).toBe(0);

    const id = await createArticle({ actor: admin, input: thermostat, publish: true });
    const other = await makeWorkspace("kb-other");
    await expect(getArticle({ actor: other.admin, articleId: id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(publishArticle({ actor: other.admin, articleId: id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(unpublishArticle({ actor: other.admin, articleId: id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(saveArticle({ actor: other.admin, articleId: id, input: thermostat })).rejects.toBeInstanceOf(NotFoundError);
    expect((await listArticles({ actor: other.admin, query: {} })).total).toBe(0);
    expect(await knowledgeOf(workspaceId)).toHaveLength(1);
  });

  it("refuses every change from an agent in the lib verbs themselves, whatever route calls them", async () => {
    const workspace = await makeWorkspace("kb-agent");
    const agent = await makeAgent(workspace);
    const id = await createArticle({ actor: workspace.admin, input: thermostat });
    await expect(createArticle({ actor: agent, input: thermostat })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      saveArticle({ actor: agent, articleId: id, input: { ...thermostat, body: "Unplug it and wait for an hour." } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(publishArticle({ actor: agent, articleId: id })).rejects.toMatchObject({ status: 403 });
    await expect(restoreVersion({ actor: agent, articleId: id, version: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(unpublishArticle({ actor: agent, articleId: id, retire: true })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(confirmReview({ actor: agent, articleId: id })).rejects.toBeInstanceOf(ForbiddenError);
    const prisma = await getPrisma();
    expect(await prisma.knowledgeArticle.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "DRAFT",
      version: 1,
      body: thermostat.body,
    });
    expect(await prisma.knowledgeArticle.count({ where: { workspaceId: workspace.workspaceId } })).toBe(1);
    expect(await knowledgeOf(workspace.workspaceId)).toHaveLength(0);
  });
});

describe("bulk import", () => {
  const suite = JSON.stringify({
    name: "mini",
    memories: [
      {
        key: "faq:1",
        scope: "agent",
        agent_id: "support_agent",
        text: "Question: How do I reset my password? Answer: Use the Forgot password link and follow the email.",
        metadata: { type: "solution", product: "Gmail" },
      },
      {
        key: "faq:2",
        scope: "agent",
        agent_id: "support_agent",
        text: "Guideline for refunds. Refunds are issued within 14 days of purchase for members.",
        metadata: { type: "policy" },
      },
      { key: "cust:1", scope: "customer", customer_id: "c1", text: "Prefers email.", metadata: { type: "preference" } },
      { key: "faq:3", scope: "agent", agent_id: "support_agent", text: "", metadata: { type: "solution" } },
    ],
  });

  it("creates valid rows, rejects invalid ones with row-level errors, and a re-import updates instead of duplicating", async () => {
    const { workspaceId, admin } = await makeWorkspace("kb-import");
    const { rows, rejected } = parseImport(suite, "mini.dev.json");
    const first = await drain(importKnowledge({ actor: admin, rows, rejected }));
    expect(first.summary).toMatchObject({ total: 4, created: 2, updated: 0, unchanged: 0 });
    expect(first.summary.rejected.map((row) => row.row)).toEqual([3, 4]);
    expect(first.summary.rejected[0]!.errors[0]).toMatch(/Only agent-scope/);
    expect(first.all.some((event) => event.type === "progress")).toBe(true);
    const memories = await knowledgeOf(workspaceId);
    expect(memories.map((memory) => memory.text).sort()).toEqual([
      "Guideline for refunds. Refunds are issued within 14 days of purchase for members.",
      "How do I reset my password? Use the Forgot password link and follow the email.",
    ]);

    // The same file again: nothing changes. A changed row: a new version, republished.
    const again = await drain(importKnowledge({ actor: admin, ...parseImport(suite, "mini.dev.json") }));
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const csv =
      'key,kind,title,body,products\nfaq:2,POLICY,Guideline for refunds,"Refunds are issued within 30 days of purchase for members.",\n,COMMON_ISSUE,Short,too short,\n';
    const third = await drain(importKnowledge({ actor: admin, ...parseImport(csv, "kb.csv") }));
    expect(third.summary).toMatchObject({ created: 0, updated: 1 });
    expect(third.summary.rejected).toEqual([{ row: 3, key: undefined, errors: ["body: Write at least a sentence."] }]);
    const prisma = await getPrisma();
    expect(await prisma.knowledgeArticle.count({ where: { workspaceId } })).toBe(2);
    const texts = (await knowledgeOf(workspaceId)).map((memory) => memory.text);
    expect(texts).toHaveLength(2);
    expect(texts.join(" ")).toContain("30 days");
    expect(texts.join(" ")).not.toContain("14 days");

    // An export re-imports onto itself without duplicating.
    const exported = await exportKnowledge({ actor: admin, format: "csv" });
    const round = await drain(importKnowledge({ actor: admin, ...parseImport(exported, "export.csv") }));
    expect(round.summary).toMatchObject({ created: 0, unchanged: 2, rejected: [] });
  });

  it("defuses formula-like cells in the CSV export, and the export re-imports without them changing", async () => {
    const { admin } = await makeWorkspace("kb-csv-formula");
    const listy = {
      kind: "COMMON_ISSUE" as const,
      title: "+1 trick: reset the hub",
      body: "- Unplug the hub.\n- Wait ten seconds, then plug it back in.",
      products: ["=Lumio Hub"],
    };
    const id = await createArticle({ actor: admin, input: listy, key: "@hub-reset", publish: true });

    const exported = await exportKnowledge({ actor: admin, format: "csv" });
    const [, cells] = parse(exported);
    expect(cells!.slice(0, 5)).toEqual([
      "'@hub-reset",
      "COMMON_ISSUE",
      "'+1 trick: reset the hub",
      "'- Unplug the hub.\n- Wait ten seconds, then plug it back in.",
      "'=Lumio Hub",
    ]);

    const round = await drain(importKnowledge({ actor: admin, ...parseImport(exported, "export.csv") }));
    expect(round.summary).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: [] });
    expect(await getArticle({ actor: admin, articleId: id })).toMatchObject({
      title: listy.title,
      body: listy.body,
      products: listy.products,
    });
  });

  it("refuses unreadable files as a whole", () => {
    expect(() => parseImport("{not json", "x.json")).toThrow(/not valid JSON/);
    expect(() => parseImport("name,text\na,b\n", "x.csv")).toThrow(/header row/);
    expect(() => parseImport("[]", "x.json")).toThrow(/no entries/);
  });
});
