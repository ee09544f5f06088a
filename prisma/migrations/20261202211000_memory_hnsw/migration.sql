-- An approximate (HNSW) index over the team's knowledge, where memories keep their vector in
-- pgvector's column (20261126110000_memory_pgvector; nothing to do without it). Past a few
-- thousand entries a knowledge search asks it for candidates instead of scoring every entry
-- (lib/memory/knowledge-index.ts; recall against exact search in docs/BENCHMARKS.md).
-- HNSW needs a fixed dimension count and the column has none (the embedder decides it), so
-- each index is on the column cast to one size, over the rows of that size only: 1,024 for
-- the offline hashing embedder, 1,536 for OpenAI's text-embedding-3-small and ada-002. Other
-- sizes have no index and are searched exactly (pgvector indexes at most 2,000 dimensions).
-- Both are partial on the agent scope: customer and session searches read one owner's few
-- rows through the owner index and need none.
DO $migration$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = 'memories' AND column_name = 'embedding_vector') THEN
    RETURN;
  END IF;
  CREATE INDEX "memories_knowledge_hnsw_1024" ON "memories"
    USING hnsw (("embedding_vector"::vector(1024)) vector_cosine_ops)
    WHERE "collection" = 'memories' AND "scope" = 'agent' AND vector_dims("embedding_vector") = 1024;
  CREATE INDEX "memories_knowledge_hnsw_1536" ON "memories"
    USING hnsw (("embedding_vector"::vector(1536)) vector_cosine_ops)
    WHERE "collection" = 'memories' AND "scope" = 'agent' AND vector_dims("embedding_vector") = 1536;
END
$migration$;
