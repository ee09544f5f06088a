import "server-only";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { assertAdmin } from "@/lib/auth/admin";
import type { Actor } from "@/lib/auth/guard";
import { restoreCell, toCsv } from "@/lib/csv/write";
import { getPrisma } from "@/lib/db";
import type { KnowledgeKind } from "@/lib/db/generated/client";
import { AppError, ValidationError } from "@/lib/errors";
import { articleInputSchema, createArticle, knowledgeKinds, publishArticle, saveArticle } from "./articles";

// Bulk import and export of the knowledge base. Accepted inputs:
//   - JSON in the retrieval-suite format ({"memories": [{"key", "scope": "agent", "text", "metadata": {"type", "product"}}]}),
//   - JSON as exported here ([{"key", "kind", "title", "body", "products"}] or {"entries": [...]}),
//   - CSV with a header row: key,kind,title,body,products (products separated by "|").
//     Exports defuse cells that start like a formula with an apostrophe (lib/csv/write.ts);
//     import takes that apostrophe off again, so an export re-imports unchanged.
// Rows are matched by key: a re-import updates (a new version, republished) instead of duplicating.

export const MAX_IMPORT_BYTES = 5_000_000;
export const MAX_IMPORT_ROWS = 5_000;

export interface ImportRow {
  row: number;
  key?: string;
  kind: string;
  title: string;
  body: string;
  products: string[];
}

export type ImportEvent =
  | { type: "progress"; done: number; total: number }
  | {
      type: "summary";
      total: number;
      created: number;
      updated: number;
      unchanged: number;
      rejected: Array<{ row: number; key?: string; errors: string[] }>;
    };

const suiteTypeToKind: Record<string, KnowledgeKind> = {
  solution: "COMMON_ISSUE",
  common_issue: "COMMON_ISSUE",
  policy: "POLICY",
  escalation: "ESCALATION",
  capability: "CAPABILITY",
  product_doc: "PRODUCT_DOC",
  procedure: "PRODUCT_DOC",
};

function kindOf(value: string): string {
  const normal = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "_");
  if ((knowledgeKinds as readonly string[]).includes(normal)) return normal;
  return suiteTypeToKind[value.trim().toLowerCase()] ?? value;
}

/** A field of an imported JSON entry as text: a number or true/false as written; an object or a list counts as missing. */
function fieldText(value: unknown, fallback = ""): string {
  if (typeof value === "string") return value;
  return typeof value === "number" || typeof value === "boolean" ? String(value) : fallback;
}

/** A title and body from one block of text: "Question: … Answer: …", or the first sentence. */
function splitText(text: string): { title: string; body: string } {
  const qa = /^Question:\s*(.+?)\s+Answer:\s*([\s\S]+)$/.exec(text.trim());
  if (qa) return { title: qa[1]!.slice(0, 200), body: qa[2]! };
  const first = /^(.{3,160}?[.!?])\s+([\s\S]{10,})$/.exec(text.trim());
  if (first) return { title: first[1]!.replace(/[.]$/, ""), body: first[2]! };
  const words = text.trim().split(/\s+/);
  return { title: words.slice(0, 10).join(" ").slice(0, 200), body: text.trim() };
}

