import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDatabase, getPrisma } from "@/lib/db";
import { acquireDataDirLock } from "@/lib/db/lock";
import { AppRunningError, registerInstance } from "@/lib/db/instances";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { addCustomerPreference } from "@/lib/memory/support-memory";
import { listInboxTickets } from "@/lib/support/inbox";
import { getFollowedTicket, openPublicTicket } from "@/lib/support/public";
import { addAgentMessage, getTicketDetail } from "@/lib/support/tickets";
import { makeWorkspace, type TestWorkspace } from "@/test/factories";
import { ROTATED_TEST_KEY } from "@/test/keys";
import { checkKeyCanary } from "./canary";
import { generateKeyText, keyFilePath, keyring, previousKeyFilePath, resetKeyring, UNREADABLE } from "./pii";
import { reencryptPersonalData } from "./reencrypt";
import { rotateEncryptionKey } from "./rotate";

// Personal data at rest, against the real database: what a copy of the tables shows, and
// that the console, the public form and the search still work on top of it.

const saved = { ...process.env };
afterEach(() => {
  for (const name of ["APP_ENCRYPTION_KEY", "APP_ENCRYPTION_PREVIOUS_KEYS", "DATA_DIR"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  reloadKeys();
});

function reloadKeys() {
  delete (globalThis as { __appEnv?: unknown }).__appEnv;
  resetKeyring();
}

async function rawCustomer(customerId: string) {
  const { sql } = await getDatabase();
  const [row] = await sql.query<{ name: string; email: string; phone: string | null; email_hash: string | null }>(
    "SELECT name, email, phone, email_hash FROM customers WHERE id = $1::uuid",
    [customerId],
  );
  return row!;
}

async function rawBodies(workspaceId: string) {
  const { sql } = await getDatabase();
  return (await sql.query<{ body: string }>("SELECT body FROM messages WHERE workspace_id = $1::uuid", [workspaceId])).map(
    (row) => row.body,
  );
}

async function openAsCustomer(workspace: TestWorkspace, slug: string, input: { email: string; name: string; message: string }) {
  return openPublicTicket({ slug, clientKey: randomUUID(), input: { ...input, subject: "Help with my hub", product: "Lumio Hub" } });
}

async function search(workspace: TestWorkspace, q: string) {
  return (await listInboxTickets({ actor: workspace.admin, query: { view: "all", q } })).tickets;
}

async function slugOf(workspaceId: string) {
  return (await (await getPrisma()).workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slug: true } })).slug;
}

