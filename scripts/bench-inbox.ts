// `npm run bench:inbox -- [--tickets N] [--db pglite|postgres] [--runs R] [--json] [--explain] [--no-analyze]`
// Builds a throwaway workspace of N tickets (default 100,000) spread like a support team's
// history (customers and tiers, mostly resolved, 12 agents, 8 products, 1-4 messages each),
// bulk-inserted through the real schema and triggers, then times the inbox as the app runs
// it (listInboxTickets, countInboxViews): every view, sorts, filters, searches and a deep
// page, p50/p95 over R runs. In the same run each query gets a baseline: the same SQL with
// index scans off (views, sorts, filters), ILIKE over subjects and messages instead of the
// full-text index (searches), OFFSET paging to the same depth (deep pages), uncapped
// counts. PGlite runs in a temporary folder (or --keep <dir>, left in place); PostgreSQL in a database created for the run
// (bench_inbox_<pid> on TEST_DATABASE_URL's server) and dropped afterwards.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineCommandLine, exitWithUsage, readCommandLine } from "./lib/args";
import { syntheticStatus } from "./lib/synthetic";
import { createScratchDatabase } from "./scratch-database";

const commandLine = defineCommandLine({
  name: "bench:inbox",
  usage: ["npm run bench:inbox -- [--tickets N>=100] [--db pglite|postgres] [--runs R] [--json] [--explain] [--no-analyze] [--keep <dir>]"],
  summary:
    "Builds a throwaway workspace of N tickets and times the inbox's queries as the app runs them, p50/p95 over R runs,\neach beside a baseline (index scans off, ILIKE search, OFFSET paging, uncapped counts).",
  options: {
    tickets: { type: "string", value: "N", description: "tickets to build, at least 100 (default 100000)" },
    db: {
      type: "string",
      value: "pglite|postgres",
      description: "embedded PGlite (default) or a scratch database on TEST_DATABASE_URL's server",
    },
    runs: { type: "string", value: "R", description: "runs per query (default 50)" },
    json: { type: "boolean", description: "print the results as JSON, without progress lines" },
    explain: { type: "boolean", description: "print each query's plan" },
    "no-analyze": { type: "boolean", description: "skip ANALYZE and VACUUM after loading (as a fresh PGlite database would be)" },
    // bench:console serves the database left there.
    keep: { type: "string", value: "<dir>", description: "build the embedded database in <dir> and leave it there" },
  },
});
const { values } = readCommandLine(commandLine);
const total = Number(values.tickets || "100000");
const runs = Number(values.runs || "50");
const mode = values.db || "pglite";
const asJson = values.json ?? false;
const explain = values.explain ?? false;
const analyze = !values["no-analyze"];
const keepDir = values.keep || "";
if (!Number.isInteger(total) || total < 100 || !Number.isInteger(runs) || runs < 1 || !["pglite", "postgres"].includes(mode)) {
  exitWithUsage(commandLine, "--tickets must be a whole number of at least 100, --runs at least 1, --db pglite or postgres");
}
const log = (message: string) => {
  if (!asJson) process.stderr.write(`${message}\n`);
};

// --- a throwaway database -----------------------------------------------------------------
let dataDir: string | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
if (mode === "postgres") {
  const scratch = await createScratchDatabase("bench_inbox");
  process.env.DATABASE_URL = scratch.url;
  dropDatabase = scratch.drop;
} else {
  dataDir = keepDir ? path.resolve(keepDir) : fs.mkdtempSync(path.join(os.tmpdir(), "recall-bench-inbox-"));
  if (keepDir) fs.mkdirSync(dataDir, { recursive: true });
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
}
const cleanUp = async () => {
  await closeDatabase().catch((error) => console.error(`closing: ${(error as Error).message}`));
  await dropDatabase?.().catch((error) => console.error(`could not drop the benchmark database: ${(error as Error).message}`));
  if (dataDir && !keepDir) fs.rmSync(dataDir, { recursive: true, force: true });
};
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

const { getDatabase, closeDatabase } = await import("../lib/db");
const { buildInboxQuery, countInboxViews, listInboxTickets } = await import("../lib/support/inbox");
const { COUNT_CAP, inboxQuerySchema, inboxViews, viewStatuses } = await import("../lib/support/inbox-query");
const { encodeCursor } = await import("../lib/support/cursor");
type Query = import("../lib/support/inbox-query").InboxQuery;

