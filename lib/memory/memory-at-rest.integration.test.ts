import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openMemoryPayload } from "@/lib/crypto/memory-text";
import { decryptText, keyring } from "@/lib/crypto/pii";
import { reencryptPersonalData } from "@/lib/crypto/reencrypt";
import { getDatabase, getPrisma } from "@/lib/db";
import { exportPersonalData } from "@/lib/privacy/export";
import { makeTicket, makeWorkspace } from "@/test/factories";
import { getMemoryHistory, listMemories, searchMemories, updateMemory } from "./core";
import { scopeFilters } from "./owners";
import { DatabaseVectorStore } from "./store";
import { addCommonIssueSolution, addCustomerPreference, addSessionContext } from "./support-memory";

// Issue 12, hole 12: customer and session memory repeat what the customer said, so their
// text is sealed at rest like names and messages, while search, the console and the privacy
// export still work on the plaintext. The team's knowledge stays plaintext.

const system = { actorType: "system" as const };
const FRAGMENTS = /zeppelin|quokka|wednesday|marmalade/i;

async function rawMemories(workspaceId: string) {
  const { sql } = await getDatabase();
  return sql.query<{ id: string; scope: string; collection: string; text: string; payload: string }>(
    `SELECT id, scope, collection, text, payload::text AS payload FROM memories WHERE workspace_id = $1::uuid`,
    [workspaceId],
  );
}

async function rawHistory(workspaceId: string) {
  const { sql } = await getDatabase();
  return sql.query<{ id: string; user_id: string | null; old_text: string | null; new_text: string | null }>(
    `SELECT id, user_id, old_text, new_text FROM memory_history WHERE workspace_id = $1::uuid`,
    [workspaceId],
  );
}

