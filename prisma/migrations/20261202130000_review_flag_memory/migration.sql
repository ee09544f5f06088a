-- Review flags from an erasure (issue 12): a flag points at a knowledge article, or at a team
-- memory that no article backs (promoted fixes from before promotion went through review).
-- The match's place in the passage is kept so the review list can highlight it.
ALTER TABLE "knowledge_review_flags" ALTER COLUMN "article_id" DROP NOT NULL;
ALTER TABLE "knowledge_review_flags" ADD COLUMN "memory_id" TEXT;
ALTER TABLE "knowledge_review_flags" ADD COLUMN "match_start" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "knowledge_review_flags" ADD COLUMN "match_length" INTEGER NOT NULL DEFAULT 0;