/** Reads a file's rows, or throws a ValidationError saying why the file as a whole is unreadable. */
export function parseImport(
  content: string,
  filename: string,
): { rows: ImportRow[]; rejected: Array<{ row: number; key?: string; errors: string[] }> } {
  if (content.length > MAX_IMPORT_BYTES) throw new ValidationError(`The file is larger than ${MAX_IMPORT_BYTES / 1_000_000} MB.`);
  const rows: ImportRow[] = [];
  const rejected: Array<{ row: number; key?: string; errors: string[] }> = [];
  const isJson = /\.json$/i.test(filename) || /^\s*[[{]/.test(content);
  if (isJson) {
    let data: unknown;
    try {
      data = JSON.parse(content);
    } catch (error) {
      throw new ValidationError(`The file is not valid JSON: ${(error as Error).message}`);
    }
    const object = data as { memories?: unknown; entries?: unknown };
    const list = Array.isArray(data)
      ? data
      : Array.isArray(object?.memories)
        ? object.memories
        : Array.isArray(object?.entries)
          ? object.entries
          : null;
    if (!list) throw new ValidationError('Expected a list of entries, {"entries": [...]} or a retrieval suite with "memories".');
    list.forEach((item: unknown, index) => {
      const row = index + 1;
      if (!item || typeof item !== "object") return rejected.push({ row, errors: ["Not an object."] });
      const entry = item as Record<string, unknown>;
      const key = typeof entry.key === "string" ? entry.key : undefined;
      if ("scope" in entry || "text" in entry) {
        if (entry.scope !== "agent")
          return rejected.push({
            row,
            key,
            errors: [`Only agent-scope memories are team knowledge (this one is "${String(entry.scope)}").`],
          });
        const metadata = (entry.metadata ?? {}) as Record<string, unknown>;
        const { title, body } = splitText(fieldText(entry.text));
        const type = metadata.escalation === true ? "escalation" : fieldText(metadata.type, "product_doc");
        rows.push({ row, key, kind: kindOf(type), title, body, products: typeof metadata.product === "string" ? [metadata.product] : [] });
      } else {
        const products = Array.isArray(entry.products)
          ? entry.products.map(String)
          : typeof entry.products === "string"
            ? entry.products.split("|")
            : [];
        rows.push({ row, key, kind: kindOf(fieldText(entry.kind)), title: fieldText(entry.title), body: fieldText(entry.body), products });
      }
    });
  } else {
    let records: Record<string, string>[];
    try {
      records = parse(content, {
        columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
        skip_empty_lines: true,
        bom: true,
        relax_column_count: true,
        trim: true,
      });
    } catch (error) {
      throw new ValidationError(`The CSV could not be read: ${(error as Error).message}`);
    }
    const first = records[0];
    if (first && !("title" in first && "body" in first))
      throw new ValidationError("The CSV needs a header row with at least the columns title and body (and kind, key, products).");
    records.forEach((raw, index) => {
      const record = Object.fromEntries(Object.entries(raw).map(([column, cell]) => [column, restoreCell(cell)]));
      rows.push({
        row: index + 2,
        key: record.key || undefined,
        kind: kindOf(record.kind ?? "PRODUCT_DOC"),
        title: record.title ?? "",
        body: record.body ?? "",
        products: (record.products ?? "").split("|"),
      });
    });
  }
  if (rows.length + rejected.length > MAX_IMPORT_ROWS) throw new ValidationError(`At most ${MAX_IMPORT_ROWS} entries per import.`);
  if (rows.length + rejected.length === 0) throw new ValidationError("The file holds no entries.");
  return { rows, rejected };
}

const keySchema = z.string().trim().min(1).max(200, "Keep keys under 200 characters.").optional();

/** Imports parsed rows, publishing each; yields progress as it goes and a summary at the end. */
export async function* importKnowledge({
  actor,
  rows,
  rejected: alreadyRejected = [],
}: {
  actor: Actor;
  rows: ImportRow[];
  rejected?: Array<{ row: number; key?: string; errors: string[] }>;
}): AsyncGenerator<ImportEvent> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const total = rows.length + alreadyRejected.length;
  const summary = { type: "summary" as const, total, created: 0, updated: 0, unchanged: 0, rejected: [...alreadyRejected] };
  const seen = new Set<string>();
  let done = alreadyRejected.length;
  for (const row of rows) {
    done += 1;
    const input = { kind: row.kind, title: row.title, body: row.body, products: row.products, note: "imported" };
    const parsed = articleInputSchema.safeParse(input);
    const key = keySchema.safeParse(row.key);
    const errors = [
      ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)),
      ...(key.success ? [] : ["key: " + key.error.issues[0]!.message]),
    ];
    if (row.key && seen.has(row.key)) errors.push(`key: "${row.key}" appears more than once in the file.`);
    if (!parsed.success || errors.length) {
      summary.rejected.push({ row: row.row, key: row.key, errors });
    } else {
      if (row.key) seen.add(row.key);
      const valid = { ...input, kind: parsed.data.kind };
      try {
        const byId = row.key && z.uuid().safeParse(row.key).success ? [{ id: row.key }] : [];
        const existing = row.key
          ? await prisma.knowledgeArticle.findFirst({
              where: { workspaceId: actor.workspaceId, OR: [{ key: row.key }, ...byId] },
              select: { id: true, status: true },
            })
          : null;
        if (!existing) {
          await createArticle({ actor, input: valid, key: row.key, publish: true });
          summary.created += 1;
        } else {
          const saved = await saveArticle({ actor, articleId: existing.id, input: valid });
          if (saved.changed || existing.status !== "PUBLISHED") {
            await publishArticle({ actor, articleId: existing.id });
            summary.updated += 1;
          } else summary.unchanged += 1;
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        summary.rejected.push({ row: row.row, key: row.key, errors: [error.message] });
      }
    }
    if (done % 5 === 0 || done === total) yield { type: "progress", done, total };
  }
  summary.rejected.sort((left, right) => left.row - right.row);
  yield summary;
}

/** The workspace's knowledge base (latest versions, retired entries included) as JSON or CSV. */
export async function exportKnowledge({ actor, format }: { actor: Actor; format: "json" | "csv" }): Promise<string> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const articles = await prisma.knowledgeArticle.findMany({
    where: { workspaceId: actor.workspaceId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      key: true,
      kind: true,
      title: true,
      body: true,
      products: true,
      status: true,
      version: true,
      publishedVersion: true,
    },
  });
  // Entries without an import key export with their id as key, so a re-import updates them.
  const entries = articles.map(({ id, key, ...article }) => ({ key: key ?? id, ...article }));
  if (format === "json") return JSON.stringify({ entries }, null, 2);
  const columns = ["key", "kind", "title", "body", "products", "status", "version", "publishedVersion"] as const;
  const cells = entries.map((entry) => ({ ...entry, products: entry.products.join("|") }));
  return toCsv([columns, ...cells.map((entry) => columns.map((column) => entry[column]))]);
}
