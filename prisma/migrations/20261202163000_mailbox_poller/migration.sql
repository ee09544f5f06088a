-- The IMAP poller (issue 14): one process at a time polls a mailbox, whichever holds its
-- lease. A row, taken and renewed by one INSERT ... ON CONFLICT statement against the
-- database's clock (lib/db/lease.ts), not a session-level advisory lock: that needs one
-- connection kept for the whole time, which a transaction pooler does not give. A process
-- that dies stops renewing and the lease expires for the next one.
CREATE TABLE "poller_leases" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "poller_leases_pkey" PRIMARY KEY ("name")
);
