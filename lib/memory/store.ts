import { appendPendingAudit } from "@/lib/audit/record";
import { openMemoryPayload, sealHistoryText, sealMemoryPayload, sealMemoryText } from "@/lib/crypto/memory-text";
import { getDatabase, getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { callContext, type WriteContext } from "./context";
import { matchesFilter } from "./filters";
import { Partition, type PartitionRow, topIndexes } from "./partition";
import { indexedDimensions, knowledgeIndexSettings, searchKnowledgeIndex } from "./knowledge-index";
import { fromVectorSend, toFloat32Hex, toPgvectorText, usesPgvector } from "./vector-column";

// mem0's VectorStore, kept in the app's database. Rows are read through the indexes on
// (collection, scope, owner), so a customer or session search costs the same at a million
// memories as at a hundred. Where the database has pgvector (PGlite always), vectors live in
// its column and a customer or session search has the database compute the cosines of the
// owner's rows, so no vector leaves it; elsewhere the rows' Float32 bytes are scored here.
// The team's knowledge (agent scope) is larger and shared, so each process caches its
// decoded vectors per partition and re-reads them only when the partition's version (bumped
// in the same transaction as every write) has moved: scoring the cached copy beat an exact
// pgvector scan of the same rows (docs/BENCHMARKS.md). Past knowledgeIndexSettings.minRows
// entries, where pgvector has an HNSW index for the query's size, the index supplies the
// vector candidates instead of a scan of the copy (lib/memory/knowledge-index.ts).
// Customer and session rows are sealed at rest (lib/crypto/memory-text.ts): written
// encrypted here, opened as they are read; the knowledge scope stays plaintext.

type Payload = Record<string, unknown> & {
  data?: string;
  textLemmatized?: string;
  scope?: string;
  type?: string;
  user_id?: string;
  agent_id?: string;
  run_id?: string;
  expiration_date?: string;
};

interface SearchResult {
  id: string;
  payload: Payload;
  score?: number;
}

type Filters = Record<string, unknown>;

const CACHED_SCOPES = new Set(["agent"]);
const OWNER_KEYS = ["user_id", "agent_id", "run_id", "scope"] as const;

/**
 * Knowledge partitions this process holds, least recently used first. Each is checked against
 * its version in memory_partitions on every search, so a write from any process is seen by
 * the next search in every other. xmins[i] is the row version (PostgreSQL's xmin) that
 * partition row i was read at.
 */
const partitionCache = new Map<string, { version: bigint; partition: Partition; xmins: string[] }>();
/** Rows kept across the cached partitions of a process: about 4 KB each at 1,024 dimensions. */
let partitionCacheRows = 200_000;

/** For tests: a smaller bound. Returns the previous one. */
export function setPartitionCacheRows(rows: number): number {
  const previous = partitionCacheRows;
  partitionCacheRows = rows;
  return previous;
}

/** What the cache holds now: partitions and rows. */
export function partitionCacheSize(): { partitions: number; rows: number } {
  let rows = 0;
  for (const entry of partitionCache.values()) rows += entry.xmins.length;
  return { partitions: partitionCache.size, rows };
}

/** Keeps the entry as the most recently used, and drops the least recently used past the bound (never the entry itself). */
function cachePartition(key: string, entry: { version: bigint; partition: Partition; xmins: string[] }): void {
  partitionCache.delete(key);
  partitionCache.set(key, entry);
  let { rows } = partitionCacheSize();
  for (const [other, cached] of partitionCache) {
    if (rows <= partitionCacheRows || other === key) break;
    partitionCache.delete(other);
    rows -= cached.xmins.length;
  }
}
const NO_VECTOR = new Float32Array(0);
// A customer's or a session's rows are read oldest first, so memories with equal scores come
// back in the order they were learned, whatever order the table holds them in. (The cached
// knowledge partition is read in table order: sorting 100,000 wide rows is not worth it.)
const OLDEST_FIRST = "ORDER BY created_at, id";

function toVector(stored: Uint8Array | string): Float32Array {
  const bytes = typeof stored === "string" ? Buffer.from(stored, "hex") : stored;
  // A Float32Array view needs a 4-byte aligned offset, and a Buffer under 4 KB is a slice of
  // Node's shared pool (its .buffer holds other data too): copy exactly these bytes out,
  // unless the bytes own their memory.
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength) return new Float32Array(bytes.buffer as ArrayBuffer);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** "<workspace uuid>:<rest>": every id mem0 sees is prefixed by its workspace. */
export function workspaceOf(payload: Payload): string {
  const owner = payload.user_id ?? payload.agent_id ?? payload.run_id ?? "";
  const workspaceId = owner.slice(0, 36);
  if (!/^[0-9a-f-]{36}$/.test(workspaceId) || owner[36] !== ":") throw new Error(`Memory owner "${owner}" has no workspace prefix`);
  return workspaceId;
}

export function partitionKey(owner: { scope?: unknown; user_id?: unknown; agent_id?: unknown; run_id?: unknown }): string {
  // Owners are ids, so strings; anything else keys as absent, as a missing one does.
  return [owner.scope, owner.user_id, owner.agent_id, owner.run_id].map((part) => (typeof part === "string" ? part : "")).join("|");
}

function scopeOf(payload: Payload): string {
  if (typeof payload.scope === "string") return payload.scope;
  if (payload.run_id) return "session";
  return payload.user_id ? "customer" : "agent";
}

export class DatabaseVectorStore {
  constructor(private readonly config: { collectionName?: string; dimension?: number }) {}

  private get collection(): string {
    return this.config.collectionName ?? "memories";
  }

  async initialize(): Promise<void> {}
  getUserId(): Promise<string> {
    return Promise.resolve("recall-desk");
  }
  async setUserId(): Promise<void> {}

  /** SQL conditions selecting the one scope the filters name; refuses to scan without an owner. */
  private ownerConditions(filters: Filters): { conditions: string[]; params: unknown[] } {
    if (!filters.user_id && !filters.agent_id && !filters.run_id) throw new Error("A memory search needs an owner (user, agent or run)");
    // Raw SQL on the hot path: through Prisma the same indexed read took twice as long
    // (docs/BENCHMARKS.md). Column names are fixed; every value is a bound parameter.
    // Archived rows (lib/retention) stay out of search and list: a per-row check on the
    // rows the owner index already returns, so the read costs what it did.
    const conditions = ["collection = $1", "archived_at IS NULL"];
    const params: unknown[] = [this.collection];
    for (const [column, value] of [
      ["scope", filters.scope],
      ["user_id", filters.user_id],
      ["agent_id", filters.agent_id],
      ["run_id", filters.run_id],
    ] as const) {
      if (typeof value !== "string") continue;
      params.push(value);
      conditions.push(`${column} = $${params.length}`);
    }
    return { conditions, params };
  }

  private partitionKeyOf(filters: Filters): string {
    return `${this.collection}#${partitionKey(filters)}`;
  }

  private cacheable(filters: Filters): boolean {
    return isCachedScope(filters.scope);
  }

  /** Rows of the one scope the filters name, loaded once per library call. */
  private async loadPartition(filters: Filters): Promise<Partition> {
    const { conditions, params } = this.ownerConditions(filters);
    const key = this.partitionKeyOf(filters);
    const loaded = callContext().loaded;
    const already = loaded?.get(key) as Partition | undefined;
    if (already) return already;

    const database = await getDatabase();
    const pgvector = await usesPgvector(database);
    let partition: Partition;
    if (this.cacheable(filters)) {
      const [current] = await database.sql.query<{ version: string | number | bigint }>(
        `SELECT version FROM memory_partitions WHERE collection = $1 AND partition_key = $2`,
        [this.collection, partitionKey(filters)],
      );
      const version = BigInt(current?.version ?? 0);
      const cached = partitionCache.get(key);
      if (cached && cached.version === version) {
        partition = cached.partition;
        cachePartition(key, cached);
      } else {
        const read = cached
          ? await this.refreshPartition(cached, conditions, params, pgvector)
          : await this.fetchPartition(conditions, params, pgvector ? "pgvector" : "bytes");
        partition = read.partition;
        cachePartition(key, { version, partition, xmins: read.xmins });
      }
    } else {
      // With pgvector, search() has the database score these rows; list and keyword search need no vectors.
      partition = (await this.fetchPartition(conditions, params, pgvector ? "none" : "bytes", OLDEST_FIRST)).partition;
    }
    loaded?.set(key, partition);
    return partition;
  }

  private async fetchPartition(
    conditions: string[],
    params: unknown[],
    vectors: "bytes" | "pgvector" | "none",
    order = "",
  ): Promise<{ partition: Partition; xmins: string[] }> {
    const { rows, xmins } = await this.fetchRows(conditions, params, vectors, order);
    return { partition: new Partition(rows), xmins };
  }

  private async fetchRows(
    conditions: string[],
    params: unknown[],
    vectors: "bytes" | "pgvector" | "none",
    order = "",
  ): Promise<{ rows: PartitionRow[]; xmins: string[] }> {
    const { sql, mode } = await getDatabase();
    // PGlite's own bytea parser calls parseInt for every byte (40 s for the 100,000 knowledge
    // rows of a million memories, docs/BENCHMARKS.md): vectors come as hex text for Buffer to
    // decode. node-pg decodes bytea natively.
    const embedding =
      vectors === "none"
        ? "NULL"
        : vectors === "pgvector"
          ? "encode(vector_send(embedding_vector), 'hex')"
          : mode === "embedded"
            ? "encode(embedding, 'hex')"
            : "embedding";
    const records = await sql.query<{
      id: string;
      xmin: string;
      scope: string;
      embedding: Uint8Array | string | null;
      payload: Payload | string;
    }>(
      `SELECT id, xmin::text AS xmin, scope, ${embedding} AS embedding, payload FROM memories WHERE ${conditions.join(" AND ")} ${order}`,
      params,
    );
    const rows = records.map((record) => ({
      id: record.id,
      payload: readPayload(record.payload, record.scope),
      vector:
        record.embedding === null
          ? NO_VECTOR
          : vectors === "pgvector"
            ? fromVectorSend(record.embedding as string)
            : toVector(record.embedding),
    }));
    return { rows, xmins: records.map((record) => record.xmin) };
  }

  /**
   * A cached partition brought up to date after a write: one read of the scope's row ids and
   * row versions (xmin, which every UPDATE changes), then only the new or changed rows in
   * full. At 100,000 knowledge entries a full read takes seconds (docs/BENCHMARKS.md). Rows
   * written after the version was read are caught by the next search, whose version differs.
   */
  private async refreshPartition(
    cached: { partition: Partition; xmins: string[] },
    conditions: string[],
    params: unknown[],
    pgvector: boolean,
  ): Promise<{ partition: Partition; xmins: string[] }> {
    const { sql } = await getDatabase();
    const current = await sql.query<{ id: string; xmin: string }>(
      `SELECT id, xmin::text AS xmin FROM memories WHERE ${conditions.join(" AND ")}`,
      params,
    );
    const seen = new Map(current.map((row) => [row.id, row.xmin]));
    const had = new Map(cached.partition.ids.map((id, index) => [id, cached.xmins[index]]));
    const keep = Uint8Array.from(cached.partition.ids, (id, index) => (seen.get(id) === cached.xmins[index] ? 1 : 0));
    const wanted = current.filter((row) => had.get(row.id) !== row.xmin).map((row) => row.id);
    // Most of the scope changed (a re-embed, an import): reading it all is simpler and no slower.
    if (wanted.length > current.length / 2) return this.fetchPartition(conditions, params, pgvector ? "pgvector" : "bytes");
    const fetched = wanted.length
      ? await this.fetchRows(
          [...conditions, `id = ANY($${params.length + 1}::text[])`],
          [...params, wanted],
          pgvector ? "pgvector" : "bytes",
        )
      : { rows: [], xmins: [] };
    return {
      partition: cached.partition.withChanges(keep, fetched.rows),
      xmins: [...cached.xmins.filter((_, index) => keep[index]), ...fetched.xmins],
    };
  }

  /**
   * pgvector path for customer and session scopes: one indexed read returns the owner's rows
   * with their cosine to the query computed by the database (0 for a zero vector, or one of
   * another dimension count while `npm run memory:reembed` runs). The rows, without vectors,
   * are kept for the keyword search and list of the same call.
   */
  private async scoreInDatabase(query: number[], filters: Filters): Promise<{ partition: Partition; scores: Float32Array }> {
    const { conditions, params } = this.ownerConditions(filters);
    const { sql } = await getDatabase();
    params.push(toPgvectorText(query), query.length);
    const vector = `$${params.length - 1}::vector`;
    const records = await sql.query<{ id: string; scope: string; payload: Payload | string; cosine: number | null }>(
      `SELECT id, scope, payload,
              CASE WHEN vector_dims(embedding_vector) = $${params.length}::int THEN 1 - (embedding_vector <=> ${vector}) END::float8 AS cosine
       FROM memories WHERE ${conditions.join(" AND ")} ${OLDEST_FIRST}`,
      params,
    );
    const partition = new Partition(
      records.map((record) => ({
        id: record.id,
        payload: readPayload(record.payload, record.scope),
        vector: NO_VECTOR,
      })),
    );
    const scores = Float32Array.from(records, (record) =>
      typeof record.cosine === "number" && Number.isFinite(record.cosine) ? record.cosine : 0,
    );
    callContext().loaded?.set(this.partitionKeyOf(filters), partition);
    return { partition, scores };
  }

  /** Indexes of rows passing the metadata conditions beyond the owner keys and the library's exact filter; null for all. */
  private candidates(partition: Partition, filters: Filters): number[] | null {
    const rest = Object.fromEntries(Object.entries(filters).filter(([key]) => !(OWNER_KEYS as readonly string[]).includes(key)));
    const exact = callContext().filter;
    if (Object.keys(rest).length === 0 && !exact) return null;
    const indexes: number[] = [];
    partition.payloads.forEach((payload, index) => {
      if (matchesFilter(payload, rest) && matchesFilter(payload, exact)) indexes.push(index);
    });
    return indexes;
  }

  async search(query: number[], topK = 10, filters: Filters = {}): Promise<SearchResult[]> {
    let partition: Partition;
    let scores: Float32Array;
    if (!this.cacheable(filters) && (await usesPgvector(await getDatabase())))
      ({ partition, scores } = await this.scoreInDatabase(query, filters));
    else {
      partition = await this.loadPartition(filters);
      const indexed = await this.searchKnowledgeIndex(query, topK, filters, partition);
      if (indexed) return indexed;
      scores = partition.cosine(query);
    }
    const allowed = this.candidates(partition, filters);
    if (partition.size === 0 || allowed?.length === 0) return [];
    // Half raw cosine, half cosine rescaled to the scope's range: the keyword side is
    // relative to the scope's best match too (see keywordSearch), and mixing in the raw
    // value keeps a lone, unrelated memory from looking like a perfect match.
    let low = Infinity;
    let high = -Infinity;
    const widen = (index: number) => {
      low = Math.min(low, scores[index]!);
      high = Math.max(high, scores[index]!);
    };
    if (allowed) allowed.forEach(widen);
    else for (let index = 0; index < scores.length; index++) widen(index);
    const blend = (score: number) => (high > low ? 0.5 * score + (0.5 * (score - low)) / (high - low) : score);
    // The blend is monotonic in cosine, so the best raw scores are the best blended ones.
    return topIndexes(scores, topK, allowed).map((index) => ({
      id: partition.ids[index]!,
      payload: partition.payloads[index]!,
      score: blend(scores[index]!),
    }));
  }

  /**
   * A large knowledge partition's vector search through the HNSW index, where the database
   * has one for the query's size; null to score the cached copy exactly instead (a small
   * partition, metadata filters, no index, or fewer rows than asked for came back).
   */
  private async searchKnowledgeIndex(
    query: number[],
    topK: number,
    filters: Filters,
    partition: Partition,
  ): Promise<SearchResult[] | null> {
    if (this.collection !== "memories" || typeof filters.agent_id !== "string") return null;
    if (partition.size < knowledgeIndexSettings.minRows || this.candidates(partition, filters) !== null) return null;
    const database = await getDatabase();
    if (!(await usesPgvector(database)) || !(await indexedDimensions(database)).has(query.length)) return null;
    const rows = await searchKnowledgeIndex(database, { agentId: filters.agent_id, query, limit: topK });
    if (rows.length < Math.min(topK, partition.size)) return null;
    // The blend of search() below, with the partition's lowest cosine unknown: past the
    // threshold some entry is unrelated to any query, and an unrelated entry's cosine is at
    // or below 0, so 0 stands in for it (the end-to-end effect is measured by bench:hnsw).
    const low = Math.min(0, rows.at(-1)!.cosine);
    const high = rows[0]!.cosine;
    return rows.map((row) => ({
      id: row.id,
      payload: readPayload(row.payload, row.scope),
      score: high > low ? 0.5 * row.cosine + (0.5 * (row.cosine - low)) / (high - low) : row.cosine,
    }));
  }

  /**
   * BM25 over the scope's rows (mem0 lemmatises the query; payloads carry the lemmatised
   * text). mem0 squashes these scores with a sigmoid whose midpoint (5-12) suits large
   * collections; within one customer's handful of memories raw BM25 rarely gets there, so
   * exact matches would count for nothing. We hand back the score that the sigmoid maps to
   * the BM25 score relative to the best match in the scope, which is the min-max fusion
   * measured best on the retrieval suites (docs/BENCHMARKS.md).
   */
  async keywordSearch(query: string, topK = 10, filters: Filters = {}): Promise<SearchResult[]> {
    const partition = await this.loadPartition(filters);
    const queryTerms = query.split(" ").filter(Boolean);
    // Top-k selection over the rows that matched, not a sort of all of them: a common word
    // matches tens of thousands of knowledge rows at a million memories (docs/BENCHMARKS.md).
    const { scores, touched } = partition.bm25Scores(queryTerms, this.candidates(partition, filters));
    let best = 0;
    for (const index of touched) best = Math.max(best, scores[index]!);
    if (best === 0) return [];
    const [midpoint, steepness] = mem0Bm25Params(queryTerms.length);
    return topIndexes(scores, topK, touched).map((index) => {
      const score = scores[index]!;
      const relative = Math.min(0.999, Math.max(0.001, score / best));
      return {
        id: partition.ids[index]!,
        payload: partition.payloads[index]!,
        score: midpoint + Math.log(relative / (1 - relative)) / steepness,
      };
    });
  }

  async list(filters: Filters = {}, topK = 100): Promise<[SearchResult[], number]> {
    const partition = await this.loadPartition(filters);
    const indexes = this.candidates(partition, filters) ?? partition.ids.map((_, index) => index);
    const rows = indexes.map((index) => ({ id: partition.ids[index]!, payload: partition.payloads[index]! }));
    const createdAt = (payload: Record<string, unknown>) => (typeof payload.createdAt === "string" ? payload.createdAt : "");
    rows.sort((left, right) => createdAt(right.payload).localeCompare(createdAt(left.payload)));
    return [rows.slice(0, topK), rows.length];
  }

  async get(id: string): Promise<SearchResult | null> {
    const prisma = await getPrisma();
    const record = await prisma.memoryRecord.findFirst({ where: { id, collection: this.collection }, select: { id: true, payload: true } });
    return record ? { id: record.id, payload: record.payload as Payload } : null;
  }

  async insert(vectors: number[][], ids: string[], payloads: Payload[]): Promise<void> {
    const rows = ids.map((id, index) => ({ id, vector: vectors[index]!, payload: payloads[index]! }));
    const held = callContext().held;
    if (held) {
      held.store = this;
      held.rows.push(...rows);
      return;
    }
    await this.insertRows(rows, callContext().write ?? { actorType: "system" });
  }

  /**
   * Writes new rows in one transaction: one INSERT for the rows, one for their history, one
   * for their audit entries, and the version of each cached partition they enter.
   */
  async insertRows(rows: HeldRow[], write: WriteContext): Promise<void> {
    if (!rows.length) return;
    const database = await getDatabase();
    const pgvector = await usesPgvector(database);
    const params: unknown[] = [];
    // Rows of one transaction share its now(): a millisecond apart (the column's precision),
    // they keep the order they were added in (rows are read oldest first).
    const tuples = rows.map(({ id, vector, payload }, index) => {
      const scope = scopeOf(payload);
      const first = params.length + 1;
      params.push(
        id,
        this.collection,
        workspaceOf(payload),
        scope,
        payload.user_id ?? null,
        payload.agent_id ?? null,
        payload.run_id ?? null,
        sealMemoryText(payload.data ?? "", scope),
        JSON.stringify(sealMemoryPayload(payload, scope)),
        pgvector ? "" : toFloat32Hex(vector),
        expiresAt(payload),
      );
      if (pgvector) params.push(toPgvectorText(vector));
      const [p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12] = Array.from({ length: 12 }, (_, offset) => `$${first + offset}`);
      return `(${p1}, ${p2}, ${p3}::uuid, ${p4}, ${p5}, ${p6}, ${p7}, ${p8}, ${p9}::jsonb, decode(${p10}, 'hex'), ${p11}::timestamptz, now() + interval '1 millisecond' * ${index}${pgvector ? `, ${p12}::vector` : ""})`;
    });
    await database.prisma.$transaction(async (tx) => {
      // Raw SQL so that each row is written once with its vector in whichever column holds it.
      await tx.$executeRawUnsafe(
        `INSERT INTO memories (id, collection, workspace_id, scope, user_id, agent_id, run_id, text, payload, embedding, expires_at, created_at${pgvector ? ", embedding_vector" : ""})
         VALUES ${tuples.join(", ")}`,
        ...params,
      );
      await this.recordChanges(
        tx,
        rows.map(({ id, payload }) => ({
          id,
          payload: { ...payload, scope: scopeOf(payload) },
          event: "ADD",
          newText: payload.data ?? "",
          write,
        })),
      );
    });
  }

  async update(id: string, vector: number[], payload: Payload): Promise<void> {
    const database = await getDatabase();
    const prisma = database.prisma;
    const pgvector = await usesPgvector(database);
    const write = callContext().write ?? { actorType: "system" as const };
    await prisma.$transaction(async (tx) => {
      const before = await tx.memoryRecord.findFirst({ where: { id, collection: this.collection }, select: { text: true, scope: true } });
      if (!before) throw new Error(`Memory ${id} not found`);
      const [vectorColumn, vectorValue, vectorParam] = this.vectorColumn(pgvector, vector, 6);
      await tx.$executeRawUnsafe(
        `UPDATE memories SET (text, payload, embedding, updated_at, expires_at${vectorColumn}) = ($2, $3::jsonb, decode($4, 'hex'), now(), $5::timestamptz${vectorValue}) WHERE id = $1`,
        id,
        sealMemoryText(payload.data ?? "", before.scope),
        JSON.stringify(sealMemoryPayload(payload, before.scope)),
        pgvector ? "" : toFloat32Hex(vector),
        expiresAt(payload),
        ...vectorParam,
      );
      await this.recordChanges(tx, [
        { id, payload: { ...payload, scope: before.scope }, event: "UPDATE", oldText: before.text, newText: payload.data ?? "", write },
      ]);
    });
  }

  async delete(id: string): Promise<void> {
    const prisma = await getPrisma();
    const write = callContext().write ?? { actorType: "system" as const };
    await prisma.$transaction(async (tx) => {
      const before = await tx.memoryRecord.findFirst({
        where: { id, collection: this.collection },
        select: { text: true, payload: true, scope: true },
      });
      if (!before) return;
      await tx.memoryRecord.delete({ where: { id } });
      await this.recordChanges(tx, [
        { id, payload: { ...(before.payload as Payload), scope: before.scope }, event: "DELETE", oldText: before.text, write },
      ]);
    });
  }

  async deleteCol(): Promise<void> {
    const prisma = await getPrisma();
    await prisma.memoryRecord.deleteMany({ where: { collection: this.collection } });
    partitionCache.clear();
  }

  /** The pgvector column, its placeholder and its value for a write, or nothing where vectors are bytes. */
  private vectorColumn(pgvector: boolean, vector: number[], placeholder: number): [string, string, string[]] {
    return pgvector ? [", embedding_vector", `, $${placeholder}::vector`, [toPgvectorText(vector)]] : ["", "", []];
  }

  /**
   * History, audit entries and partition versions, in the transaction of the changes
   * themselves. Only cached scopes (the team's knowledge) keep a version: nothing reads
   * one for a customer's or a session's rows.
   */
  private async recordChanges(
    tx: Prisma.TransactionClient,
    changes: Array<{
      id: string;
      payload: Payload;
      event: "ADD" | "UPDATE" | "DELETE";
      oldText?: string;
      newText?: string;
      write: WriteContext;
    }>,
  ): Promise<void> {
    const versioned = new Set(changes.filter(({ payload }) => isCachedScope(payload.scope)).map(({ payload }) => partitionKey(payload)));
    for (const key of versioned) await bumpPartitionVersion(tx, this.collection, key);
    // mem0's entity links are bookkeeping, not memories: no history or audit for them.
    if (this.collection !== "memories") return;
    await tx.memoryHistory.createMany({
      data: changes.map((change) => ({
        workspaceId: workspaceOf(change.payload),
        memoryId: change.id,
        userId: change.payload.user_id ?? null,
        agentId: change.payload.agent_id ?? null,
        runId: change.payload.run_id ?? null,
        event: change.event,
        oldText: sealHistoryText(change.oldText, change.payload.user_id),
        newText: sealHistoryText(change.newText, change.payload.user_id),
        actorUserId: change.write.actorUserId ?? null,
      })),
    });
    // The busiest audited write (a ticket's opening job makes several): appended pending and
    // chained by the sealer's next batch, rather than three more statements here.
    await appendPendingAudit(
      tx,
      changes.map((change) => ({
        workspaceId: workspaceOf(change.payload),
        actorUserId: change.write.actorUserId ?? null,
        actorType: change.write.actorType,
        action: `memory.${change.event === "ADD" ? "added" : change.event === "UPDATE" ? "updated" : "deleted"}`,
        targetType: "memory",
        targetId: change.id,
        customerId: change.write.customerId ?? null,
        summary: { scope: String(change.payload.scope ?? ""), type: String(change.payload.type ?? "") },
      })),
    );
  }
}

/** Scopes whose partitions processes cache, checked against memory_partitions' version. */
export function isCachedScope(scope: unknown): boolean {
  return typeof scope === "string" && CACHED_SCOPES.has(scope);
}

/** Moves a cached partition's version, so that every process re-reads it at its next search. */
export async function bumpPartitionVersion(tx: Prisma.TransactionClient, collection: string, key: string): Promise<void> {
  await tx.memoryPartition.upsert({
    where: { collection_partitionKey: { collection, partitionKey: key } },
    create: { collection, partitionKey: key, version: 1n },
    update: { version: { increment: 1 } },
  });
}

export interface HeldRow {
  id: string;
  vector: number[];
  payload: Payload;
}

/**
 * New rows held back while a call context carries this (addMemories in ./core.ts): mem0 adds
 * one memory per insert, each its own transaction of five statements; held, a ticket's
 * related-ticket links are written together by writeHeld.
 */
export class HeldWrites {
  readonly rows: HeldRow[] = [];
  store: DatabaseVectorStore | null = null;
}

export async function writeHeld(held: HeldWrites, write: WriteContext): Promise<void> {
  await held.store?.insertRows(held.rows, write);
}

/** A payload as read by raw SQL (PGlite hands jsonb over as text), its sealed fields opened. */
function readPayload(stored: Payload | string, scope: string): Payload {
  return openMemoryPayload((typeof stored === "string" ? JSON.parse(stored) : stored) as Payload, scope);
}

function expiresAt(payload: Payload): string | null {
  return payload.expiration_date ? `${payload.expiration_date}T00:00:00Z` : null;
}

// mem0's BM25 sigmoid parameters by query length (mem0ai 3.3, utils/scoring getBm25Params).
function mem0Bm25Params(terms: number): [number, number] {
  if (terms <= 3) return [5, 0.7];
  if (terms <= 6) return [7, 0.6];
  if (terms <= 9) return [9, 0.5];
  if (terms <= 15) return [10, 0.5];
  return [12, 0.5];
}
