import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase, getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { makeWorkspace } from "@/test/factories";
import type { MemoryFilter } from "./filters";
import { scopeFilters } from "./owners";
import { DatabaseVectorStore } from "./store";
import { usesPgvector } from "./vector-column";
import { reembedAll } from "./embedder-state";
import { hashingEmbed } from "./hashing-embedder";
import { openingOf, openingTermCount } from "./text";
import { addMemories, addMemory, deleteMemory, getMemory, getMemoryHistory, listMemories, searchMemories, updateMemory } from "./core";
import {
  addCommonIssueSolution,
  addCompanyPolicy,
  addCustomerIssueHistory,
  addCustomerPreference,
  addCustomerProfile,
  addProductKnowledge,
  addSessionContext,
  clearSession,
  deleteCustomerMemories,
  getCustomerProfile,
  getSupportContext,
  listSessionMemories,
} from "./support-memory";

const system = { actorType: "system" as const };

describe("memory library", () => {
  it("returns the three scopes ranked for a query, each item with type, score and what matched", async () => {
    const { workspaceId } = await makeWorkspace("mem");
    const customerId = randomUUID();
    const sessionId = randomUUID();
    await addCustomerProfile({
      workspaceId,
      customerId,
      by: system,
      profile: { name: "Ada Park", tier: "business", communicationPreference: "email, short answers", timezone: "Europe/Berlin" },
    });
    await addCustomerIssueHistory({
      workspaceId,
      customerId,
      by: system,
      issue: "Thermostat offline after a router change.",
      resolution: "Separate 2.4 GHz network name.",
      product: "Lumio Thermostat",
    });
    await addCustomerPreference({ workspaceId, customerId, by: system, preference: "Never call before 10 am." });
    await addCommonIssueSolution({
      workspaceId,
      by: system,
      issue: "Thermostat offline after a new router",
      solution: "Give the 2.4 GHz band its own name, then change network.",
      product: "Lumio Thermostat",
    });
    await addCompanyPolicy({ workspaceId, by: system, text: "Devices can be returned within 30 days of delivery." });
    await addProductKnowledge({
      workspaceId,
      by: system,
      text: "The doorbell needs firmware 3.2.1 for fast alerts.",
      product: "Lumio Doorbell Cam",
    });
    await addSessionContext({
      workspaceId,
      customerId,
      sessionId,
      by: system,
      kind: "issue",
      text: "Thermostat shows offline since Saturday.",
    });
    await addSessionContext({
      workspaceId,
      customerId,
      sessionId,
      by: system,
      kind: "step_tried",
      text: "Customer restarted the thermostat twice.",
    });

    const context = await getSupportContext({
      workspaceId,
      customerId,
      sessionId,
      query: "my thermostat is offline again after the router",
    });
    expect(context.customer[0]).toMatchObject({ type: "resolved_issue", scope: "customer" });
    expect(context.customer[0]!.matched.terms).toEqual(expect.arrayContaining(["thermostat", "offline"]));
    expect(context.customer[0]!.matched.semantic).toBeGreaterThan(0);
    expect(context.customer[0]!.matched.keyword).toBeGreaterThan(0);
    expect(context.agent[0]).toMatchObject({ type: "solution" });
    expect(context.agent[0]!.score).toBeGreaterThan(context.agent.at(-1)!.score);
    expect(context.session.map((item) => item.type)).toContain("issue");
    expect(context.session.length).toBeLessThanOrEqual(3);
    for (const item of [...context.customer, ...context.agent, ...context.session]) {
      expect(item.createdAt).toBeTruthy();
      expect(item.score).toBeGreaterThanOrEqual(0);
    }
  });

  it("filters by metadata with AND, OR and ranges as written", async () => {
    const { workspaceId } = await makeWorkspace("filters");
    const customerId = randomUUID();
    const target = { scope: "customer" as const, customerId };
    for (const [text, priority, product] of [
      ["Router reboots nightly", 1, "router"],
      ["Router drops Wi-Fi", 3, "router"],
      ["Router firmware stuck", 5, "router"],
      ["Doorbell chime silent", 3, "doorbell"],
    ] as const) {
      await addMemory({ workspaceId, target, text, type: "note", metadata: { priority, product }, by: system });
    }
    const texts = async (filter: MemoryFilter) =>
      (await searchMemories({ workspaceId, target, query: "router", limit: 10, filter })).map((item) => item.text).sort();
    // Both bounds apply (mem0's own filter checks only the first operator).
    expect(await texts({ priority: { gte: 2, lte: 4 } })).toEqual(["Doorbell chime silent", "Router drops Wi-Fi"]);
    // AND over the same key keeps both conditions (mem0 keeps only the last).
    expect(await texts({ AND: [{ priority: { gte: 2 } }, { priority: { lte: 3 } }] })).toEqual([
      "Doorbell chime silent",
      "Router drops Wi-Fi",
    ]);
    expect(await texts({ OR: [{ product: "doorbell" }, { priority: 5 }] })).toEqual(["Doorbell chime silent", "Router firmware stuck"]);
    expect(await texts({ product: "router", NOT: [{ priority: 1 }] })).toEqual(["Router drops Wi-Fi", "Router firmware stuck"]);
  });

  it("hides expired memories from search and lists", async () => {
    const { workspaceId } = await makeWorkspace("expiry");
    const customerId = randomUUID();
    const sessionId = randomUUID();
    await addSessionContext({
      workspaceId,
      customerId,
      sessionId,
      by: system,
      kind: "sentiment",
      text: "Customer is frustrated about the outage.",
      expiresOn: "2020-01-01",
    });
    await addSessionContext({
      workspaceId,
      customerId,
      sessionId,
      by: system,
      kind: "issue",
      text: "Outage in the whole house since morning.",
      expiresOn: "2999-01-01",
    });
    const found = await searchMemories({
      workspaceId,
      target: { scope: "session", customerId, sessionId },
      query: "outage frustrated",
      limit: 10,
    });
    expect(found.map((item) => item.type)).toEqual(["issue"]);
    expect((await listMemories({ workspaceId, target: { scope: "session", customerId, sessionId } })).map((item) => item.type)).toEqual([
      "issue",
    ]);
  });

  it("keeps the history of a memory and audits every change in its transaction", async () => {
    const workspace = await makeWorkspace("history");
    const { workspaceId } = workspace;
    const customerId = randomUUID();
    const by = { actorType: "user" as const, actorUserId: workspace.admin.userId };
    const id = await addCustomerPreference({ workspaceId, customerId, by, preference: "Prefers phone calls." });
    await updateMemory({ workspaceId, memoryId: id, text: "Prefers email, never phone calls.", by });
    expect((await getMemory({ workspaceId, memoryId: id })).text).toBe("Prefers email, never phone calls.");
    await deleteMemory({ workspaceId, memoryId: id, by });
    await expect(getMemory({ workspaceId, memoryId: id })).rejects.toBeInstanceOf(NotFoundError);

    const history = await getMemoryHistory({ workspaceId, memoryId: id });
    expect(history.map((entry) => [entry.event, entry.oldText, entry.newText])).toEqual([
      ["ADD", null, "Prefers phone calls."],
      ["UPDATE", "Prefers phone calls.", "Prefers email, never phone calls."],
      ["DELETE", "Prefers email, never phone calls.", null],
    ]);
    const prisma = await getPrisma();
    const audit = await prisma.auditLog.findMany({ where: { workspaceId, targetId: id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => [entry.action, entry.actorUserId])).toEqual([
      ["memory.added", workspace.admin.userId],
      ["memory.updated", workspace.admin.userId],
      ["memory.deleted", workspace.admin.userId],
    ]);
  });

  it("adds several memories in one write, each with its history and audit entry, and none when one is refused", async () => {
    const { workspaceId } = await makeWorkspace("batch");
    const customerId = randomUUID();
    const target = { scope: "session" as const, customerId, sessionId: randomUUID() };
    const by = { actorType: "system" as const, customerId: null };
    const items = ["Related: ticket #1.", "Related: ticket #2.", "Related: ticket #3."].map((text, index) => ({
      text,
      type: "related_ticket",
      metadata: { ticketNumber: index + 1 },
    }));

    await expect(addMemories({ workspaceId, target, by, items: [...items, { text: "  ", type: "related_ticket" }] })).rejects.toThrow(
      "A memory needs text",
    );
    expect(await listMemories({ workspaceId, target })).toEqual([]);

    const ids = await addMemories({ workspaceId, target, by, items });
    // In the order they were added, as the session pane lists them.
    const listed = await listSessionMemories({ workspaceId, customerId, sessionId: target.sessionId, kind: "related_ticket" });
    expect(listed.map((memory) => [memory.id, memory.text, memory.type, memory.metadata.ticketNumber])).toEqual(
      ids.map((id, index) => [id, items[index]!.text, "related_ticket", index + 1]),
    );
    for (const id of ids) expect((await getMemoryHistory({ workspaceId, memoryId: id })).map((entry) => entry.event)).toEqual(["ADD"]);
    const prisma = await getPrisma();
    const audit = await prisma.auditLog.findMany({ where: { workspaceId, action: "memory.added" }, select: { targetId: true } });
    expect(audit.map((entry) => entry.targetId).sort()).toEqual([...ids].sort());
  });

  it("reads the profile, a new one included", async () => {
    const { workspaceId } = await makeWorkspace("profile");
    const customerId = randomUUID();
    await addCustomerProfile({ workspaceId, customerId, by: system, profile: { name: "Bo", tier: "free" } });
    expect((await getCustomerProfile({ workspaceId, customerId })).map((item) => item.text)).toEqual(["Customer Bo, is on the free tier."]);
    await addCustomerProfile({ workspaceId, customerId, by: system, profile: { name: "Bo", tier: "enterprise" } });
    expect(await getCustomerProfile({ workspaceId, customerId })).toHaveLength(2);
  });
});

describe("memory isolation", () => {
  it("never lets a workspace see another's memories, even for the same customer id", async () => {
    const acme = await makeWorkspace("acme");
    const rival = await makeWorkspace("rival");
    const customerId = "same-customer-id";
    await addCustomerPreference({
      workspaceId: acme.workspaceId,
      customerId,
      by: system,
      preference: "Acme secret: VIP discount code ACME-77.",
    });
    await addCommonIssueSolution({ workspaceId: acme.workspaceId, by: system, issue: "VIP discount", solution: "Use code ACME-77." });
    const id = await addCustomerPreference({ workspaceId: acme.workspaceId, customerId, by: system, preference: "Another Acme note." });

    const context = await getSupportContext({ workspaceId: rival.workspaceId, customerId, query: "VIP discount code ACME-77" });
    expect([...context.customer, ...context.agent, ...context.session]).toEqual([]);
    await expect(getMemory({ workspaceId: rival.workspaceId, memoryId: id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteMemory({ workspaceId: rival.workspaceId, memoryId: id, by: system })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateMemory({ workspaceId: rival.workspaceId, memoryId: id, text: "hijacked", by: system })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await getMemory({ workspaceId: acme.workspaceId, memoryId: id })).text).toBe("Another Acme note.");
  });

  it("deleting one customer's memories leaves every other customer's intact", async () => {
    const { workspaceId } = await makeWorkspace("erase");
    const [first, second] = [randomUUID(), randomUUID()];
    for (const customerId of [first, second]) {
      await addCustomerPreference({ workspaceId, customerId, by: system, preference: `Likes short answers (${customerId}).` });
      await addCustomerIssueHistory({
        workspaceId,
        customerId,
        by: system,
        issue: "Plug would not pair.",
        resolution: "Replaced the plug.",
      });
    }
    const sessionId = randomUUID();
    await addSessionContext({ workspaceId, customerId: second, sessionId, by: system, kind: "issue", text: "Plug blinking blue." });

    expect(await deleteCustomerMemories({ workspaceId, customerId: first, by: system })).toBe(2);
    expect(await listMemories({ workspaceId, target: { scope: "customer", customerId: first } })).toEqual([]);
    expect(await listMemories({ workspaceId, target: { scope: "customer", customerId: second } })).toHaveLength(2);
    expect(await listMemories({ workspaceId, target: { scope: "session", customerId: second, sessionId } })).toHaveLength(1);

    expect(await clearSession({ workspaceId, customerId: second, sessionId, by: system })).toBe(1);
    expect(await listMemories({ workspaceId, target: { scope: "customer", customerId: second } })).toHaveLength(2);
  });
});

describe("vector store", () => {
  it("reads back vectors of any size exactly as written (a small Buffer from the driver is a slice of a shared pool)", async () => {
    const { workspaceId } = await makeWorkspace("vectors");
    const store = new DatabaseVectorStore({ collectionName: "memories" });
    const filters = scopeFilters(workspaceId, { scope: "customer", customerId: randomUUID() });
    for (const dimensions of [3, 384, 1024]) {
      const vector = Array.from({ length: dimensions }, (_, index) => Math.fround(Math.sin(index + dimensions)));
      const id = randomUUID();
      await store.insert([vector], [id], [{ ...filters, data: `vector of ${dimensions}`, type: "note" }]);
      const [found] = await store.search(vector, 1, filters);
      expect(found?.id).toBe(id);
      expect(found?.score).toBeCloseTo(1, 6);
      await store.delete(id);
    }
  });

  it("keeps vectors in pgvector's column where the database has it and in bytes where not; a row of another size scores 0", async () => {
    const { workspaceId } = await makeWorkspace("vector-column");
    const database = await getDatabase();
    const pgvector = await usesPgvector(database);
    // PGlite always has pgvector; the machine's PostgreSQL server has not.
    expect(pgvector).toBe(database.mode === "embedded");
    const store = new DatabaseVectorStore({ collectionName: "memories" });
    const filters = scopeFilters(workspaceId, { scope: "customer", customerId: randomUUID() });
    const [wide, narrow] = [randomUUID(), randomUUID()];
    await store.insert(
      [
        [1, 2, 3, 4],
        [1, 2, 3],
      ],
      [wide, narrow],
      [
        { ...filters, data: "four" },
        { ...filters, data: "three" },
      ],
    );
    const [row] = await database.sql.query<{ bytes: number; stored: string }>(
      `SELECT length(embedding) AS bytes, ${pgvector ? "embedding_vector::text" : "NULL"} AS stored FROM memories WHERE id = $1`,
      [wide],
    );
    expect(Number(row!.bytes)).toBe(pgvector ? 0 : 16);
    if (pgvector) expect(row!.stored).toBe("[1,2,3,4]");
    // During a re-embed (`npm run memory:reembed`) stored vectors can have another size than the query's.
    const found = await store.search([2, 4, 6, 8], 5, filters);
    expect(found.map((result) => result.id)).toEqual([wide, narrow]);
    expect(found[0]!.score).toBeCloseTo(1, 6);
    expect(found[1]!.score).toBe(0);
  });

  it("finds a memory's opening at the start of the BM25 terms mem0 stores for it", async () => {
    // Keyword scoring counts the opening's terms twice by taking that many of mem0's stored
    // terms (lib/memory/partition.ts): the count must follow mem0's own tokenizer.
    const { workspaceId } = await makeWorkspace("opening");
    const target = { scope: "agent" as const, agentId: "support_agent" };
    const text = "Printing cannot resume after the queue's 2nd firmware update: the Café app's jobs VANISHED! Customers rebooted twice.";
    const prisma = await getPrisma();
    const termsOf = async (memoryText: string) => {
      const id = await addMemory({ workspaceId, target, text: memoryText, type: "solution", by: system });
      const row = await prisma.memoryRecord.findFirstOrThrow({ where: { id }, select: { payload: true } });
      return String((row.payload as { textLemmatized: string }).textLemmatized).split(" ");
    };
    const whole = await termsOf(text);
    const opening = await termsOf(openingOf(text));
    expect(openingTermCount(text)).toBe(opening.length);
    expect(whole.slice(0, openingTermCount(text))).toEqual(opening);
    expect(whole.length).toBeGreaterThan(opening.length);
  });

  it("re-embedding rewrites every stored vector with the configured embedder, with progress", async () => {
    const { workspaceId } = await makeWorkspace("reembed");
    const store = new DatabaseVectorStore({ collectionName: "memories" });
    const filters = scopeFilters(workspaceId, { scope: "customer", customerId: randomUUID() });
    const id = randomUUID();
    const text = "The mesh router firmware update is stuck at 40 percent";
    // As if written by another embedder of the same size.
    await store.insert([Array.from({ length: 1024 }, (_, index) => (index % 7 === 0 ? 1 : 0))], [id], [{ ...filters, data: text }]);
    const query = hashingEmbed(text);
    expect((await store.search(query, 1, filters))[0]!.score).toBeLessThan(0.5);

    const progress: Array<{ done: number; total: number }> = [];
    const count = await reembedAll((step) => progress.push(step), 50);
    expect(count).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ done: count, total: count });
    const [found] = await store.search(query, 1, filters);
    expect(found?.id).toBe(id);
    expect(found?.score).toBeCloseTo(1, 5);
  });

  it("brings the cached knowledge up to date after edits, deletions, additions and a change made outside the library", async () => {
    const { workspaceId } = await makeWorkspace("knowledge-cache");
    const target = { scope: "agent" as const };
    const texts = async (query: string) => (await searchMemories({ workspaceId, target, query, limit: 10 })).map((item) => item.text);
    const add = (issue: string, solution: string) => addCommonIssueSolution({ workspaceId, by: system, issue, solution });
    const kept = await add("Doorbell chime silent", "Re-seat the chime wire.");
    const edited = await add("Hub firmware stuck", "Hold the button for 15 seconds.");
    const removed = await add("Plug will not pair", "Move closer to the router.");
    const outside = await add("Bulb flickers", "Replace the dimmer.");
    // Enough unchanged entries that the refresh reads only the changed rows, not the whole scope.
    for (const product of ["Router", "Thermostat", "Speaker", "Lock", "Sensor", "Siren"])
      await add(`${product} setup`, `Follow the ${product} quick start.`);
    expect(await texts("doorbell chime")).toEqual(expect.arrayContaining([expect.stringContaining("Re-seat the chime wire")]));

    await updateMemory({ workspaceId, memoryId: edited, text: "Hub firmware stuck: unplug the hub for a minute, then retry.", by: system });
    await deleteMemory({ workspaceId, memoryId: removed, by: system });
    await add("Camera offline at night", "Turn off band steering.");
    // As a direct SQL fix would: the row changes and the partition's version moves, nothing else.
    const database = await getDatabase();
    await database.sql.query(
      `UPDATE memories SET payload = jsonb_set(payload, '{data}', '"Bulb flickers: use a trailing-edge dimmer."') WHERE id = $1`,
      [outside],
    );
    await database.sql.query(`UPDATE memory_partitions SET version = version + 1 WHERE partition_key LIKE '%' || $1 || '%'`, [workspaceId]);

    const all = await texts("hub firmware plug pair camera band bulb dimmer doorbell chime");
    expect(all).toEqual(
      expect.arrayContaining([
        "Hub firmware stuck: unplug the hub for a minute, then retry.",
        "Bulb flickers: use a trailing-edge dimmer.",
      ]),
    );
    expect(all.some((text) => text.includes("band steering"))).toBe(true);
    expect(all.some((text) => text.includes("Re-seat the chime wire"))).toBe(true);
    expect(
      all.some(
        (text) => text.includes("Hold the button") || text.includes("Move closer to the router") || text.includes("Replace the dimmer"),
      ),
    ).toBe(false);
    expect((await getMemory({ workspaceId, memoryId: kept })).text).toContain("chime");
  });

  it("returns a customer's memories with equal scores oldest first, whatever order the table holds them in", async () => {
    const { workspaceId } = await makeWorkspace("ties");
    const store = new DatabaseVectorStore({ collectionName: "memories" });
    const filters = scopeFilters(workspaceId, { scope: "customer", customerId: randomUUID() });
    const [older, newer] = [randomUUID(), randomUUID()];
    await store.insert([[1, 0, 1]], [older], [{ ...filters, data: "older" }]);
    await store.insert([[1, 0, 1]], [newer], [{ ...filters, data: "newer" }]);
    // Changing an indexed column and back writes the older memory's row again, after the newer
    // one and with new index entries: a read in table or index order now meets it last.
    const { sql } = await getDatabase();
    await sql.query(`UPDATE memories SET run_id = 'moved' WHERE id = $1`, [older]);
    await sql.query(`UPDATE memories SET run_id = NULL WHERE id = $1`, [older]);
    expect((await store.search([1, 0, 1], 5, filters)).map((result) => result.id)).toEqual([older, newer]);
  });
});
