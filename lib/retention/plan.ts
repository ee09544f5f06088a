import "server-only";
import { openMemoryText } from "@/lib/crypto/memory-text";
import { readStoredOptional } from "@/lib/crypto/pii";
import { getPrisma } from "@/lib/db";
import { stripOwner } from "@/lib/memory/owners";
import type { RetentionPolicy } from "./policy";

// What a retention run would do in one workspace at a given time, worked out from the data
// alone, so running it again at the same time finds nothing left to do:
//   - session memory of a session idle since before now - sessionHours: deleted, or promoted
//     to the customer's memory when an agent marked it important. A ticket's session is idle
//     from its last message or its resolution (an open ticket keeps all of its session while
//     it is being worked, however old each memory is); a session that is not a ticket's, from
//     its last memory written;
//   - customer memory of a customer without activity (a ticket, a message, a memory written)
//     since now - customerArchiveDays: archived; archived memory of a customer active again
//     since it was archived: restored;
//   - team knowledge last reviewed (or written) before now - knowledgeReviewDays: flagged for
//     review. Knowledge base articles carry their own review date; a published article's
//     memory is left to the article.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// Article review dates written by the knowledge base differ from ours by the milliseconds
// between two clock reads; within this they agree, and are left alone.
const SAME_DUE_DATE_MS = HOUR_MS;
const UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

export interface RetentionPlan {
  session: Array<{ id: string; customerId: string; sessionId: string; type: string; text: string; important: boolean }>;
  archive: Array<{ customerId: string; name: string | null; memoryIds: string[]; lastActiveAt: Date | null }>;
  restore: Array<{ customerId: string; memoryIds: string[] }>;
  knowledge: {
    flag: Array<{ id: string; type: string; text: string; lastReviewedAt: Date }>;
    unflag: Array<{ id: string }>;
  };
  /**
   * Articles whose review date the policy brings forward ("flag" when that makes it due,
   * else "reschedule"), and those that fell due since the last run without a change ("due":
   * their date is the flag the knowledge base shows).
   */
  articles: Array<{ id: string; title: string; from: Date | null; to: Date; change: "flag" | "reschedule" | "due" }>;
}

