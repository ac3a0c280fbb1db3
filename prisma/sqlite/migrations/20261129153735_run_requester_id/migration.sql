-- AlterTable
ALTER TABLE "Run" ADD COLUMN "requesterId" TEXT;

