import type { Database } from "@/lib/db";
import { toPgvectorText } from "./vector-column";

// The team's knowledge through pgvector's HNSW index (migration 20261202211000_memory_hnsw),
// where the database has one for the query's dimension count. The index is approximate: it
// supplies the candidates (mem0 asks for four times the results it returns), which mem0 then
// ranks with BM25 as on the exact path. Recall against exact search: docs/BENCHMARKS.md.

export const knowledgeIndexSettings = {
  /**
   * Below this many rows a knowledge search scores the process's cached copy exactly: at
   * 5,000 entries that takes under 2 ms (docs/BENCHMARKS.md), no slower than the index.
   * Tests and `npm run bench:hnsw` lower it.
   */
  minRows: 20_000,
  /** hnsw.ef_search: the candidate list the graph walk keeps (pgvector's default is 40). */
  efSearch: 100,
};

const INDEX_PREFIX = "memories_knowledge_hnsw_";
const detected = new WeakMap<object, Promise<Set<number>>>();

/** The dimension counts that have a knowledge index (checked once per connection). */
export function indexedDimensions(database: Pick<Database, "sql">): Promise<Set<number>> {
  let known = detected.get(database.sql);
  if (!known) {
    known = database.sql
      .query<{ name: string }>(
        `SELECT indexname AS name FROM pg_indexes
         WHERE schemaname = current_schema() AND tablename = 'memories' AND indexname LIKE '${INDEX_PREFIX}%'`,
      )
      .then((rows) => new Set(rows.map((row) => Number(row.name.slice(INDEX_PREFIX.length))).filter(Number.isInteger)));
    detected.set(database.sql, known);
  }
  return known;
}

/**
 * The search: $1 the agent owner (workspace-prefixed), $2 the query vector, $3 the limit.
 * Its conditions repeat the partial index's own predicate as literals, so the planner can
 * prove the index applies whatever the parameters; the owner and archive checks are applied
 * to the rows the index walk yields.
 */
export function knowledgeIndexQuery(dimensions: number): string {
  if (!Number.isInteger(dimensions) || dimensions <= 0) throw new Error(`Not a dimension count: ${dimensions}`);
  const distance = `embedding_vector::vector(${dimensions}) <=> $2::vector(${dimensions})`;
  return `SELECT id, scope, payload, (1 - (${distance}))::float8 AS cosine FROM memories
          WHERE collection = 'memories' AND scope = 'agent' AND vector_dims(embedding_vector) = ${dimensions}
            AND agent_id = $1 AND archived_at IS NULL
          ORDER BY ${distance} LIMIT $3`;
}

export interface IndexedCandidate {
  id: string;
  scope: string;
  payload: Record<string, unknown> | string;
  cosine: number;
}

/**
 * The nearest `limit` knowledge rows of one owner by the index, best first. The index holds
 * every workspace's knowledge, so most of what the walk meets can belong to another
 * workspace: iterative scans (pgvector 0.8) keep walking until `limit` rows pass the owner
 * filter, or pgvector's scan cap (hnsw.max_scan_tuples) is reached and fewer come back.
 */
export async function searchKnowledgeIndex(
  database: Pick<Database, "sql">,
  input: { agentId: string; query: number[]; limit: number; efSearch?: number },
): Promise<IndexedCandidate[]> {
  const efSearch = Math.min(1000, Math.max(input.efSearch ?? knowledgeIndexSettings.efSearch, input.limit));
  const rows = await database.sql.transaction(async (tx) => {
    // Transaction-local, so a pooled connection goes back as it came.
    await tx.query(`SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`, [
      String(efSearch),
    ]);
    return tx.query<IndexedCandidate>(knowledgeIndexQuery(input.query.length), [input.agentId, toPgvectorText(input.query), input.limit]);
  });
  // relaxed_order may hand rows back slightly out of distance order.
  return rows.sort((left, right) => right.cosine - left.cosine);
}
