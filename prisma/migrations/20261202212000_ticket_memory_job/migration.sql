-- A ticket opened by the API, the public form or mail has its memory written by a job
-- (lib/support/tickets.ts, "ticket.remember-opening"), after the request. This marks it
-- done, so a job run again (its process died after the work, before the queue heard) does
-- not write the same memories twice. Tickets from before were written inline.
ALTER TABLE "tickets" ADD COLUMN "memory_written_at" TIMESTAMPTZ(3);
UPDATE "tickets" SET "memory_written_at" = "created_at";
