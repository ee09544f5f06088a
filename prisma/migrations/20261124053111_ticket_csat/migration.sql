-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "csat_at" TIMESTAMPTZ(3),
ADD COLUMN     "csat_comment" TEXT,
ADD COLUMN     "csat_score" INTEGER;
