-- DropIndex
DROP INDEX "customers_workspace_id_email_key";

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "email_hash" TEXT;

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "search_vector" tsvector;

-- CreateIndex
CREATE UNIQUE INDEX "customers_workspace_id_email_hash_key" ON "customers"("workspace_id", "email_hash");

-- Written by hand from here: the inbox search no longer reads message bodies, which are
-- now ciphertext (lib/crypto/pii.ts). The app computes each message's stemmed words from
-- the plaintext when it writes the message (lib/support/search-text.ts) into
-- messages.search_vector, and the triggers of migration inbox_search gather those instead
-- of the bodies. What this keeps in the clear: the stemmed, lower-cased words of every
-- message (no order beyond positions), the price of full-text search over them.
CREATE AGGREGATE "tsvector_agg"(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');

CREATE OR REPLACE FUNCTION "ticket_search_vector"(uuid, text) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('english', $2), 'A')
    || coalesce((SELECT "tsvector_agg"(m."search_vector" ORDER BY m."created_at") FROM "messages" m WHERE m."ticket_id" = $1 AND m."search_vector" IS NOT NULL), ''::tsvector)
$$;

CREATE OR REPLACE FUNCTION "messages_search_append"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "tickets" t SET "search_vector" = coalesce(t."search_vector", ''::tsvector) || added.words
  FROM (SELECT "ticket_id", "tsvector_agg"("search_vector" ORDER BY "created_at") AS words FROM new_messages WHERE "search_vector" IS NOT NULL GROUP BY "ticket_id") added
  WHERE t."id" = added."ticket_id";
  RETURN NULL;
END $$;

-- A body rewritten without its words (text scrubbed from a message) takes its old words out
-- of the search too. Re-encryption changes the ciphertext, not the text: it sets
-- recall_desk.same_text for its transaction to keep them (lib/crypto/reencrypt.ts).
CREATE FUNCTION "messages_search_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."body" IS DISTINCT FROM OLD."body" AND NEW."search_vector" IS NOT DISTINCT FROM OLD."search_vector"
     AND coalesce(current_setting('recall_desk.same_text', true), '') <> 'on' THEN
    NEW."search_vector" := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "messages_search_forget" BEFORE UPDATE OF "body" ON "messages"
  FOR EACH ROW EXECUTE FUNCTION "messages_search_forget"();

-- Existing bodies are still plaintext here (the app encrypts them at its next start): their
-- words are computed now. The update trigger rebuilds each ticket's vector from them.
UPDATE "messages" SET "search_vector" = to_tsvector('english', "body") WHERE "body" NOT LIKE 'enc:v1:%';
