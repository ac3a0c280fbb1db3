-- AlterEnum
ALTER TYPE "Launcher" ADD VALUE 'snowflake';

