import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDatabase, getPrisma } from "@/lib/db";
import { log } from "@/lib/log";
import { listInboxTickets } from "@/lib/support/inbox";
import { openPublicTicket } from "@/lib/support/public";
import { getTicketDetail, openTicket } from "@/lib/support/tickets";
import { makeWorkspace } from "@/test/factories";
import { checkKeyCanary } from "./canary";
import { decryptText, generateKeyText, keyring, resetKeyring, UNREADABLE } from "./pii";
import { countUnknownKeyValues, reencryptPersonalData } from "./reencrypt";

// Issue 12, hole 1: a value is ciphertext because the code path says so, never because it
// looks like one. A customer who types "enc:v1:..." gets it stored encrypted and shown back
// as typed; a stored value that cannot be decrypted shows as unreadable and never stops the
// page or the start; only a wrong key for the whole database (the canary) stops the start.

const saved = { ...process.env };
afterEach(() => {
  for (const name of ["APP_ENCRYPTION_KEY", "APP_ENCRYPTION_PREVIOUS_KEYS", "DATA_DIR"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  reloadKeys();
  vi.restoreAllMocks();
});

function reloadKeys() {
  delete (globalThis as { __appEnv?: unknown }).__appEnv;
  resetKeyring();
}

async function raw<T>(text: string, params: unknown[]) {
  return (await getDatabase()).sql.query<T>(text, params);
}

async function slugOf(workspaceId: string) {
  return (await (await getPrisma()).workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slug: true } })).slug;
}

const FAKE_NAME = "enc:v1:deadbeef:AAAA";
const FAKE_MESSAGE = "enc:v1:deadbeef:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

describe("ciphertext-looking input", () => {
  it("is stored encrypted under the current key and read back as typed, on the form and the API path", async () => {
    const workspace = await makeWorkspace("hostile");
    const prisma = await getPrisma();
    const opened = await openPublicTicket({
      slug: await slugOf(workspace.workspaceId),
      clientKey: randomUUID(),
      input: { name: FAKE_NAME, email: "mallory@evil.example", subject: "Looks encrypted", message: FAKE_MESSAGE },
    });
    const api = await openTicket({
      workspaceId: workspace.workspaceId,
      ticket: { customer: { email: "trent@api.example", name: `${FAKE_NAME}BB` }, subject: "From the API", body: `${FAKE_MESSAGE}BB` },
    });
    const formTicket = await prisma.ticket.findFirstOrThrow({
      where: { workspaceId: workspace.workspaceId, number: opened.number },
      select: { id: true, customerId: true },
    });

    const current = `enc:v1:${keyring().current.id}:`;
    for (const [ticketId, name, body] of [
      [formTicket.id, FAKE_NAME, FAKE_MESSAGE],
      [api.id, `${FAKE_NAME}BB`, `${FAKE_MESSAGE}BB`],
    ] as const) {
      const [row] = await raw<{ name: string; body: string }>(
        `SELECT c.name, m.body FROM tickets t JOIN customers c ON c.id = t.customer_id JOIN messages m ON m.ticket_id = t.id WHERE t.id = $1::uuid`,
        [ticketId],
      );
      // Real ciphertext under the current key, not the typed text passed through.
      expect(row!.name.startsWith(current)).toBe(true);
      expect(row!.body.startsWith(current)).toBe(true);
      expect(decryptText(row!.name)).toBe(name);
      expect(decryptText(row!.body)).toBe(body);
      const detail = await getTicketDetail({ actor: workspace.admin, ticketId });
      expect(detail.customer.name).toBe(name);
      expect(detail.messages[0]?.body).toBe(body);
    }
    const inbox = await listInboxTickets({ actor: workspace.admin, query: { view: "all" } });
    expect(inbox.tickets.map((ticket) => ticket.customerName).sort()).toEqual([FAKE_NAME, `${FAKE_NAME}BB`]);

    // The start-up checks pass: the canary, and the pass over plaintext rows.
    await expect(checkKeyCanary(prisma)).resolves.toBeUndefined();
    const pass = await reencryptPersonalData({ prisma, scope: "plaintext", workspaceId: workspace.workspaceId });
    expect(pass).toMatchObject({ customers: 0, messages: 0, unreadable: 0 });
  });
});

describe("a stored value that cannot be decrypted", () => {
  it("shows as unreadable and is logged without its text; the start-up checks and passes go on", async () => {
    const workspace = await makeWorkspace("corrupt");
    const prisma = await getPrisma();
    const ticket = await openTicket({
      workspaceId: workspace.workspaceId,
      ticket: {
        customer: { email: "victor@corrupt.example", name: "Victor Vale" },
        subject: "Corrupted later",
        body: "The lamp flickers at dusk.",
      },
    });
    // Written around the app, as a damaged backup or a bug would: a key nobody has, a failed
    // authentication tag under the current key, and a plaintext phone the start encrypts.
    await raw(`UPDATE customers SET name = $1, phone = '555-0199' WHERE id = $2::uuid`, [FAKE_NAME, ticket.customerId]);
    await raw(`UPDATE messages SET body = $1 WHERE ticket_id = $2::uuid`, [
      `enc:v1:${keyring().current.id}:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
      ticket.id,
    ]);
    const logged = vi.spyOn(log, "error").mockImplementation(() => undefined);

    const detail = await getTicketDetail({ actor: workspace.admin, ticketId: ticket.id });
    expect(detail.customer.name).toBe(UNREADABLE);
    expect(detail.customer.email).toBe("victor@corrupt.example");
    expect(detail.messages[0]?.body).toBe(UNREADABLE);
    const inbox = await listInboxTickets({ actor: workspace.admin, query: { view: "all" } });
    expect(inbox.tickets.map((row) => row.customerName)).toEqual([UNREADABLE]);
    const lines = logged.mock.calls.map((call) => JSON.stringify(call));
    expect(lines.some((line) => line.includes("customers") && line.includes("deadbeef"))).toBe(true);
    expect(lines.some((line) => line.includes("messages"))).toBe(true);
    for (const line of lines) expect(line).not.toMatch(/Victor|victor@|lamp flickers/);

    // Start-up: the canary passes, the bad values are counted, the passes skip them.
    await expect(checkKeyCanary(prisma)).resolves.toBeUndefined();
    expect(await countUnknownKeyValues(prisma)).toBeGreaterThanOrEqual(1);
    const plaintext = await reencryptPersonalData({ prisma, scope: "plaintext", workspaceId: workspace.workspaceId });
    expect(plaintext).toMatchObject({ customers: 1, unreadable: 1 });
    const [row] = await raw<{ name: string; phone: string }>(`SELECT name, phone FROM customers WHERE id = $1::uuid`, [ticket.customerId]);
    expect(row!.name).toBe(FAKE_NAME);
    expect(decryptText(row!.phone)).toBe("555-0199");
    const all = await reencryptPersonalData({ prisma, scope: "all", workspaceId: workspace.workspaceId });
    expect(all.unreadable).toBe(1);
  });

  it("a wrong key for the whole database still stops the start, with the message naming the key", async () => {
    const prisma = await getPrisma();
    await checkKeyCanary(prisma);
    process.env.APP_ENCRYPTION_KEY = generateKeyText();
    delete process.env.APP_ENCRYPTION_PREVIOUS_KEYS;
    // An empty DATA_DIR: no key file to fall back on.
    process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "recall-canary-"));
    reloadKeys();
    await expect(checkKeyCanary(prisma)).rejects.toThrow(/neither APP_ENCRYPTION_KEY .* nor a previous key/);
    fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
  });
});
