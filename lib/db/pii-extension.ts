import { openMemoryPayload, openMemoryText, sealsHistory } from "@/lib/crypto/memory-text";
import { emailIndex, emailIndexes, encryptOptional, readStoredOptional } from "@/lib/crypto/pii";
import type { PrismaClient } from "./generated/client";

// Encryption at rest of customer name, email and phone and of message bodies (and an inbound mail's whole text), kept in one
// place: writes through Prisma encrypt these fields (and set the email's blind index), reads
// decrypt them. Result extensions also run for relations read through include or select, so
// `ticket.findFirst({ include: { customer: true, messages: true } })` comes back in plaintext.
// Not covered, so done where they happen: raw SQL (inbox list, retention plan), and nested
// writes (a message created inside ticket.create), which this extension refuses.
// Every write encrypts, whatever the value looks like: a name typed as "enc:v1:..." is a
// name (issue 12). Only the re-encryption pass (raw SQL) handles stored ciphertext. A read
// that cannot decrypt a value shows UNREADABLE and logs it, so one bad row never fails a page.
// Customer and session memory text is written sealed by the memory store (raw SQL) and
// opened here when read through Prisma (export, archive list, history).

type Data = Record<string, unknown>;

const customerFields = ["name", "email", "phone"] as const;

function encryptField(data: Data, field: string): void {
  const value = data[field];
  if (typeof value === "string") data[field] = encryptOptional(value);
  else if (value && typeof value === "object" && "set" in value) {
    const set = value.set;
    if (typeof set === "string") data[field] = encryptOptional(set);
  }
}

function plainEmail(data: Data): string | undefined {
  const value = data.email;
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as { set?: unknown }).set === "string") return (value as { set: string }).set;
  return undefined;
}

function encryptCustomer(data: Data | undefined, workspaceId?: string): Data | undefined {
  if (!data) return data;
  const next = { ...data };
  const email = plainEmail(next);
  if (email !== undefined) {
    const owner = (typeof next.workspaceId === "string" && next.workspaceId) || workspaceId;
    if (!owner) throw new Error("A customer's email is written with its workspaceId (the blind index is per workspace).");
    next.emailHash = emailIndex(owner, email);
  }
  for (const field of customerFields) encryptField(next, field);
  return next;
}

function encryptMessage(data: Data | undefined): Data | undefined {
  if (!data) return data;
  const next = { ...data };
  encryptField(next, "body");
  encryptField(next, "originalBody");
  return next;
}

/** A lookup by email becomes a lookup by its blind index under every key in use. */
function customerWhere(where: Data | undefined): Data | undefined {
  if (!where || where.email === undefined) return where;
  const { email, ...rest } = where;
  if (typeof email !== "string") throw new Error("Customers are found by an exact email only (the address is encrypted).");
  if (typeof rest.workspaceId !== "string") throw new Error("A customer is found by email within one workspace (where.workspaceId).");
  return { ...rest, emailHash: { in: emailIndexes(rest.workspaceId, email) } };
}

function refuseNested(data: Data | undefined, relation: string): void {
  if (data && typeof data[relation] === "object" && data[relation] !== null) {
    const nested = data[relation] as Data;
    if (
      "create" in nested ||
      "createMany" in nested ||
      "upsert" in nested ||
      "connectOrCreate" in nested ||
      "update" in nested ||
      "updateMany" in nested
    ) {
      throw new Error(`Write ${relation} with their own query: nested writes bypass the encryption of personal data.`);
    }
  }
}

export function withPiiEncryption(prisma: PrismaClient) {
  return prisma.$extends({
    name: "pii-encryption",
    result: {
      customer: {
        name: { needs: { name: true }, compute: (customer) => readStoredOptional(customer.name, "customers") },
        email: { needs: { email: true }, compute: (customer) => readStoredOptional(customer.email, "customers") },
        phone: { needs: { phone: true }, compute: (customer) => readStoredOptional(customer.phone, "customers") },
      },
      message: {
        body: { needs: { body: true }, compute: (message) => readStoredOptional(message.body, "messages") },
        originalBody: {
          needs: { originalBody: true },
          compute: (message) => readStoredOptional(message.originalBody, "messages"),
        },
      },
      memoryRecord: {
        text: { needs: { text: true, scope: true }, compute: (memory) => openMemoryText(memory.text, memory.scope) },
        payload: { needs: { payload: true, scope: true }, compute: (memory) => openMemoryPayload(memory.payload, memory.scope) },
      },
      memoryHistory: {
        oldText: {
          needs: { oldText: true, userId: true },
          compute: (row) => (sealsHistory(row.userId) ? readStoredOptional(row.oldText, "memory_history") : row.oldText),
        },
        newText: {
          needs: { newText: true, userId: true },
          compute: (row) => (sealsHistory(row.userId) ? readStoredOptional(row.newText, "memory_history") : row.newText),
        },
      },
    },
    query: {
      customer: {
        async $allOperations({ operation, args, query }) {
          const a = args as Data;
          if ("where" in a) a.where = customerWhere(a.where as Data | undefined);
          const workspaceId =
            typeof (a.where as Data | undefined)?.workspaceId === "string" ? ((a.where as Data).workspaceId as string) : undefined;
          if (operation === "create" || operation === "update" || operation === "updateMany" || operation === "updateManyAndReturn") {
            refuseNested(a.data as Data, "messages");
            a.data = encryptCustomer(a.data as Data, workspaceId);
          } else if (operation === "createMany" || operation === "createManyAndReturn") {
            const rows = Array.isArray(a.data) ? a.data : [a.data];
            a.data = rows.map((row) => encryptCustomer(row as Data));
          } else if (operation === "upsert") {
            a.create = encryptCustomer(a.create as Data, workspaceId);
            a.update = encryptCustomer(a.update as Data, workspaceId);
          }
          return query(a);
        },
      },
      message: {
        async $allOperations({ operation, args, query }) {
          const a = args as Data;
          if (operation === "create" || operation === "update" || operation === "updateMany" || operation === "updateManyAndReturn") {
            a.data = encryptMessage(a.data as Data);
          } else if (operation === "createMany" || operation === "createManyAndReturn") {
            const rows = Array.isArray(a.data) ? a.data : [a.data];
            a.data = rows.map((row) => encryptMessage(row as Data));
          } else if (operation === "upsert") {
            a.create = encryptMessage(a.create as Data);
            a.update = encryptMessage(a.update as Data);
          }
          return query(a);
        },
      },
      ticket: {
        async $allOperations({ operation, args, query }) {
          const a = args as Data;
          if (operation === "create" || operation === "update" || operation === "upsert") {
            refuseNested(a.data as Data, "messages");
            refuseNested(a.create as Data, "messages");
            refuseNested(a.data as Data, "customer");
            refuseNested(a.create as Data, "customer");
          }
          return query(a);
        },
      },
    },
  });
}
