-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "sentiment" TEXT,
ADD COLUMN     "urgency" TEXT;
