import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { makeAgent, makeTicket, makeWorkspace, type TestWorkspace } from "@/test/factories";
import { countInboxViews, INBOX_PAGE_SIZE, listInboxFilterOptions, listInboxTickets } from "./inbox";
import { type InboxQuery, type InboxSort, inboxSorts, inboxViews } from "./inbox-query";
import { indexMessageTexts } from "./search-text";
import { firstResponseSla } from "./sla";
import { addAgentMessage, updateTicket } from "./tickets";

interface Spec {
  subject?: string;
  body?: string;
  status?: "OPEN" | "PENDING" | "RESOLVED" | "CLOSED";
  priority?: "LOW" | "NORMAL" | "HIGH" | "URGENT";
  product?: string | null;
  assigneeId?: string | null;
  tier?: string;
  createdAt?: Date;
  updatedAt?: Date;
  firstResponseAt?: Date | null;
}

let nextNumber = 10_000;

/** Inserts tickets with exact fields and times (ties included), as a bulk import would. */
async function seedTickets(workspace: TestWorkspace, specs: Spec[]) {
  const prisma = await getPrisma();
  const tiers = [...new Set(specs.map((spec) => spec.tier ?? "free"))];
  const customers = new Map<string, string>();
  for (const tier of tiers) {
    const customer = await prisma.customer.create({
      data: {
        workspaceId: workspace.workspaceId,
        email: `${tier}-${randomUUID().slice(0, 8)}@customers.example`,
        name: `Customer ${tier}`,
        tier,
      },
    });
    customers.set(tier, customer.id);
  }
  const rows = specs.map((spec, index) => ({
    id: randomUUID(),
    workspaceId: workspace.workspaceId,
    number: nextNumber++,
    customerId: customers.get(spec.tier ?? "free")!,
    subject: spec.subject ?? `Ticket ${index}`,
    product: spec.product === undefined ? "Lumio Hub" : spec.product,
    status: spec.status ?? "OPEN",
    priority: spec.priority ?? "NORMAL",
    assigneeId: spec.assigneeId ?? null,
    createdAt: spec.createdAt ?? new Date(Date.UTC(2026, 0, 1, 0, index)),
    updatedAt: spec.updatedAt ?? new Date(Date.UTC(2026, 0, 2, 0, index)),
    firstResponseAt: spec.firstResponseAt ?? null,
  }));
  await prisma.ticket.createMany({ data: rows });
  const messages = rows.map((row, index) => ({
    id: randomUUID(),
    workspaceId: workspace.workspaceId,
    ticketId: row.id,
    customerId: row.customerId,
    kind: "CUSTOMER" as const,
    body: specs[index]!.body ?? "Something is wrong.",
  }));
  await prisma.message.createMany({ data: messages });
  // Bodies are ciphertext: their words reach the search from the app, as openTicket does.
  await indexMessageTexts(
    prisma,
    messages.map((message) => ({ messageId: message.id, text: message.body })),
  );
  return rows;
}

/** Every row of a query, following next-page cursors; fails on a page that repeats one. */
async function readAll(actor: Actor, query: Partial<InboxQuery>) {
  const rows: Awaited<ReturnType<typeof listInboxTickets>>["tickets"] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await listInboxTickets({ actor, query: { ...query, cursor } });
    rows.push(...page.tickets);
    if (!page.nextCursor) return rows;
    expect(page.tickets).toHaveLength(INBOX_PAGE_SIZE);
    cursor = page.nextCursor;
  }
  throw new Error("paging never ended");
}

const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id);
const sorted = (values: string[]) => [...values].sort();

