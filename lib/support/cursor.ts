// Keyset paging for ticket lists: the cursor holds the sort key of the last row shown (and
// its id, which breaks ties), so a page costs the same at ticket 100,000 as at ticket 10
// (no OFFSET scan). A cursor made for one sort is ignored under another.
import { type InboxSort, inboxSorts, ticketPriorities } from "./inbox-query";

/** The row fields any sort key is made of. */
export interface CursorRow {
  id: string;
  updatedAt: Date;
  createdAt: Date;
  priority: string;
  /** First-response due time; null when no first response is awaited (sorts last). */
  slaDueAt: Date | null;
}

type KeyPart = "time" | "timeOrNever" | "priority";

/** Each sort's key, most significant first; the row id always comes last. */
export const sortKeyParts: Record<InboxSort, KeyPart[]> = {
  updated_desc: ["time"],
  updated_asc: ["time"],
  created_desc: ["time"],
  created_asc: ["time"],
  priority: ["priority", "time"],
  sla: ["timeOrNever", "time"],
};

/** A date or a text key; the text "never" stands for a ticket with no first response due, which sorts after every date. */
export type CursorValue = Date | string;

export interface TicketCursor {
  sort: InboxSort;
  /** The key parts of `sortKeyParts[sort]`, then the id. */
  values: CursorValue[];
  id: string;
}

export function cursorValues(sort: InboxSort, row: CursorRow): CursorValue[] {
  switch (sort) {
    case "updated_desc":
    case "updated_asc":
      return [row.updatedAt];
    case "created_desc":
    case "created_asc":
      return [row.createdAt];
    case "priority":
      return [row.priority, row.updatedAt];
    case "sla":
      return [row.slaDueAt ?? "never", row.createdAt];
  }
}

export function encodeCursor(sort: InboxSort, row: CursorRow): string {
  const values = cursorValues(sort, row).map((value) => (value instanceof Date ? value.toISOString() : value));
  return Buffer.from(JSON.stringify([sort, ...values, row.id])).toString("base64url");
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function parseTime(value: unknown): Date | null {
  if (typeof value !== "string" || !isoPattern.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function parsePart(part: KeyPart, value: unknown): CursorValue | null {
  if (part === "priority") return typeof value === "string" && (ticketPriorities as readonly string[]).includes(value) ? value : null;
  if (part === "timeOrNever" && value === "never") return "never";
  return parseTime(value);
}

/**
 * The cursor's position for the given sort. Null for anything we did not make for this
 * sort (tampered, truncated, or from another sort), so such a URL shows page one.
 */
export function decodeCursor(value: string | undefined | null, sort: InboxSort): TicketCursor | null {
  if (!value) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(decoded) || decoded[0] !== sort || !(inboxSorts as readonly string[]).includes(sort)) return null;
  const parts = sortKeyParts[sort];
  if (decoded.length !== parts.length + 2) return null;
  const id: unknown = decoded[decoded.length - 1];
  if (typeof id !== "string" || !uuidPattern.test(id)) return null;
  const values: CursorValue[] = [];
  for (const [index, part] of parts.entries()) {
    const parsed = parsePart(part, decoded[index + 1]);
    if (parsed === null) return null;
    values.push(parsed);
  }
  return { sort, values, id };
}
