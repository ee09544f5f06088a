// Keyset paging for ticket lists: the cursor is the (updatedAt, id) of the last row shown,
// so a page costs the same at ticket 100,000 as at ticket 10 (no OFFSET scan).

export interface TicketCursor {
  updatedAt: Date;
  id: string;
}

export function encodeCursor(cursor: TicketCursor): string {
  return Buffer.from(`${cursor.updatedAt.toISOString()}|${cursor.id}`).toString("base64url");
}

/** Returns null for anything that is not a cursor we made, so a tampered URL shows page one. */
export function decodeCursor(value: string | undefined | null): TicketCursor | null {
  if (!value) return null;
  const [iso, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (!iso || !id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const updatedAt = new Date(iso);
  return Number.isNaN(updatedAt.getTime()) ? null : { updatedAt, id };
}