describe("customer and session memory at rest", () => {
  it("stores no plaintext of customer or session memory, and search, history and the export read it back", async () => {
    const workspace = await makeWorkspace("mem-at-rest");
    const { workspaceId } = workspace;
    const email = `quinn-${randomUUID().slice(0, 6)}@rest.example`;
    const ticket = await makeTicket(workspace, { email, subject: "Charger question", body: "Which charger fits the new hub please?" });
    const customerId = ticket.customerId;
    const memoryId = await addCustomerPreference({
      workspaceId,
      customerId,
      by: system,
      preference: "Quinn wants the zeppelin charger, calls only on Wednesday.",
    });
    await addSessionContext({
      workspaceId,
      customerId,
      sessionId: ticket.id,
      by: system,
      kind: "step_tried",
      text: "Tried the quokka reset twice.",
    });
    await updateMemory({
      workspaceId,
      memoryId,
      text: "Quinn wants the zeppelin charger with marmalade stickers, calls only on Wednesday.",
      by: system,
    });
    await addCommonIssueSolution({ workspaceId, by: system, issue: "Zeppelin charger hums", solution: "Use the shorter cable." });

    const rows = await rawMemories(workspaceId);
    const current = `enc:v1:${keyring().current.id}:`;
    const sealed = rows.filter((row) => row.scope !== "agent");
    expect(sealed.filter((row) => row.collection === "memories").length).toBeGreaterThanOrEqual(3);
    for (const row of sealed) {
      expect(row.text.startsWith(current)).toBe(true);
      expect(`${row.text} ${row.payload}`).not.toMatch(FRAGMENTS);
    }
    // The team's knowledge is not personal data and stays as written.
    const knowledge = rows.filter((row) => row.scope === "agent" && row.collection === "memories");
    expect(knowledge.map((row) => row.text)).toEqual(["Issue: Zeppelin charger hums Solution: Use the shorter cable."]);
    const history = await rawHistory(workspaceId);
    const customerHistory = history.filter((row) => row.user_id !== null);
    expect(customerHistory.length).toBeGreaterThanOrEqual(4);
    for (const row of customerHistory) {
      for (const value of [row.old_text, row.new_text]) if (value !== null) expect(value.startsWith(current)).toBe(true);
      expect(`${row.old_text} ${row.new_text}`).not.toMatch(FRAGMENTS);
    }

    // Search still finds it by a keyword (BM25 over the decrypted rows) and returns plaintext.
    const found = await searchMemories({ workspaceId, target: { scope: "customer", customerId }, query: "marmalade" });
    expect(found[0]).toMatchObject({
      id: memoryId,
      text: "Quinn wants the zeppelin charger with marmalade stickers, calls only on Wednesday.",
    });
    expect(found[0]!.matched.terms).toContain("marmalade");
    // The keyword side on its own: BM25 over the owner's rows, decrypted as they are loaded.
    const keyword = await new DatabaseVectorStore({ collectionName: "memories" }).keywordSearch(
      "marmalade",
      10,
      scopeFilters(workspaceId, { scope: "customer", customerId }),
    );
    expect(keyword.map((hit) => [hit.id, hit.payload.data])).toEqual([[memoryId, found[0]!.text]]);
    expect(keyword[0]!.score).toBeGreaterThan(0);
    const session = await searchMemories({
      workspaceId,
      target: { scope: "session", customerId, sessionId: ticket.id },
      query: "quokka reset",
    });
    expect(session.map((item) => item.text)).toContain("Tried the quokka reset twice.");
    expect((await listMemories({ workspaceId, target: { scope: "customer", customerId } })).map((item) => item.text)).toContain(
      found[0]!.text,
    );
    expect((await getMemoryHistory({ workspaceId, memoryId })).map((row) => [row.oldText, row.newText])).toEqual([
      [null, "Quinn wants the zeppelin charger, calls only on Wednesday."],
      ["Quinn wants the zeppelin charger, calls only on Wednesday.", found[0]!.text],
    ]);

    // The customer's own export shows what we hold, in plaintext.
    const exported = JSON.stringify(await exportPersonalData({ workspaceId, email }));
    expect(exported).toContain("Quinn wants the zeppelin charger with marmalade stickers");
    expect(exported).toContain("Tried the quokka reset twice.");
    expect(exported).not.toContain(current);
  });

  it("encrypts customer memory written before sealing, at the start-up pass, and keeps it searchable", async () => {
    const workspace = await makeWorkspace("mem-legacy");
    const { workspaceId } = workspace;
    const customerId = randomUUID();
    const memoryId = await addCustomerPreference({ workspaceId, customerId, by: system, preference: "Likes the quokka sticker pack." });
    // Back to how rows looked before memory was sealed: plaintext text, payload and history.
    const { sql } = await getDatabase();
    const [row] = await sql.query<{ text: string; payload: Record<string, unknown> | string }>(
      `SELECT text, payload FROM memories WHERE id = $1`,
      [memoryId],
    );
    const payload = openMemoryPayload(
      typeof row!.payload === "string" ? (JSON.parse(row!.payload) as Record<string, unknown>) : row!.payload,
      "customer",
    );
    await sql.query(`UPDATE memories SET text = $2, payload = $3::jsonb WHERE id = $1`, [
      memoryId,
      decryptText(row!.text),
      JSON.stringify(payload),
    ]);
    await sql.query(`UPDATE memory_history SET new_text = 'Likes the quokka sticker pack.' WHERE memory_id = $1`, [memoryId]);
    expect((await rawMemories(workspaceId)).find((memory) => memory.id === memoryId)!.text).toBe("Likes the quokka sticker pack.");
    // Read as they are until the pass runs.
    expect((await searchMemories({ workspaceId, target: { scope: "customer", customerId }, query: "quokka" }))[0]?.id).toBe(memoryId);

    const prisma = await getPrisma();
    const pass = await reencryptPersonalData({ prisma, scope: "plaintext", workspaceId });
    expect(pass).toMatchObject({ memories: 1, memoryHistory: 1, unreadable: 0 });
    const after = (await rawMemories(workspaceId)).find((memory) => memory.id === memoryId)!;
    expect(`${after.text} ${after.payload}`).not.toMatch(/quokka|sticker/i);
    expect(JSON.stringify(await rawHistory(workspaceId))).not.toMatch(/quokka/i);
    const found = await searchMemories({ workspaceId, target: { scope: "customer", customerId }, query: "quokka" });
    expect(found[0]).toMatchObject({ id: memoryId, text: "Likes the quokka sticker pack." });
    // Nothing left for a second pass.
    expect(await reencryptPersonalData({ prisma, scope: "plaintext", workspaceId })).toMatchObject({ memories: 0, memoryHistory: 0 });
  });
});
