-- CreateEnum
CREATE TYPE "KnowledgeStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'RETIRED');

-- AlterTable
ALTER TABLE "knowledge_articles" ADD COLUMN     "key" TEXT,
ADD COLUMN     "memory_id" TEXT,
ADD COLUMN     "owner_id" UUID,
ADD COLUMN     "published_version" INTEGER,
ADD COLUMN     "review_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "reviewed_at" TIMESTAMPTZ(3),
ADD COLUMN     "status" "KnowledgeStatus" NOT NULL DEFAULT 'DRAFT',
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "knowledge_versions" (
    "id" UUID NOT NULL,
    "article_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" "KnowledgeKind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "products" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "author_user_id" UUID,
    "note" TEXT,
    "memory_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "knowledge_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "knowledge_versions_workspace_id_memory_id_idx" ON "knowledge_versions"("workspace_id", "memory_id");

-- CreateIndex
CREATE UNIQUE INDEX "knowledge_versions_article_id_version_key" ON "knowledge_versions"("article_id", "version");

-- CreateIndex
CREATE INDEX "knowledge_articles_workspace_id_status_review_due_at_idx" ON "knowledge_articles"("workspace_id", "status", "review_due_at");

-- CreateIndex
CREATE UNIQUE INDEX "knowledge_articles_workspace_id_key_key" ON "knowledge_articles"("workspace_id", "key");

-- AddForeignKey
ALTER TABLE "knowledge_articles" ADD CONSTRAINT "knowledge_articles_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_versions" ADD CONSTRAINT "knowledge_versions_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "knowledge_articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_versions" ADD CONSTRAINT "knowledge_versions_author_user_id_fkey" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Articles written before versions existed become version 1; those already in agent memory
-- (seeded with metadata.articleId) are published.
INSERT INTO "knowledge_versions" ("id", "article_id", "workspace_id", "version", "kind", "title", "body", "products", "note", "created_at")
SELECT gen_random_uuid(), "id", "workspace_id", 1, "kind", "title", "body", "products", 'initial version', "created_at" FROM "knowledge_articles";

UPDATE "knowledge_articles" AS a
SET "status" = 'PUBLISHED', "published_version" = 1, "memory_id" = m."id", "review_due_at" = a."updated_at" + interval '180 days'
FROM "memories" AS m
WHERE m."collection" = 'memories' AND m."scope" = 'agent' AND m."payload"->>'articleId' = a."id"::text;

UPDATE "knowledge_versions" AS v SET "memory_id" = a."memory_id"
FROM "knowledge_articles" AS a WHERE v."article_id" = a."id" AND a."memory_id" IS NOT NULL;