export async function planRetention({
  workspaceId,
  policy,
  now,
}: {
  workspaceId: string;
  policy: RetentionPolicy;
  now: Date;
}): Promise<RetentionPlan> {
  const prisma = await getPrisma();
  const sessionCutoff = new Date(now.getTime() - policy.sessionHours * HOUR_MS);
  const archiveCutoff = new Date(now.getTime() - policy.customerArchiveDays * DAY_MS);
  const reviewCutoff = new Date(now.getTime() - policy.knowledgeReviewDays * DAY_MS);

  // Each session's last activity is worked out once (one indexed read of its ticket's latest
  // message), then its memories are read only if it is idle.
  const sessionRows = await prisma.$queryRaw<
    Array<{ id: string; user_id: string; run_id: string; type: string | null; text: string; important: string | null }>
  >`
    WITH sessions AS (
      SELECT user_id, run_id, max(updated_at) AS last_written
        FROM memories
       WHERE workspace_id = ${workspaceId}::uuid AND collection = 'memories' AND scope = 'session' AND run_id IS NOT NULL
       GROUP BY user_id, run_id
    ), idle AS (
      SELECT s.user_id, s.run_id
        FROM sessions s
        LEFT JOIN tickets t ON t.workspace_id = ${workspaceId}::uuid
                           AND t.id = (CASE WHEN substr(s.run_id, 38) ~ ${UUID} THEN substr(s.run_id, 38)::uuid END)
       WHERE CASE WHEN t.id IS NULL THEN s.last_written
                  ELSE greatest(t.created_at, t.resolved_at, (SELECT max(x.created_at) FROM messages x WHERE x.ticket_id = t.id)) END < ${sessionCutoff}
    )
    SELECT m.id, m.user_id, m.run_id, m.payload->>'type' AS type, m.text, m.payload->>'important' AS important
      FROM memories m
      JOIN idle i ON i.user_id = m.user_id AND i.run_id = m.run_id
     WHERE m.workspace_id = ${workspaceId}::uuid AND m.collection = 'memories' AND m.scope = 'session'
     ORDER BY m.updated_at, m.id`;

  // A customer's last activity: their newest live memory, ticket change or message, or their
  // creation. An owner id that is not a customer row counts only its memories.
  const archiveRows = await prisma.$queryRaw<Array<{ user_id: string; ids: string[]; name: string | null; last_active: Date | null }>>`
    WITH owners AS (
      SELECT user_id, max(updated_at) AS last_memory, array_agg(id ORDER BY id) AS ids
        FROM memories
       WHERE workspace_id = ${workspaceId}::uuid AND collection = 'memories' AND scope = 'customer' AND archived_at IS NULL AND user_id IS NOT NULL
       GROUP BY user_id
    ), activity AS (
      SELECT o.user_id, o.ids, c.name,
             greatest(o.last_memory, c.created_at,
                      (SELECT max(t.updated_at) FROM tickets t WHERE t.customer_id = c.id),
                      (SELECT max(m.created_at) FROM messages m WHERE m.customer_id = c.id)) AS last_active
        FROM owners o
        LEFT JOIN customers c ON c.workspace_id = ${workspaceId}::uuid
                             AND c.id = (CASE WHEN substr(o.user_id, 38) ~ ${UUID} THEN substr(o.user_id, 38)::uuid END)
    )
    SELECT user_id, ids, name, last_active FROM activity WHERE last_active < ${archiveCutoff} ORDER BY user_id`;

  // Archived memory comes back once its customer is active again after the archive (and
  // still counts as active by the policy).
  const restoreRows = await prisma.$queryRaw<Array<{ id: string; user_id: string }>>`
    SELECT m.id, m.user_id
      FROM memories m
      LEFT JOIN customers c ON c.workspace_id = ${workspaceId}::uuid
                           AND c.id = (CASE WHEN substr(m.user_id, 38) ~ ${UUID} THEN substr(m.user_id, 38)::uuid END)
      CROSS JOIN LATERAL (
        SELECT greatest((SELECT max(n.updated_at) FROM memories n
                          WHERE n.collection = 'memories' AND n.scope = 'customer' AND n.user_id = m.user_id AND n.run_id IS NULL AND n.archived_at IS NULL),
                        c.created_at,
                        (SELECT max(t.updated_at) FROM tickets t WHERE t.customer_id = c.id),
                        (SELECT max(x.created_at) FROM messages x WHERE x.customer_id = c.id)) AS last_active
      ) activity
     WHERE m.workspace_id = ${workspaceId}::uuid AND m.collection = 'memories' AND m.scope = 'customer' AND m.archived_at IS NOT NULL
       AND activity.last_active > m.archived_at AND activity.last_active >= ${archiveCutoff}
     ORDER BY m.user_id, m.id`;

  const knowledgeRows = await prisma.$queryRaw<
    Array<{ id: string; type: string | null; text: string; updated_at: Date; reviewed_at: string | null; due_since: string | null }>
  >`
    SELECT id, payload->>'type' AS type, text, updated_at, payload->>'reviewedAt' AS reviewed_at, payload->>'reviewDueSince' AS due_since
      FROM memories
     WHERE workspace_id = ${workspaceId}::uuid AND collection = 'memories' AND scope = 'agent' AND payload->'articleId' IS NULL
     ORDER BY id`;

  const previous = await prisma.retentionRun.findFirst({
    where: { workspaceId, dryRun: false, status: "succeeded" },
    orderBy: { startedAt: "desc" },
    select: { asOf: true },
  });
  const articles = await prisma.knowledgeArticle.findMany({
    where: { workspaceId, status: { not: "RETIRED" } },
    select: { id: true, title: true, reviewDueAt: true, reviewedAt: true, createdAt: true },
    orderBy: { id: "asc" },
  });

  const restoreByOwner = new Map<string, string[]>();
  for (const row of restoreRows) restoreByOwner.set(row.user_id, [...(restoreByOwner.get(row.user_id) ?? []), row.id]);

  const knowledge: RetentionPlan["knowledge"] = { flag: [], unflag: [] };
  for (const row of knowledgeRows) {
    const reviewed = row.reviewed_at ? new Date(row.reviewed_at) : null;
    const lastReviewedAt = reviewed && reviewed > row.updated_at ? reviewed : row.updated_at;
    const due = lastReviewedAt < reviewCutoff;
    if (due && !row.due_since) knowledge.flag.push({ id: row.id, type: row.type ?? "note", text: row.text, lastReviewedAt });
    if (!due && row.due_since) knowledge.unflag.push({ id: row.id });
  }

  // The knowledge base owns an article's review date (it sets one on publish and review, and
  // may set any). The policy only brings a later date forward, to the last review plus the
  // review age; it never postpones one.
  const articleChanges: RetentionPlan["articles"] = [];
  for (const article of articles) {
    const byPolicy = new Date((article.reviewedAt ?? article.createdAt).getTime() + policy.knowledgeReviewDays * DAY_MS);
    const from = article.reviewDueAt;
    if (!from || from.getTime() - byPolicy.getTime() >= SAME_DUE_DATE_MS) {
      const wasDue = !!from && from <= now;
      articleChanges.push({
        id: article.id,
        title: article.title,
        from,
        to: byPolicy,
        change: byPolicy <= now && !wasDue ? "flag" : "reschedule",
      });
    } else if (from <= now && (!previous || from > previous.asOf)) {
      articleChanges.push({ id: article.id, title: article.title, from, to: from, change: "due" });
    }
  }

  const promoting = new Set(sessionRows.filter((row) => row.important === "true").map((row) => row.user_id));
  return {
    session: sessionRows.map((row) => ({
      id: row.id,
      customerId: stripOwner(row.user_id)!,
      sessionId: stripOwner(row.run_id)!,
      type: row.type ?? "message",
      // Session memory is sealed at rest (lib/crypto/memory-text.ts); raw SQL reads it sealed.
      text: openMemoryText(row.text, "session"),
      important: row.important === "true",
    })),
    // Carrying an important session memory over is activity: that customer is not archived.
    archive: archiveRows
      .filter((row) => !promoting.has(row.user_id))
      .map((row) => ({
        customerId: stripOwner(row.user_id)!,
        name: readStoredOptional(row.name, "customers"),
        memoryIds: row.ids,
        lastActiveAt: row.last_active,
      })),
    restore: [...restoreByOwner].map(([owner, memoryIds]) => ({ customerId: stripOwner(owner)!, memoryIds })),
    knowledge,
    articles: articleChanges,
  };
}
