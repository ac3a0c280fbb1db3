-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL,
    "lastFailureMs" REAL NOT NULL,
    "lockedUntilMs" REAL NOT NULL
);

