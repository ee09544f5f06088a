// Bulk loading for `npm run bench:memory -- --bulk`: the rows the memory library writes for
// an add, written many at a time.
//
// Every memory still goes through the library's own add path (the typed helper, addMemory,
// mem0's Memory.add with its metadata handling, hash, lemmatised text, timestamps and the
// configured embedder); only our vector store's insert is replaced by a capture. The captured
// rows are then written as the store's insert and recordChange would write them, a batch per
// transaction: the `memories` row (same columns, payload and Float32 embedding bytes), its
// `memory_history` ADD row, its chained audit entry, and the partition versions bumped by
// one per memory. `verifyBulkAgainstLibrary` checks, on a small workspace built both ways,
// that the rows and the search results are the same.
import { randomUUID } from "node:crypto";
import { canonicalJson, entryHash, entryMac, summaryDigest } from "../lib/audit/chain";
import { auditKey } from "../lib/audit/record";
import {
  openMemoryPayload,
  openMemoryText,
  sealHistoryText,
  sealMemoryPayload,
  sealMemoryText,
  sealsHistory,
} from "../lib/crypto/memory-text";
import { readStoredOptional } from "../lib/crypto/pii";
import type { SqlRunner } from "../lib/db/migrate";
import { callContext, type WriteContext } from "../lib/memory/context";
import { isCachedScope, partitionKey, workspaceOf } from "../lib/memory/store";
import { toPgvectorText, usesPgvector } from "../lib/memory/vector-column";

type Payload = Record<string, unknown> & {
  data?: string;
  scope?: string;
  user_id?: string;
  agent_id?: string;
  run_id?: string;
  expiration_date?: string;
  createdAt?: string;
  type?: string;
};
type Runner = Omit<SqlRunner, "transaction">;

interface CapturedRow {
  id: string;
  vector: number[];
  payload: Payload;
  write: WriteContext;
}

export interface InsertingStore {
  insert(vectors: number[][], ids: string[], payloads: Payload[]): Promise<void>;
}

// The store's own rule (lib/memory/store.ts scopeOf): the scope metadata, else from the owner.
function scopeOf(payload: Payload): string {
  if (typeof payload.scope === "string") return payload.scope;
  if (payload.run_id) return "session";
  return payload.user_id ? "customer" : "agent";
}

