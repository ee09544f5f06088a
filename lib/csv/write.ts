import { stringify } from "csv-stringify/sync";

// The one way the app writes CSV (audit log, knowledge base): RFC 4180 quoting by
// csv-stringify, CRLF line ends, and every cell a spreadsheet would run as a formula
// defused with a leading apostrophe, as OWASP's "CSV Injection" page advises. An export
// holds text that customers and integrations wrote; opened in Excel or LibreOffice,
// "=HYPERLINK(...)" in a ticket subject would otherwise become a live formula.

/** Cells starting with these are formulas (or start one after a tab or carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A cell this writer defused: apostrophes, then a formula start. */
const DEFUSED = /^'+[=+\-@\t\r]/;

/**
 * The cell as written: a formula start gets a leading apostrophe. Text that already looks
 * defused gets one more, so restoreCell gives back exactly what was written.
 */
export function defuseCell(text: string): string {
  return FORMULA_START.test(text) || DEFUSED.test(text) ? `'${text}` : text;
}

/** The inverse of defuseCell, for importing a file this app (or a spreadsheet's text marker) wrote. */
export function restoreCell(text: string): string {
  return DEFUSED.test(text) ? text.slice(1) : text;
}

/** A value as cell text: empty for null and undefined, ISO for dates, JSON for objects and other non-strings. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** Rows of cells as CSV text, each row ending in CRLF. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  const cells = rows.map((row) => row.map((value) => defuseCell(cellText(value))));
  // Line breaks inside a cell are quoted (csv-stringify stops doing so once a record
  // delimiter is given); so is any cell with an apostrophe, which keeps a defused cell's
  // marker inside quotes as the audit export always wrote it.
  return stringify(cells, { record_delimiter: "\r\n", quote_record_delimiter: true, quoted_match: [/'/] });
}
