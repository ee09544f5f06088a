import { SEALED_PAYLOAD_FIELDS } from "./memory-text";
import { CIPHERTEXT_PREFIX, type Keyring } from "./pii";
import { type Raw, type ReencryptProgress, type ReencryptScope, reseal, stalePrefix, workspaceCondition } from "./reencrypt";

// The re-encryption pass (reencrypt.ts) for customer and session memory: memories.text and
// the sealed payload fields of every row outside the team's knowledge (entity links
// included), and the old and new text of the history rows owned by a customer. Rows from
// before memory was sealed are encrypted at start; rotate-key brings the rest to the new
// key. Same rules: batches by id, each committed on its own, unreadable values kept.

const BATCH = 500;
const SEALED = `scope <> 'agent'`;
const HISTORY_SEALED = `user_id IS NOT NULL`;

function memoryStale(prefix: string): string {
  const fields = SEALED_PAYLOAD_FIELDS.map((field) => `payload->>'${field}' NOT LIKE '${prefix}%'`);
  return `(text NOT LIKE '${prefix}%' OR ${fields.join(" OR ")})`;
}

function historyStale(prefix: string): string {
  return `((old_text IS NOT NULL AND old_text NOT LIKE '${prefix}%') OR (new_text IS NOT NULL AND new_text NOT LIKE '${prefix}%'))`;
}

export async function reencryptMemories(options: {
  prisma: Raw;
  scope: ReencryptScope;
  ring: Keyring;
  onProgress?: (progress: ReencryptProgress) => void;
  workspaceId?: string;
}): Promise<{ memories: number; memoryHistory: number; unreadable: number }> {
  const { prisma, scope, ring, onProgress } = options;
  const prefix = stalePrefix(scope, ring);
  const inWorkspace = workspaceCondition(options.workspaceId);
  const result = { memories: 0, memoryHistory: 0, unreadable: 0 };

  const memoryWhere = `${SEALED} AND ${memoryStale(prefix)}${inWorkspace}`;
  const [memoryCount] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT count(*)::int AS count FROM memories WHERE ${memoryWhere}`,
  );
  let after = "";
  for (;;) {
    const rows = await prisma.$queryRawUnsafe<Array<{ id: string; text: string; payload: Record<string, unknown> | string }>>(
      `SELECT id, text, payload FROM memories WHERE id > $1 AND ${memoryWhere} ORDER BY id LIMIT ${BATCH}`,
      after,
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const updates = [];
    for (const row of rows) {
      const payload = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>;
      let changed = false;
      const text = reseal(row.text, scope, ring);
      changed ||= text.changed;
      result.unreadable += text.plain === null ? 1 : 0;
      const next = { ...payload };
      for (const field of SEALED_PAYLOAD_FIELDS) {
        if (typeof payload[field] !== "string") continue;
        const value = reseal(payload[field], scope, ring);
        next[field] = value.stored;
        changed ||= value.changed;
        result.unreadable += value.plain === null ? 1 : 0;
      }
      if (!changed) continue;
      // Compare-and-set on the text: a row the app rewrote meanwhile is left to the next pass.
      updates.push(
        prisma.$executeRawUnsafe(
          `UPDATE memories SET text = $2, payload = $3::jsonb WHERE id = $1 AND text = $4`,
          row.id,
          text.stored,
          JSON.stringify(next),
          row.text,
        ),
      );
    }
    if (updates.length > 0) await prisma.$transaction(updates);
    result.memories += updates.length;
    onProgress?.({ table: "memories", done: result.memories, total: memoryCount?.count ?? 0 });
  }

  const historyWhere = `${HISTORY_SEALED} AND ${historyStale(prefix)}${inWorkspace}`;
  const [historyCount] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT count(*)::int AS count FROM memory_history WHERE ${historyWhere}`,
  );
  after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await prisma.$queryRawUnsafe<Array<{ id: string; old_text: string | null; new_text: string | null }>>(
      `SELECT id, old_text, new_text FROM memory_history WHERE id > $1::uuid AND ${historyWhere} ORDER BY id LIMIT ${BATCH}`,
      after,
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const changed: Array<{ id: string; oldText: string | null; newText: string | null }> = [];
    for (const row of rows) {
      const [oldText, newText] = [row.old_text, row.new_text].map((value) => (value === null ? null : reseal(value, scope, ring)));
      result.unreadable += [oldText, newText].filter((value) => value && value.plain === null).length;
      if (oldText?.changed || newText?.changed)
        changed.push({ id: row.id, oldText: oldText?.stored ?? null, newText: newText?.stored ?? null });
    }
    if (changed.length > 0) {
      await prisma.$executeRawUnsafe(
        `UPDATE memory_history h SET old_text = v.old_text, new_text = v.new_text
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, old_text, new_text) WHERE h.id = v.id`,
        changed.map((row) => row.id),
        changed.map((row) => row.oldText),
        changed.map((row) => row.newText),
      );
    }
    result.memoryHistory += changed.length;
    onProgress?.({ table: "memory_history", done: result.memoryHistory, total: historyCount?.count ?? 0 });
  }
  return result;
}

export async function countStaleMemoryValues(prisma: Raw, prefix: string, workspaceId?: string): Promise<number> {
  const inWorkspace = workspaceCondition(workspaceId);
  const [row] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT ((SELECT count(*) FROM memories WHERE ${SEALED} AND ${memoryStale(prefix)}${inWorkspace})
           + (SELECT count(*) FROM memory_history WHERE ${HISTORY_SEALED} AND ${historyStale(prefix)}${inWorkspace}))::int AS count`,
  );
  return row?.count ?? 0;
}

export async function countUnknownKeyMemoryValues(prisma: Raw, knownIds: string[]): Promise<number> {
  const unknown = (column: string) =>
    `(${column} LIKE '${CIPHERTEXT_PREFIX}%' AND substr(${column}, ${CIPHERTEXT_PREFIX.length + 1}, 8) <> ALL($1::text[]))`;
  const [row] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT ((SELECT count(*) FROM memories WHERE ${SEALED} AND ${unknown("text")})
           + (SELECT count(*) FROM memory_history WHERE ${HISTORY_SEALED} AND (${unknown("old_text")} OR ${unknown("new_text")})))::int AS count`,
    knownIds,
  );
  return row?.count ?? 0;
}
