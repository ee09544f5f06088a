import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDatabase, getPrisma } from "@/lib/db";
import type { InstanceRegistration } from "@/lib/db/instances";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { makeWorkspace } from "@/test/factories";
import { encryptPersonalDataAtStart, keySetIds, passHolds, readCompletePass } from "./complete-pass";
import { generateKeyText, keyring, resetKeyring } from "./pii";
import { rotateEncryptionKey } from "./rotate";

// The start-up's pass over personal data runs only when the keys differ from the last
// complete pass's. Rows are written in plaintext around the app (as a database from before
// encryption holds them): a start that skips the pass leaves them so, one that runs it
// encrypts them.

const saved = { ...process.env };
afterEach(() => {
  for (const name of ["APP_ENCRYPTION_KEY", "APP_ENCRYPTION_PREVIOUS_KEYS"]) {
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

/** The server's start-up, with its schedules stopped again; returns what it printed. */
async function start(): Promise<string> {
  const printed: string[] = [];
  // The messages of the start-up's log lines (lib/log.ts), as a person reads them.
  const info = vi.spyOn(log, "info").mockImplementation((...args: unknown[]) => {
    printed.push(String(args.find((arg) => typeof arg === "string")));
  });
  const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
  const { prepareApp } = await import("@/lib/startup");
  try {
    await prepareApp();
  } finally {
    (await import("@/lib/privacy/schedule")).schedulePrivacySweep()();
    (await import("@/lib/retention/schedule")).scheduleRetention()();
  }
  info.mockRestore();
  warn.mockRestore();
  return printed.join("\n");
}

/** The start-up registers the process as an app instance; rotate-key refuses beside one. */
async function stopAppInstance() {
  const slot = globalThis as unknown as { __appInstance?: Promise<InstanceRegistration> };
  await (await slot.__appInstance)?.stop();
  delete slot.__appInstance;
}

/** A customer with a ticket and a message, in plaintext, as written before encryption. */
async function writePlaintextCustomer(workspaceId: string, name: string) {
  const { sql } = await getDatabase();
  const customerId = randomUUID();
  const ticketId = randomUUID();
  await sql.query("INSERT INTO customers (id, workspace_id, email, name, updated_at) VALUES ($1::uuid, $2::uuid, $3, $4, now())", [
    customerId,
    workspaceId,
    `${customerId}@legacy.example`,
    name,
  ]);
  await sql.query(
    "INSERT INTO tickets (id, workspace_id, number, customer_id, subject, updated_at) VALUES ($1::uuid, $2::uuid, $3, $4::uuid, 'Legacy ticket', now())",
    [ticketId, workspaceId, Math.floor(Math.random() * 1e6) + 10_000, customerId],
  );
  await sql.query(
    "INSERT INTO messages (id, workspace_id, ticket_id, customer_id, kind, body) VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, 'CUSTOMER', $5)",
    [randomUUID(), workspaceId, ticketId, customerId, `${name} says the sensor is offline.`],
  );
  return customerId;
}

async function rawRow(customerId: string) {
  const { sql } = await getDatabase();
  const [row] = await sql.query<{ name: string; body: string }>(
    "SELECT c.name, m.body FROM customers c JOIN messages m ON m.customer_id = c.id WHERE c.id = $1::uuid",
    [customerId],
  );
  return row!;
}

/** Statements the Prisma client sends as raw SQL that read a table holding personal data. */
function watchPersonalDataReads() {
  const statements: string[] = [];
  return getPrisma().then((prisma) => {
    for (const method of ["$queryRawUnsafe", "$executeRawUnsafe"] as const) {
      const original = prisma[method].bind(prisma) as (...args: unknown[]) => unknown;
      vi.spyOn(prisma, method).mockImplementation(((query: string, ...values: unknown[]) => {
        statements.push(query);
        return original(query, ...values);
      }) as never);
    }
    return () => statements.filter((text) => /\bFROM\s+(customers|messages|memories|memory_history)\b/i.test(text));
  });
}

describe("the start-up's pass over personal data", () => {
  it("is skipped by a start with the keys of the last complete pass, and runs once the keys change", async () => {
    const workspace = await makeWorkspace("start-pass");
    const prisma = await getPrisma();
    try {
      // However the database was left (another file's start, on the shared server database),
      // after a start the record holds for these keys.
      await start();
      expect(passHolds(await readCompletePass(prisma))).toBe(true);

      const left = await writePlaintextCustomer(workspace.workspaceId, "Old Timer");
      const reads = await watchPersonalDataReads();
      const printed = await start();
      expect(reads()).toEqual([]);
      expect(printed).not.toMatch(/^Encrypted /m);
      expect(await rawRow(left)).toEqual({ name: "Old Timer", body: "Old Timer says the sensor is offline." });
      vi.restoreAllMocks();

      // A key added to the previous keys: a different key set, so the pass runs and records it.
      const extra = generateKeyText();
      process.env.APP_ENCRYPTION_PREVIOUS_KEYS = [saved.APP_ENCRYPTION_PREVIOUS_KEYS, extra].filter(Boolean).join(",");
      reloadKeys();
      const afterChange = await start();
      expect(afterChange).toMatch(/^Encrypted \d+ customers, \d+ messages/m);
      const current = keyring().current.id;
      const encrypted = await rawRow(left);
      expect(encrypted.name.startsWith(`enc:v1:${current}:`)).toBe(true);
      expect(encrypted.body.startsWith(`enc:v1:${current}:`)).toBe(true);
      const recorded = await readCompletePass(prisma);
      expect(recorded).toMatchObject({ scope: "plaintext", keys: keySetIds() });
      expect(recorded!.keys).toHaveLength(keyring().previous.length + 1);

      // Same keys again: nothing read, the next plaintext row stays as it was.
      const later = await writePlaintextCustomer(workspace.workspaceId, "Late Comer");
      const readsAgain = await watchPersonalDataReads();
      await start();
      expect(readsAgain()).toEqual([]);
      expect((await rawRow(later)).name).toBe("Late Comer");
    } finally {
      await stopAppInstance();
    }
  });

  it("keeps the unreadable count of the pass for the starts that skip it", async () => {
    const workspace = await makeWorkspace("start-pass-count");
    const prisma = await getPrisma();
    const customerId = await writePlaintextCustomer(workspace.workspaceId, "Lost Key");
    // A value under a key nobody has (an id no configured key has), written around the app.
    const { sql } = await getDatabase();
    await sql.query("UPDATE customers SET phone = 'enc:v1:0badc0de:AAAA' WHERE id = $1::uuid", [customerId]);
    process.env.APP_ENCRYPTION_PREVIOUS_KEYS = [saved.APP_ENCRYPTION_PREVIOUS_KEYS, generateKeyText()].filter(Boolean).join(",");
    reloadKeys();
    const first = await encryptPersonalDataAtStart(prisma);
    expect(first.encrypted).not.toBeNull();
    expect(first.unreadable).toBeGreaterThanOrEqual(1);
    const second = await encryptPersonalDataAtStart(prisma);
    // (On the shared server database another file may have changed the record in between.)
    if (env().databaseMode === "embedded") expect(second).toEqual({ encrypted: null, unreadable: first.unreadable, duplicateEmails: 0 });
  });

  // A rotation of the whole database: only on the test file's own embedded database.
  it.skipIf(!!process.env.DATABASE_URL)(
    "rotate-key records its pass: the next start reads nothing, with the old key gone too",
    async () => {
      const workspace = await makeWorkspace("start-pass-rotate");
      const prisma = await getPrisma();
      const before = await writePlaintextCustomer(workspace.workspaceId, "Before Rotation");
      const result = await rotateEncryptionKey({ prisma });
      expect((await rawRow(before)).name.startsWith(`enc:v1:${result.keyId}:`)).toBe(true);
      reloadKeys();
      expect(keyring().current.id).toBe(result.keyId);
      expect(await readCompletePass(prisma)).toMatchObject({ scope: "all", keys: keySetIds() });

      const after = await writePlaintextCustomer(workspace.workspaceId, "After Rotation");
      const reads = await watchPersonalDataReads();
      expect((await encryptPersonalDataAtStart(prisma)).encrypted).toBeNull();
      expect(reads()).toEqual([]);
      expect((await rawRow(after)).name).toBe("After Rotation");
    },
  );
});
