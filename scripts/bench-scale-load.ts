// Loading for `npm run bench:scale`: one workspace of the given size written many rows per
// statement (multi-row `unnest`), in the form the app reads back:
//   - customers' name and email and message bodies sealed with the app's key (lib/crypto/pii.ts),
//     the email's blind index, message words from the plaintext (lib/support/search-text.ts);
//   - memories copied from templates that went through the memory library's add path (payload,
//     lemmatised text, hash, the configured embedder's vector; only the store's insert is
//     captured), with new owners and times, sealed per row as the store seals them
//     (lib/crypto/memory-text.ts); the vector is the template's, so the embedder runs a few
//     thousand times instead of a million;
//   - audit entries chained as lib/audit/record.ts chains them (HMAC under auditKey(), seq,
//     prev_hash, entry_mac), with the workspace's audit_chain_heads row moved to the end.
// Not written: memory history rows (no page measured reads them) and drafts.
import { randomUUID } from "node:crypto";
import { canonicalJson, entryHash, entryMac, summaryDigest } from "../lib/audit/chain";
import { auditKey } from "../lib/audit/record";
import { hashPassword } from "../lib/auth/password";
import { sealMemoryPayload, sealMemoryText } from "../lib/crypto/memory-text";
import { emailIndex, encryptText } from "../lib/crypto/pii";
import type { SqlRunner } from "../lib/db/migrate";
import { getMem0 } from "../lib/memory/mem0";
import { ownerId, TEAM_AGENT } from "../lib/memory/owners";
import { isCachedScope, partitionKey } from "../lib/memory/store";
import {
  addCommonIssueSolution,
  addCustomerIssueHistory,
  addCustomerPreference,
  addProductOwnership,
  addSessionContext,
} from "../lib/memory/support-memory";
import { toFloat32Hex, toPgvectorText, usesPgvector } from "../lib/memory/vector-column";
import { syntheticStatus } from "./lib/synthetic";

export interface ScaleSize {
  tickets: number;
  customers: number;
  memories: number;
  audit: number;
}

export interface LoadedWorkspace {
  workspaceId: string;
  admin: { id: string; email: string };
  agent: { id: string; email: string };
  /** Open or pending tickets with session memory: the ticket pages measured. */
  sampleTickets: string[];
  messages: number;
  seconds: Record<"customers" | "tickets" | "templates" | "memories" | "audit" | "vacuum", number>;
}

type Payload = Record<string, unknown> & { data?: string; user_id?: string; agent_id?: string; run_id?: string; createdAt?: string };
interface Template {
  payload: Payload;
  scope: "agent" | "customer" | "session";
  hex: string;
  pgvector: string;
}
interface Store {
  insert(vectors: number[][], ids: string[], payloads: Payload[]): Promise<void>;
}

const DAY_MS = 86_400_000;
const products = ["Lumio Thermostat", "Lumio Doorbell Cam", "Lumio Mesh Router", "Lumio Smart Plug", "Lumio Bulb", "Lumio Hub"];
const problems = [
  "goes offline every night",
  "will not pair",
  "drops Wi-Fi",
  "shows a blank screen",
  "charged twice",
  "alerts arrive late",
];
const fixes = ["separate the 2.4 GHz network", "hold reset for 15 seconds", "update firmware to 3.2.1", "refund the duplicate charge"];
const details = ["since the last update", "after a power cut", "only in the evening", "after I changed my router", "even after a reset"];
const replies = [
  "Please hold reset for 15 seconds and pair again.",
  "We refunded the duplicate charge.",
  "A replacement unit is on its way.",
];

/** mulberry32: seeded, so a run of one size builds the same workspace. */
function seeded(seed: number) {
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return { random, pick: <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]! };
}

/** Writes batches one behind the next: PostgreSQL inserts one while Node builds the next. */
function pipeline() {
  let inFlight: Promise<unknown> = Promise.resolve();
  return {
    async push(write: () => Promise<unknown>) {
      await inFlight;
      inFlight = write();
    },
    drain: () => inFlight,
  };
}

