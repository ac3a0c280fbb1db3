-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "warehouse" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "reason" TEXT,
    "requesterPid" INTEGER,
    "requesterId" TEXT,
    "hostId" TEXT,
    "heartbeatMs" REAL,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);
INSERT INTO "new_Run" ("cancelRequested", "createdAt", "currentModel", "finishedAt", "id", "kind", "modelsDone", "modelsTotal", "nodeResults", "pid", "rawBatch", "reason", "requestedBy", "requesterId", "requesterPid", "scope", "snapshotDir", "startedAt", "status", "summary", "versionId", "warehouse") SELECT "cancelRequested", "createdAt", "currentModel", "finishedAt", "id", "kind", "modelsDone", "modelsTotal", "nodeResults", "pid", "rawBatch", "reason", "requestedBy", "requesterId", "requesterPid", "scope", "snapshotDir", "startedAt", "status", "summary", "versionId", "warehouse" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_status_createdAt_idx" ON "Run"("status", "createdAt");
CREATE TABLE "new_Version" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'CANDIDATE',
    "snapshots" JSONB NOT NULL,
    "gitCommit" TEXT,
    "invocation" TEXT,
    "metrics" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "promotedAt" DATETIME,
    "promotedBy" TEXT,
    "manifest" TEXT,
    "expiredAt" DATETIME
);
INSERT INTO "new_Version" ("createdAt", "expiredAt", "gitCommit", "id", "invocation", "manifest", "metrics", "promotedAt", "promotedBy", "runId", "snapshots", "status") SELECT "createdAt", "expiredAt", "gitCommit", "id", "invocation", "manifest", "metrics", "promotedAt", "promotedBy", "runId", "snapshots", "status" FROM "Version";
DROP TABLE "Version";
ALTER TABLE "new_Version" RENAME TO "Version";
CREATE TABLE "new_Lease" (
    "warehouse" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "hostId" TEXT NOT NULL DEFAULT '',
    "pid" INTEGER NOT NULL,
    "acquiredMs" REAL NOT NULL,
    "heartbeatMs" REAL NOT NULL
);
INSERT INTO "new_Lease" ("acquiredMs", "heartbeatMs", "holder", "pid", "warehouse") SELECT "acquiredMs", "heartbeatMs", "holder", "pid", "warehouse" FROM "Lease";
DROP TABLE "Lease";
ALTER TABLE "new_Lease" RENAME TO "Lease";
CREATE TABLE "new_Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" JSONB NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL
);
INSERT INTO "new_Setting" ("key", "updatedAt", "updatedBy", "value") SELECT "key", "updatedAt", "updatedBy", "value" FROM "Setting";
DROP TABLE "Setting";
ALTER TABLE "new_Setting" RENAME TO "Setting";
CREATE TABLE "new_AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB
);
INSERT INTO "new_AuditEvent" ("action", "actor", "after", "at", "before", "entity", "entityId", "id") SELECT "action", "actor", "after", "at", "before", "entity", "entityId", "id" FROM "AuditEvent";
DROP TABLE "AuditEvent";
ALTER TABLE "new_AuditEvent" RENAME TO "AuditEvent";
CREATE INDEX "AuditEvent_entity_entityId_idx" ON "AuditEvent"("entity", "entityId");
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