export class BulkMemoryWriter {
  private pending: CapturedRow[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private readonly chains = new Map<string, { seq: number; prevHash: string | null }>();
  /** Rows committed so far. */
  written = 0;

  constructor(
    private readonly sql: SqlRunner,
    private readonly store: InsertingStore,
    private readonly options: { batchSize?: number; onBatch?: (rows: CapturedRow[]) => Promise<void> | void } = {},
  ) {}

  /**
   * Runs `fn` (which adds memories through the library) with the store's insert captured,
   * writing a batch whenever enough rows are waiting. One batch is written while the next
   * is being built.
   */
  async capture(fn: (flushIfFull: () => Promise<void>) => Promise<void>): Promise<void> {
    const original = this.store.insert.bind(this.store);
    this.store.insert = (vectors, ids, payloads) => {
      const write = callContext().write ?? { actorType: "system" as const };
      ids.forEach((id, index) => this.pending.push({ id, vector: vectors[index]!, payload: payloads[index]!, write }));
      return Promise.resolve();
    };
    try {
      await fn(async () => {
        if (this.pending.length >= (this.options.batchSize ?? 2000)) await this.flush();
      });
      await this.flush();
      await this.inFlight;
    } finally {
      this.store.insert = original;
    }
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    await this.inFlight;
    this.inFlight = this.write(rows);
    await this.options.onBatch?.(rows);
  }

  private async write(rows: CapturedRow[]): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await this.insertMemories(tx, rows);
      await this.insertHistory(tx, rows);
      await this.insertAudit(tx, rows);
      await this.bumpPartitions(tx, rows);
    });
    this.written += rows.length;
  }

  private async insertMemories(tx: Runner, rows: CapturedRow[]): Promise<void> {
    // As the store writes them: in pgvector's column where the database has it, bytes left empty.
    const pgvector = await usesPgvector({ sql: this.sql });
    const bytesPerVector = pgvector ? 0 : rows[0]!.vector.length * 4;
    const embeddings = Buffer.alloc(rows.length * bytesPerVector);
    rows.forEach((row, index) => {
      if (pgvector) return;
      if (row.vector.length * 4 !== bytesPerVector) throw new Error("vectors of different dimensions in one batch");
      // The store's toBytes: Float32, platform (little-endian) byte order.
      embeddings.set(new Uint8Array(Float32Array.from(row.vector).buffer), index * bytesPerVector);
    });
    const column = <T>(get: (row: CapturedRow) => T) => rows.map(get);
    await tx.query(
      `WITH blob AS MATERIALIZED (SELECT decode($10::text, 'hex') AS bytes)
       INSERT INTO memories (id, collection, workspace_id, scope, user_id, agent_id, run_id, text, payload, embedding, created_at, updated_at, expires_at${pgvector ? ", embedding_vector" : ""})
       SELECT r.id, 'memories', r.workspace_id, r.scope, r.user_id, r.agent_id, r.run_id, r.text, r.payload::jsonb,
              substring(blob.bytes FROM ((r.n - 1) * $11::int + 1)::int FOR $11::int), r.created_at, r.created_at, r.expires_at${pgvector ? ", r.vector::vector" : ""}
       FROM blob, unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $12::timestamptz[]${pgvector ? ", $13::text[]" : ""})
         WITH ORDINALITY AS r(id, workspace_id, scope, user_id, agent_id, run_id, text, payload, created_at, expires_at${pgvector ? ", vector" : ""}, n)`,
      [
        column((row) => row.id),
        column((row) => workspaceOf(row.payload)),
        column((row) => scopeOf(row.payload)),
        column((row) => row.payload.user_id ?? null),
        column((row) => row.payload.agent_id ?? null),
        column((row) => row.payload.run_id ?? null),
        // Sealed as the store seals customer and session memory (lib/crypto/memory-text.ts).
        column((row) => sealMemoryText(row.payload.data ?? "", scopeOf(row.payload))),
        column((row) => JSON.stringify(sealMemoryPayload(row.payload, scopeOf(row.payload)))),
        column((row) => createdAt(row).toISOString()),
        // As hex text: PGlite serialises a bytea parameter byte by byte through an array of strings.
        embeddings.toString("hex"),
        bytesPerVector,
        column((row) => (row.payload.expiration_date ? `${row.payload.expiration_date}T00:00:00Z` : null)),
        ...(pgvector ? [column((row) => toPgvectorText(row.vector))] : []),
      ],
    );
  }

  private async insertHistory(tx: Runner, rows: CapturedRow[]): Promise<void> {
    await tx.query(
      `INSERT INTO memory_history (id, workspace_id, memory_id, user_id, agent_id, run_id, event, old_text, new_text, actor_user_id, created_at)
       SELECT gen_random_uuid(), r.workspace_id, r.memory_id, r.user_id, r.agent_id, r.run_id, 'ADD', NULL, r.new_text, r.actor_user_id, r.created_at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::timestamptz[])
         AS r(workspace_id, memory_id, user_id, agent_id, run_id, new_text, actor_user_id, created_at)`,
      [
        rows.map((row) => workspaceOf(row.payload)),
        rows.map((row) => row.id),
        rows.map((row) => row.payload.user_id ?? null),
        rows.map((row) => row.payload.agent_id ?? null),
        rows.map((row) => row.payload.run_id ?? null),
        rows.map((row) => sealHistoryText(row.payload.data ?? "", row.payload.user_id)),
        rows.map((row) => row.write.actorUserId ?? null),
        rows.map((row) => createdAt(row).toISOString()),
      ],
    );
  }

  /** Entries as lib/audit/record.ts chains them, continuing each workspace's chain. */
  private async insertAudit(tx: Runner, rows: CapturedRow[]): Promise<void> {
    const entries: Array<Record<string, unknown>> = [];
    for (const row of rows) {
      const workspaceId = workspaceOf(row.payload);
      let chain = this.chains.get(workspaceId);
      if (!chain) {
        const [head] = await tx.query<{ seq: number; hash: string | null }>(
          `SELECT seq, hash FROM audit_chain_heads WHERE workspace_id = $1 FOR UPDATE`,
          [workspaceId],
        );
        const seq = Number(head?.seq ?? 0);
        const last = head;
        if (seq > 0 && !last?.hash) throw new Error("the workspace's audit log has unsealed entries: bulk loading needs a chained log");
        this.chains.set(workspaceId, (chain = { seq, prevHash: last?.hash ?? null }));
      }
      const summary: unknown = JSON.parse(canonicalJson({ scope: String(scopeOf(row.payload)), type: String(row.payload.type ?? "") }));
      const fields = {
        id: randomUUID(),
        workspaceId,
        seq: chain.seq + 1,
        createdAt: createdAt(row),
        actorType: row.write.actorType,
        actorUserId: row.write.actorUserId ?? null,
        action: "memory.added",
        targetType: "memory",
        targetId: row.id,
        summaryDigest: summaryDigest(summary),
        prevHash: chain.prevHash,
      };
      // Keyed as recordAudit keys it: an unkeyed entry after keyed ones fails verification.
      const hash = entryHash(fields, auditKey());
      chain.seq += 1;
      chain.prevHash = hash;
      const mac = entryMac(fields, auditKey());
      entries.push({ ...fields, customerId: row.write.customerId ?? null, summary: JSON.stringify(summary), hash, entryMac: mac });
    }
    const column = (key: string) => entries.map((entry) => (entry[key] instanceof Date ? entry[key].toISOString() : entry[key]));
    await tx.query(
      `INSERT INTO audit_logs (id, workspace_id, seq, created_at, actor_type, actor_user_id, action, target_type, target_id, summary_digest, prev_hash, customer_id, summary, hash, entry_mac, keyed)
       SELECT *, true FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::timestamptz[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::uuid[], $13::jsonb[], $14::text[], $15::text[])`,
      [
        "id",
        "workspaceId",
        "seq",
        "createdAt",
        "actorType",
        "actorUserId",
        "action",
        "targetType",
        "targetId",
        "summaryDigest",
        "prevHash",
        "customerId",
        "summary",
        "hash",
        "entryMac",
      ].map(column),
    );
    for (const [workspaceId, chain] of this.chains)
      await tx.query(`UPDATE audit_chain_heads SET seq = $2, hash = $3 WHERE workspace_id = $1 AND seq < $2`, [
        workspaceId,
        chain.seq,
        chain.prevHash,
      ]);
  }

  /** The store bumps a cached partition's version once per transaction that writes to it; here once per partition and batch. */
  private async bumpPartitions(tx: Runner, rows: CapturedRow[]): Promise<void> {
    const counts = new Map<string, number>();
    for (const row of rows) {
      const scope = scopeOf(row.payload);
      if (!isCachedScope(scope)) continue;
      const key = partitionKey({ ...row.payload, scope });
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (!counts.size) return;
    await tx.query(
      `INSERT INTO memory_partitions (collection, partition_key, version)
       SELECT 'memories', k, c FROM unnest($1::text[], $2::bigint[]) AS p(k, c)
       ON CONFLICT (collection, partition_key) DO UPDATE SET version = memory_partitions.version + EXCLUDED.version`,
      [[...counts.keys()], [...counts.values()]],
    );
  }
}