describe("personal data at rest", () => {
  it("stores names, emails, phones and bodies only as ciphertext, and the app reads them back", async () => {
    const workspace = await makeWorkspace("pii");
    const slug = await slugOf(workspace.workspaceId);
    const opened = await openAsCustomer(workspace, slug, {
      email: "Ada.Lovelace@Example.com",
      name: "Ada Lovelace",
      message: "My hub blinks amber since the firmware narwhal update.",
    });
    const prisma = await getPrisma();
    const ticket = await prisma.ticket.findFirstOrThrow({
      where: { workspaceId: workspace.workspaceId, number: opened.number },
      select: { id: true, customerId: true },
    });
    await prisma.customer.update({ where: { id: ticket.customerId }, data: { phone: "+44 20 7946 0958" } });
    await addAgentMessage({
      actor: workspace.admin,
      message: { ticketId: ticket.id, body: "Please hold the reset button, Ada.", kind: "AGENT" },
    });

    const row = await rawCustomer(ticket.customerId);
    for (const value of [row.name, row.email, row.phone]) expect(value).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    // Whole fragments, case as written: ciphertext is random base64, in which a short word like
    // "ada" turns up by chance now and then (it made this test flaky).
    const dump = JSON.stringify(row);
    for (const plain of ["Lovelace", "lovelace", "Example.com", "example.com", "7946 0958"]) expect(dump).not.toContain(plain);
    expect(row.email_hash).toMatch(/^[0-9a-f]{64}$/);
    const bodies = await rawBodies(workspace.workspaceId);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body).toMatch(/^enc:v1:/);
      expect(body).not.toMatch(/narwhal|blinks amber|reset button|firmware/);
    }

    // The console and the customer's own page show plaintext.
    const detail = await getTicketDetail({ actor: workspace.admin, ticketId: ticket.id });
    expect(detail.customer).toMatchObject({ name: "Ada Lovelace", email: "ada.lovelace@example.com" });
    expect(detail.messages.map((message) => message.body)).toEqual([
      "My hub blinks amber since the firmware narwhal update.",
      "Please hold the reset button, Ada.",
    ]);
    const followed = await getFollowedTicket({ slug, token: opened.token });
    expect(followed.ticket.messages[1]?.body).toBe("Please hold the reset button, Ada.");
    const [listed] = await search(workspace, "narwhal");
    expect(listed).toMatchObject({ id: ticket.id, customerName: "Ada Lovelace" });
    expect(await search(workspace, "reset")).toHaveLength(1);
    expect(await search(workspace, "zeppelin")).toEqual([]);
  });

  it("finds the same customer again by email: the blind index, whatever the case", async () => {
    const workspace = await makeWorkspace("pii-reuse");
    const slug = await slugOf(workspace.workspaceId);
    await openAsCustomer(workspace, slug, {
      email: "grace@navy.example",
      name: "Grace Hopper",
      message: "First question about my thermostat.",
    });
    await openAsCustomer(workspace, slug, {
      email: "GRACE@Navy.example",
      name: "G. Hopper",
      message: "Second question about my thermostat.",
    });
    const prisma = await getPrisma();
    const customers = await prisma.customer.findMany({
      where: { workspaceId: workspace.workspaceId },
      select: { id: true, name: true, email: true },
    });
    expect(customers).toEqual([expect.objectContaining({ name: "Grace Hopper", email: "grace@navy.example" })]);
    expect(
      await prisma.customer.findFirst({ where: { workspaceId: workspace.workspaceId, email: "Grace@navy.example" }, select: { id: true } }),
    ).toEqual({ id: customers[0]!.id });
    // Another workspace with the same address: another customer, another hash.
    const other = await makeWorkspace("pii-other");
    await openAsCustomer(other, await slugOf(other.workspaceId), {
      email: "grace@navy.example",
      name: "Grace H",
      message: "Question from the other shop.",
    });
    const [mine, theirs] = await Promise.all(
      [workspace, other].map(
        async (ws) => (await prisma.customer.findFirstOrThrow({ where: { workspaceId: ws.workspaceId }, select: { id: true } })).id,
      ),
    );
    expect((await rawCustomer(mine!)).email_hash).not.toBe((await rawCustomer(theirs!)).email_hash);
  });

  it("encrypts rows written before encryption, keeping them findable and searchable", async () => {
    const workspace = await makeWorkspace("pii-legacy");
    const { sql } = await getDatabase();
    const customerId = randomUUID();
    const ticketId = randomUUID();
    await sql.query(
      "INSERT INTO customers (id, workspace_id, email, name, phone, updated_at) VALUES ($1::uuid, $2::uuid, 'old@legacy.example', 'Old Timer', '555-0100', now())",
      [customerId, workspace.workspaceId],
    );
    await sql.query(
      "INSERT INTO tickets (id, workspace_id, number, customer_id, subject, updated_at) VALUES ($1::uuid, $2::uuid, 999, $3::uuid, 'Legacy ticket', now())",
      [ticketId, workspace.workspaceId, customerId],
    );
    await sql.query(
      "INSERT INTO messages (id, workspace_id, ticket_id, customer_id, kind, body) VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, 'CUSTOMER', 'The platypus sensor is offline.')",
      [randomUUID(), workspace.workspaceId, ticketId, customerId],
    );

    // Read as they are until the pass runs (the start-up runs it for every workspace).
    expect((await getTicketDetail({ actor: workspace.admin, ticketId })).customer.name).toBe("Old Timer");
    // (Another test file's start-up may have done it first on the shared server database.)
    const result = await reencryptPersonalData({ prisma: await getPrisma(), scope: "plaintext", workspaceId: workspace.workspaceId });
    if (env().databaseMode === "embedded") expect(result).toMatchObject({ customers: 1, messages: 1 });
    const row = await rawCustomer(customerId);
    expect(JSON.stringify(row)).not.toMatch(/Old Timer|legacy\.example|555-0100/);
    expect((await rawBodies(workspace.workspaceId))[0]).toMatch(/^enc:v1:/);
    expect((await search(workspace, "platypus")).map((ticket) => ticket.id)).toEqual([ticketId]);
    const detail = await getTicketDetail({ actor: workspace.admin, ticketId });
    expect(detail.customer.name).toBe("Old Timer");
    expect(detail.messages[0]?.body).toBe("The platypus sensor is offline.");
    // The public form finds the encrypted customer by its email hash rather than adding one.
    await openAsCustomer(workspace, await slugOf(workspace.workspaceId), {
      email: "old@legacy.example",
      name: "Someone Else",
      message: "Another question, same address.",
    });
    expect(await (await getPrisma()).customer.count({ where: { workspaceId: workspace.workspaceId } })).toBe(1);
    // A second pass finds nothing left.
    expect(
      await reencryptPersonalData({ prisma: await getPrisma(), scope: "plaintext", workspaceId: workspace.workspaceId }),
    ).toMatchObject({ customers: 0, messages: 0 });
  });

  it("rotates the key: everything re-encrypted, readable once the old key is gone", async () => {
    const workspace = await makeWorkspace("pii-rotate");
    const slug = await slugOf(workspace.workspaceId);
    await openAsCustomer(workspace, slug, {
      email: "rosalind@kings.example",
      name: "Rosalind Franklin",
      message: "The camera shows a helix pattern overnight.",
    });
    const prisma = await getPrisma();
    const oldKey = keyring().current.id;
    const before = await prisma.customer.findFirstOrThrow({ where: { workspaceId: workspace.workspaceId }, select: { id: true } });
    const oldHash = (await rawCustomer(before.id)).email_hash;
    // Customer memory is sealed too, and follows the key (the form's ticket wrote session memory).
    await addCustomerPreference({
      workspaceId: workspace.workspaceId,
      customerId: before.id,
      by: { actorType: "system" },
      preference: "Prefers calls after the crossword.",
    });

    const config = env();
    let newKeyText: string | undefined;
    if (config.APP_ENCRYPTION_KEY) {
      // Server deployments: the operator sets the new key and lists the old one as previous.
      // (A key the other test files sharing this database also know: test/keys.ts.)
      newKeyText = ROTATED_TEST_KEY;
      process.env.APP_ENCRYPTION_PREVIOUS_KEYS = config.APP_ENCRYPTION_KEY;
      process.env.APP_ENCRYPTION_KEY = newKeyText;
      reloadKeys();
    }
    const result = await rotateEncryptionKey({ prisma, workspaceId: workspace.workspaceId });
    expect(result.keyId).not.toBe(oldKey);
    expect(result).toMatchObject({ customers: 1, messages: 1, generated: !config.APP_ENCRYPTION_KEY });
    expect(result.memories).toBeGreaterThanOrEqual(1);
    expect(result.memoryHistory).toBeGreaterThanOrEqual(1);
    if (!config.APP_ENCRYPTION_KEY) expect(fs.existsSync(previousKeyFilePath(config.dataDir))).toBe(false);

    // The old key is no longer known at all.
    if (newKeyText) delete process.env.APP_ENCRYPTION_PREVIOUS_KEYS;
    reloadKeys();
    expect(keyring().previous.map((key) => key.id)).not.toContain(oldKey);
    const row = await rawCustomer(before.id);
    for (const value of [row.name, row.email]) expect(value.startsWith(`enc:v1:${result.keyId}:`)).toBe(true);
    expect(row.email_hash).not.toBe(oldHash);
    for (const body of await rawBodies(workspace.workspaceId)) expect(body.startsWith(`enc:v1:${result.keyId}:`)).toBe(true);
    const { sql } = await getDatabase();
    const memoryTexts = await sql.query<{ text: string }>(`SELECT text FROM memories WHERE workspace_id = $1::uuid AND scope <> 'agent'`, [
      workspace.workspaceId,
    ]);
    expect(memoryTexts.length).toBeGreaterThanOrEqual(1);
    for (const row of memoryTexts) expect(row.text.startsWith(`enc:v1:${result.keyId}:`)).toBe(true);
    const customer = await prisma.customer.findFirstOrThrow({
      where: { workspaceId: workspace.workspaceId, email: "rosalind@kings.example" },
      select: { name: true },
    });
    expect(customer.name).toBe("Rosalind Franklin");
    expect(await search(workspace, "helix")).toHaveLength(1);
    // Running it again is harmless (resumable, idempotent).
    const again = await rotateEncryptionKey({ prisma, workspaceId: workspace.workspaceId });
    expect(again.customers + again.messages).toBe(config.APP_ENCRYPTION_KEY ? 0 : 2);
    // The start-up key check reads the canary rotation rewrote.
    await expect(checkKeyCanary(prisma)).resolves.toBeUndefined();
  });

  it("with a wrong key, shows values as unreadable and the start stops at the key check", async () => {
    const workspace = await makeWorkspace("pii-wrong-key");
    await openAsCustomer(workspace, await slugOf(workspace.workspaceId), {
      email: "wrong@key.example",
      name: "Wrong Key",
      message: "Anything at all, really.",
    });
    const prisma = await getPrisma();
    await checkKeyCanary(prisma);
    process.env.APP_ENCRYPTION_KEY = generateKeyText();
    delete process.env.APP_ENCRYPTION_PREVIOUS_KEYS;
    // An empty DATA_DIR: no key file to fall back on.
    process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "recall-wrong-key-"));
    reloadKeys();
    expect(fs.existsSync(keyFilePath(env().dataDir))).toBe(false);
    vi.spyOn(log, "error").mockImplementation(() => undefined);
    expect(await prisma.customer.findFirst({ where: { workspaceId: workspace.workspaceId }, select: { name: true } })).toMatchObject({
      name: UNREADABLE,
    });
    await expect(checkKeyCanary(prisma)).rejects.toThrow(/neither APP_ENCRYPTION_KEY/);
    vi.restoreAllMocks();
    fs.rmSync(env().dataDir, { recursive: true, force: true });
  });
});

