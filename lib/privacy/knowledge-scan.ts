import "server-only";
import { getDatabase, getPrisma } from "@/lib/db";
import type { WriteContext } from "@/lib/memory/context";
import { updateMemory } from "@/lib/memory/core";
import { containsPersonalData, type NeedlePattern, redactPersonalData } from "./redact";

// Team knowledge must not carry a customer's identity: promotion strips names, emails and
// order numbers (lib/support/pii.ts), but an agent can still type an address into an
// article. At erasure the workspace's knowledge is scanned for this customer's email, full
// name and phone, and every hit is redacted in place: agent memories through the memory
// library (so embeddings follow), their history, mem0's entity links, and the knowledge
// base's own tables (any knowledge* table's text columns, so its versions are covered).

export interface KnowledgeScan {
  /** Entries that named the customer (memories, history rows, entity links, article rows). */
  found: number;
  redacted: number;
}

export async function scrubTeamKnowledge(input: { workspaceId: string; patterns: NeedlePattern[]; by: WriteContext }): Promise<KnowledgeScan> {
  const { workspaceId, patterns } = input;
  if (patterns.length === 0) return { found: 0, redacted: 0 };
  const prisma = await getPrisma();
  const { sql } = await getDatabase();
  const matchAny = (column: string, first: number) => `(${patterns.map((_, index) => `${column} ~* $${first + index}`).join(" OR ")})`;
  const needles = patterns.map((pattern) => pattern.sql);
  let found = 0;
  let redacted = 0;

  const memories = await sql.query<{ id: string; text: string }>(
    `SELECT id, text FROM memories WHERE workspace_id = $1::uuid AND collection = 'memories' AND scope = 'agent' AND ${matchAny("payload::text", 2)}`,
    [workspaceId, ...needles],
  );
  for (const memory of memories) {
    found++;
    if (containsPersonalData(memory.text, patterns)) await updateMemory({ workspaceId, memoryId: memory.id, text: redactPersonalData(memory.text, patterns), by: input.by });
    // Metadata (a promoted fix's topic, say) is not rewritten by an update: replace there too.
    for (const pattern of patterns) {
      await sql.query(`UPDATE memories SET payload = regexp_replace(payload::text, $2, $3, 'gi')::jsonb WHERE id = $1 AND payload::text ~* $2`, [memory.id, pattern.sql, pattern.replacement]);
    }
    redacted++;
  }

  // mem0's entity links are names pulled out of memory text: drop the ones that name the customer.
  const entities = await sql.query<{ id: string }>(
    `DELETE FROM memories WHERE workspace_id = $1::uuid AND collection <> 'memories' AND scope = 'agent' AND ${matchAny("payload::text", 2)} RETURNING id`,
    [workspaceId, ...needles],
  );
  found += entities.length;
  redacted += entities.length;

  // The history of team memories (the update above wrote the old text there, too).
  const history = await prisma.memoryHistory.findMany({ where: { workspaceId, agentId: { not: null } }, select: { id: true, oldText: true, newText: true } });
  for (const row of history) {
    const hit = [row.oldText, row.newText].some((text) => text && containsPersonalData(text, patterns));
    if (!hit) continue;
    found++;
    await prisma.memoryHistory.update({
      where: { id: row.id },
      data: { oldText: row.oldText && redactPersonalData(row.oldText, patterns), newText: row.newText && redactPersonalData(row.newText, patterns) },
    });
    redacted++;
  }

  const articleRows = await scrubKnowledgeTables(workspaceId, patterns);
  return { found: found + articleRows, redacted: redacted + articleRows };
}

/** Text columns of the knowledge base's tables (whatever they are now), redacted in place. */
async function scrubKnowledgeTables(workspaceId: string, patterns: NeedlePattern[]): Promise<number> {
  const { sql } = await getDatabase();
  const columns = await sql.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
      WHERE c.table_schema = current_schema() AND c.table_name LIKE 'knowledge%' AND c.data_type IN ('text', 'character varying')
        AND EXISTS (SELECT 1 FROM information_schema.columns w WHERE w.table_schema = c.table_schema AND w.table_name = c.table_name AND w.column_name = 'workspace_id')
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const touched = new Set<string>();
  for (const { table_name: table, column_name: column } of columns) {
    for (const pattern of patterns) {
      // Identifiers come from the catalogue and are quoted; every value is a parameter.
      const rows = await sql.query<{ id: string }>(
        `UPDATE "${table}" SET "${column}" = regexp_replace("${column}", $2, $3, 'gi') WHERE workspace_id = $1::uuid AND "${column}" ~* $2 RETURNING ctid::text AS id`,
        [workspaceId, pattern.sql, pattern.replacement],
      );
      for (const row of rows) touched.add(`${table}:${row.id}`);
    }
  }
  return touched.size;
}