export async function loadWorkspace(options: {
  sql: SqlRunner;
  size: ScaleSize;
  password: string;
  log: (line: string) => void;
}): Promise<LoadedWorkspace> {
  const { sql, size, log } = options;
  const { random, pick } = seeded(42);
  const seconds = { customers: 0, tickets: 0, templates: 0, memories: 0, audit: 0, vacuum: 0 };
  const timed = async <T>(phase: keyof typeof seconds, run: () => Promise<T>) => {
    const started = performance.now();
    const result = await run();
    seconds[phase] = Number(((performance.now() - started) / 1000).toFixed(1));
    log(`${phase}: ${seconds[phase]} s`);
    return result;
  };
  const now = Date.now();
  const timeAt = (fraction: number) => new Date(now - (1 - fraction) * 730 * DAY_MS);

  const workspaceId = randomUUID();
  // The insert trigger gives the workspace its audit_chain_heads row.
  await sql.query(`INSERT INTO workspaces (id, slug, name, ticket_seq) VALUES ($1, $2, 'Scale benchmark', $3)`, [
    workspaceId,
    `bench-scale-${workspaceId.slice(0, 8)}`,
    size.tickets,
  ]);
  const staff = Array.from({ length: 13 }, (_, index) => ({
    id: randomUUID(),
    email: `${index === 0 ? "admin" : `agent${index}`}-${workspaceId.slice(0, 8)}@bench.example`,
    role: index === 0 ? "ADMIN" : "AGENT",
    name: index === 0 ? "Bench Admin" : `Agent ${index}`,
  }));
  const passwordHash = await hashPassword(options.password);
  await sql.query(
    `INSERT INTO users (id, workspace_id, email, name, role, password_hash)
     SELECT id, $1, email, name, role::"Role", $5 FROM unnest($2::uuid[], $3::text[], $4::text[], $6::text[]) AS u(id, email, name, role)`,
    [workspaceId, staff.map((s) => s.id), staff.map((s) => s.email), staff.map((s) => s.name), passwordHash, staff.map((s) => s.role)],
  );
  const agents = staff.slice(1).map((s) => s.id);

  // --- customers ------------------------------------------------------------------------------
  const customerIds = Array.from({ length: size.customers }, () => randomUUID());
  await timed("customers", async () => {
    const writes = pipeline();
    for (let start = 0; start < size.customers; start += 5000) {
      const ids = customerIds.slice(start, start + 5000);
      const emails = ids.map((_, index) => `customer-${start + index}@customers.example`);
      const params = [
        workspaceId,
        ids,
        emails.map((email) => encryptText(email)),
        emails.map((email) => emailIndex(workspaceId, email)),
        ids.map((_, index) => encryptText(`Customer ${start + index}`)),
        ids.map(() => pick(["free", "free", "plus", "business", "enterprise"])),
        ids.map(() => timeAt(random() * 0.5).toISOString()),
      ];
      await writes.push(() =>
        sql.query(
          `INSERT INTO customers (id, workspace_id, email, email_hash, name, tier, created_at, updated_at)
           SELECT id, $1, email, email_hash, name, tier, created_at, created_at
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS c(id, email, email_hash, name, tier, created_at)`,
          params,
        ),
      );
    }
    await writes.drain();
  });

  // --- tickets and messages (as bench:inbox shapes them: the newest 15% still open or pending) ---
  const ticketIds: string[] = [];
  const sessions: Array<{ ticketId: string; customerId: string; created: number }> = [];
  let messageCount = 0;
  await timed("tickets", async () => {
    const writes = pipeline();
    for (let start = 0; start < size.tickets; start += 2000) {
      const t = { id: [] as string[], number: [] as number[], customer: [] as string[], subject: [] as string[], product: [] as string[] };
      const t2 = { status: [] as string[], priority: [] as string[], assignee: [] as (string | null)[], created: [] as string[] };
      const t3 = { updated: [] as string[], firstResponse: [] as (string | null)[] };
      const m = { ticket: [] as string[], customer: [] as string[], kind: [] as string[], author: [] as (string | null)[] };
      const m2 = { body: [] as string[], plain: [] as string[], created: [] as string[] };
      for (let index = start; index < Math.min(size.tickets, start + 2000); index++) {
        const created = timeAt(index / size.tickets).getTime() - random() * 3_600_000;
        const recent = index > size.tickets * 0.85;
        const roll = random();
        const status = syntheticStatus(roll, recent);
        const assignee = status === "OPEN" && random() < 0.35 ? null : pick(agents);
        const count = 1 + Math.floor(random() * 4);
        const updated = Math.min(now, created + count * random() * DAY_MS);
        const product = pick(products);
        const customer = customerIds[Math.floor(random() * customerIds.length)]!;
        const id = randomUUID();
        ticketIds.push(id);
        if (status === "OPEN" || status === "PENDING") sessions.push({ ticketId: id, customerId: customer, created });
        t.id.push(id);
        t.number.push(index + 1);
        t.customer.push(customer);
        t.subject.push(`${product.replace("Lumio ", "")} ${pick(problems)}`);
        t.product.push(product);
        t2.status.push(status);
        t2.priority.push(pick(["LOW", "NORMAL", "NORMAL", "NORMAL", "HIGH", "URGENT"]));
        t2.assignee.push(assignee);
        t2.created.push(new Date(created).toISOString());
        t3.updated.push(new Date(updated).toISOString());
        t3.firstResponse.push(status !== "OPEN" || random() < 0.5 ? new Date(created + 0.2 * DAY_MS).toISOString() : null);
        for (let k = 0; k < count; k++) {
          const fromCustomer = k % 2 === 0 || !assignee;
          const text = fromCustomer ? `My ${product} ${pick(problems)} ${pick(details)}. Order LM-${100000 + index}.` : pick(replies);
          m.ticket.push(id);
          m.customer.push(customer);
          m.kind.push(fromCustomer ? "CUSTOMER" : "AGENT");
          m.author.push(fromCustomer ? null : assignee);
          m2.body.push(encryptText(text));
          m2.plain.push(text);
          m2.created.push(new Date(created + (k / count) * (updated - created)).toISOString());
        }
      }
      messageCount += m.ticket.length;
      await writes.push(async () => {
        await sql.query(
          `INSERT INTO tickets (id, workspace_id, number, customer_id, subject, product, status, priority, assignee_id, created_at, updated_at, first_response_at, verified_at, memory_written_at)
           SELECT id, $1, number, customer_id, subject, product, status::"TicketStatus", priority::"TicketPriority", assignee_id, created_at, updated_at, first_response_at, created_at, created_at
           FROM unnest($2::uuid[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[])
             AS t(id, number, customer_id, subject, product, status, priority, assignee_id, created_at, updated_at, first_response_at)`,
          [
            workspaceId,
            t.id,
            t.number,
            t.customer,
            t.subject,
            t.product,
            t2.status,
            t2.priority,
            t2.assignee,
            t2.created,
            t3.updated,
            t3.firstResponse,
          ],
        );
        // Bodies sealed; their words from the plaintext, as indexMessageTexts stores them.
        await sql.query(
          `INSERT INTO messages (id, workspace_id, ticket_id, customer_id, kind, author_user_id, body, created_at, search_vector)
           SELECT gen_random_uuid(), $1, ticket_id, customer_id, kind::"MessageKind", author_user_id, body, created_at, to_tsvector('english', plain)
           FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::timestamptz[]) AS m(ticket_id, customer_id, kind, author_user_id, body, plain, created_at)`,
          [workspaceId, m.ticket, m.customer, m.kind, m.author, m2.body, m2.plain, m2.created],
        );
      });
      if ((start / 2000) % 10 === 0) log(`  tickets ${Math.min(size.tickets, start + 2000)}/${size.tickets}`);
    }
    await writes.drain();
  });

  // --- memories ---------------------------------------------------------------------------------
  const templates = await timed("templates", () => captureTemplates(workspaceId, customerIds[0]!, ticketIds[0]!, pick));
  const memoryIds: string[] = [];
  const partitions = new Map<string, number>();
  // As bench:memory spreads them: 10% team knowledge, 70% customer memory, 20% session memory
  // (on open and pending tickets: resolving a ticket clears its session).
  const knowledge = Math.round(size.memories * 0.1);
  const customer = Math.round(size.memories * 0.7);
  const owners = sessions.length > 0 ? sessions : ticketIds.map((ticketId) => ({ ticketId, customerId: customerIds[0]!, created: now }));
  const withSession = owners.slice(0, Math.min(owners.length, size.memories - knowledge - customer));
  await timed("memories", async () => {
    const pgvector = await usesPgvector({ sql });
    const writes = pipeline();
    for (let start = 0; start < size.memories; start += 2000) {
      const rows: Array<{ id: string; scope: string; payload: Payload; template: Template; created: Date }> = [];
      for (let index = start; index < Math.min(size.memories, start + 2000); index++) {
        const scope = index < knowledge ? "agent" : index < knowledge + customer ? "customer" : "session";
        const template = pick(templates[scope]);
        const payload: Payload = { ...template.payload };
        let created: Date;
        if (scope === "customer") {
          payload.user_id = ownerId(workspaceId, customerIds[(index - knowledge) % customerIds.length]!);
          created = timeAt(random());
        } else if (scope === "session") {
          const owner = owners[(index - knowledge - customer) % owners.length]!;
          payload.user_id = ownerId(workspaceId, owner.customerId);
          payload.run_id = ownerId(workspaceId, owner.ticketId);
          created = new Date(Math.min(now, owner.created + random() * DAY_MS));
        } else {
          created = timeAt(random());
        }
        payload.createdAt = created.toISOString();
        const id = randomUUID();
        memoryIds.push(id);
        rows.push({ id, scope, payload, template, created });
        if (isCachedScope(scope)) {
          const key = partitionKey({ ...payload, scope });
          partitions.set(key, (partitions.get(key) ?? 0) + 1);
        }
      }
      const params = [
        rows.map((row) => row.id),
        workspaceId,
        rows.map((row) => row.scope),
        rows.map((row) => row.payload.user_id ?? null),
        rows.map((row) => row.payload.agent_id ?? null),
        rows.map((row) => row.payload.run_id ?? null),
        rows.map((row) => sealMemoryText(row.payload.data ?? "", row.scope)),
        rows.map((row) => JSON.stringify(sealMemoryPayload(row.payload, row.scope))),
        rows.map((row) => row.created.toISOString()),
        pgvector ? "" : rows.map((row) => row.template.hex).join(""),
        pgvector ? 0 : rows[0]!.template.hex.length / 2,
        ...(pgvector ? [rows.map((row) => row.template.pgvector)] : []),
      ];
      // As BulkMemoryWriter writes them (scripts/bench-memory-bulk.ts): one hex blob cut per row.
      await writes.push(() =>
        sql.query(
          `WITH blob AS MATERIALIZED (SELECT decode($10::text, 'hex') AS bytes)
           INSERT INTO memories (id, collection, workspace_id, scope, user_id, agent_id, run_id, text, payload, embedding, created_at, updated_at${pgvector ? ", embedding_vector" : ""})
           SELECT r.id, 'memories', $2, r.scope, r.user_id, r.agent_id, r.run_id, r.text, r.payload::jsonb,
                  substring(blob.bytes FROM ((r.n - 1) * $11::int + 1)::int FOR $11::int), r.created_at, r.created_at${pgvector ? ", r.vector::vector" : ""}
           FROM blob, unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[]${pgvector ? ", $12::text[]" : ""})
             WITH ORDINALITY AS r(id, scope, user_id, agent_id, run_id, text, payload, created_at${pgvector ? ", vector" : ""}, n)`,
          params,
        ),
      );
      if ((start / 2000) % 50 === 0) log(`  memories ${Math.min(size.memories, start + 2000)}/${size.memories}`);
    }
    await writes.drain();
    // The store bumps a cached partition's version with every write; once per partition here.
    const keys = [...partitions.keys()];
    for (let start = 0; start < keys.length; start += 5000) {
      const slice = keys.slice(start, start + 5000);
      await sql.query(
        `INSERT INTO memory_partitions (collection, partition_key, version)
         SELECT 'memories', k, c FROM unnest($1::text[], $2::bigint[]) AS p(k, c)
         ON CONFLICT (collection, partition_key) DO UPDATE SET version = memory_partitions.version + EXCLUDED.version`,
        [slice, slice.map((key) => partitions.get(key)!)],
      );
    }
  });

  // --- audit log --------------------------------------------------------------------------------
  await timed("audit", () =>
    writeAuditChain({ sql, workspaceId, total: size.audit, agents, customerIds, ticketIds, memoryIds, timeAt, random, log }),
  );

  await timed("vacuum", async () => {
    for (const table of ["customers", "tickets", "messages", "memories", "memory_partitions", "audit_logs", "audit_chain_heads", "users"])
      await sql.exec(`VACUUM (ANALYZE) ${table}`);
  });

  // 20 tickets spread over those with session memory (verified, with customer memory too).
  const step = Math.max(1, Math.floor(withSession.length / 20));
  const sampleTickets = withSession
    .filter((_, index) => index % step === 0)
    .slice(0, 20)
    .map((owner) => owner.ticketId);
  return {
    workspaceId,
    admin: { id: staff[0]!.id, email: staff[0]!.email },
    agent: { id: staff[3]!.id, email: staff[3]!.email },
    sampleTickets: sampleTickets.length > 0 ? sampleTickets : ticketIds.slice(-20),
    messages: messageCount,
    seconds,
  };
}

