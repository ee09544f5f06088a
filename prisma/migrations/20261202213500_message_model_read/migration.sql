-- With a chat model configured, a saved message is read by the model in a job
-- (lib/support/message-readings.ts, "message.model-readings"): its sentiment and urgency,
-- the steps tried it states, facts about the customer. This marks the reading done, so a
-- job run again (its process died after the work, before the queue heard) reads nothing
-- twice. Null for messages from before: no job will come for them, so there is nothing to
-- mark, and a backfill would rewrite every message row.
ALTER TABLE "messages" ADD COLUMN "model_read_at" TIMESTAMPTZ(3);
