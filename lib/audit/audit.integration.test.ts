import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api/api-keys";
import { closeDatabase, getDatabase, getPrisma } from "@/lib/db";
import { updateTicket } from "@/lib/support/tickets";
import { inviteStaff } from "@/lib/users/invitations";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { iterateAuditEntries, listAuditEntries } from "./list";
import { auditQuerySchema } from "./query";
import { canonicalJson, entryHash, entryMac, summaryDigest } from "./chain";
import { auditKey, pendingAuditRow, recordAudit, redactAuditEntries, sealAuditChain } from "./record";
import { verifyAuditChain } from "./verify";
import { verifyAuditChainsAhead } from "./verify-ahead";

/** Changes a row the way someone with direct database access would: around the append-only triggers. */
async function tamper(sql: string, params: unknown[]) {
  const { sql: runner } = await getDatabase();
  await runner.transaction(async (tx) => {
    await tx.query("SET LOCAL session_replication_role = replica");
    await tx.query(sql, params);
  });
}

/**
 * A ticket, its entries chained: memory writes and the opening append theirs pending, for the
 * sealer a moment later. The tampering below is of a chained log.
 */
async function ticketSealed(workspace: Awaited<ReturnType<typeof makeWorkspace>>) {
  const ticket = await makeTicket(workspace);
  await sealAuditChain(await getPrisma(), workspace.workspaceId);
  return ticket;
}

async function seqsOf(workspaceId: string) {
  const prisma = await getPrisma();
  return (await prisma.auditLog.findMany({ where: { workspaceId }, orderBy: { seq: "asc" }, select: { seq: true } })).map((row) => row.seq);
}

