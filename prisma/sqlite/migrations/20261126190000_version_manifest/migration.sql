-- AlterTable
ALTER TABLE "Run" ADD COLUMN "versionId" TEXT;

-- AlterTable
ALTER TABLE "Version" ADD COLUMN "expiredAt" DATETIME;
ALTER TABLE "Version" ADD COLUMN "manifest" TEXT;

