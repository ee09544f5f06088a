-- AlterTable
ALTER TABLE "memories" ADD COLUMN     "archived_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "retention_policies" (
    "workspace_id" UUID NOT NULL,
    "session_hours" INTEGER NOT NULL DEFAULT 24,
    "knowledge_review_days" INTEGER NOT NULL DEFAULT 180,
    "customer_archive_days" INTEGER NOT NULL DEFAULT 365,
    "updated_by_user_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "retention_policies_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateTable
CREATE TABLE "retention_runs" (
    "id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "actor_user_id" UUID,
    "dry_run" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "error" TEXT,
    "policy" JSONB NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "retention_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "retention_runs_workspace_id_started_at_idx" ON "retention_runs"("workspace_id", "started_at");

-- AddForeignKey
ALTER TABLE "retention_policies" ADD CONSTRAINT "retention_policies_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "retention_runs" ADD CONSTRAINT "retention_runs_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
