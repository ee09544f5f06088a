-- AlterTable
ALTER TABLE "drafts" ADD COLUMN     "text" TEXT NOT NULL DEFAULT '';
