import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as getTicketRoute, PATCH as patchTicketRoute } from "@/app/api/v1/tickets/[id]/route";
import { POST as postTicketRoute } from "@/app/api/v1/tickets/route";
import { hashApiKey } from "@/lib/api/api-keys";
import { apiTicketSchema } from "@/lib/api/schemas";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { makeAgent, makeTicket, makeWorkspace, type TestWorkspace } from "@/test/factories";
import { INBOX_PAGE_SIZE, listInboxTickets } from "./inbox";
import { type InboxQuery, inboxQuerySchema } from "./inbox-query";
import { changeTicketTags, listWorkspaceTags } from "./tags";
import { getTicketDetail } from "./tickets";

// Tags on tickets: the lib verbs, the inbox's tag filter and `tag:` search, and the REST API.

async function storedTags(ticketId: string) {
  const prisma = await getPrisma();
  return (await prisma.ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { tags: true } })).tags;
}

async function taggedAudits(workspaceId: string) {
  const prisma = await getPrisma();
  return prisma.auditLog.findMany({
    where: { workspaceId, action: "ticket.tagged" },
    orderBy: { seq: "asc" },
    select: { actorType: true, actorUserId: true, targetId: true, summary: true },
  });
}

/** Every row of an inbox query, following the cursors; fails on a page that repeats a row. */
async function readAll(actor: Actor, query: Partial<InboxQuery>) {
  const rows: Awaited<ReturnType<typeof listInboxTickets>>["tickets"] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await listInboxTickets({ actor, query: { ...query, cursor } });
    rows.push(...page.tickets);
    if (!page.nextCursor) break;
    expect(page.tickets).toHaveLength(INBOX_PAGE_SIZE);
    cursor = page.nextCursor;
  }
  expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
  return rows;
}

/** Tickets with the given tags, updated times in pairs (ties, which the keyset must break by id). */
async function seedTagged(workspace: TestWorkspace, tagLists: string[][]) {
  const prisma = await getPrisma();
  const customer = await prisma.customer.create({
    data: { workspaceId: workspace.workspaceId, email: `tags-${randomUUID().slice(0, 8)}@customers.example`, name: "Tagged Customer" },
  });
  const rows = tagLists.map((tags, index) => ({
    id: randomUUID(),
    workspaceId: workspace.workspaceId,
    number: 50_000 + index,
    customerId: customer.id,
    subject: `Tagged ticket ${index}`,
    tags,
    updatedAt: new Date(Date.UTC(2026, 0, 2, 0, Math.floor(index / 2))),
  }));
  await prisma.ticket.createMany({ data: rows });
  return rows;
}

async function makeKey(workspaceId: string) {
  const key = `rk_${randomBytes(18).toString("base64url")}`;
  const prisma = await getPrisma();
  await prisma.apiKey.create({ data: { workspaceId, name: "test", prefix: key.slice(0, 8), keyHash: hashApiKey(key) } });
  return key;
}

