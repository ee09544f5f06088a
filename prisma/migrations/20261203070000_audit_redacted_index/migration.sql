-- The audit page's incremental verification checks that every entry redacted before its
-- checkpoint is listed by a redaction record (lib/audit/verify.ts, checkEarlierRedactions).
-- Without an index that looked at every entry of the workspace up to the checkpoint, so the
-- page's cost grew with the log (239 ms a view at 1,000,000 entries in bench:scale). Redacted
-- entries are few (one erasure's worth at a time): a partial index holds only them.
CREATE INDEX "audit_logs_redacted_idx" ON "audit_logs"("workspace_id", "seq") WHERE "redacted_at" IS NOT NULL;