describe("audit chain", () => {
  it("chains the entries still waiting for the seal timer when the process closes its database", async () => {
    const { workspaceId } = await makeWorkspace("chain-close");
    const entry = { workspaceId, actorType: "system" as const, action: "test.closing", targetType: "workspace" };
    await (await getPrisma()).$transaction((tx) => recordAudit(tx, entry, { chain: "later" }));
    await closeDatabase();
    const reopened = await getPrisma();
    const written = await reopened.auditLog.findFirstOrThrow({ where: { workspaceId, action: "test.closing" }, select: { seq: true } });
    expect(written.seq).not.toBeNull();
    expect(await verifyAuditChain({ workspaceId, full: true })).toMatchObject({ ok: true });
  });

  it("verifies after ordinary changes, each entry linked to the one before", async () => {
    const workspace = await makeWorkspace("chain");
    const ticket = await makeTicket(workspace);
    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "HIGH" } });
    await createApiKey({ actor: workspace.admin, apiKey: { name: "Zapier" } });

    const status = await verifyAuditChain({ workspaceId: workspace.workspaceId, full: true });
    expect(status).toMatchObject({ ok: true, legacy: 0 });
    const seqs = await seqsOf(workspace.workspaceId);
    expect(status.entries).toBe(seqs.length);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));

    const prisma = await getPrisma();
    const [first, second] = await prisma.auditLog.findMany({
      where: { workspaceId: workspace.workspaceId },
      orderBy: { seq: "asc" },
      take: 2,
    });
    expect(first!.prevHash).toBeNull();
    expect(second!.prevHash).toBe(first!.hash);
  });

  it("never forks under concurrent writers", async () => {
    const workspace = await makeWorkspace("race");
    const tickets = await Promise.all([makeTicket(workspace), makeTicket(workspace), makeTicket(workspace)]);
    await Promise.all([
      ...tickets.map((ticket) => updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "URGENT" } })),
      ...tickets.map((ticket) => updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, assignee: "me" } })),
      createApiKey({ actor: workspace.admin, apiKey: { name: "one" } }),
      createApiKey({ actor: workspace.admin, apiKey: { name: "two" } }),
      inviteStaff({ actor: workspace.admin, invitation: { email: `new-${workspace.workspaceId}@agents.example`, role: "AGENT" } }),
    ]);
    // Verification chains what concurrent writers left pending first.
    const status = await verifyAuditChain({ workspaceId: workspace.workspaceId, full: true });
    const seqs = await seqsOf(workspace.workspaceId);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    expect(status).toMatchObject({ ok: true, entries: seqs.length });
    const prisma = await getPrisma();
    expect((await prisma.auditChainHead.findUniqueOrThrow({ where: { workspaceId: workspace.workspaceId } })).seq).toBe(seqs.length);
  });

  it("points at the entry whose summary was edited in SQL", async () => {
    const workspace = await makeWorkspace("edit");
    const ticket = await makeTicket(workspace);
    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "LOW" } });
    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "HIGH" } });
    const prisma = await getPrisma();
    const target = await prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: workspace.workspaceId, action: "ticket.updated" },
      orderBy: { seq: "asc" },
    });

    await tamper(`UPDATE audit_logs SET summary = '{"priority":{"from":"NORMAL","to":"URGENT"}}' WHERE id = $1`, [target.id]);
    const status = await verifyAuditChain({ workspaceId: workspace.workspaceId, full: true });
    expect(status).toMatchObject({ ok: false, brokenAt: { seq: target.seq, id: target.id, reason: "summary was changed" } });
    if (!status.ok) expect(status.brokenAt.createdAt).toBe(target.createdAt.toISOString());
  });

  it("points at the entry whose action was edited in SQL, and at a deleted entry", async () => {
    const workspace = await makeWorkspace("action");
    const ticket = await makeTicket(workspace);
    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "LOW" } });
    await createApiKey({ actor: workspace.admin, apiKey: { name: "k" } });
    const prisma = await getPrisma();
    const target = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId: workspace.workspaceId, action: "ticket.updated" } });

    await tamper(`UPDATE audit_logs SET action = 'ticket.viewed' WHERE id = $1`, [target.id]);
    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId, full: true })).toMatchObject({
      ok: false,
      brokenAt: { seq: target.seq, reason: "content does not match its hash" },
    });

    await tamper(`UPDATE audit_logs SET action = 'ticket.updated' WHERE id = $1`, [target.id]);
    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId, full: true })).toMatchObject({ ok: true });
    await tamper(`DELETE FROM audit_logs WHERE id = $1`, [target.id]);
    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId, full: true })).toMatchObject({
      ok: false,
      brokenAt: { seq: target.seq! + 1, reason: `entries #${target.seq}–#${target.seq} are missing` },
    });
  });

  it("is append-only: the database refuses to change or delete an entry, but a workspace's deletion takes its log", async () => {
    const workspace = await makeWorkspace("append");
    await makeTicket(workspace);
    const { sql } = await getDatabase();
    await expect(sql.query(`UPDATE audit_logs SET action = 'x' WHERE workspace_id = $1`, [workspace.workspaceId])).rejects.toThrow(
      /append-only/,
    );
    await expect(sql.query(`UPDATE audit_logs SET summary = '{}' WHERE workspace_id = $1`, [workspace.workspaceId])).rejects.toThrow(
      /append-only/,
    );
    await expect(sql.query(`DELETE FROM audit_logs WHERE workspace_id = $1`, [workspace.workspaceId])).rejects.toThrow(/append-only/);
    await expect(sql.query(`DELETE FROM users WHERE id = $1`, [workspace.admin.userId])).rejects.toThrow(/append-only/);
    await expect(
      sql.query(
        `INSERT INTO audit_logs (id, workspace_id, actor_type, action, target_type, seq) VALUES (gen_random_uuid(), $1, 'system', 'x', 'y', 999)`,
        [workspace.workspaceId],
      ),
    ).rejects.toThrow(/recordAudit/);

    await sql.query(`DELETE FROM workspaces WHERE id = $1`, [workspace.workspaceId]);
    expect(await sql.query(`SELECT 1 FROM audit_logs WHERE workspace_id = $1`, [workspace.workspaceId])).toHaveLength(0);
  });

  it("chains a backlog of thousands of pending entries over several transactions", async () => {
    const workspace = await makeWorkspace("backlog");
    const { workspaceId } = workspace;
    const prisma = await getPrisma();
    // As a burst of memory writes leaves them: appended pending, none chained yet.
    const rows = Array.from({ length: 4_500 }, () =>
      pendingAuditRow({ workspaceId, actorType: "system", action: "test.backlog", targetType: "workspace" }),
    );
    await prisma.auditLog.createMany({ data: rows });
    expect(await sealAuditChain(prisma, workspaceId)).toBeGreaterThanOrEqual(4_500);
    expect(await prisma.auditLog.count({ where: { workspaceId, seq: null } })).toBe(0);
    expect(await verifyAuditChain({ workspaceId, full: true })).toMatchObject({ ok: true });
  });

  it("seals entries written before the chain existed when the log is next written or read", async () => {
    const workspace = await makeWorkspace("legacy");
    await ticketSealed(workspace);
    await tamper(`UPDATE audit_logs SET hash = NULL, prev_hash = NULL, summary_digest = NULL WHERE workspace_id = $1`, [
      workspace.workspaceId,
    ]);
    await tamper(`UPDATE audit_chain_heads SET hash = NULL WHERE workspace_id = $1`, [workspace.workspaceId]);
    const prisma = await getPrisma();
    const legacy = await prisma.auditLog.count({ where: { workspaceId: workspace.workspaceId, hash: null } });
    expect(legacy).toBeGreaterThan(0);
    // Verification chains what is not chained yet before it walks, these entries included.
    const before = await verifyAuditChain({ workspaceId: workspace.workspaceId, full: true });
    expect(before).toMatchObject({ ok: true, legacy: 0, entries: legacy });
    expect(await prisma.auditLog.count({ where: { workspaceId: workspace.workspaceId, hash: null } })).toBe(0);

    await prisma.$transaction((tx) =>
      recordAudit(tx, { workspaceId: workspace.workspaceId, actorType: "system", action: "test.touched", targetType: "workspace" }),
    );
    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId, full: true })).toMatchObject({
      ok: true,
      legacy: 0,
      entries: before.entries + 1,
    });
  });
});