function createdAt(row: CapturedRow): Date {
  return row.payload.createdAt ? new Date(row.payload.createdAt) : new Date();
}

// --- verification ---------------------------------------------------------------------------

interface StoredRow {
  collection: string;
  scope: string;
  user_id: string | null;
  agent_id: string | null;
  run_id: string | null;
  text: string;
  payload: Payload | string;
  embedding: Uint8Array;
  expires_at: Date | null;
  archived_at: Date | null;
}

/** A workspace's memory rows with the workspace id and add times taken out, in a stable order. */
async function normalisedRows(sql: SqlRunner, workspaceId: string): Promise<string[]> {
  const rows = await sql.query<StoredRow>(
    `SELECT collection, scope, user_id, agent_id, run_id, text, payload, embedding, expires_at, archived_at${(await usesPgvector({ sql })) ? ", embedding_vector::text AS embedding_vector" : ""}
     FROM memories WHERE workspace_id = $1`,
    [workspaceId],
  );
  return rows
    .map((row) => {
      // Compared in plaintext: sealed values differ by their random IVs.
      const payload = openMemoryPayload(typeof row.payload === "string" ? (JSON.parse(row.payload) as Payload) : row.payload, row.scope);
      const { createdAt: _createdAt, ...rest } = payload;
      return canonicalJson({
        ...row,
        text: openMemoryText(row.text, row.scope),
        payload: rest,
        embedding: Buffer.from(row.embedding).toString("base64"),
        hasCreatedAt: typeof _createdAt === "string",
      }).replaceAll(workspaceId, "<workspace>");
    })
    .sort();
}

async function normalisedSideRows(
  sql: SqlRunner,
  workspaceId: string,
): Promise<{ partitions: string[]; history: string[]; audit: string[] }> {
  const partitions = await sql.query<{ partition_key: string; version: string | number | bigint }>(
    `SELECT partition_key, version FROM memory_partitions WHERE collection = 'memories' AND strpos(partition_key, $1) > 0`,
    [workspaceId],
  );
  const history = await sql.query<Record<string, unknown>>(
    `SELECT user_id, agent_id, run_id, event, old_text, new_text, actor_user_id, (memory_id IN (SELECT id FROM memories WHERE workspace_id = $1)) AS memory_exists FROM memory_history WHERE workspace_id = $1`,
    [workspaceId],
  );
  const audit = await sql.query<Record<string, unknown>>(
    `SELECT actor_type, actor_user_id, action, target_type, customer_id, summary, (target_id IN (SELECT id FROM memories WHERE workspace_id = $1)) AS target_exists FROM audit_logs WHERE workspace_id = $1`,
    [workspaceId],
  );
  const strip = (value: unknown) => canonicalJson(value).replaceAll(workspaceId, "<workspace>");
  return {
    partitions: partitions.map((row) => strip({ key: row.partition_key, version: String(row.version) })).sort(),
    history: history
      .map((row) =>
        sealsHistory(row.user_id as string | null)
          ? {
              ...row,
              old_text: readStoredOptional(row.old_text as string | null, "memory_history"),
              new_text: readStoredOptional(row.new_text as string | null, "memory_history"),
            }
          : row,
      )
      .map(strip)
      .sort(),
    audit: audit
      .map((row) => strip({ ...row, summary: typeof row.summary === "string" ? (JSON.parse(row.summary) as unknown) : row.summary }))
      .sort(),
  };
}

