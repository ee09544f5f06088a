-- Audit without a workspace-wide writer (issue 15). Until now every audited write
-- incremented workspaces.audit_seq, which locked the workspace row until commit: one writer
-- per workspace. Now the chain's end lives in its own row, audit_chain_heads, and a writer
-- that finds it locked does not wait: it appends its entry pending (seq, prev_hash and hash
-- null, with a MAC under the audit key over its content) and whoever holds the head next
-- chains the committed pending entries in the order they are found (lib/audit/record.ts).
CREATE TABLE "audit_chain_heads" (
    "workspace_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "hash" TEXT,
    CONSTRAINT "audit_chain_heads_pkey" PRIMARY KEY ("workspace_id")
);
ALTER TABLE "audit_chain_heads" ADD CONSTRAINT "audit_chain_heads_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
INSERT INTO "audit_chain_heads" ("workspace_id", "seq", "hash")
SELECT w."id", w."audit_seq", (SELECT a."hash" FROM "audit_logs" a WHERE a."workspace_id" = w."id" AND a."seq" = w."audit_seq")
FROM "workspaces" w;
ALTER TABLE "workspaces" DROP COLUMN "audit_seq";

-- Every workspace has its head from the start, whoever creates the workspace.
CREATE FUNCTION "workspaces_audit_chain_head"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "audit_chain_heads" ("workspace_id") VALUES (NEW."id");
  RETURN NULL;
END $$;
CREATE TRIGGER "workspaces_audit_chain_head" AFTER INSERT ON "workspaces"
  FOR EACH ROW EXECUTE FUNCTION "workspaces_audit_chain_head"();

-- Pending entries: seq is set when the entry is chained.
ALTER TABLE "audit_logs" ALTER COLUMN "seq" DROP NOT NULL;
ALTER TABLE "audit_logs" ADD COLUMN "entry_mac" TEXT;
CREATE INDEX "audit_logs_pending_idx" ON "audit_logs"("workspace_id", "created_at", "id") WHERE "seq" IS NULL;

-- Signed checkpoints: the chain was verified up to (seq, hash). The audit page verifies from
-- the newest valid one, so its cost does not grow with the log (lib/audit/verify.ts).
CREATE TABLE "audit_checkpoints" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "keyed" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signature" TEXT NOT NULL,
    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_checkpoints_workspace_id_seq_idx" ON "audit_checkpoints"("workspace_id", "seq");
ALTER TABLE "audit_checkpoints" ADD CONSTRAINT "audit_checkpoints_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Inserted entries are either chained (as before) or pending with their MAC.
CREATE OR REPLACE FUNCTION "audit_logs_insert_chained"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."summary_digest" IS NULL OR NEW."redacted_at" IS NOT NULL OR NEW."entry_mac" IS NULL THEN
    RAISE EXCEPTION 'audit entries are written through recordAudit (lib/audit/record.ts), which chains them';
  END IF;
  IF NEW."hash" IS NULL AND (NEW."seq" IS NOT NULL OR NEW."prev_hash" IS NOT NULL) THEN
    RAISE EXCEPTION 'audit entries are written through recordAudit (lib/audit/record.ts), which chains them';
  END IF;
  IF NEW."hash" IS NOT NULL AND NEW."seq" IS NULL THEN
    RAISE EXCEPTION 'audit entries are written through recordAudit (lib/audit/record.ts), which chains them';
  END IF;
  RETURN NEW;
END $$;

-- As before, and: a pending entry gets its seq once, when it is chained; its MAC never changes.
CREATE OR REPLACE FUNCTION "audit_logs_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "workspaces" WHERE "id" = OLD."workspace_id") THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit entries are append-only: entry #% cannot be deleted', OLD."seq";
  END IF;
  IF (NEW."id", NEW."workspace_id", NEW."actor_user_id", NEW."actor_type", NEW."action", NEW."target_type", NEW."target_id", NEW."created_at", NEW."entry_mac")
     IS DISTINCT FROM (OLD."id", OLD."workspace_id", OLD."actor_user_id", OLD."actor_type", OLD."action", OLD."target_type", OLD."target_id", OLD."created_at", OLD."entry_mac") THEN
    RAISE EXCEPTION 'audit entries are append-only: entry #% cannot be changed (a user who acted is disabled, never deleted)', OLD."seq";
  END IF;
  IF NEW."seq" IS DISTINCT FROM OLD."seq" AND (OLD."seq" IS NOT NULL OR NEW."hash" IS NULL) THEN
    RAISE EXCEPTION 'audit entries are append-only: entry #% cannot be renumbered', OLD."seq";
  END IF;
  IF NEW."customer_id" IS DISTINCT FROM OLD."customer_id" AND NEW."customer_id" IS NOT NULL THEN
    RAISE EXCEPTION 'audit entries are append-only: the customer of entry #% can only be cleared', OLD."seq";
  END IF;
  IF OLD."hash" IS NOT NULL AND (NEW."hash", NEW."prev_hash", NEW."summary_digest") IS DISTINCT FROM (OLD."hash", OLD."prev_hash", OLD."summary_digest") THEN
    RAISE EXCEPTION 'audit entries are append-only: the hashes of entry #% cannot be changed', OLD."seq";
  END IF;
  IF OLD."hash" IS NULL AND OLD."seq" IS NULL AND NEW."summary_digest" IS DISTINCT FROM OLD."summary_digest" THEN
    RAISE EXCEPTION 'audit entries are append-only: the digest of a pending entry cannot be changed';
  END IF;
  IF OLD."redacted_at" IS NOT NULL AND NEW."redacted_at" IS DISTINCT FROM OLD."redacted_at" THEN
    RAISE EXCEPTION 'audit entries are append-only: the redaction of entry #% cannot be undone', OLD."seq";
  END IF;
  IF NEW."summary" IS DISTINCT FROM OLD."summary" AND NEW."redacted_at" IS NULL THEN
    RAISE EXCEPTION 'audit entries are append-only: the summary of entry #% changes only by redaction', OLD."seq";
  END IF;
  RETURN NEW;
END $$;