/**
 * A few thousand memories through the library's add path, the store's insert captured: their
 * payloads (mem0's hash, lemmatised text, metadata) and vectors are what the copies carry.
 */
async function captureTemplates(
  workspaceId: string,
  customerId: string,
  sessionId: string,
  pick: <T>(items: readonly T[]) => T,
): Promise<Record<Template["scope"], Template[]>> {
  const { memory } = await getMem0();
  const store = (memory as unknown as { vectorStore: Store }).vectorStore;
  const captured: Template[] = [];
  const original = store.insert.bind(store);
  store.insert = (vectors, _ids, payloads) => {
    payloads.forEach((payload, index) => {
      const scope = payload.run_id ? "session" : payload.user_id ? "customer" : "agent";
      captured.push({ payload, scope, hex: toFloat32Hex(vectors[index]!), pgvector: toPgvectorText(vectors[index]!) });
    });
    return Promise.resolve();
  };
  const by = { actorType: "system" as const };
  try {
    for (let index = 0; index < 1500; index++) {
      const product = pick(products);
      await addCommonIssueSolution({
        workspaceId,
        by,
        product,
        issue: `${product} ${pick(problems)} ${pick(details)} (article ${index + 1}).`,
        solution: `${pick(fixes)}.`,
      });
      const customer = { workspaceId, customerId, by };
      if (index % 10 === 0) await addCustomerPreference({ ...customer, preference: `Prefers short answers by email (${index}).` });
      else if (index % 10 === 1) await addProductOwnership({ ...customer, product, details: `bought ${1 + (index % 5)} units` });
      else
        await addCustomerIssueHistory({
          ...customer,
          product,
          issue: `The ${product} ${pick(problems)}.`,
          resolution: `${pick(fixes)}.`,
          ticketNumber: index + 1,
        });
      if (index < 600) {
        const kind = (["issue", "step_tried", "message"] as const)[index % 3]!;
        const text = kind === "step_tried" ? `Customer tried to ${pick(fixes)}.` : `The ${product} ${pick(problems)} ${pick(details)}.`;
        await addSessionContext({ workspaceId, customerId, sessionId, kind, text, by });
      }
    }
  } finally {
    store.insert = original;
  }
  const byScope = { agent: [] as Template[], customer: [] as Template[], session: [] as Template[] };
  for (const template of captured) byScope[template.scope].push(template);
  if (byScope.agent[0]?.payload.agent_id !== ownerId(workspaceId, TEAM_AGENT)) throw new Error("templates: unexpected knowledge owner");
  return byScope;
}

