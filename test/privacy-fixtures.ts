import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/guard";
import { readStoredText } from "@/lib/crypto/pii";
import { getDatabase, getPrisma } from "@/lib/db";
import { addAgentKnowledge, addCustomerNote, addCustomerPreference, addCustomerProfile } from "@/lib/memory/support-memory";
import { prepareDraft } from "@/lib/support/draft";
import { addCustomerMessage } from "@/lib/support/customer-messages";
import { recordMemoryFeedback } from "@/lib/support/memory-feedback";
import { issueTicketLink, rateTicket } from "@/lib/support/public";
import { resolveTicket } from "@/lib/support/resolve";
import { addAgentMessage, openTicket } from "@/lib/support/tickets";
import type { TestWorkspace } from "./factories";

// A customer with something of every kind a workspace can hold about them, written through
// the app's own functions: tickets, replies both ways, a note, a draft, a rating, customer and
// session memories with history, a resolved ticket, mail, and team knowledge that an agent
// wrote naming them. Every identifier carries a random suffix, so a scan of the whole
// database (shared by test files on PostgreSQL) finds only this customer's data.

const letters = (length: number) =>
  Array.from(randomUUID().replaceAll("-", "").slice(0, length), (hex) => String.fromCharCode(97 + (Number.parseInt(hex, 16) % 26))).join(
    "",
  );

export interface RichCustomer {
  customerId: string;
  email: string;
  name: string;
  phone: string;
  /** A phrase that appears only in this customer's own messages. */
  phrase: string;
  ticketIds: string[];
}