/**
 * Rewrites entries from `seq` on as someone with database access but without the audit key
 * would: the change, then every hash after it recomputed consistently (plain SHA-256).
 */
async function rewriteUnkeyed(workspaceId: string, seq: number, summary: Record<string, unknown>, options: { claimKeyed?: boolean } = {}) {
  const prisma = await getPrisma();
  const rows = await prisma.auditLog.findMany({ where: { workspaceId, seq: { gte: seq - 1 } }, orderBy: { seq: "asc" } });
  let prevHash = rows[0]!.seq === seq - 1 ? rows[0]!.hash : null;
  for (const row of rows.filter((entry) => entry.seq! >= seq)) {
    const content: unknown = row.seq === seq ? JSON.parse(canonicalJson(summary)) : row.summary;
    const digest = summaryDigest(content);
    const hash = entryHash({ ...row, seq: row.seq!, summaryDigest: digest, prevHash });
    await tamper(`UPDATE audit_logs SET summary = $2::jsonb, summary_digest = $3, prev_hash = $4, hash = $5, keyed = $6 WHERE id = $1`, [
      row.id,
      JSON.stringify(content),
      digest,
      prevHash,
      hash,
      Boolean(options.claimKeyed),
    ]);
    prevHash = hash;
  }
  // The chain's end too, as the migration leaves it (or a thorough tamperer would).
  await tamper(`UPDATE audit_chain_heads SET hash = $2 WHERE workspace_id = $1`, [workspaceId, prevHash]);
}

describe("a keyed audit chain", () => {
  it("verifies untouched, and detects a summary rewritten with its hashes recomputed without the key", async () => {
    const workspace = await makeWorkspace("keyed");
    const ticket = await makeTicket(workspace);
    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "LOW" } });
    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "HIGH" } });
    const { workspaceId } = workspace;
    const prisma = await getPrisma();
    expect(await prisma.auditLog.count({ where: { workspaceId, keyed: false } })).toBe(0);
    expect(await verifyAuditChain({ workspaceId, full: true })).toMatchObject({ ok: true, unkeyed: 0 });

    const target = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId, action: "ticket.updated" }, orderBy: { seq: "asc" } });
    await rewriteUnkeyed(workspaceId, target.seq!, { priority: { from: "NORMAL", to: "URGENT" } });
    expect(await verifyAuditChain({ workspaceId, full: true })).toMatchObject({
      ok: false,
      brokenAt: { seq: target.seq, reason: "unkeyed entry after the chain became keyed" },
    });
    // Claiming the rewritten entries are keyed does not help without the key.
    await rewriteUnkeyed(workspaceId, target.seq!, { priority: { from: "NORMAL", to: "URGENT" } }, { claimKeyed: true });
    expect(await verifyAuditChain({ workspaceId, full: true })).toMatchObject({
      ok: false,
      brokenAt: { seq: target.seq, reason: "content does not match its hash" },
    });
  });

  it("verifies a log whose older entries were chained before keying, and keeps keying new ones", async () => {
    const workspace = await makeWorkspace("keyed-legacy");
    const { workspaceId } = workspace;
    await ticketSealed(workspace);
    const prisma = await getPrisma();
    const count = await prisma.auditLog.count({ where: { workspaceId } });
    // As the migration left them: plain hashes, keyed = false.
    await rewriteUnkeyed(
      workspaceId,
      1,
      (await prisma.auditLog.findFirstOrThrow({ where: { workspaceId, seq: 1 } })).summary as Record<string, unknown>,
    );
    expect(await verifyAuditChain({ workspaceId, full: true })).toMatchObject({ ok: true, unkeyed: count });
    await prisma.$transaction((tx) =>
      recordAudit(tx, { workspaceId, actorType: "system", action: "test.touched", targetType: "workspace" }),
    );
    const newest = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId }, orderBy: { seq: "desc" } });
    expect(newest).toMatchObject({ keyed: true, seq: count + 1 });
    expect(await verifyAuditChain({ workspaceId, full: true })).toMatchObject({ ok: true, unkeyed: count, entries: count + 1 });
  });
});

