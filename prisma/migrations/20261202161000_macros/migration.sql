-- Canned replies (issue 14): named replies with placeholders, shared by the workspace's team,
-- with optional actions (status, priority, assignee) applied when a reply that used one is
-- sent; and one row per such reply, counted on the metrics page. A use outlives its macro
-- (the name is kept), its ticket and its message (set null): the counts are not personal data.
CREATE TABLE "macros" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "set_status" "TicketStatus",
    "set_priority" "TicketPriority",
    "assign" TEXT,
    "assignee_id" UUID,
    "author_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "macros_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "macro_uses" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "macro_id" UUID,
    "macro_name" TEXT NOT NULL,
    "ticket_id" UUID,
    "message_id" UUID,
    "user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "macro_uses_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "macros_author_user_id_idx" ON "macros"("author_user_id");
CREATE INDEX "macros_assignee_id_idx" ON "macros"("assignee_id");
CREATE UNIQUE INDEX "macros_workspace_id_name_key" ON "macros"("workspace_id", "name");
CREATE UNIQUE INDEX "macro_uses_message_id_key" ON "macro_uses"("message_id");
CREATE INDEX "macro_uses_workspace_id_created_at_idx" ON "macro_uses"("workspace_id", "created_at");
CREATE INDEX "macro_uses_macro_id_idx" ON "macro_uses"("macro_id");
CREATE INDEX "macro_uses_ticket_id_idx" ON "macro_uses"("ticket_id");
CREATE INDEX "macro_uses_user_id_idx" ON "macro_uses"("user_id");

ALTER TABLE "macros" ADD CONSTRAINT "macros_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "macros" ADD CONSTRAINT "macros_author_user_id_fkey" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "macros" ADD CONSTRAINT "macros_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "macro_uses" ADD CONSTRAINT "macro_uses_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "macro_uses" ADD CONSTRAINT "macro_uses_macro_id_fkey" FOREIGN KEY ("macro_id") REFERENCES "macros"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "macro_uses" ADD CONSTRAINT "macro_uses_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "macro_uses" ADD CONSTRAINT "macro_uses_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "macro_uses" ADD CONSTRAINT "macro_uses_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
