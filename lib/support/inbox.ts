import "server-only";
import type { Actor } from "@/lib/auth/guard";
import { readStoredText } from "@/lib/crypto/pii";
import { getDatabase } from "@/lib/db";
import { type CursorValue, decodeCursor, encodeCursor } from "./cursor";
import {
  COUNT_CAP,
  type InboxQuery,
  type InboxSort,
  type InboxView,
  inboxQuerySchema,
  inboxViews,
  parseSearch,
  searchTicketNumber,
  searchTsQuery,
  type TicketStatus,
  viewStatuses,
} from "./inbox-query";
import { firstResponseSla } from "./sla";

// The inbox list: views, filters, full-text search and keyset paging in one parameterised
// SQL query (Prisma cannot express tsquery matches or row-value keyset comparisons), read
// through the raw driver as the memory store does. Search uses `tickets.search_vector`,
// kept by triggers over the subject and every message's words (migrations inbox_search and
// pii_encryption: bodies are ciphertext, so the app supplies their words, search-text.ts).
// Customer names come back encrypted from this raw SQL and are decrypted here.

export const INBOX_PAGE_SIZE = 25;

/** How each sort orders rows: its key expressions over a table alias (the id comes last), their types, one direction. */
const sortSql: Record<InboxSort, { keys: Array<(alias: string) => string>; casts: string[]; direction: "ASC" | "DESC" }> = {
  updated_desc: { keys: [(a) => `${a}.updated_at`], casts: ["timestamptz"], direction: "DESC" },
  updated_asc: { keys: [(a) => `${a}.updated_at`], casts: ["timestamptz"], direction: "ASC" },
  created_desc: { keys: [(a) => `${a}.created_at`], casts: ["timestamptz"], direction: "DESC" },
  created_asc: { keys: [(a) => `${a}.created_at`], casts: ["timestamptz"], direction: "ASC" },
  // Enum order is declaration order (LOW < NORMAL < HIGH < URGENT): DESC puts urgent first.
  priority: { keys: [(a) => `${a}.priority`, (a) => `${a}.updated_at`], casts: ['"TicketPriority"', "timestamptz"], direction: "DESC" },
  // Tickets awaiting a first response, soonest due (or longest overdue) first, then the
  // rest; both oldest first. The expression matches the two SLA order indexes.
  sla: {
    keys: [(a) => `COALESCE(${a}.sla_due_at, 'infinity'::timestamptz)`, (a) => `${a}.created_at`],
    casts: ["timestamptz", "timestamptz"],
    direction: "ASC",
  },
};

