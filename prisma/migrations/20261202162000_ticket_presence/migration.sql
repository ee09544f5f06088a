-- Collision detection (issue 14): who has a ticket open and who is typing a reply. Kept in
-- the database so every app process on it sees the same: each open ticket page upserts its
-- row every few seconds (INSERT ... ON CONFLICT, lib/support/presence.ts) and rows older
-- than the presence window are ignored, then cleared.
CREATE TABLE "ticket_presence" (
    "ticket_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "state" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_presence_pkey" PRIMARY KEY ("ticket_id","user_id")
);

CREATE INDEX "ticket_presence_user_id_idx" ON "ticket_presence"("user_id");
CREATE INDEX "ticket_presence_workspace_id_idx" ON "ticket_presence"("workspace_id");

ALTER TABLE "ticket_presence" ADD CONSTRAINT "ticket_presence_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ticket_presence" ADD CONSTRAINT "ticket_presence_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ticket_presence" ADD CONSTRAINT "ticket_presence_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
