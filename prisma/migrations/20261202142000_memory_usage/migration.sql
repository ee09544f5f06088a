-- What memory costs, counted as it happens (issue 13): one row per workspace, day, kind
-- (search, write, query_embedding, write_embedding, llm), scope and model. Every process
-- adds to the same row with INSERT ... ON CONFLICT DO UPDATE (lib/metrics/usage.ts), so the
-- counts hold with several app processes.
CREATE TABLE "memory_usage" (
    "workspace_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL DEFAULT '',
    "events" BIGINT NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "memory_usage_pkey" PRIMARY KEY ("workspace_id", "day", "kind", "scope", "model")
);
ALTER TABLE "memory_usage" ADD CONSTRAINT "memory_usage_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Model drafts written before the counters existed keep their tokens (drafts are erased with
-- their customer; the counters are not personal data and stay).
INSERT INTO "memory_usage" ("workspace_id", "day", "kind", "scope", "model", "events", "input_tokens", "output_tokens")
SELECT "workspace_id", ("created_at" AT TIME ZONE 'UTC')::date, 'llm', 'draft', "model", count(*), sum("prompt_tokens"), sum("completion_tokens")
  FROM "drafts"
 WHERE "kind" = 'llm'
 GROUP BY 1, 2, 5;

-- Reads of a customer's memory are audited once per reader, customer and hour: the first
-- read of the hour inserts its mark and writes the audit entry in the same transaction;
-- later reads find the mark (ON CONFLICT DO NOTHING) and write nothing
-- (lib/audit/customer-reads.ts). Erasing the customer deletes its marks.
CREATE TABLE "customer_read_marks" (
    "reader" TEXT NOT NULL,
    "customer_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "workspace_id" UUID NOT NULL,

    CONSTRAINT "customer_read_marks_pkey" PRIMARY KEY ("reader", "customer_id", "hour")
);
CREATE INDEX "customer_read_marks_customer_id_idx" ON "customer_read_marks"("customer_id");
ALTER TABLE "customer_read_marks" ADD CONSTRAINT "customer_read_marks_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "customer_read_marks" ADD CONSTRAINT "customer_read_marks_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
