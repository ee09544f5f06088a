import { z } from "zod";
import { MAX_TAGS_PER_TICKET, normalizeTag } from "./tag-rules";

// What an inbox URL may ask for. Pure (no database), so the filter bar can share the option
// lists. Every field falls back to "no filter" on a bad value, as a hand-edited URL should
// show the inbox rather than an error page; the search text is cut to length, never dropped.

export const inboxViews = ["open", "mine", "unassigned", "pending", "resolved", "all"] as const;
export type InboxView = (typeof inboxViews)[number];

export const inboxSorts = ["updated_desc", "updated_asc", "created_desc", "created_asc", "priority", "sla"] as const;
export type InboxSort = (typeof inboxSorts)[number];

export const ticketStatuses = ["OPEN", "PENDING", "RESOLVED", "CLOSED"] as const;
export const ticketPriorities = ["LOW", "NORMAL", "HIGH", "URGENT"] as const;
export const customerTiers = ["free", "plus", "business", "enterprise"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** The statuses each view shows; a status filter can only narrow them. */
export const viewStatuses: Record<InboxView, readonly TicketStatus[]> = {
  open: ["OPEN"],
  mine: ["OPEN", "PENDING"],
  unassigned: ["OPEN"],
  pending: ["PENDING"],
  resolved: ["RESOLVED", "CLOSED"],
  all: ticketStatuses,
};

export const SEARCH_MAX_LENGTH = 200;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((value) => value || undefined);

export const inboxQuerySchema = z.object({
  view: z.enum(inboxViews).catch("open"),
  status: z.enum(ticketStatuses).optional().catch(undefined),
  priority: z.enum(ticketPriorities).optional().catch(undefined),
  product: optionalText(120),
  // A user of the workspace, or "none" for unassigned tickets. An id of another workspace
  // matches nothing: every query is scoped by the actor's workspace.
  assignee: z
    .union([z.literal("none"), z.uuid()])
    .optional()
    .catch(undefined),
  tier: z.enum(customerTiers).optional().catch(undefined),
  // `?tag=billing&tag=refund`: tickets carrying every one. A value that cannot be a tag is
  // dropped (it could match nothing), the rest are normalised as tags are stored.
  tag: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .catch(undefined)
    .transform((value) => {
      const tags = [...new Set((Array.isArray(value) ? value : value ? [value] : []).map(normalizeTag).filter((tag) => tag !== null))];
      return tags.length ? tags.slice(0, MAX_TAGS_PER_TICKET) : undefined;
    }),
  q: z
    .string()
    .optional()
    .catch(undefined)
    .transform((value) => value?.trim().slice(0, SEARCH_MAX_LENGTH) || undefined),
  sort: z.enum(inboxSorts).catch("updated_desc"),
  cursor: optionalText(400),
});
export type InboxQuery = z.output<typeof inboxQuerySchema>;

/** The filters that narrow a view (everything but the view, sort and page). */
export const inboxFilterKeys = ["status", "priority", "product", "assignee", "tier", "q"] as const;

export function hasFilters(query: InboxQuery): boolean {
  return inboxFilterKeys.some((key) => query[key] !== undefined) || Boolean(query.tag?.length);
}

// `tag:billing` (or `tags:`, Zendesk's spelling; `tag:"two words"` for a tag with a space).
const TAG_OPERATOR = /(?:^|\s)tags?:(?:"([^"]*)"|(\S*))/giu;

/**
 * The search box split into its `tag:` operators and the words left for the full-text
 * search. A tag operator filters by exact tag, as the tag filter does, rather than joining
 * the words: stemming would turn "billing" into "bill" and find every invoice mentioned in
 * a message. `invalid` is set when an operator names something that cannot be a tag, so
 * the search matches nothing rather than silently ignoring it.
 */
export function parseSearch(text: string | undefined): { words: string | undefined; tags: string[]; invalid: boolean } {
  if (!text) return { words: undefined, tags: [], invalid: false };
  const tags: string[] = [];
  let invalid = false;
  const words = text.replace(TAG_OPERATOR, (_match, quoted: string | undefined, bare: string | undefined) => {
    const tag = normalizeTag(quoted ?? bare);
    if (tag === null) invalid = true;
    else if (!tags.includes(tag)) tags.push(tag);
    return " ";
  });
  return { words: words.trim() || undefined, tags, invalid };
}

/**
 * The search box's words as a PostgreSQL tsquery: every word must occur (in the subject or
 * any message), each as a prefix so a half-typed word already matches. Only letters and
 * digits pass, so nothing the user types can inject tsquery operators. Null when no word
 * is left.
 */
export function searchTsQuery(text: string | undefined): string | null {
  if (!text) return null;
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+(?:[.@_-][\p{L}\p{N}]+)*/gu) ?? [];
  const unique = [...new Set(words)].slice(0, 12);
  return unique.length ? unique.map((word) => `${word}:*`).join(" & ") : null;
}

/** "#123" or "123": the search also matches that ticket number. */
export function searchTicketNumber(text: string | undefined): number | null {
  const match = text?.match(/^#?(\d{1,9})$/);
  return match ? Number(match[1]) : null;
}

/** The search params of an inbox query, without the defaults (so links stay short and stable). */
export function inboxSearchParams(query: Partial<InboxQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.view && query.view !== "open") params.set("view", query.view);
  for (const key of inboxFilterKeys) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  for (const tag of query.tag ?? []) params.append("tag", tag);
  if (query.sort && query.sort !== "updated_desc") params.set("sort", query.sort);
  if (query.cursor) params.set("cursor", query.cursor);
  return params;
}

export function inboxHref(query: Partial<InboxQuery>): string {
  const search = inboxSearchParams(query).toString();
  return search ? `/inbox?${search}` : "/inbox";
}

// View counts stop here and show as "10,000+": counting a workspace's whole history every
// 10 seconds for every agent would cost more than the exact number is worth.
export const COUNT_CAP = 10_000;

export function formatCount(count: number): string {
  return count > COUNT_CAP ? `${COUNT_CAP.toLocaleString("en")}+` : count.toLocaleString("en");
}
