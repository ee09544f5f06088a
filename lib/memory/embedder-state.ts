import { getDatabase } from "@/lib/db";
import { createEmbedder } from "./embedders";
import { toFloat32Hex, toPgvectorText, usesPgvector } from "./vector-column";

// Vectors from two embedders cannot be compared. The id of the embedder that wrote the
// stored vectors is kept in app_settings; a different configured embedder found at start-up
// queues the re-embedding job (./reembed-job.ts), or `npm run memory:reembed` does it now.

const KEY = "memory.embedder";

export async function storedEmbedder(): Promise<string | null> {
  const { prisma } = await getDatabase();
  const row = await prisma.appSetting.findUnique({ where: { key: KEY } });
  return row ? String((row.value as { id?: string }).id ?? "") : null;
}

export async function setStoredEmbedder(id: string): Promise<void> {
  const { prisma } = await getDatabase();
  await prisma.appSetting.upsert({ where: { key: KEY }, create: { key: KEY, value: { id } }, update: { value: { id } } });
}

/** The embedder of the stored vectors and the configured one when they differ; records the first one. */
export async function embedderChange(): Promise<{ stored: string; current: string } | null> {
  const current = createEmbedder().id;
  const stored = await storedEmbedder();
  if (stored === null) {
    await setStoredEmbedder(current);
    return null;
  }
  return stored === current ? null : { stored, current };
}

export interface ReembedProgress {
  done: number;
  total: number;
}

/** Re-embeds every stored memory with the configured embedder, in batches. */
export async function reembedAll(onProgress: (progress: ReembedProgress) => void, batchSize = 64): Promise<number> {
  const database = await getDatabase();
  const { prisma, sql } = database;
  const pgvector = await usesPgvector(database);
  const embedder = createEmbedder();
  const total = await prisma.memoryRecord.count();
  let done = 0;
  let after = "";
  for (;;) {
    const rows = await prisma.memoryRecord.findMany({
      where: { id: { gt: after } },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, text: true },
    });
    if (rows.length === 0) break;
    const vectors = await embedder.embedDocuments(rows.map((row) => row.text));
    // One statement per batch, into whichever column holds this database's vectors (lib/memory/vector-column.ts).
    const ids = rows.map((row) => row.id);
    if (pgvector) {
      await sql.query(
        `UPDATE memories AS m SET embedding_vector = v.vector::vector, embedding = ''::bytea FROM unnest($1::text[], $2::text[]) AS v(id, vector) WHERE m.id = v.id`,
        [ids, vectors.map((vector) => toPgvectorText(vector))],
      );
    } else {
      await sql.query(
        `UPDATE memories AS m SET embedding = decode(v.hex, 'hex') FROM unnest($1::text[], $2::text[]) AS v(id, hex) WHERE m.id = v.id`,
        [ids, vectors.map(toFloat32Hex)],
      );
    }
    done += rows.length;
    after = rows[rows.length - 1]!.id;
    onProgress({ done, total });
  }
  // Every process's cached partitions are now stale.
  await sql.query("UPDATE memory_partitions SET version = version + 1");
  await setStoredEmbedder(embedder.id);
  return done;
}
