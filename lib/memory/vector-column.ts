import type { Database } from "@/lib/db";

// Where a memory's vector lives. With pgvector (PGlite always; a server that has the
// extension) the migration 20261126110000_memory_pgvector adds memories.embedding_vector,
// and the vector is kept there only. Without it, memories.embedding holds Float32 bytes.

const detected = new WeakMap<object, Promise<boolean>>();

/** Whether this database keeps vectors in pgvector's column (checked once per connection). */
export function usesPgvector(database: Pick<Database, "sql">): Promise<boolean> {
  let known = detected.get(database.sql);
  if (!known) {
    known = database.sql
      .query<{ present: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM information_schema.columns
                        WHERE table_schema = current_schema() AND table_name = 'memories' AND column_name = 'embedding_vector') AS present`,
      )
      .then(([row]) => row?.present === true);
    detected.set(database.sql, known);
  }
  return known;
}

/** The bytes column's form, as hex for `decode($n, 'hex')`: Float32, little-endian. */
export function toFloat32Hex(vector: ArrayLike<number>): string {
  return Buffer.from(Float32Array.from(vector).buffer).toString("hex");
}

/**
 * pgvector's text form. Each value is rounded to Float32 first, and the shortest decimal of
 * that Float32 parses back to exactly it, so the column holds what the bytes would have.
 */
export function toPgvectorText(vector: ArrayLike<number>): string {
  const parts = new Array<string>(vector.length);
  for (let index = 0; index < vector.length; index++) parts[index] = String(Math.fround(vector[index]!));
  return `[${parts.join(",")}]`;
}

/**
 * Decodes `encode(vector_send(v), 'hex')`: a 2-byte dimension count, 2 unused bytes, then
 * big-endian Float32 values.
 */
export function fromVectorSend(hex: string): Float32Array {
  const bytes = Buffer.from(hex, "hex");
  const dimensions = bytes.readUInt16BE(0);
  // Whole words to host (little-endian) order at once; the header's word is not read after.
  bytes.swap32();
  const view = new Float32Array(bytes.buffer, bytes.byteOffset + 4, dimensions);
  // A short Buffer is a slice of Node's shared pool: copy it out rather than keep the pool alive.
  return bytes.buffer.byteLength === bytes.byteLength ? view : view.slice();
}