/** `total` entries, oldest first, each chained to the one before as recordAudit chains them. */
async function writeAuditChain(input: {
  sql: SqlRunner;
  workspaceId: string;
  total: number;
  agents: string[];
  customerIds: string[];
  ticketIds: string[];
  memoryIds: string[];
  timeAt: (fraction: number) => Date;
  random: () => number;
  log: (line: string) => void;
}): Promise<void> {
  const { sql, workspaceId, total, random } = input;
  const key = auditKey();
  const any = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  let prevHash: string | null = null;
  const writes = pipeline();
  for (let start = 0; start < total; start += 5000) {
    const columns: unknown[][] = Array.from({ length: 14 }, () => []);
    for (let seq = start + 1; seq <= Math.min(total, start + 5000); seq++) {
      const roll = random();
      const [actorType, actorUserId, action, targetType, targetId, customerId, rawSummary]: [
        string,
        string | null,
        string,
        string,
        string,
        string | null,
        Record<string, unknown>,
      ] =
        roll < 0.6 && input.memoryIds.length > 0
          ? ["system", null, "memory.added", "memory", any(input.memoryIds), null, { scope: "customer", type: "resolved_issue" }]
          : roll < 0.75
            ? ["api", null, "ticket.opened", "ticket", any(input.ticketIds), any(input.customerIds), { channel: "API" }]
            : roll < 0.95
              ? [
                  "user",
                  any(input.agents),
                  "ticket.updated",
                  "ticket",
                  any(input.ticketIds),
                  null,
                  { fields: ["status"], status: "RESOLVED" },
                ]
              : ["user", any(input.agents), "customer.profile_updated", "customer", any(input.customerIds), null, { fields: ["tier"] }];
      const summary = JSON.parse(canonicalJson(rawSummary)) as Record<string, unknown>;
      const content = {
        id: randomUUID(),
        workspaceId,
        createdAt: input.timeAt(seq / total),
        actorType,
        actorUserId,
        action,
        targetType,
        targetId,
        summaryDigest: summaryDigest(summary),
      };
      const fields = { ...content, seq, prevHash };
      const hash = entryHash(fields, key);
      const row = [
        content.id,
        seq,
        content.createdAt.toISOString(),
        actorType,
        actorUserId,
        action,
        targetType,
        targetId,
        content.summaryDigest,
        prevHash,
        customerId,
        JSON.stringify(summary),
        hash,
        entryMac(content, key),
      ];
      row.forEach((value, index) => columns[index]!.push(value));
      prevHash = hash;
    }
    await writes.push(() =>
      input.sql.query(
        `INSERT INTO audit_logs (id, workspace_id, seq, created_at, actor_type, actor_user_id, action, target_type, target_id, summary_digest, prev_hash, customer_id, summary, hash, entry_mac, keyed)
         SELECT a.id, $1, a.seq, a.created_at, a.actor_type, a.actor_user_id, a.action, a.target_type, a.target_id, a.summary_digest, a.prev_hash, a.customer_id, a.summary, a.hash, a.entry_mac, true
         FROM unnest($2::uuid[], $3::int[], $4::timestamptz[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::uuid[], $13::jsonb[], $14::text[], $15::text[])
           AS a(id, seq, created_at, actor_type, actor_user_id, action, target_type, target_id, summary_digest, prev_hash, customer_id, summary, hash, entry_mac)`,
        [workspaceId, ...columns],
      ),
    );
    if ((start / 5000) % 40 === 0) input.log(`  audit entries ${Math.min(total, start + 5000)}/${total}`);
  }
  await writes.drain();
  await sql.query(`UPDATE audit_chain_heads SET seq = $2, hash = $3 WHERE workspace_id = $1`, [workspaceId, total, prevHash]);
}