const request = (url: string, key: string, method = "GET", body?: unknown) =>
  new Request(`http://localhost${url}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe("ticket tags", () => {
  it("sets, adds and removes normalised tags, audited with counts, and shows them on the ticket", async () => {
    const workspace = await makeWorkspace("tags");
    const agent = await makeAgent(workspace, "Kim");
    const ticket = await makeTicket(workspace);
    const by = { actor: agent };

    const set = await changeTicketTags({
      by,
      ticketId: ticket.id,
      change: { set: [" Billing ", "VIP  Customer", "billing", "ｂｉｌｌｉｎｇ"] },
    });
    expect(set).toEqual({ tags: ["billing", "vip customer"], changed: true });
    expect((await changeTicketTags({ by, ticketId: ticket.id, change: { add: ["Refund", "billing"] } })).tags).toEqual([
      "billing",
      "vip customer",
      "refund",
    ]);
    // Adding a tag the ticket has changes nothing and writes nothing.
    expect(await changeTicketTags({ by, ticketId: ticket.id, change: { add: ["REFUND"] } })).toMatchObject({ changed: false });
    expect((await changeTicketTags({ by, ticketId: ticket.id, change: { remove: ["VIP Customer"] } })).tags).toEqual(["billing", "refund"]);

    expect((await getTicketDetail({ actor: workspace.admin, ticketId: ticket.id })).tags).toEqual(["billing", "refund"]);
    const audits = await taggedAudits(workspace.workspaceId);
    expect(audits).toHaveLength(3);
    expect(audits.map((entry) => entry.summary)).toEqual([
      { added: 2, removed: 0, tags: 2 },
      { added: 1, removed: 0, tags: 3 },
      { added: 0, removed: 1, tags: 2 },
    ]);
    expect(audits.every((entry) => entry.actorType === "user" && entry.actorUserId === agent.userId && entry.targetId === ticket.id)).toBe(
      true,
    );

    // Two agents adding at once both keep their tag (the row is locked for each change).
    await Promise.all([
      changeTicketTags({ by, ticketId: ticket.id, change: { add: ["urgent-fix"] } }),
      changeTicketTags({ by: { actor: workspace.admin }, ticketId: ticket.id, change: { add: ["sla_breach"] } }),
    ]);
    expect([...(await storedTags(ticket.id))].sort()).toEqual(["billing", "refund", "sla_breach", "urgent-fix"]);

    const suggestions = await listWorkspaceTags({ actor: agent });
    expect(suggestions.map((entry) => entry.tag).sort()).toEqual(["billing", "refund", "sla_breach", "urgent-fix"]);
    expect(suggestions.every((entry) => entry.count === 1)).toBe(true);
  });

  it("refuses hostile or oversized tags with a field error and changes nothing", async () => {
    const workspace = await makeWorkspace("tags-bad");
    const ticket = await makeTicket(workspace);
    const by = { actor: workspace.admin };
    await changeTicketTags({ by, ticketId: ticket.id, change: { set: ["billing"] } });
    const hostile = [
      "",
      "   ",
      "invoice\u202Efdp.exe",
      "zero\u200Bwidth",
      "nul\u0000byte",
      "tab\there",
      "line\nbreak",
      "<script>",
      "semi;colon",
      "x".repeat(41),
      "emoji 🔥",
    ];
    for (const value of hostile) {
      for (const change of [{ set: ["refund", value] }, { add: [value] }, { remove: [value] }]) {
        const failure = await changeTicketTags({ by, ticketId: ticket.id, change }).catch((error: unknown) => error);
        expect(failure, JSON.stringify(value)).toBeInstanceOf(ValidationError);
        expect(Object.keys((failure as ValidationError).fieldErrors)).toEqual(["tags"]);
      }
    }
    // At most 20 on a ticket: a longer list, or an addition past it, is refused whole.
    const twenty = Array.from({ length: 20 }, (_, index) => `t${index}`);
    await expect(changeTicketTags({ by, ticketId: ticket.id, change: { set: [...twenty, "t20"] } })).rejects.toThrow(/at most 20/);
    await changeTicketTags({ by, ticketId: ticket.id, change: { set: twenty } });
    await expect(changeTicketTags({ by, ticketId: ticket.id, change: { add: ["one-more"] } })).rejects.toThrow(/at most 20/);

    expect(await storedTags(ticket.id)).toEqual(twenty);
    expect(await taggedAudits(workspace.workspaceId)).toHaveLength(2);
  });

  it("keeps another workspace from tagging, finding or listing a workspace's tags", async () => {
    const acme = await makeWorkspace("tags-acme");
    const rival = await makeWorkspace("tags-rival");
    const ticket = await makeTicket(acme);
    await changeTicketTags({ by: { actor: acme.admin }, ticketId: ticket.id, change: { set: ["acme-secret"] } });

    for (const change of [{ set: ["hijacked"] }, { add: ["hijacked"] }, { remove: ["acme-secret"] }])
      await expect(changeTicketTags({ by: { actor: rival.admin }, ticketId: ticket.id, change })).rejects.toBeInstanceOf(NotFoundError);
    await expect(changeTicketTags({ by: { actor: rival.admin }, ticketId: "not-a-uuid", change: { add: ["x"] } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await storedTags(ticket.id)).toEqual(["acme-secret"]);
    expect(await listWorkspaceTags({ actor: rival.admin })).toEqual([]);
    expect(await readAll(rival.admin, { view: "all", tag: ["acme-secret"] })).toEqual([]);
    expect(await readAll(rival.admin, { view: "all", q: "tag:acme-secret" })).toEqual([]);
    expect(await taggedAudits(rival.workspaceId)).toEqual([]);

    const rivalKey = await makeKey(rival.workspaceId);
    const patched = await patchTicketRoute(
      request(`/api/v1/tickets/${ticket.id}`, rivalKey, "PATCH", { tags: ["hijacked"] }),
      params(ticket.id),
    );
    expect(patched.status).toBe(404);
    expect(await storedTags(ticket.id)).toEqual(["acme-secret"]);
  });
});

describe("the inbox by tag", () => {
  it("filters by one or several tags (all of them) and by `tag:` in the search, paging without gaps or repeats", async () => {
    const workspace = await makeWorkspace("tags-inbox");
    const actor = workspace.admin;
    const rows = await seedTagged(workspace, [
      ...Array.from({ length: 30 }, () => ["billing"]),
      ...Array.from({ length: 12 }, () => ["billing", "refund"]),
      ...Array.from({ length: 5 }, () => ["refund", "vip customer"]),
      ...Array.from({ length: 10 }, () => []),
    ]);
    const withTags = (...wanted: string[]) =>
      rows
        .filter((row) => wanted.every((tag) => row.tags.includes(tag)))
        .map((row) => row.id)
        .sort();

    for (const sort of ["updated_desc", "updated_asc", "created_desc"] as const) {
      const billing = await readAll(actor, { view: "all", sort, tag: ["billing"] });
      expect(ids(billing), sort).toEqual(withTags("billing"));
      expect(billing.every((row) => row.tags.includes("billing"))).toBe(true);
    }
    expect(ids(await readAll(actor, { view: "all", tag: ["billing", "refund"] }))).toEqual(withTags("billing", "refund"));
    // The search operator, alone, twice, quoted, or beside the URL filter: the same exact-tag match.
    expect(ids(await readAll(actor, { view: "all", q: "tag:refund" }))).toEqual(withTags("refund"));
    expect(ids(await readAll(actor, { view: "all", q: "tag:Billing tags:refund" }))).toEqual(withTags("billing", "refund"));
    expect(ids(await readAll(actor, { view: "all", q: 'tag:"VIP customer"' }))).toEqual(withTags("vip customer"));
    expect(ids(await readAll(actor, { view: "all", tag: ["billing"], q: "tag:refund" }))).toEqual(withTags("billing", "refund"));
    // Words and a tag: both must match. A tag no ticket has, or one that cannot be a tag, finds nothing.
    const [first] = rows;
    expect(ids(await readAll(actor, { view: "all", q: `"Tagged ticket 0" tag:billing` }))).toEqual([first!.id]);
    expect(await readAll(actor, { view: "all", q: "tag:nothing-here" })).toEqual([]);
    expect(await readAll(actor, { view: "all", q: "tag:<script>" })).toEqual([]);
    // "billing" as a plain word is the full-text search, which tags do not feed.
    expect(await readAll(actor, { view: "all", q: "billing" })).toEqual([]);

    // From the URL: repeated and normalised; a value that cannot be a tag is dropped.
    expect(inboxQuerySchema.parse({ tag: ["Billing", "refund", "bad\u202Etag", "billing"] }).tag).toEqual(["billing", "refund"]);
    expect(ids(await readAll(actor, inboxQuerySchema.parse({ view: "all", tag: "Refund" })))).toEqual(withTags("refund"));

    const suggestions = await listWorkspaceTags({ actor });
    expect(suggestions).toEqual([
      { tag: "billing", count: 42 },
      { tag: "refund", count: 17 },
      { tag: "vip customer", count: 5 },
    ]);
  });
});

describe("tags through the REST API", () => {
  it("opens a ticket with tags, returns them, and replaces them with PATCH", async () => {
    const workspace = await makeWorkspace("tags-api");
    const key = await makeKey(workspace.workspaceId);
    const created = await postTicketRoute(
      request("/api/v1/tickets", key, "POST", {
        customer: { email: "tagged@customers.example", name: "Tia" },
        subject: "Charged twice",
        message: "My card was charged twice this month.",
        tags: [" Billing ", "VIP", "billing"],
      }),
    );
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as { id: string; tags: string[] };
    expect(ticket.tags).toEqual(["billing", "vip"]);
    expect(apiTicketSchema.parse(ticket)).toEqual(ticket);
    expect(ids(await readAll(workspace.admin, { view: "all", tag: ["vip"] }))).toEqual([ticket.id]);

    const patched = await patchTicketRoute(
      request(`/api/v1/tickets/${ticket.id}`, key, "PATCH", { tags: ["refund", "Billing"] }),
      params(ticket.id),
    );
    expect(patched.status).toBe(200);
    const patchedBody = (await patched.json()) as { tags: string[] };
    expect(patchedBody.tags).toEqual(["refund", "billing"]);
    expect(apiTicketSchema.parse(patchedBody)).toEqual(patchedBody);
    const audits = await taggedAudits(workspace.workspaceId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: "api", actorUserId: null, summary: { added: 1, removed: 1, tags: 2 } });

    // Refused with the field named; nothing changes.
    for (const body of [{ tags: ["bad\u202Etag"] }, { tags: ["x".repeat(41)] }, { tags: "billing" }, { subject: "Renamed" }]) {
      const refused = await patchTicketRoute(request(`/api/v1/tickets/${ticket.id}`, key, "PATCH", body), params(ticket.id));
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    const hostileCreate = await postTicketRoute(
      request("/api/v1/tickets", key, "POST", {
        customer: { email: "tagged@customers.example", name: "Tia" },
        subject: "Another",
        message: "Hello",
        tags: ["ok", "tab\there"],
      }),
    );
    expect(hostileCreate.status).toBe(400);
    expect(Object.keys(((await hostileCreate.json()) as { fields: Record<string, string[]> }).fields)).toEqual(["tags.1"]);
    const read = (await (await getTicketRoute(request(`/api/v1/tickets/${ticket.id}`, key), params(ticket.id))).json()) as {
      tags: string[];
    };
    expect(read.tags).toEqual(["refund", "billing"]);
    const prisma = await getPrisma();
    expect(await prisma.ticket.count({ where: { workspaceId: workspace.workspaceId } })).toBe(1);
  });
});

function ids(found: Array<{ id: string }>) {
  return found.map((row) => row.id).sort();
}
