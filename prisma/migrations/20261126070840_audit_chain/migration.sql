-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "audit_seq" INTEGER NOT NULL DEFAULT 0;

-- AlterTable (by hand: "seq" is added nullable, numbered for existing entries in time order,
-- then made NOT NULL; their hashes stay null until the workspace's next audited change seals
-- them in lib/audit/record.ts, since the canonical form is computed in the app)
ALTER TABLE "audit_logs" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prev_hash" TEXT,
ADD COLUMN     "redacted_at" TIMESTAMPTZ(3),
ADD COLUMN     "seq" INTEGER,
ADD COLUMN     "summary_digest" TEXT;

UPDATE "audit_logs" a SET "seq" = numbered.n
FROM (SELECT "id", row_number() OVER (PARTITION BY "workspace_id" ORDER BY "created_at", "id") AS n FROM "audit_logs") numbered
WHERE a."id" = numbered."id";
UPDATE "workspaces" w SET "audit_seq" = COALESCE((SELECT max("seq") FROM "audit_logs" a WHERE a."workspace_id" = w."id"), 0);
ALTER TABLE "audit_logs" ALTER COLUMN "seq" SET NOT NULL;

-- CreateIndex
CREATE INDEX "audit_logs_workspace_id_actor_user_id_seq_idx" ON "audit_logs"("workspace_id", "actor_user_id", "seq");

-- CreateIndex
CREATE INDEX "audit_logs_workspace_id_action_seq_idx" ON "audit_logs"("workspace_id", "action", "seq");

-- CreateIndex
CREATE INDEX "audit_logs_workspace_id_target_type_target_id_seq_idx" ON "audit_logs"("workspace_id", "target_type", "target_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "audit_logs_workspace_id_seq_key" ON "audit_logs"("workspace_id", "seq");

-- Append-only (by hand). New entries arrive chained (through recordAudit). Afterwards the
-- only changes allowed are: sealing an entry from before the chain (setting its hashes once),
-- redaction (a new summary with redacted_at set; the digest and hash stay), and clearing
-- customer_id when the customer is deleted. Deleting the workspace deletes its log: by the time
-- its cascades reach this table the workspace row is gone. Tests that simulate tampering go
-- around this with session_replication_role = replica, as any superuser could.
CREATE FUNCTION "audit_logs_insert_chained"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."hash" IS NULL OR NEW."summary_digest" IS NULL OR NEW."redacted_at" IS NOT NULL THEN
    RAISE EXCEPTION 'audit entries are written through recordAudit (lib/audit/record.ts), which chains them';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "audit_logs_insert_chained" BEFORE INSERT ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION "audit_logs_insert_chained"();

CREATE FUNCTION "audit_logs_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "workspaces" WHERE "id" = OLD."workspace_id") THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit entries are append-only: entry #% cannot be deleted', OLD."seq";
  END IF;
  IF (NEW."id", NEW."workspace_id", NEW."actor_user_id", NEW."actor_type", NEW."action", NEW."target_type", NEW."target_id", NEW."created_at", NEW."seq")
     IS DISTINCT FROM (OLD."id", OLD."workspace_id", OLD."actor_user_id", OLD."actor_type", OLD."action", OLD."target_type", OLD."target_id", OLD."created_at", OLD."seq") THEN
    RAISE EXCEPTION 'audit entries are append-only: entry #% cannot be changed (a user who acted is disabled, never deleted)', OLD."seq";
  END IF;
  IF NEW."customer_id" IS DISTINCT FROM OLD."customer_id" AND NEW."customer_id" IS NOT NULL THEN
    RAISE EXCEPTION 'audit entries are append-only: the customer of entry #% can only be cleared', OLD."seq";
  END IF;
  IF OLD."hash" IS NOT NULL AND (NEW."hash", NEW."prev_hash", NEW."summary_digest") IS DISTINCT FROM (OLD."hash", OLD."prev_hash", OLD."summary_digest") THEN
    RAISE EXCEPTION 'audit entries are append-only: the hashes of entry #% cannot be changed', OLD."seq";
  END IF;
  IF OLD."redacted_at" IS NOT NULL AND NEW."redacted_at" IS DISTINCT FROM OLD."redacted_at" THEN
    RAISE EXCEPTION 'audit entries are append-only: the redaction of entry #% cannot be undone', OLD."seq";
  END IF;
  IF NEW."summary" IS DISTINCT FROM OLD."summary" AND NEW."redacted_at" IS NULL THEN
    RAISE EXCEPTION 'audit entries are append-only: the summary of entry #% changes only by redaction', OLD."seq";
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "audit_logs_append_only" BEFORE UPDATE OR DELETE ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION "audit_logs_append_only"();
CREATE FUNCTION "audit_logs_no_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit entries are append-only: the table cannot be truncated';
END $$;
CREATE TRIGGER "audit_logs_no_truncate" BEFORE TRUNCATE ON "audit_logs"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_logs_no_truncate"();