function firstDifference(label: string, left: string[], right: string[]): string | null {
  if (left.length !== right.length) return `${label}: ${left.length} through the library, ${right.length} bulk-written`;
  for (let index = 0; index < left.length; index++) {
    if (left[index] === right[index]) continue;
    const [expected, actual] = [JSON.parse(left[index]!) as Record<string, unknown>, JSON.parse(right[index]!) as Record<string, unknown>];
    const fields = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter(
      (key) => JSON.stringify(expected[key]) !== JSON.stringify(actual[key]),
    );
    const show = (row: Record<string, unknown>) => JSON.stringify(Object.fromEntries(fields.map((key) => [key, row[key]]))).slice(0, 600);
    return `${label} differ in ${fields.join(", ")}:\n  library: ${show(expected)}\n  bulk:    ${show(actual)}`;
  }
  return null;
}

export interface VerifyInput<Item, Query> {
  sql: SqlRunner;
  store: InsertingStore;
  /** A fresh, empty workspace; called twice. */
  createWorkspace: (label: string) => Promise<string>;
  deleteWorkspace: (workspaceId: string) => Promise<void>;
  items: Item[];
  addItem: (workspaceId: string, item: Item) => Promise<unknown>;
  queries: Query[];
  search: (workspaceId: string, query: Query) => Promise<unknown>;
  verifyChain: (workspaceId: string) => Promise<{ ok: boolean }>;
}

/**
 * Builds the same memories in two workspaces, one through the library (a transaction per
 * add) and one through the bulk writer, then requires the same rows (apart from ids, add
 * times and the workspace prefix), partition versions, history and audit entries, a valid
 * audit chain, and the same search results (texts, types, scores, matched terms) for every
 * query. Throws on the first difference; both workspaces are deleted afterwards.
 */
export async function verifyBulkAgainstLibrary<Item, Query>(
  input: VerifyInput<Item, Query>,
): Promise<{ memories: number; queries: number; results: number }> {
  const viaLibrary = await input.createWorkspace("verify-library");
  const viaBulk = await input.createWorkspace("verify-bulk");
  try {
    for (const item of input.items) await input.addItem(viaLibrary, item);
    const writer = new BulkMemoryWriter(input.sql, input.store, { batchSize: 97 });
    await writer.capture(async (flushIfFull) => {
      for (const item of input.items) {
        await input.addItem(viaBulk, item);
        await flushIfFull();
      }
    });

    const problems = [
      firstDifference("memory rows", await normalisedRows(input.sql, viaLibrary), await normalisedRows(input.sql, viaBulk)),
    ];
    const [left, right] = [await normalisedSideRows(input.sql, viaLibrary), await normalisedSideRows(input.sql, viaBulk)];
    problems.push(firstDifference("partition versions", left.partitions, right.partitions));
    problems.push(firstDifference("history rows", left.history, right.history));
    problems.push(firstDifference("audit entries", left.audit, right.audit));
    if (!(await input.verifyChain(viaBulk)).ok) problems.push("the bulk-written audit chain does not verify");

    let results = 0;
    for (const query of input.queries) {
      const expected = canonicalJson(await input.search(viaLibrary, query)).replaceAll(viaLibrary, "<workspace>");
      const actual = canonicalJson(await input.search(viaBulk, query)).replaceAll(viaBulk, "<workspace>");
      results += Object.values(JSON.parse(expected) as Record<string, unknown[]>).reduce((sum, list) => sum + list.length, 0);
      if (expected !== actual) {
        // Where they part: the shared beginning of two results lists is long and says nothing.
        let at = 0;
        while (expected[at] === actual[at]) at++;
        const around = (text: string) => text.slice(Math.max(0, at - 200), at + 400);
        problems.push(
          `search results differ for ${JSON.stringify(query)} from character ${at}:\n  library: …${around(expected)}\n  bulk:    …${around(actual)}`,
        );
        break;
      }
    }
    const found = problems.filter(Boolean);
    if (found.length > 0) throw new Error(`bulk-written memories are not what the library writes:\n${found.join("\n")}`);
    return { memories: input.items.length, queries: input.queries.length, results };
  } finally {
    await input.deleteWorkspace(viaLibrary);
    await input.deleteWorkspace(viaBulk);
  }
}
