-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('analyst', 'steward', 'admin');

-- CreateEnum
CREATE TYPE "TriggerStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CONSUMED');

-- CreateEnum
CREATE TYPE "TriggerOrigin" AS ENUM ('SCAN', 'MANUAL');

-- CreateEnum
CREATE TYPE "Decision" AS ENUM ('MATCH', 'NO_MATCH');

-- CreateEnum
CREATE TYPE "RunKind" AS ENUM ('FULL_REFRESH', 'TARGETED', 'BUILD');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'PUBLISHING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "VersionStatus" AS ENUM ('CANDIDATE', 'PROMOTED', 'RETIRED');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "role" "Role" NOT NULL,
    "passwordHash" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Trigger" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "priority" DOUBLE PRECISION NOT NULL,
    "status" "TriggerStatus" NOT NULL DEFAULT 'PENDING',
    "origin" "TriggerOrigin" NOT NULL,
    "createdBy" TEXT NOT NULL,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "runId" TEXT,
    "consumedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Trigger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PairDecision" (
    "id" SERIAL NOT NULL,
    "giId" TEXT NOT NULL,
    "thId" TEXT NOT NULL,
    "decision" "Decision" NOT NULL,
    "note" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PairDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL,
    "kind" "RunKind" NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "warehouse" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "reason" TEXT,
    "requesterPid" INTEGER,
    "requesterId" TEXT,
    "hostId" TEXT,
    "heartbeatMs" DOUBLE PRECISION,
    "pid" INTEGER,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "modelsTotal" INTEGER NOT NULL DEFAULT 0,
    "modelsDone" INTEGER NOT NULL DEFAULT 0,
    "currentModel" TEXT,
    "summary" TEXT,
    "nodeResults" JSONB,
    "snapshotDir" TEXT,
    "versionId" TEXT,
    "rawBatch" TEXT,
    "scope" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunLogLine" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "line" TEXT NOT NULL,

    CONSTRAINT "RunLogLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Version" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "status" "VersionStatus" NOT NULL DEFAULT 'CANDIDATE',
    "snapshots" JSONB NOT NULL,
    "gitCommit" TEXT,
    "invocation" TEXT,
    "metrics" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "promotedAt" TIMESTAMP(3),
    "promotedBy" TEXT,
    "manifest" TEXT,
    "expiredAt" TIMESTAMP(3),

    CONSTRAINT "Version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lease" (
    "warehouse" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "hostId" TEXT NOT NULL DEFAULT '',
    "pid" INTEGER NOT NULL,
    "acquiredMs" DOUBLE PRECISION NOT NULL,
    "heartbeatMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("warehouse")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "lastFailureMs" DOUBLE PRECISION NOT NULL,
    "lockedUntilMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Trigger_status_idx" ON "Trigger"("status");

-- CreateIndex
CREATE INDEX "Trigger_source_storeId_idx" ON "Trigger"("source", "storeId");

-- CreateIndex
CREATE UNIQUE INDEX "PairDecision_giId_thId_key" ON "PairDecision"("giId", "thId");

-- CreateIndex
CREATE INDEX "Run_status_createdAt_idx" ON "Run"("status", "createdAt");

-- CreateIndex
CREATE INDEX "RunLogLine_runId_seq_idx" ON "RunLogLine"("runId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_entity_entityId_idx" ON "AuditEvent"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- AddForeignKey
ALTER TABLE "RunLogLine" ADD CONSTRAINT "RunLogLine_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