describe("key rotation beside a running app", () => {
  it("refuses while an app process is using the database and changes nothing; runs once its row is stale", async () => {
    const workspace = await makeWorkspace("pii-rotate-live");
    await openAsCustomer(workspace, await slugOf(workspace.workspaceId), {
      email: "hedy@lamarr.example",
      name: "Hedy Lamarr",
      message: "The remote hops channels at random.",
    });
    const prisma = await getPrisma();
    const customer = await prisma.customer.findFirstOrThrow({ where: { workspaceId: workspace.workspaceId }, select: { id: true } });
    const config = env();
    if (config.APP_ENCRYPTION_KEY) {
      process.env.APP_ENCRYPTION_PREVIOUS_KEYS = config.APP_ENCRYPTION_KEY;
      process.env.APP_ENCRYPTION_KEY = ROTATED_TEST_KEY;
      reloadKeys();
    }
    const keyFileBefore = config.APP_ENCRYPTION_KEY ? null : fs.readFileSync(keyFilePath(config.dataDir), "utf8");
    const rowBefore = await rawCustomer(customer.id);
    // No heartbeat during the test: the row is made stale by hand below, as a killed process leaves it.
    const instance = await registerInstance(prisma, { heartbeatMs: 3_600_000 });
    try {
      const refused = rotateEncryptionKey({ prisma, workspaceId: workspace.workspaceId });
      await expect(refused).rejects.toThrow(AppRunningError);
      await expect(refused).rejects.toThrow(
        /^1 app process is using this database \(.+:\d+, last seen \d+s ago\); stop them first, then run rotate-key\.$/,
      );
      expect(await rawCustomer(customer.id)).toEqual(rowBefore);
      if (keyFileBefore !== null) {
        expect(fs.readFileSync(keyFilePath(config.dataDir), "utf8")).toBe(keyFileBefore);
        expect(fs.existsSync(previousKeyFilePath(config.dataDir))).toBe(false);
      }

      const { sql } = await getDatabase();
      await sql.query(`UPDATE app_instances SET seen_at = now() - interval '5 minutes' WHERE id = $1`, [instance.id]);
      const result = await rotateEncryptionKey({ prisma, workspaceId: workspace.workspaceId });
      expect(result.customers).toBe(1);
      expect((await rawCustomer(customer.id)).name.startsWith(`enc:v1:${result.keyId}:`)).toBe(true);
      // The stale row was cleared on the way.
      expect(await sql.query(`SELECT id FROM app_instances WHERE id = $1`, [instance.id])).toEqual([]);
    } finally {
      await instance.stop();
    }
  });

  it.skipIf(!!process.env.DATABASE_URL)(
    "embedded: the command refuses with a clear message while the app holds the data folder",
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-rotate-locked-"));
      // Held by this (live) process, as the running server holds it.
      const lock = acquireDataDirLock(dataDir);
      try {
        const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
        delete childEnv.DATABASE_URL;
        const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
          execFile(
            process.execPath,
            ["--conditions=react-server", "--import", "tsx", "scripts/privacy.ts", "rotate-key"],
            { env: childEnv, timeout: 60_000 },
            (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stderr }),
          );
        });
        expect(outcome.code).toBe(3);
        expect(outcome.stderr).toMatch(/in use by the running server \(pid \d+\).*Stop the server, run rotate-key/);
        expect(outcome.stderr).not.toMatch(/runs beside the app/);
        expect(fs.existsSync(previousKeyFilePath(dataDir))).toBe(false);
      } finally {
        lock.release();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