describe("redactAuditEntries", () => {
  it("scrubs a customer's entries, records the redaction, and keeps the chain valid", async () => {
    const workspace = await makeWorkspace("redact");
    const ticket = await makeTicket(workspace);
    const other = await makeTicket(workspace);
    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "HIGH" } });
    const prisma = await getPrisma();
    const concerned = await prisma.auditLog.findMany({
      where: { workspaceId: workspace.workspaceId, customerId: ticket.customerId },
      select: { seq: true },
    });
    expect(concerned.length).toBeGreaterThan(0);

    const result = await prisma.$transaction((tx) =>
      redactAuditEntries(tx, {
        workspaceId: workspace.workspaceId,
        customerId: ticket.customerId,
        by: { actorType: "user", actorUserId: workspace.admin.userId },
      }),
    );
    expect(result.seqs).toEqual(concerned.map((row) => row.seq!).sort((a, b) => a - b));

    const redacted = await prisma.auditLog.findMany({ where: { workspaceId: workspace.workspaceId, customerId: ticket.customerId } });
    for (const entry of redacted) {
      expect(entry).toMatchObject({ summary: { redacted: true } });
      expect(entry.redactedAt).toBeInstanceOf(Date);
    }
    const untouched = await prisma.auditLog.findMany({ where: { workspaceId: workspace.workspaceId, customerId: other.customerId } });
    for (const entry of untouched) expect(entry.redactedAt).toBeNull();
    const record = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId: workspace.workspaceId, action: "audit.redacted" } });
    expect(record.summary).toEqual({ count: result.redacted, seqs: result.seqs });

    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId, full: true })).toMatchObject({ ok: true });
    // Erasure then deletes the customer: its entries lose the customer id, the chain still holds.
    await prisma.customer.delete({ where: { id: ticket.customerId } });
    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId, full: true })).toMatchObject({ ok: true });
    // Nothing left to redact the second time, and no second record.
    expect(
      await prisma.$transaction((tx) => redactAuditEntries(tx, { workspaceId: workspace.workspaceId, customerId: ticket.customerId })),
    ).toEqual({ redacted: 0, seqs: [] });
  });

  it("detects a summary scrubbed without a recorded redaction", async () => {
    const workspace = await makeWorkspace("fake-redact");
    const ticket = await ticketSealed(workspace);
    const prisma = await getPrisma();
    const target = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId: workspace.workspaceId, customerId: ticket.customerId } });
    await prisma.auditLog.update({ where: { id: target.id }, data: { summary: { redacted: true }, redactedAt: new Date() } });
    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId, full: true })).toMatchObject({
      ok: false,
      brokenAt: { seq: target.seq, reason: "redacted without a recorded redaction" },
    });
  });
});

