import "server-only";
import { getDatabase } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { firstMatch, matchedKinds, type NeedleKind, type NeedlePattern } from "./redact";

// Team knowledge is the team's, not the customer's: an erasure never rewrites it (nor its
// history). A name can be an ordinary word ("Billing"), and even an address in an article is
// for a person to judge (remove it, or keep a tester list that no longer names anyone). So at
// erasure the knowledge base (current article text) and agent memory (the published copy,
// and team memories no article backs) are searched for the customer's address, phone and
// name, and each entry that matches gets one review flag holding a short passage around the
// match, for an admin to resolve (lib/knowledge/review-flags.ts).

/** A flag to write: the article, or a team memory no article backs. */
export interface KnowledgeMention {
  articleId: string | null;
  memoryId: string | null;
  reason: string;
  passage: string;
  matchStart: number;
  matchLength: number;
}

const CONTEXT_CHARS = 80;
const kindWords: Record<NeedleKind, string> = { email: "email address", phone: "phone number", name: "name" };

/** "Mentions the erased customer's name and email address." */
export function mentionReason(kinds: NeedleKind[]): string {
  const words = kinds.map((kind) => kindWords[kind]);
  const listed = words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words.at(-1)}` : (words[0] ?? "details");
  return `Mentions the erased customer's ${listed}.`;
}

/** About CONTEXT_CHARS either side of the match, cut at spaces, with where the match sits in it. */
export function excerptAround(text: string, index: number, length: number): { passage: string; matchStart: number } {
  let start = Math.max(0, index - CONTEXT_CHARS);
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (space !== -1 && space < index) start = space + 1;
  }
  let end = Math.min(text.length, index + length + CONTEXT_CHARS);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > index + length) end = space;
  }
  const prefix = start > 0 ? "…" : "";
  const passage = `${prefix}${text.slice(start, end)}${end < text.length ? "…" : ""}`;
  return { passage, matchStart: prefix.length + index - start };
}

function mention(
  texts: string[],
  patterns: NeedlePattern[],
  ref: { articleId: string | null; memoryId: string | null },
): KnowledgeMention | null {
  const kinds = new Set<NeedleKind>();
  let shown: { text: string; kind: NeedleKind; index: number; length: number } | null = null;
  for (const text of texts) {
    for (const kind of matchedKinds(text, patterns)) kinds.add(kind);
    const found = firstMatch(text, patterns);
    // The passage shows the most telling match (an address over a name) across the texts.
    if (found && (!shown || rank(found.kind) < rank(shown.kind))) shown = { text, ...found };
  }
  if (!shown) return null;
  const { passage, matchStart } = excerptAround(shown.text, shown.index, shown.length);
  const ordered = (["email", "phone", "name"] as const).filter((kind) => kinds.has(kind));
  return { ...ref, reason: mentionReason(ordered), passage, matchStart, matchLength: shown.length };
}

const rank = (kind: NeedleKind) => ["email", "phone", "name"].indexOf(kind);

/**
 * The knowledge entries that may mention the customer: one per article (its current title
 * and body, or its agent-memory copy), and one per team memory that no article backs.
 * Read-only. Team (agent-scope) memory text is stored in the clear, so it is searched in SQL.
 */
export async function findKnowledgeMentions({
  workspaceId,
  patterns,
}: {
  workspaceId: string;
  patterns: NeedlePattern[];
}): Promise<KnowledgeMention[]> {
  if (patterns.length === 0) return [];
  const { sql } = await getDatabase();
  const matchAny = (columns: string[], first: number) =>
    `(${columns.flatMap((column) => patterns.map((_, index) => `${column} ~* $${first + index}`)).join(" OR ")})`;
  const needles = patterns.map((pattern) => pattern.sql);

  const articles = await sql.query<{ id: string; title: string; body: string }>(
    `SELECT id, title, body FROM knowledge_articles WHERE workspace_id = $1::uuid AND ${matchAny(["title", "body"], 2)} ORDER BY created_at, id`,
    [workspaceId, ...needles],
  );
  const mentions: KnowledgeMention[] = [];
  const flagged = new Set<string>();
  for (const article of articles) {
    const found = mention([article.body, article.title], patterns, { articleId: article.id, memoryId: null });
    if (!found) continue;
    mentions.push(found);
    flagged.add(article.id);
  }

  // Agent memory: the published copy of an article (which may be an older version than the
  // article's current text) and team memories of their own (promoted fixes from before
  // promotion went through review). Entity links (other collections) follow the text they
  // were drawn from and are left alone, like the text.
  const memories = await sql.query<{ id: string; text: string; article_id: string | null }>(
    `SELECT m.id, m.text, a.id::text AS article_id
       FROM memories m
       LEFT JOIN knowledge_articles a ON a.workspace_id = m.workspace_id AND (a.memory_id = m.id OR a.id::text = m.payload->>'articleId')
      WHERE m.workspace_id = $1::uuid AND m.collection = 'memories' AND m.scope = 'agent' AND ${matchAny(["m.text"], 2)}
      ORDER BY m.created_at, m.id`,
    [workspaceId, ...needles],
  );
  for (const memory of memories) {
    if (memory.article_id && flagged.has(memory.article_id)) continue;
    const found = mention(
      [memory.text],
      patterns,
      memory.article_id ? { articleId: memory.article_id, memoryId: null } : { articleId: null, memoryId: memory.id },
    );
    if (!found) continue;
    mentions.push(found);
    if (memory.article_id) flagged.add(memory.article_id);
  }
  return mentions;
}

/** Writes one review flag per mention, in the erasure step's transaction. */
export async function flagKnowledgeMentions(
  tx: Prisma.TransactionClient,
  input: { workspaceId: string; erasureRequestId: string; mentions: KnowledgeMention[] },
): Promise<number> {
  if (input.mentions.length === 0) return 0;
  const { count } = await tx.knowledgeReviewFlag.createMany({
    data: input.mentions.map((mention) => ({ workspaceId: input.workspaceId, erasureRequestId: input.erasureRequestId, ...mention })),
  });
  return count;
}
