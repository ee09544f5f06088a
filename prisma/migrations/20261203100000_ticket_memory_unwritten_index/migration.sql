-- Embedded, the job queue is in memory: tickets whose opening memory a stopped process never
-- wrote are queued again at start (lib/support/tickets.ts requeueUnwrittenOpenings). Such
-- tickets are few (a burst's worth at most), so a partial index finds them without a scan.
CREATE INDEX "tickets_memory_unwritten_idx" ON "tickets"("created_at") WHERE "memory_written_at" IS NULL;