export async function makeRichCustomer(workspace: TestWorkspace, agent: Actor): Promise<RichCustomer> {
  const tag = letters(8);
  const email = `quinn.${tag}@privacy.example`;
  const name = `Quinn Marlowe${tag.slice(0, 4)}`;
  const phone = `+44 20 79${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
  const phrase = `saffron walrus ${tag}`;
  const { workspaceId } = workspace;
  const prisma = await getPrisma();
  const { slug } = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slug: true } });

  const first = await openTicket({
    workspaceId,
    ticket: {
      customer: { email, name },
      subject: "Thermostat loses its schedule",
      body: `Every night the thermostat forgets the schedule, the ${phrase} one.`,
      product: "Lumio Thermostat",
    },
  });
  const second = await openTicket({
    workspaceId,
    ticket: {
      customer: { email, name },
      subject: "Doorbell chime is silent",
      body: `The chime stays silent since Monday (${phrase} again).`,
      product: "Lumio Doorbell Cam",
    },
  });
  await prisma.customer.update({
    where: { id: first.customerId },
    data: { phone, timezone: "Europe/London", communicationPreference: "email" },
  });

  await addCustomerMessage({
    workspaceId,
    ticketId: first.id,
    body: `Still broken, ${phrase}. Call me on ${phone}.`,
    via: { actorType: "customer" },
  });
  await addAgentMessage({
    actor: agent,
    message: { ticketId: first.id, kind: "AGENT", body: `Thanks ${name}, please re-pair the thermostat from the app.` },
  });
  await addAgentMessage({
    actor: agent,
    message: { ticketId: first.id, kind: "NOTE", body: `${name} sounds frustrated; check ${email} in the CRM.` },
  });

  const by = { actorType: "user" as const, actorUserId: agent.userId, customerId: first.customerId };
  await addCustomerProfile({
    workspaceId,
    customerId: first.customerId,
    by,
    profile: { name, tier: "plus", communicationPreference: "email" },
  });
  const preference = await addCustomerPreference({
    workspaceId,
    customerId: first.customerId,
    by,
    preference: `Prefers email at ${email}, never calls.`,
  });
  // A verdict on a memory (metrics): a table without a foreign key to the customer.
  await recordMemoryFeedback({ actor: agent, ticketId: second.id, memoryId: preference, helpful: true });
  await addCustomerNote({ workspaceId, customerId: first.customerId, by, note: `Mentioned ${phrase} twice.` });
  for await (const event of await prepareDraft({ actor: agent, ticketId: second.id, model: null })) void event;
  await resolveTicket({ actor: agent, ticketId: first.id, resolution: "Re-paired the thermostat from the app." });
  await rateTicket({
    slug,
    token: await issueTicketLink({ workspaceId, ticketId: first.id, kind: "browser" }),
    score: 4,
    comment: `Fixed, thanks (${phrase}).`,
    clientKey: `test-${tag}`,
  });
  // An agent typed the customer into team knowledge by hand: erasure must find it.
  await addAgentKnowledge({
    workspaceId,
    type: "escalation",
    text: `Beta firmware testers: ${name} (${email}, ${phone}).`,
    by: { actorType: "user", actorUserId: agent.userId },
  });

  return { customerId: first.customerId, email, name, phone, phrase, ticketIds: [first.id, second.id] };
}

export interface ColumnHit {
  table: string;
  column: string;
  needle: string;
  rows: number;
}

/**
 * The team's knowledge, which an erasure flags for review instead of rewriting
 * (lib/privacy/knowledge-scan.ts): rows that scanDatabase's `except` leaves out.
 */
export const teamKnowledgeRows: Record<string, string> = {
  memories: "scope = 'agent'",
  memory_history: "agent_id IS NOT NULL",
  knowledge_articles: "true",
  knowledge_versions: "true",
  knowledge_review_flags: "true",
};

/**
 * Every text, character, json, array and tsvector column of every table in the schema,
 * read from information_schema (so tables added later are covered), searched for each needle.
 * `except` leaves out rows by table (an SQL condition on the table's own columns).
 */
export async function scanDatabase(needles: string[], except: Record<string, string> = {}): Promise<ColumnHit[]> {
  const { sql } = await getDatabase();
  const columns = await sql.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema()
        AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'tsvector') OR c.udt_name IN ('citext', 'tsvector'))
      ORDER BY c.table_name, c.ordinal_position`,
  );
  if (columns.length < 20) throw new Error(`The scan found only ${columns.length} text columns: the query is wrong`);
  const hits: ColumnHit[] = [];
  const skip = (table: string) => (except[table] ? ` AND NOT (${except[table]})` : "");
  for (const { table_name: table, column_name: column } of columns) {
    // Encrypted values (customer fields, message bodies) are searched in their plaintext, so
    // encryption cannot make data look erased: the scan reads what the app would read.
    const encrypted = (
      await sql.query<{ v: string }>(
        `SELECT "${column}"::text AS v FROM "${table}" WHERE strpos("${column}"::text, 'enc:v1:') > 0${skip(table)}`,
      )
    ).map((row) =>
      (row.v.match(/enc:v1:[0-9a-f]{8}:[A-Za-z0-9+/=]+/g) ?? [])
        .map((value) => readStoredText(value, table))
        .join(" ")
        .toLowerCase(),
    );
    // (Sealed memory keeps its ciphertext inside the payload json: each value found is read.)
    for (const needle of needles) {
      const [row] = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table}" WHERE strpos(lower("${column}"::text), lower($1)) > 0${skip(table)}`,
        [needle],
      );
      const n = (row?.n ?? 0) + encrypted.filter((value) => value.includes(needle.toLowerCase())).length;
      if (n > 0) hits.push({ table, column, needle, rows: n });
    }
  }
  return hits;
}

/** The needles of one customer: the address, the full name, the phone's digits as written, the phrase. */
export function needlesOf(customer: RichCustomer): string[] {
  return [customer.email, customer.name, customer.phone, customer.phrase];
}

/** Tables (other than the audit log, whose entries keep their ids) with a customer_id column holding this id. */
export async function tablesHoldingCustomerId(customerId: string): Promise<string[]> {
  const { sql } = await getDatabase();
  const tables = await sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'customer_id' AND table_name <> 'audit_logs'`,
  );
  const holding: string[] = [];
  for (const { table_name: table } of tables) {
    const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE customer_id::text = $1`, [customerId]);
    if (row && row.n > 0) holding.push(table);
  }
  return holding;
}
