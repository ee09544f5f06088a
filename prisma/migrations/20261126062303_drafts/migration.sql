-- CreateTable
CREATE TABLE "drafts" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "author_user_id" UUID,
    "kind" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "first_token_ms" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "cited_memory_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cited_knowledge_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sent_message_id" UUID,
    "edit_ratio" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "drafts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "drafts_workspace_id_created_at_idx" ON "drafts"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "drafts_ticket_id_idx" ON "drafts"("ticket_id");

-- CreateIndex
CREATE INDEX "drafts_customer_id_idx" ON "drafts"("customer_id");

-- AddForeignKey
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_author_user_id_fkey" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