describe("inbox filters", () => {
  it("combines priority, product, assignee, tier and status with AND", async () => {
    const workspace = await makeWorkspace("filters");
    const kim = await makeAgent(workspace, "Kim");
    const [target, ...others] = await seedTickets(workspace, [
      { priority: "HIGH", product: "Lumio Thermostat", assigneeId: kim.userId, tier: "enterprise" },
      // Each of these differs from the target in exactly one filtered field.
      { priority: "LOW", product: "Lumio Thermostat", assigneeId: kim.userId, tier: "enterprise" },
      { priority: "HIGH", product: "Lumio Doorbell Cam", assigneeId: kim.userId, tier: "enterprise" },
      { priority: "HIGH", product: "Lumio Thermostat", assigneeId: null, tier: "enterprise" },
      { priority: "HIGH", product: "Lumio Thermostat", assigneeId: kim.userId, tier: "free" },
      { priority: "HIGH", product: "Lumio Thermostat", assigneeId: kim.userId, tier: "enterprise", status: "PENDING" },
    ]);
    const actor = workspace.admin;
    const all = {
      view: "all" as const,
      priority: "HIGH" as const,
      product: "Lumio Thermostat",
      assignee: kim.userId,
      tier: "enterprise" as const,
      status: "OPEN" as const,
    };
    expect(ids(await readAll(actor, all))).toEqual([target!.id]);

    // Dropping one filter lets exactly the ticket that differs in that field back in.
    for (const [key, other] of [
      ["priority", others[0]],
      ["product", others[1]],
      ["assignee", others[2]],
      ["tier", others[3]],
      ["status", others[4]],
    ] as const) {
      const rows = await readAll(actor, { ...all, [key]: undefined });
      expect(sorted(ids(rows)), `without ${key}`).toEqual(sorted([target!.id, other!.id]));
    }
    expect(ids(await readAll(actor, { view: "all", assignee: "none" }))).toEqual([others[2]!.id]);
    // A view narrows too: the pending ticket is outside "open" whatever the filters say.
    expect(await readAll(actor, { ...all, view: "open", status: "PENDING" })).toEqual([]);
    expect(ids(await readAll(actor, { ...all, view: "pending", status: undefined }))).toEqual([others[4]!.id]);
    expect(ids(await readAll(kim, { ...all, view: "mine", assignee: undefined }))).toEqual([target!.id]);
  });

  it("offers the workspace's products and users, and shows the rows' names", async () => {
    const workspace = await makeWorkspace("options");
    const kim = await makeAgent(workspace, "Kim");
    await seedTickets(workspace, [
      { product: "Lumio Thermostat", assigneeId: kim.userId, tier: "business" },
      { product: "Lumio Thermostat" },
      { product: "Lumio Bulb" },
      { product: null },
    ]);
    const options = await listInboxFilterOptions({ actor: workspace.admin });
    expect(options.products).toEqual(["Lumio Bulb", "Lumio Thermostat"]);
    expect(options.assignees.map((user) => user.name).sort()).toEqual(["Admin options", "Kim"]);
    const [row] = await readAll(workspace.admin, { view: "all", assignee: kim.userId });
    expect(row).toMatchObject({
      customerName: "Customer business",
      customerTier: "business",
      assigneeName: "Kim",
      product: "Lumio Thermostat",
    });
  });
});

describe("inbox search", () => {
  it("finds a ticket by a word that is only in a message body, and follows later messages", async () => {
    const workspace = await makeWorkspace("search");
    const agent = await makeAgent(workspace);
    const ticket = await makeTicket(workspace, {
      subject: "Question about my device",
      body: "The hallway sensor reports zebrafish temperatures.",
    });
    const other = await makeTicket(workspace, { subject: "Billing", body: "Charged twice." });
    const actor = workspace.admin;
    const search = async (q: string, view: InboxQuery["view"] = "all") => ids(await readAll(actor, { view, q }));

    expect(await search("zebrafish")).toEqual([ticket.id]);
    // Words are prefixes and stemmed: a half-typed or inflected word still finds it.
    expect(await search("zebraf")).toEqual([ticket.id]);
    expect(await search("report")).toEqual([ticket.id]);
    // Every word must match, in the subject or any message.
    expect(await search("device zebrafish")).toEqual([ticket.id]);
    expect(await search("zebrafish charged")).toEqual([]);
    expect(await search(`#${other.number}`)).toEqual([other.id]);

    // A reply, then an internal note: both become searchable at once.
    await addAgentMessage({
      actor: agent,
      message: { ticketId: other.id, body: "Refund issued for the duplicate quokka payment.", kind: "AGENT" },
    });
    expect(await search("quokka", "mine")).toEqual([]);
    expect(await search("quokka")).toEqual([other.id]);
    expect(ids(await readAll(agent, { view: "mine", q: "quokka" }))).toEqual([other.id]);

    // Text removed from a message (as erasure scrubs it) leaves the search too.
    const prisma = await getPrisma();
    await prisma.message.updateMany({ where: { ticketId: ticket.id }, data: { body: "[removed]" } });
    expect(await search("zebrafish")).toEqual([]);
    expect(await search("question")).toEqual([ticket.id]);
  });

  it("treats operators and quotes in the search box as plain text", async () => {
    const workspace = await makeWorkspace("search-safe");
    const ticket = await makeTicket(workspace, { subject: "Wi-Fi drops", body: "Only on the 2.4 GHz band, says o'neil@example.com." });
    for (const q of ["wi-fi", "2.4 ghz", "o'neil", "drops & !band", "(wi | fi)", "drops:*B", "\\' OR band --"]) {
      const rows = await readAll(workspace.admin, { view: "all", q });
      expect(ids(rows), q).toEqual([ticket.id]);
    }
    for (const q of ["!!! ???", "' OR 1=1 --", "drops & !!"]) {
      expect(await readAll(workspace.admin, { view: "all", q }), q).toEqual(
        q === "drops & !!" ? [expect.objectContaining({ id: ticket.id })] : [],
      );
    }
  });
});

