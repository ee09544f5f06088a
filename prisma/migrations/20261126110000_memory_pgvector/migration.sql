-- pgvector where the database has it (PGlite always; a server where the extension is
-- installed). Memories there keep their vector in embedding_vector, the database scores
-- customer and session searches itself, and embedding (bytea) is left empty. A server
-- without the extension keeps Float32 bytes in embedding and scores in the app
-- (lib/memory/store.ts). The column is outside schema.prisma: Prisma cannot declare a
-- column that exists on one kind of database only, and the store reaches it with raw SQL.
DO $migration$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    RETURN;
  END IF;
  BEGIN
    CREATE EXTENSION IF NOT EXISTS vector;
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pgvector is installed but this role may not create it: memories are scored in the app';
    RETURN;
  END;
  ALTER TABLE "memories" ADD COLUMN "embedding_vector" vector;
  -- pgvector stores vectors uncompressed by default. The offline hashing embedder's vectors
  -- are four-fifths zeros: compressed they take about 1.1 KB instead of 4 KB
  -- (docs/BENCHMARKS.md); a dense model's vectors do not compress and are kept as they are.
  ALTER TABLE "memories" ALTER COLUMN "embedding_vector" SET STORAGE EXTENDED;

  -- Rows written before this migration: decode their little-endian Float32 bytes.
  CREATE FUNCTION pg_temp.float4_le(bytes bytea, word_index integer) RETURNS double precision
  LANGUAGE sql IMMUTABLE AS $f$
    SELECT CASE WHEN exponent = 0 THEN sign * mantissa * 2.0::double precision ^ -149
                ELSE sign * (1 + mantissa / 8388608.0::double precision) * 2.0::double precision ^ (exponent - 127) END
    FROM (SELECT CASE WHEN (bits >> 31) & 1 = 1 THEN -1 ELSE 1 END AS sign, (bits >> 23) & 255 AS exponent, bits & 8388607 AS mantissa
          -- (PostgreSQL gives | and << the same precedence: each shift is bracketed.)
          FROM (SELECT get_byte(bytes, 4 * word_index)::bigint | (get_byte(bytes, 4 * word_index + 1)::bigint << 8)
                     | (get_byte(bytes, 4 * word_index + 2)::bigint << 16) | (get_byte(bytes, 4 * word_index + 3)::bigint << 24) AS bits) AS word) AS parts
  $f$;
  UPDATE "memories"
  SET "embedding_vector" = (
        SELECT array_agg(pg_temp.float4_le("embedding", word_index) ORDER BY word_index)::real[]::vector
        FROM generate_series(0, length("embedding") / 4 - 1) AS word_index),
      "embedding" = ''::bytea
  WHERE length("embedding") > 0;
END
$migration$;