describe("listing and export", () => {
  it("filters by actor, action, target and dates, pages by keyset, and stays in the workspace", async () => {
    const workspace = await makeWorkspace("list");
    const intruder = await makeWorkspace("list-other");
    const agent = await makeAgent(workspace, "Quinn");
    const tickets = await Promise.all([makeTicket(workspace), makeTicket(workspace), makeTicket(workspace)]);
    for (const ticket of tickets) await updateTicket({ actor: agent, update: { ticketId: ticket.id, priority: "HIGH" } });
    await makeTicket(intruder);

    const byAgent = await listAuditEntries({ actor: workspace.admin, query: auditQuerySchema.parse({ actor: agent.userId }) });
    expect(byAgent.entries).toHaveLength(3);
    expect(byAgent.entries.every((entry) => entry.actorName === "Quinn" && entry.action === "ticket.updated")).toBe(true);

    const first = await listAuditEntries({ actor: workspace.admin, query: auditQuerySchema.parse({ action: "ticket.updated" }), limit: 2 });
    expect(first.entries.map((entry) => entry.seq)).toEqual([...first.entries.map((entry) => entry.seq)].sort((a, b) => b - a));
    expect(first.nextCursor).toBe(first.entries[1]!.seq);
    const second = await listAuditEntries({
      actor: workspace.admin,
      query: auditQuerySchema.parse({ action: "ticket.updated", cursor: String(first.nextCursor) }),
      limit: 2,
    });
    expect(second.entries).toHaveLength(1);
    expect(second.nextCursor).toBeNull();

    const byTarget = await listAuditEntries({
      actor: workspace.admin,
      query: auditQuerySchema.parse({ targetType: "ticket", targetId: tickets[0].id }),
    });
    expect(byTarget.entries.map((entry) => entry.action).sort()).toEqual(["ticket.opened", "ticket.updated"]);

    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await listAuditEntries({ actor: workspace.admin, query: auditQuerySchema.parse({ to: yesterday }) })).entries).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    const all = await listAuditEntries({ actor: workspace.admin, query: auditQuerySchema.parse({ from: today, to: today }), limit: 500 });
    expect(all.entries.length).toBeGreaterThan(3);
    expect(all.entries.some((entry) => entry.action === "workspace.created")).toBe(true);

    const exported = [];
    for await (const batch of iterateAuditEntries({ actor: workspace.admin, query: auditQuerySchema.parse({}), batch: 2 }))
      exported.push(...batch);
    expect(exported.map((entry) => entry.id).sort()).toEqual(all.entries.map((entry) => entry.id).sort());

    await expect(listAuditEntries({ actor: agent, query: auditQuerySchema.parse({}) })).rejects.toThrow(/permission/);
  });
});

const postgres = process.env.TEST_DB_MODE === "postgres";