describe("inbox sorting and paging", () => {
  it("pages through every sort exactly once, in the sort's order, ties included", async () => {
    const workspace = await makeWorkspace("sorting");
    const base = Date.UTC(2026, 5, 1);
    const priorities = ["LOW", "NORMAL", "HIGH", "URGENT"] as const;
    const specs: Spec[] = Array.from({ length: 62 }, (_, index) => ({
      // Groups of four share a time, so the id has to break ties across page boundaries.
      updatedAt: new Date(base + Math.floor(index / 4) * 60_000),
      createdAt: new Date(base - Math.floor(index / 3) * 60_000),
      priority: priorities[index % 4],
      status: index % 5 === 0 ? "PENDING" : "OPEN",
      // Every third ticket has had its first response: no SLA due, so it sorts after.
      firstResponseAt: index % 3 === 0 ? new Date(base) : null,
    }));
    const rows = await seedTickets(workspace, specs);
    const prisma = await getPrisma();
    const stored = await prisma.ticket.findMany({
      where: { workspaceId: workspace.workspaceId },
      select: { id: true, status: true, priority: true, createdAt: true, updatedAt: true, slaDueAt: true },
    });
    const rank = { LOW: 0, NORMAL: 1, HIGH: 2, URGENT: 3 };
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const time = (date: Date | null) => date?.getTime() ?? Number.POSITIVE_INFINITY;
    const expected: Record<InboxSort, (a: (typeof stored)[number], b: (typeof stored)[number]) => number> = {
      updated_desc: (a, b) => time(b.updatedAt) - time(a.updatedAt) || byId(b, a),
      updated_asc: (a, b) => time(a.updatedAt) - time(b.updatedAt) || byId(a, b),
      created_desc: (a, b) => time(b.createdAt) - time(a.createdAt) || byId(b, a),
      created_asc: (a, b) => time(a.createdAt) - time(b.createdAt) || byId(a, b),
      priority: (a, b) => rank[b.priority] - rank[a.priority] || time(b.updatedAt) - time(a.updatedAt) || byId(b, a),
      sla: (a, b) =>
        (time(a.slaDueAt) === time(b.slaDueAt) ? 0 : time(a.slaDueAt) < time(b.slaDueAt) ? -1 : 1) ||
        time(a.createdAt) - time(b.createdAt) ||
        byId(a, b),
    };
    for (const view of ["all", "open"] as const) {
      const inView = stored.filter((ticket) => view === "all" || ticket.status === "OPEN");
      for (const sort of inboxSorts) {
        const seen = ids(await readAll(workspace.admin, { view, sort }));
        expect(new Set(seen).size, `${view} ${sort}: no repeats`).toBe(seen.length);
        expect(seen, `${view} ${sort}`).toEqual(ids([...inView].sort(expected[sort])));
      }
    }
    expect(rows).toHaveLength(62);
  });

  it("pages through search results and a filter the same way", async () => {
    const workspace = await makeWorkspace("search-paging");
    const specs: Spec[] = Array.from({ length: 60 }, (_, index) => ({
      body: index % 2 === 0 ? `The thermostat display flickers (${index}).` : "The doorbell chimes late.",
      updatedAt: new Date(Date.UTC(2026, 5, 1, 0, Math.floor(index / 6))),
      priority: index % 3 === 0 ? "URGENT" : "NORMAL",
    }));
    const rows = await seedTickets(workspace, specs);
    const flicker = rows.filter((_, index) => index % 2 === 0);
    for (const sort of inboxSorts) {
      const seen = ids(await readAll(workspace.admin, { view: "open", q: "flickers", sort }));
      expect(sorted(seen), sort).toEqual(sorted(ids(flicker)));
      expect(new Set(seen).size).toBe(seen.length);
    }
    const urgentFlicker = rows.filter((_, index) => index % 2 === 0 && index % 3 === 0);
    expect(sorted(ids(await readAll(workspace.admin, { view: "open", q: "thermostat", priority: "URGENT", sort: "created_asc" })))).toEqual(
      sorted(ids(urgentFlicker)),
    );
  });

  it("shows page one for a cursor made for another sort or tampered with", async () => {
    const workspace = await makeWorkspace("cursor");
    await seedTickets(
      workspace,
      Array.from({ length: 30 }, () => ({})),
    );
    const first = await listInboxTickets({ actor: workspace.admin, query: { view: "open", sort: "updated_desc" } });
    const second = await listInboxTickets({
      actor: workspace.admin,
      query: { view: "open", sort: "updated_desc", cursor: first.nextCursor! },
    });
    expect(second.tickets).toHaveLength(5);
    const elsewhere = await listInboxTickets({
      actor: workspace.admin,
      query: { view: "open", sort: "created_desc", cursor: first.nextCursor! },
    });
    expect(elsewhere.tickets).toHaveLength(INBOX_PAGE_SIZE);
    const tampered = await listInboxTickets({ actor: workspace.admin, query: { view: "open", cursor: "eyJ4Ijoi" } });
    expect(ids(tampered.tickets)).toEqual(ids(first.tickets));
  });

  it("keeps the SLA due time by the rule of lib/support/sla.ts", async () => {
    const workspace = await makeWorkspace("sla");
    const agent = await makeAgent(workspace);
    const prisma = await getPrisma();
    const ticket = await makeTicket(workspace);
    const read = () =>
      prisma.ticket.findUniqueOrThrow({
        where: { id: ticket.id },
        select: { priority: true, status: true, createdAt: true, firstResponseAt: true, slaDueAt: true },
      });
    for (const priority of ["LOW", "NORMAL", "HIGH", "URGENT"] as const) {
      await updateTicket({ actor: agent, update: { ticketId: ticket.id, priority } });
      const row = await read();
      expect(row.slaDueAt, priority).toEqual(firstResponseSla(row, 0)!.dueAt);
    }
    await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, body: "On it.", kind: "AGENT" } });
    expect((await read()).slaDueAt).toBeNull();
  });
});

