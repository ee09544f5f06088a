// Finding one customer's identifiers in free text (team knowledge, audit summaries) and
// replacing them. Pure, so the same needles drive the JavaScript and the SQL side.

export interface PersonalNeedles {
  email: string;
  /** The full name as held; single short names are skipped (too many false matches). */
  name?: string | null;
  phone?: string | null;
}

const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** email and phone identify one person; a name may be an ordinary word ("Billing"). */
export type NeedleKind = "email" | "name" | "phone";

export interface NeedlePattern {
  kind: NeedleKind;
  /** JavaScript source, used with the "giu" flags. */
  source: string;
  /** PostgreSQL ARE source, used with regexp_replace(..., 'gi') and ~*. */
  sql: string;
  replacement: string;
}

export function needlePatterns(needles: PersonalNeedles): NeedlePattern[] {
  const patterns: NeedlePattern[] = [
    { kind: "email", source: escapeRegex(needles.email), sql: escapeRegex(needles.email), replacement: "[email]" },
  ];
  const name = needles.name?.trim().replace(/\s+/g, " ");
  if (name && name.length >= 4) {
    const words = name.split(" ").map(escapeRegex);
    // Any run of spaces between the words; whole words only (Unicode letters in JS, \m \M in PostgreSQL).
    patterns.push({
      kind: "name",
      source: `(?<![\\p{L}\\p{N}])${words.join("\\s+")}(?![\\p{L}\\p{N}])`,
      sql: `\\m${words.join("\\s+")}\\M`,
      replacement: "the customer",
    });
  }
  const digits = (needles.phone ?? "").replace(/\D/g, "");
  if (digits.length >= 7) {
    // The same digits however they are grouped: "+1 (555) 010-2000" and "15550102000".
    const loose = digits.split("").join("[^0-9A-Za-z]{0,3}");
    patterns.push({ kind: "phone", source: loose, sql: loose, replacement: "[phone]" });
  }
  return patterns;
}

export function containsPersonalData(text: string, patterns: NeedlePattern[]): boolean {
  return patterns.some((pattern) => new RegExp(pattern.source, "iu").test(text));
}

export function redactPersonalData(text: string, patterns: NeedlePattern[]): string {
  return patterns.reduce((result, pattern) => result.replace(new RegExp(pattern.source, "giu"), pattern.replacement), text);
}

/**
 * The patterns that identify the customer on their own (address, phone). A name alone does
 * not: erasure rewrites a row not linked to the customer only when one of these matches.
 */
export function identifierPatterns(patterns: NeedlePattern[]): NeedlePattern[] {
  return patterns.filter((pattern) => pattern.kind !== "name");
}

export interface NeedleMatch {
  kind: NeedleKind;
  index: number;
  length: number;
}

/** The first match of the most telling pattern (address, then phone, then name), or null. */
export function firstMatch(text: string, patterns: NeedlePattern[]): NeedleMatch | null {
  const order: NeedleKind[] = ["email", "phone", "name"];
  for (const kind of order) {
    for (const pattern of patterns.filter((candidate) => candidate.kind === kind)) {
      const found = new RegExp(pattern.source, "iu").exec(text);
      if (found) return { kind, index: found.index, length: found[0].length };
    }
  }
  return null;
}

/** The kinds of identifier the text holds, in the order address, phone, name. */
export function matchedKinds(text: string, patterns: NeedlePattern[]): NeedleKind[] {
  const kinds = new Set(patterns.filter((pattern) => new RegExp(pattern.source, "iu").test(text)).map((pattern) => pattern.kind));
  return (["email", "phone", "name"] as const).filter((kind) => kinds.has(kind));
}

/** "m•••@e•••.com": enough to recognise your own address, not enough to recover it. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  const dot = domain.lastIndexOf(".");
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : "";
  return `${local.slice(0, 1)}•••@${host.slice(0, 1)}•••${tld}`;
}