try {
  const db = await getDatabase();
  const sql = db.sql;

  // --- a workspace's shape ----------------------------------------------------------------
  // mulberry32: seeded, so every run builds the same workspace (an LCG's successive values
  // correlated enough to leave some filter combinations empty).
  let seed = 7;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const products = [
    "Lumio Thermostat",
    "Lumio Doorbell Cam",
    "Lumio Mesh Router",
    "Lumio Smart Plug",
    "Lumio Plus subscription",
    "Lumio Bulb",
    "Lumio Hub",
    "Lumio App",
  ];
  const problems = [
    "goes offline every night",
    "will not pair",
    "drops Wi-Fi",
    "shows a blank screen",
    "charged twice",
    "alerts arrive late",
    "update stuck at 80%",
    "schedule runs an hour late",
    "battery drains fast",
    "cannot log in",
  ];
  const details = [
    "since the last update",
    "after a power cut",
    "only in the evening",
    "when the microwave runs",
    "on the second floor",
    "after I changed my router",
    "even after a reset",
    "since we moved house",
  ];
  const asks = [
    "Please help, this is urgent.",
    "Can you send a replacement?",
    "I would like a refund.",
    "Is there a known fix?",
    "My installer could not solve it.",
    "Thanks in advance.",
  ];
  const replies = [
    "Please hold reset for 15 seconds and pair again.",
    "Could you separate the 2.4 GHz network and retry?",
    "We refunded the duplicate charge.",
    "Firmware 3.2.1 fixes this; it installs tonight.",
    "A replacement unit is on its way.",
    "Please set the time zone to a city, not an offset.",
  ];
  const tiers = ["free", "free", "free", "free", "plus", "plus", "business", "enterprise"];
  const dayMs = 86_400_000;
  const now = Date.now();

  const workspaceId = randomUUID();
  await sql.query(`INSERT INTO workspaces (id, slug, name, ticket_seq) VALUES ($1, $2, 'Inbox benchmark', $3)`, [
    workspaceId,
    `bench-${workspaceId.slice(0, 8)}`,
    total,
  ]);
  const agents = Array.from({ length: 12 }, () => randomUUID());
  await sql.query(
    `INSERT INTO users (id, workspace_id, email, name, role, password_hash) SELECT id, $2, 'agent-' || id || '@bench.example', 'Agent ' || n, 'AGENT', 'x' FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, n)`,
    [agents, workspaceId],
  );
  const customerCount = Math.max(10, Math.round(total / 4));
  const customerIds = Array.from({ length: customerCount }, () => randomUUID());
  for (let start = 0; start < customerCount; start += 5000) {
    const ids = customerIds.slice(start, start + 5000);
    await sql.query(
      `INSERT INTO customers (id, workspace_id, email, name, tier, updated_at) SELECT id, $2, 'c-' || id || '@customers.example', 'Customer ' || left(id::text, 6), tier, now() FROM unnest($1::uuid[], $3::text[]) AS c(id, tier)`,
      [ids, workspaceId, ids.map(() => pick(tiers))],
    );
  }

  // Ticket i is opened i/N of the way through two years; the newest are still open or pending.
  const loadStarted = performance.now();
  const batch = 2000;
  let messagesTotal = 0;
  for (let start = 0; start < total; start += batch) {
    const t = {
      id: [] as string[],
      number: [] as number[],
      customer: [] as string[],
      subject: [] as string[],
      product: [] as string[],
      status: [] as string[],
      priority: [] as string[],
      assignee: [] as (string | null)[],
      created: [] as string[],
      updated: [] as string[],
      firstResponse: [] as (string | null)[],
    };
    const m = {
      ticket: [] as string[],
      customer: [] as string[],
      kind: [] as string[],
      author: [] as (string | null)[],
      body: [] as string[],
      created: [] as string[],
    };
    for (let index = start; index < Math.min(total, start + batch); index++) {
      const age = 1 - index / total;
      const created = now - age * 730 * dayMs - random() * 3_600_000;
      const recent = index > total * 0.85;
      const roll = random();
      const status = syntheticStatus(roll, recent);
      const assignee = status === "OPEN" && random() < 0.35 ? null : pick(agents);
      const answered = status !== "OPEN" || random() < 0.5;
      const messageCount = 1 + Math.floor(random() * 4);
      const updated = Math.min(now, created + messageCount * random() * dayMs);
      const product = pick(products);
      const customer = pick(customerIds);
      const id = randomUUID();
      t.id.push(id);
      t.number.push(index + 1);
      t.customer.push(customer);
      t.subject.push(`${product.replace("Lumio ", "")} ${pick(problems)}`);
      t.product.push(product);
      t.status.push(status);
      t.priority.push(pick(["LOW", "NORMAL", "NORMAL", "NORMAL", "HIGH", "URGENT"]));
      t.assignee.push(assignee);
      t.created.push(new Date(created).toISOString());
      t.updated.push(new Date(updated).toISOString());
      t.firstResponse.push(answered ? new Date(created + 0.2 * dayMs).toISOString() : null);
      for (let k = 0; k < messageCount; k++) {
        const fromCustomer = k % 2 === 0 || !assignee;
        m.ticket.push(id);
        m.customer.push(customer);
        m.kind.push(fromCustomer ? "CUSTOMER" : random() < 0.2 ? "NOTE" : "AGENT");
        m.author.push(fromCustomer ? null : assignee);
        m.body.push(
          fromCustomer ? `My ${product} ${pick(problems)} ${pick(details)}. Order LM-${100000 + index}. ${pick(asks)}` : pick(replies),
        );
        m.created.push(new Date(created + (k / messageCount) * (updated - created)).toISOString());
      }
    }
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
        t.status,
        t.priority,
        t.assignee,
        t.created,
        t.updated,
        t.firstResponse,
      ],
    );
    // One statement per batch: the search trigger appends every batch's words in one pass.
    // Plaintext bodies (the start-up would encrypt them); their words are given here, as the
    // app gives them (lib/support/search-text.ts), since the triggers no longer read bodies.
    await sql.query(
      `INSERT INTO messages (id, workspace_id, ticket_id, customer_id, kind, author_user_id, body, created_at, search_vector)
       SELECT gen_random_uuid(), $1, ticket_id, customer_id, kind::"MessageKind", author_user_id, body, created_at, to_tsvector('english', body)
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::timestamptz[]) AS m(ticket_id, customer_id, kind, author_user_id, body, created_at)`,
      [workspaceId, m.ticket, m.customer, m.kind, m.author, m.body, m.created],
    );
    messagesTotal += m.ticket.length;
    if ((start / batch) % 10 === 0)
      log(`loaded ${Math.min(total, start + batch)}/${total} tickets (${((performance.now() - loadStarted) / 1000).toFixed(0)} s)`);
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  // A server's autovacuum would do this within minutes; PGlite has none (see docs/BENCHMARKS.md).
  const maintenance = { analyze_s: 0, vacuum_s: 0 };
  if (analyze) {
    let started = performance.now();
    await sql.exec("ANALYZE");
    maintenance.analyze_s = Number(((performance.now() - started) / 1000).toFixed(2));
    started = performance.now();
    await sql.exec("VACUUM");
    maintenance.vacuum_s = Number(((performance.now() - started) / 1000).toFixed(2));
    log(`ANALYZE ${maintenance.analyze_s} s, VACUUM ${maintenance.vacuum_s} s`);
  }
  const [size] = await sql.query<{ table: string; indexes: string; search: string }>(
    `SELECT pg_size_pretty(pg_table_size('tickets')) AS table, pg_size_pretty(pg_indexes_size('tickets')) AS indexes, pg_size_pretty(pg_relation_size('tickets_search_vector_idx')) AS search`,
  );
  log(
    `loaded ${total} tickets, ${messagesTotal} messages in ${loadSeconds.toFixed(0)} s; tickets table ${size?.table}, its indexes ${size?.indexes} (search index ${size?.search})`,
  );

  // --- what is timed ----------------------------------------------------------------------
  const actor = { userId: agents[2]!, workspaceId, role: "AGENT" as const, name: "Agent 3", email: "agent3@bench.example" };
  const [rare] = await sql.query<{ number: number }>(
    `SELECT number FROM tickets WHERE workspace_id = $1 AND status = 'RESOLVED' ORDER BY number LIMIT 1 OFFSET $2`,
    [workspaceId, Math.floor(total / 3)],
  );
  const deepDepth = Math.floor(total / 2);
  const deepCursor = async (query: Query) => {
    const built = buildInboxQuery({ actor, query, offset: deepDepth - 1 })!;
    const [row] = await sql.query<{ id: string; updatedAt: Date; createdAt: Date; priority: string; slaDueAt: Date | null }>(
      built.text,
      built.values,
    );
    return encodeCursor(query.sort, row!);
  };
  const parse = (input: Record<string, unknown>) => inboxQuerySchema.parse(input);

  type Baseline = { kind: string; run: () => Promise<unknown> };
  const noIndex = (query: Query): Baseline => ({
    kind: "index scans off",
    run: () =>
      sql.transaction(async (tx) => {
        await tx.exec("SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off");
        const built = buildInboxQuery({ actor, query })!;
        return tx.query(built.text, built.values);
      }),
  });
  // What search costs without the full-text index: every word as ILIKE over the subject and
  // the ticket's messages, with the same view, filters, sort and limit.
  const ilike = (query: Query): Baseline => ({
    kind: "ILIKE, no text index",
    run: () => {
      const built = buildInboxQuery({ actor, query: { ...query, q: undefined } })!;
      const words = query.q!.split(/\s+/);
      const values = [...built.values, ...words.map((word) => `%${word}%`)];
      const clauses = words.map((_, index) => {
        const p = `$${built.values.length + index + 1}`;
        return `(t.subject ILIKE ${p} OR EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id AND m.body ILIKE ${p}))`;
      });
      return sql.query(built.text.replace("\n      ORDER BY", ` AND ${clauses.join(" AND ")}\n      ORDER BY`), values);
    },
  });
  const offset = (query: Query): Baseline => ({
    kind: `OFFSET ${deepDepth.toLocaleString("en")}`,
    run: () => {
      const built = buildInboxQuery({ actor, query: { ...query, cursor: undefined }, offset: deepDepth })!;
      return sql.query(built.text, built.values);
    },
  });

  const cases: Array<{ name: string; run: () => Promise<unknown>; baseline: Baseline; query?: Query }> = [];
  const list = (name: string, input: Record<string, unknown>, baseline: (query: Query) => Baseline = noIndex) => {
    const query = parse(input);
    cases.push({ name, run: () => listInboxTickets({ actor, query }), baseline: baseline(query), query });
  };
  for (const view of inboxViews) list(`view ${view}`, { view });
  list("open, by priority", { view: "open", sort: "priority" });
  list("open, by reply due (SLA)", { view: "open", sort: "sla" });
  list("all, oldest first", { view: "all", sort: "created_asc" });
  list("resolved, by priority", { view: "resolved", sort: "priority" });
  list("filter: open+HIGH+product+business", { view: "open", priority: "HIGH", product: "Lumio Thermostat", tier: "business" });
  list("filter: all+assignee+product", { view: "all", assignee: agents[5], product: "Lumio Doorbell Cam" });
  list("search: common word, all", { view: "all", q: "offline" }, ilike);
  list("search: 2 body words, open", { view: "open", q: "microwave refund" }, ilike);
  list("search: order number, all", { view: "all", q: `LM-${100000 + (rare?.number ?? 1) - 1}` }, ilike);
  list("search+filter: resolved+URGENT", { view: "resolved", q: "replacement", priority: "URGENT" }, ilike);
  for (const [name, input] of [
    ["deep page: all", { view: "all" }],
    ["deep page: resolved, oldest first", { view: "resolved", sort: "created_asc" }],
  ] as const) {
    const query = parse(input);
    const cursor = await deepCursor(query);
    cases.push({
      name: `${name} (row ${deepDepth.toLocaleString("en")})`,
      run: () => listInboxTickets({ actor, query: { ...query, cursor } }),
      baseline: offset(query),
      query: { ...query, cursor },
    });
  }
  cases.push({
    name: "view counts (6 views)",
    run: () => countInboxViews({ actor }),
    baseline: {
      kind: "uncapped count(*)",
      run: () =>
        Promise.all(
          inboxViews.map((view) => {
            const params: unknown[] = [workspaceId, viewStatuses[view]];
            let extra = view === "unassigned" ? " AND assignee_id IS NULL" : "";
            if (view === "mine") extra = ` AND assignee_id = $${params.push(actor.userId)}`;
            return sql.query(
              `SELECT count(*) FROM tickets WHERE workspace_id = $1 AND status = ANY($2::text[]::"TicketStatus"[])${extra}`,
              params,
            );
          }),
        ),
    },
  });

  // --- time ---------------------------------------------------------------------------------
  const percentile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2));
  };
  const time = async (fn: () => Promise<unknown>, count: number, budgetMs = Number.POSITIVE_INFINITY) => {
    await fn();
    const samples: number[] = [];
    const started = performance.now();
    while (samples.length < count && (samples.length < 5 || performance.now() - started < budgetMs)) {
      const begin = performance.now();
      await fn();
      samples.push(performance.now() - begin);
    }
    return { p50: percentile(samples, 50), p95: percentile(samples, 95), n: samples.length };
  };
  // The baselines must answer the same page: a cross-check of the keyset and index paths.
  const idsOf = (result: unknown) => {
    const rows = Array.isArray(result) ? result : (result as { tickets?: Array<{ id: string }> }).tickets;
    return Array.isArray(rows) && rows.every((row) => row && typeof row === "object" && "id" in row)
      ? (rows as Array<{ id: string }>).slice(0, 25).map((row) => row.id)
      : null;
  };
  const results = [];
  for (const entry of cases) {
    const ourIds = idsOf(await entry.run());
    const baseIds = idsOf(await entry.baseline.run());
    const same = ourIds && baseIds ? ourIds.join() === baseIds.join() : null;
    if (same === false && entry.baseline.kind !== "ILIKE, no text index")
      throw new Error(`${entry.name}: the baseline answered a different page`);
    if (explain && entry.query) {
      const built = buildInboxQuery({ actor, query: entry.query })!;
      const plan = await sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${built.text}`, built.values);
      log(
        `${entry.name}:\n${plan
          .map((line) => `    ${line["QUERY PLAN"]}`)
          .filter((line) => /Scan|Sort|Filter|Cond|Removed/.test(line))
          .join("\n")}`,
      );
    }
    const ours = await time(entry.run, runs);
    // Slow baselines stop after 20 s (at least 5 runs each).
    const base = await time(entry.baseline.run, runs, 20_000);
    results.push({
      query: entry.name,
      rows: ourIds?.length ?? null,
      same_rows_as_baseline: same,
      p50_ms: ours.p50,
      p95_ms: ours.p95,
      runs: ours.n,
      baseline: entry.baseline.kind,
      baseline_p50_ms: base.p50,
      baseline_p95_ms: base.p95,
      baseline_runs: base.n,
      ratio_p50: Number((base.p50 / ours.p50).toFixed(1)),
    });
    log(
      `${entry.name}: ${ourIds?.length ?? "-"} rows${same === false ? " (baseline differs)" : ""}, p50 ${ours.p50} ms, p95 ${ours.p95} ms | ${entry.baseline.kind}: p50 ${base.p50} ms (${base.n} runs)`,
    );
  }

  const summary = {
    db: mode,
    tickets: total,
    messages: messagesTotal,
    load_s: Number(loadSeconds.toFixed(1)),
    ...maintenance,
    tickets_table: size?.table,
    tickets_indexes: size?.indexes,
    search_index: size?.search,
    count_cap: COUNT_CAP,
    results,
  };
  if (asJson) console.log(JSON.stringify(summary));
  else {
    console.log(
      `\n${total.toLocaleString("en")} tickets, ${messagesTotal.toLocaleString("en")} messages on ${mode} (loaded in ${summary.load_s} s; tickets ${size?.table} + indexes ${size?.indexes}); ${runs} runs per query\n`,
    );
    console.log("| query | rows | p50 | p95 | baseline | baseline p50 | baseline p95 | ratio (p50) |");
    console.log("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |");
    for (const row of results) {
      console.log(
        `| ${row.query} | ${row.rows ?? ""} | ${row.p50_ms} ms | ${row.p95_ms} ms | ${row.baseline} | ${row.baseline_p50_ms} ms | ${row.baseline_p95_ms} ms | ${row.ratio_p50}x |`,
      );
    }
  }
} finally {
  await cleanUp();
}
process.exit(0);
