-- Tags on tickets (issue 14): free labels, normalised by the app (lib/support/tag-rules.ts).
-- A constant default adds the column without rewriting the table.

-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "tickets_tags_idx" ON "tickets" USING GIN ("tags");

-- CreateIndex (by hand: Prisma's schema cannot express a partial index)
-- The filter bar's tag suggestions count the tags of a workspace's tagged tickets only.
CREATE INDEX "tickets_tagged_idx" ON "tickets"("workspace_id") WHERE "tags" <> '{}';
