import { decryptOptional, emailIndex, emailIndexes, encryptOptional, isEncrypted } from "@/lib/crypto/pii";
import type { PrismaClient } from "./generated/client";

// Encryption at rest of customer name, email and phone and of message bodies, kept in one
// place: writes through Prisma encrypt these fields (and set the email's blind index), reads
// decrypt them. Result extensions also run for relations read through include or select, so
// `ticket.findFirst({ include: { customer: true, messages: true } })` comes back in plaintext.
// Not covered, so done where they happen: raw SQL (inbox list, retention plan), and nested
// writes (a message created inside ticket.create), which this extension refuses.

type Data = Record<string, unknown>;

const customerFields = ["name", "email", "phone"] as const;

function encryptField(data: Data, field: string): void {
  const value = data[field];
  if (typeof value === "string") data[field] = isEncrypted(value) ? value : encryptOptional(value);
  else if (value && typeof value === "object" && "set" in value) {
    const set = (value as { set: unknown }).set;
    if (typeof set === "string") data[field] = isEncrypted(set) ? set : encryptOptional(set);
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
  if (email !== undefined && !isEncrypted(email)) {
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
    if ("create" in nested || "createMany" in nested || "upsert" in nested || "connectOrCreate" in nested || "update" in nested || "updateMany" in nested) {
      throw new Error(`Write ${relation} with their own query: nested writes bypass the encryption of personal data.`);
    }
  }
}

export function withPiiEncryption(prisma: PrismaClient) {
  return prisma.$extends({
    name: "pii-encryption",
    result: {
      customer: {
        name: { needs: { name: true }, compute: (customer) => decryptOptional(customer.name) },
        email: { needs: { email: true }, compute: (customer) => decryptOptional(customer.email) },
        phone: { needs: { phone: true }, compute: (customer) => decryptOptional(customer.phone) },
      },
      message: {
        body: { needs: { body: true }, compute: (message) => decryptOptional(message.body) },
      },
    },
    query: {
      customer: {
        async $allOperations({ operation, args, query }) {
          const a = args as Data;
          if ("where" in a) a.where = customerWhere(a.where as Data | undefined);
          const workspaceId = typeof (a.where as Data | undefined)?.workspaceId === "string" ? ((a.where as Data).workspaceId as string) : undefined;
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
          return query(a as never);
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
          return query(a as never);
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
          return query(a as never);
        },
      },
    },
  });
}
