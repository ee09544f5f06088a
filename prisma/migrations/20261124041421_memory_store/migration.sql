-- CreateTable
CREATE TABLE "memories" (
    "id" TEXT NOT NULL,
    "collection" TEXT NOT NULL,
    "workspace_id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "user_id" TEXT,
    "agent_id" TEXT,
    "run_id" TEXT,
    "text" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "embedding" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "memories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memory_partitions" (
    "collection" TEXT NOT NULL,
    "partition_key" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "memory_partitions_pkey" PRIMARY KEY ("collection","partition_key")
);

-- CreateTable
CREATE TABLE "memory_history" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "memory_id" TEXT NOT NULL,
    "user_id" TEXT,
    "agent_id" TEXT,
    "run_id" TEXT,
    "event" TEXT NOT NULL,
    "old_text" TEXT,
    "new_text" TEXT,
    "actor_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memory_history_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "memories_collection_scope_user_id_run_id_idx" ON "memories"("collection", "scope", "user_id", "run_id");

-- CreateIndex
CREATE INDEX "memories_collection_scope_agent_id_idx" ON "memories"("collection", "scope", "agent_id");

-- CreateIndex
CREATE INDEX "memories_workspace_id_scope_idx" ON "memories"("workspace_id", "scope");

-- CreateIndex
CREATE INDEX "memory_history_memory_id_created_at_idx" ON "memory_history"("memory_id", "created_at");

-- CreateIndex
CREATE INDEX "memory_history_workspace_id_user_id_idx" ON "memory_history"("workspace_id", "user_id");

-- AddForeignKey
ALTER TABLE "memories" ADD CONSTRAINT "memories_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memory_history" ADD CONSTRAINT "memory_history_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