describe("writers of one workspace", () => {
  const touch = (workspaceId: string, action: string) => (tx: Parameters<typeof recordAudit>[0]) =>
    recordAudit(tx, { workspaceId, actorType: "system", action, targetType: "workspace" });

  it.runIf(postgres)("do not wait for each other: one holding the chain's end, another appends pending and commits", async () => {
    const workspace = await makeWorkspace("no-wait");
    const { workspaceId } = workspace;
    const prisma = await getPrisma();
    let releaseFirst!: () => void;
    const held = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstWrote!: () => void;
    const wrote = new Promise<void>((resolve) => (firstWrote = resolve));
    const first = prisma.$transaction(
      async (tx) => {
        await touch(workspaceId, "test.first")(tx);
        firstWrote();
        await held;
      },
      { timeout: 20_000 },
    );
    await wrote;
    // The first transaction holds the head; this one commits without waiting for it.
    await prisma.$transaction(touch(workspaceId, "test.second"), { timeout: 5_000 });
    const second = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId, action: "test.second" } });
    expect(second).toMatchObject({ seq: null, hash: null, prevHash: null });
    expect(second.entryMac).toMatch(/^[0-9a-f]{64}$/);
    releaseFirst();
    await first;

    // The next reader chains it after the first writer's entry.
    const status = await verifyAuditChain({ workspaceId, full: true });
    expect(status).toMatchObject({ ok: true });
    const chained = await prisma.auditLog.findMany({
      where: { workspaceId },
      orderBy: { seq: "asc" },
      select: { action: true, seq: true },
    });
    expect(chained.slice(-2)).toEqual([
      { action: "test.first", seq: status.entries - 1 },
      { action: "test.second", seq: status.entries },
    ]);
  });

  it("chains a pending entry by the next audited write, in one unbroken chain", async () => {
    const workspace = await makeWorkspace("pending");
    const { workspaceId } = workspace;
    const prisma = await getPrisma();
    // A pending entry as a writer that found the head held leaves it (the head is held here
    // by this very transaction, so the insert goes around recordAudit's lock).
    const pendingId = await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "audit_chain_heads" WHERE "workspace_id" = ${workspaceId}::uuid FOR UPDATE`;
      return appendPending(tx, workspaceId, "test.pending");
    });
    expect(await prisma.auditLog.findUniqueOrThrow({ where: { id: pendingId } })).toMatchObject({ seq: null });
    await prisma.$transaction(touch(workspaceId, "test.after"));
    const rows = await prisma.auditLog.findMany({ where: { workspaceId }, orderBy: { seq: "asc" }, select: { action: true, seq: true } });
    expect(rows.map((row) => row.action).slice(-2)).toEqual(["test.pending", "test.after"]);
    expect(rows.every((row) => row.seq !== null)).toBe(true);
    expect(await verifyAuditChain({ workspaceId, full: true })).toMatchObject({ ok: true, entries: rows.length });
  });

  it("refuses to chain a pending entry slipped in without the key, and verification names it", async () => {
    const workspace = await makeWorkspace("forged");
    const { workspaceId } = workspace;
    await makeTicket(workspace);
    const { sql } = await getDatabase();
    await sql.query(
      `INSERT INTO audit_logs (id, workspace_id, actor_type, action, target_type, summary_digest, entry_mac, keyed)
       VALUES (gen_random_uuid(), $1, 'system', 'user.role_changed', 'user', $2, $3, true)`,
      [workspaceId, summaryDigest({}), "0".repeat(64)],
    );
    const prisma = await getPrisma();
    await prisma.$transaction(touch(workspaceId, "test.after"));
    const forged = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId, action: "user.role_changed" } });
    expect(forged.seq).toBeNull();
    const status = await verifyAuditChain({ workspaceId });
    expect(status).toMatchObject({ ok: false, brokenAt: { id: forged.id } });
    if (!status.ok) expect(status.brokenAt.reason).toMatch(/not written by the app/);
    // The list shows chained entries only.
    const listed = await listAuditEntries({ actor: workspace.admin, query: auditQuerySchema.parse({}) });
    expect(listed.entries.some((entry) => entry.id === forged.id)).toBe(false);
  });
});

/** Inserts an entry pending, with a valid MAC, as recordAudit does when the head is held. */
async function appendPending(tx: Parameters<typeof recordAudit>[0], workspaceId: string, action: string): Promise<string> {
  const content = {
    id: crypto.randomUUID(),
    workspaceId,
    createdAt: new Date(),
    actorType: "system",
    actorUserId: null,
    action,
    targetType: "workspace",
    targetId: null,
    summaryDigest: summaryDigest({}),
  };
  await tx.auditLog.create({ data: { ...content, summary: {}, keyed: true, entryMac: entryMac(content, auditKey()) } });
  return content.id;
}

describe("incremental verification", () => {
  it("starts at the newest signed checkpoint, so a second look walks only the new entries", async () => {
    const workspace = await makeWorkspace("checkpoint");
    const { workspaceId } = workspace;
    const ticket = await makeTicket(workspace);
    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "HIGH" } });
    const first = await verifyAuditChain({ workspaceId });
    expect(first).toMatchObject({ ok: true, from: 0 });
    const checkpointAt = first.entries;

    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "LOW" } });
    const second = await verifyAuditChain({ workspaceId });
    expect(second).toMatchObject({ ok: true, from: checkpointAt });
    expect(second.entries).toBeLessThan(checkpointAt);
    // Nothing new: nothing walked.
    expect(await verifyAuditChain({ workspaceId })).toMatchObject({ ok: true, entries: 0 });
  });

  it("walks at most `limit` entries a check and goes on from there the next time, still catching what lies past the first window", async () => {
    const workspace = await makeWorkspace("checkpoint-limit");
    const { workspaceId } = workspace;
    const ticket = await makeTicket(workspace);
    for (const priority of ["HIGH", "LOW", "URGENT", "NORMAL", "HIGH", "LOW"] as const)
      await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority } });
    const prisma = await getPrisma();
    const total = (await prisma.auditChainHead.findUniqueOrThrow({ where: { workspaceId } })).seq;
    expect(total).toBeGreaterThan(6);

    // An entry past the first window scrubbed without a redaction record.
    const late = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId, seq: total - 1 } });
    await prisma.auditLog.update({ where: { id: late.id }, data: { summary: { redacted: true }, redactedAt: new Date() } });

    const first = await verifyAuditChain({ workspaceId, limit: 3 });
    expect(first).toEqual({ ok: true, entries: 3, legacy: 0, unkeyed: 0, from: 0, remaining: total - 3 });
    const second = await verifyAuditChain({ workspaceId, limit: 3 });
    expect(second).toMatchObject({ ok: true, entries: 3, from: 3, remaining: total - 6 });
    // The rest, in as many windows as it takes: the scrubbed entry is reached and named.
    let status = second;
    while (status.ok && status.remaining > 0) status = await verifyAuditChain({ workspaceId, limit: 3 });
    expect(status).toMatchObject({ ok: false, brokenAt: { seq: total - 1, reason: "redacted without a recorded redaction" } });
  });

  it("is verified ahead of the audit page where its checkpoint lags, never past a break", async () => {
    const whole = await makeWorkspace("ahead-whole");
    const broken = await makeWorkspace("ahead-broken");
    for (const workspace of [whole, broken]) {
      const ticket = await makeTicket(workspace);
      for (const priority of ["HIGH", "LOW", "URGENT", "NORMAL"] as const)
        await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority } });
    }
    const prisma = await getPrisma();
    const headOf = async (workspaceId: string) => (await prisma.auditChainHead.findUniqueOrThrow({ where: { workspaceId } })).seq;
    // An entry of the second workspace scrubbed without a redaction record.
    const scrubbed = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId: broken.workspaceId, seq: 3 } });
    await prisma.auditLog.update({ where: { id: scrubbed.id }, data: { summary: { redacted: true }, redactedAt: new Date() } });

    const done = await verifyAuditChainsAhead({ lag: 2, budget: 10_000, only: [whole.workspaceId, broken.workspaceId] });
    expect(done).toMatchObject({ workspaces: 2, broken: 1 });
    expect(done.entries).toBeGreaterThanOrEqual((await headOf(whole.workspaceId)) + 2);
    // The page's next check starts where the job left off: nothing left to walk.
    expect(await verifyAuditChain({ workspaceId: whole.workspaceId })).toMatchObject({
      ok: true,
      entries: 0,
      from: await headOf(whole.workspaceId),
    });
    // No checkpoint was written past the break: the page still names it.
    expect(await verifyAuditChain({ workspaceId: broken.workspaceId })).toMatchObject({
      ok: false,
      brokenAt: { seq: 3, reason: "redacted without a recorded redaction" },
    });
  });

  it("catches a rewrite of the checkpoint's entry, passes over a forged checkpoint, and redactions before it must be recorded", async () => {
    const workspace = await makeWorkspace("checkpoint-tamper");
    const { workspaceId } = workspace;
    const ticket = await makeTicket(workspace);
    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "HIGH" } });
    const prisma = await getPrisma();
    const { entries } = await verifyAuditChain({ workspaceId });

    // A checkpoint signed without the key is ignored: the walk starts over from the first entry.
    await prisma.auditCheckpoint.create({
      data: { workspaceId, seq: entries, hash: "f".repeat(64), keyed: true, signature: "0".repeat(64) },
    });
    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "LOW" } });
    expect(await verifyAuditChain({ workspaceId })).toMatchObject({ ok: true, from: entries });

    // A summary scrubbed before the checkpoint without a redaction record.
    const early = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId, seq: 1 } });
    await prisma.auditLog.update({ where: { id: early.id }, data: { summary: { redacted: true }, redactedAt: new Date() } });
    expect(await verifyAuditChain({ workspaceId })).toMatchObject({
      ok: false,
      brokenAt: { seq: 1, reason: "redacted without a recorded redaction" },
    });

    // The checkpoint's own entry rewritten (its hash too): caught without walking before it.
    const head = await prisma.auditChainHead.findUniqueOrThrow({ where: { workspaceId } });
    await tamper(`UPDATE audit_logs SET hash = $2 WHERE workspace_id = $1 AND seq = $3`, [workspaceId, "e".repeat(64), head.seq]);
    const status = await verifyAuditChain({ workspaceId });
    expect(status.ok).toBe(false);
    if (!status.ok) expect(status.problems).toBeGreaterThanOrEqual(2);
  });
});
