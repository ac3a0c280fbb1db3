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
    "finishedAt" DATETIME,
    "launcher" TEXT NOT NULL DEFAULT 'local',
    "externalId" TEXT,
    "externalUrl" TEXT
);
INSERT INTO "new_Run" ("cancelRequested", "createdAt", "currentModel", "finishedAt", "heartbeatMs", "hostId", "id", "kind", "modelsDone", "modelsTotal", "nodeResults", "pid", "rawBatch", "reason", "requestedBy", "requesterId", "requesterPid", "scope", "snapshotDir", "startedAt", "status", "summary", "versionId", "warehouse") SELECT "cancelRequested", "createdAt", "currentModel", "finishedAt", "heartbeatMs", "hostId", "id", "kind", "modelsDone", "modelsTotal", "nodeResults", "pid", "rawBatch", "reason", "requestedBy", "requesterId", "requesterPid", "scope", "snapshotDir", "startedAt", "status", "summary", "versionId", "warehouse" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_status_createdAt_idx" ON "Run"("status", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