/** A row of the inbox SQL as the driver returns it: dates as Date, the customer name still encrypted. */
export interface InboxSqlRow {
  id: string;
  number: number;
  subject: string;
  product: string | null;
  status: string;
  priority: string;
  channel: string;
  sentiment: string | null;
  urgency: string | null;
  createdAt: Date;
  updatedAt: Date;
  firstResponseAt: Date | null;
  slaDueAt: Date | null;
  customerName: string;
  customerTier: string;
  assigneeId: string | null;
  assigneeName: string | null;
  /** A public-form ticket whose sender has not proven the address yet. */
  unverified: boolean;
  tags: string[];
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

function statusesFor(query: InboxQuery): readonly TicketStatus[] {
  const inView = viewStatuses[query.view];
  return query.status ? inView.filter((status) => status === query.status) : inView;
}

/**
 * The SQL of one inbox page. Null when the filters cannot match anything (a status outside
 * the view, a search with no words), so no query is needed. `offset` exists only for the
 * benchmark's baseline (OFFSET paging to the same depth); the app pages by cursor.
 */
export function buildInboxQuery({
  actor,
  query,
  offset,
}: {
  actor: Actor;
  query: InboxQuery;
  offset?: number;
}): { text: string; values: unknown[] } | null {
  const params = new Params();
  const where = [`t.workspace_id = ${params.add(actor.workspaceId, "uuid")}`];

  const statuses = statusesFor(query);
  if (statuses.length === 0) return null;
  // Every status: no condition, so the (workspace, updated_at) order index serves "all".
  if (statuses.length < 4) where.push(`t.status IN (${statuses.map((status) => params.add(status, '"TicketStatus"')).join(", ")})`);

  if (query.view === "mine") where.push(`t.assignee_id = ${params.add(actor.userId, "uuid")}`);
  if (query.view === "unassigned") where.push("t.assignee_id IS NULL");
  if (query.assignee === "none") where.push("t.assignee_id IS NULL");
  else if (query.assignee) where.push(`t.assignee_id = ${params.add(query.assignee, "uuid")}`);
  if (query.priority) where.push(`t.priority = ${params.add(query.priority, '"TicketPriority"')}`);
  if (query.product) where.push(`t.product = ${params.add(query.product)}`);
  if (query.tier) where.push(`c.tier = ${params.add(query.tier)}`);
  const joinCustomers = query.tier ? "JOIN customers c ON c.id = t.customer_id" : "";

  // The tag filter and the search's `tag:` operators: the ticket carries every one (GIN index).
  const search = parseSearch(query.q);
  if (search.invalid) return null;
  const tags = [...new Set([...(query.tag ?? []), ...search.tags])];
  if (tags.length) where.push(`t.tags @> ${params.add(tags, "text[]")}`);

  if (search.words) {
    const tsquery = searchTsQuery(search.words);
    const number = searchTicketNumber(search.words);
    const matches: string[] = [];
    if (tsquery) matches.push(`t.search_vector @@ to_tsquery('english', ${params.add(tsquery)})`);
    if (number !== null) matches.push(`t.number = ${params.add(number, "int")}`);
    if (matches.length === 0) return null;
    where.push(matches.length === 1 ? matches[0]! : `(${matches.join(" OR ")})`);
  }

  const sort = sortSql[query.sort];
  const order = (alias: string) => [...sort.keys.map((key) => key(alias)), `${alias}.id`];
  const cursor = offset === undefined ? decodeCursor(query.cursor, query.sort) : null;
  if (cursor) {
    const bound = cursor.values.map((value, index) => params.add(cursorParam(value), sort.casts[index]));
    // A row comparison is one index range condition, whatever the number of key columns.
    where.push(
      `(${order("t").join(", ")}) ${sort.direction === "DESC" ? "<" : ">"} (${[...bound, params.add(cursor.id, "uuid")].join(", ")})`,
    );
  }

  // The page is chosen from tickets alone, then joined to its customers and assignees: a
  // join in the same query level can lead the planner away from the ordered index scan.
  const text = `
    SELECT p.id, p.number, p.subject, p.product, p.status::text AS status, p.priority::text AS priority,
      p.channel::text AS channel, p.sentiment, p.urgency, p.created_at AS "createdAt", p.updated_at AS "updatedAt",
      p.first_response_at AS "firstResponseAt", p.sla_due_at AS "slaDueAt", cu.name AS "customerName",
      cu.tier AS "customerTier", p.assignee_id AS "assigneeId", u.name AS "assigneeName", (p.verified_at IS NULL) AS unverified,
      coalesce(p.tags, '{}') AS tags
    FROM (
      SELECT t.id, t.number, t.subject, t.product, t.status, t.priority, t.channel, t.sentiment, t.urgency,
        t.created_at, t.updated_at, t.first_response_at, t.sla_due_at, t.customer_id, t.assignee_id, t.verified_at, t.tags
      FROM tickets t ${joinCustomers}
      WHERE ${where.join("\n        AND ")}
      ORDER BY ${order("t")
        .map((key) => `${key} ${sort.direction}`)
        .join(", ")}
      LIMIT ${INBOX_PAGE_SIZE + 1}${offset ? ` OFFSET ${Math.floor(offset)}` : ""}
    ) p
    JOIN customers cu ON cu.id = p.customer_id
    LEFT JOIN users u ON u.id = p.assignee_id
    ORDER BY ${order("p")
      .map((key) => `${key} ${sort.direction}`)
      .join(", ")}`;
  return { text, values: params.values };
}

function cursorParam(value: CursorValue): string {
  if (value === "never") return "infinity";
  return value instanceof Date ? value.toISOString() : value;
}

/** One page of an inbox view with its filters, search and sort, inside the actor's workspace. */
export async function listInboxTickets({ actor, query }: { actor: Actor; query: Partial<InboxQuery> }) {
  const parsed = inboxQuerySchema.parse(query);
  const sql = buildInboxQuery({ actor, query: parsed });
  if (!sql) return { tickets: [], nextCursor: null };
  const { sql: db } = await getDatabase();
  const rows = await db.query<InboxSqlRow>(sql.text, sql.values);
  const page = rows.slice(0, INBOX_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    tickets: page.map((row) => {
      const sla = firstResponseSla(row);
      // Raw SQL skips the Prisma extension that decrypts customer fields.
      return {
        ...row,
        customerName: readStoredText(row.customerName, "customers"),
        sla: sla?.pressing ? { dueAt: sla.dueAt, overdue: sla.overdue } : null,
      };
    }),
    nextCursor: rows.length > INBOX_PAGE_SIZE && last ? encodeCursor(parsed.sort, last) : null,
  };
}

export type InboxPage = Awaited<ReturnType<typeof listInboxTickets>>;

/** How many tickets each view holds (unfiltered), capped at COUNT_CAP. */
export async function countInboxViews({ actor }: { actor: Actor }): Promise<Record<InboxView, number>> {
  const { sql: db } = await getDatabase();
  const counts = await Promise.all(
    inboxViews.map(async (view) => {
      const sql = buildCountQuery(actor, view);
      const [row] = await db.query<{ count: number | string }>(sql.text, sql.values);
      return Number(row?.count ?? 0);
    }),
  );
  return Object.fromEntries(inboxViews.map((view, index) => [view, counts[index]!])) as Record<InboxView, number>;
}

function buildCountQuery(actor: Actor, view: InboxView) {
  const params = new Params();
  const where = [`workspace_id = ${params.add(actor.workspaceId, "uuid")}`];
  const statuses = viewStatuses[view];
  if (statuses.length < 4) where.push(`status IN (${statuses.map((status) => params.add(status, '"TicketStatus"')).join(", ")})`);
  if (view === "mine") where.push(`assignee_id = ${params.add(actor.userId, "uuid")}`);
  if (view === "unassigned") where.push("assignee_id IS NULL");
  return {
    text: `SELECT count(*)::int AS count FROM (SELECT 1 FROM tickets WHERE ${where.join(" AND ")} LIMIT ${COUNT_CAP + 1}) capped`,
    values: params.values,
  };
}

/**
 * The values the filter bar offers: the workspace's products (read as a loose index scan,
 * one probe per distinct product, not a pass over every ticket) and its users.
 */
export async function listInboxFilterOptions({ actor }: { actor: Actor }) {
  const { sql: db } = await getDatabase();
  const [products, users] = await Promise.all([
    db.query<{ product: string }>(
      `WITH RECURSIVE products AS (
         (SELECT product FROM tickets WHERE workspace_id = $1::uuid AND product IS NOT NULL ORDER BY product LIMIT 1)
         UNION ALL
         SELECT (SELECT t.product FROM tickets t WHERE t.workspace_id = $1::uuid AND t.product > products.product ORDER BY t.product LIMIT 1)
         FROM products WHERE products.product IS NOT NULL
       )
       SELECT product FROM products WHERE product IS NOT NULL LIMIT 200`,
      [actor.workspaceId],
    ),
    db.query<{ id: string; name: string }>(
      `SELECT id, name FROM users WHERE workspace_id = $1::uuid AND disabled_at IS NULL ORDER BY name, id`,
      [actor.workspaceId],
    ),
  ]);
  return { products: products.map((row) => row.product), assignees: users };
}
