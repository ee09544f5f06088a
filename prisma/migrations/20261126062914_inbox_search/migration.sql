-- DropIndex
DROP INDEX "tickets_workspace_id_assignee_id_status_idx";

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "search_vector" tsvector,
ADD COLUMN     "sla_due_at" TIMESTAMPTZ(3);

-- Written by hand from here to the next "CreateIndex": the triggers that keep
-- sla_due_at and search_vector, and the backfill of existing tickets (before the
-- indexes are built, so they are built once rather than updated row by row).

-- When the first response is due; the rule of lib/support/sla.ts (1 hour for urgent and
-- high, 8 hours otherwise), null once answered or when the ticket is not open.
CREATE FUNCTION "tickets_sla_due_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."sla_due_at" := CASE
    WHEN NEW."status" = 'OPEN' AND NEW."first_response_at" IS NULL
    THEN NEW."created_at" + CASE WHEN NEW."priority" IN ('URGENT', 'HIGH') THEN interval '1 hour' ELSE interval '8 hours' END
  END;
  RETURN NEW;
END $$;
CREATE TRIGGER "tickets_sla_due_at" BEFORE INSERT OR UPDATE OF "status", "priority", "first_response_at", "created_at" ON "tickets"
  FOR EACH ROW EXECUTE FUNCTION "tickets_sla_due_at"();

-- The searchable words of a ticket: its subject (weight A) and every message body, English
-- stemming. Rebuilt when the subject changes; appended to when messages are added (one
-- UPDATE per statement, so a bulk insert costs one pass); rebuilt when a message is
-- edited or deleted, so scrubbed or erased text leaves the index too.
CREATE FUNCTION "ticket_search_vector"(uuid, text) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('english', $2), 'A')
    || coalesce((SELECT to_tsvector('english', string_agg(m."body", ' ' ORDER BY m."created_at")) FROM "messages" m WHERE m."ticket_id" = $1), ''::tsvector)
$$;
CREATE FUNCTION "tickets_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."search_vector" := "ticket_search_vector"(NEW."id", NEW."subject");
  RETURN NEW;
END $$;
CREATE TRIGGER "tickets_search_vector" BEFORE INSERT OR UPDATE OF "subject" ON "tickets"
  FOR EACH ROW EXECUTE FUNCTION "tickets_search_vector"();

CREATE FUNCTION "messages_search_append"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "tickets" t SET "search_vector" = coalesce(t."search_vector", ''::tsvector) || added.words
  FROM (SELECT "ticket_id", to_tsvector('english', string_agg("body", ' ')) AS words FROM new_messages GROUP BY "ticket_id") added
  WHERE t."id" = added."ticket_id";
  RETURN NULL;
END $$;
CREATE TRIGGER "messages_search_insert" AFTER INSERT ON "messages" REFERENCING NEW TABLE AS new_messages
  FOR EACH STATEMENT EXECUTE FUNCTION "messages_search_append"();

CREATE FUNCTION "messages_search_rebuild"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "tickets" t SET "search_vector" = "ticket_search_vector"(t."id", t."subject")
  WHERE t."id" IN (SELECT "ticket_id" FROM old_messages);
  RETURN NULL;
END $$;
CREATE TRIGGER "messages_search_update" AFTER UPDATE ON "messages" REFERENCING OLD TABLE AS old_messages
  FOR EACH STATEMENT EXECUTE FUNCTION "messages_search_rebuild"();
CREATE TRIGGER "messages_search_delete" AFTER DELETE ON "messages" REFERENCING OLD TABLE AS old_messages
  FOR EACH STATEMENT EXECUTE FUNCTION "messages_search_rebuild"();

-- Backfill: setting the subject to itself fires both ticket triggers.
UPDATE "tickets" SET "subject" = "subject", "status" = "status";

-- CreateIndex
CREATE INDEX "tickets_workspace_id_updated_at_id_idx" ON "tickets"("workspace_id", "updated_at", "id");

-- CreateIndex
CREATE INDEX "tickets_workspace_id_status_created_at_id_idx" ON "tickets"("workspace_id", "status", "created_at", "id");

-- CreateIndex
CREATE INDEX "tickets_workspace_id_created_at_id_idx" ON "tickets"("workspace_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "tickets_workspace_id_status_priority_updated_at_id_idx" ON "tickets"("workspace_id", "status", "priority", "updated_at", "id");

-- CreateIndex
CREATE INDEX "tickets_workspace_id_priority_updated_at_id_idx" ON "tickets"("workspace_id", "priority", "updated_at", "id");

-- CreateIndex
CREATE INDEX "tickets_workspace_id_assignee_id_status_updated_at_id_idx" ON "tickets"("workspace_id", "assignee_id", "status", "updated_at", "id");

-- CreateIndex
CREATE INDEX "tickets_workspace_id_product_status_updated_at_id_idx" ON "tickets"("workspace_id", "product", "status", "updated_at", "id");

-- CreateIndex
CREATE INDEX "tickets_search_vector_idx" ON "tickets" USING GIN ("search_vector");

-- CreateIndex (by hand: Prisma's schema cannot express an index on an expression)
-- The "SLA due" sort: awaiting a first response, soonest first, then the rest; per status
-- and, for views of several statuses, without it.
CREATE INDEX "tickets_sla_order_idx" ON "tickets"("workspace_id", "status", (COALESCE("sla_due_at", 'infinity'::timestamptz)), "created_at", "id");
CREATE INDEX "tickets_all_sla_order_idx" ON "tickets"("workspace_id", (COALESCE("sla_due_at", 'infinity'::timestamptz)), "created_at", "id");