describe("inbox isolation", () => {
  it("never lists another workspace's tickets, whatever the view, filter, search or sort", async () => {
    const acme = await makeWorkspace("inbox-acme");
    const rival = await makeWorkspace("inbox-rival");
    const rivalAgent = await makeAgent(rival, "Rival agent");
    const acmeAgent = await makeAgent(acme, "Acme agent");
    const shared: Spec = {
      subject: "Thermostat offline",
      body: "The thermostat went offline overnight.",
      priority: "HIGH",
      product: "Lumio Thermostat",
      tier: "enterprise",
    };
    const acmeRows = await seedTickets(acme, [
      { ...shared, assigneeId: acmeAgent.userId },
      { ...shared, status: "PENDING", assigneeId: acmeAgent.userId },
      { ...shared, status: "RESOLVED" },
      { ...shared },
    ]);
    const rivalRows = await seedTickets(rival, [{ ...shared, assigneeId: rivalAgent.userId }]);
    const acmeIds = new Set(ids(acmeRows));

    const filters: Array<Partial<InboxQuery>> = [
      {},
      { q: "thermostat" },
      { q: `#${acmeRows[0]!.number}` },
      { priority: "HIGH", product: "Lumio Thermostat", tier: "enterprise" },
      // Another workspace's user id as the assignee filter matches nothing here.
      { assignee: acmeAgent.userId },
      { assignee: "none" },
    ];
    for (const view of inboxViews) {
      for (const filter of filters) {
        for (const sort of inboxSorts) {
          const rows = await readAll(rivalAgent, { view, sort, ...filter });
          expect(
            rows.filter((row) => acmeIds.has(row.id)),
            `${view} ${sort} ${JSON.stringify(filter)}`,
          ).toEqual([]);
        }
      }
    }
    expect(ids(await readAll(rivalAgent, { view: "all", q: "thermostat" }))).toEqual([rivalRows[0]!.id]);
    const counts = await countInboxViews({ actor: rivalAgent });
    expect(counts).toMatchObject({ all: 1, open: 1, mine: 1, unassigned: 0, pending: 0, resolved: 0 });
    expect((await listInboxFilterOptions({ actor: rivalAgent })).assignees.map((user) => user.name)).not.toContain("Acme agent");
  });
});

describe("inbox counts", () => {
  it("counts each view for the actor", async () => {
    const workspace = await makeWorkspace("counts");
    const kim = await makeAgent(workspace, "Kim");
    await seedTickets(workspace, [
      { assigneeId: kim.userId },
      { status: "PENDING", assigneeId: kim.userId },
      { status: "RESOLVED", assigneeId: kim.userId },
      { status: "CLOSED" },
      {},
      {},
    ]);
    expect(await countInboxViews({ actor: kim })).toEqual({ open: 3, mine: 2, unassigned: 2, pending: 1, resolved: 2, all: 6 });
    expect((await countInboxViews({ actor: workspace.admin })).mine).toBe(0);
  });
});
