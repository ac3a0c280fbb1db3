-- CreateEnum
CREATE TYPE "Launcher" AS ENUM ('local', 'airflow', 'github');

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "externalUrl" TEXT,
ADD COLUMN     "launcher" "Launcher" NOT NULL DEFAULT 'local';

