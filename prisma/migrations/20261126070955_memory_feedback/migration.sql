-- CreateTable
CREATE TABLE "memory_feedback" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "memory_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "ticket_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "helpful" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memory_feedback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "memory_feedback_workspace_id_created_at_idx" ON "memory_feedback"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "memory_feedback_customer_id_idx" ON "memory_feedback"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "memory_feedback_memory_id_ticket_id_user_id_key" ON "memory_feedback"("memory_id", "ticket_id", "user_id");
