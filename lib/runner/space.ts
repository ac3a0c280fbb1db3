import Database from "better-sqlite3";
import type { Db } from "../control/db";
import { closeSync, existsSync, openSync, rmSync, statfsSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * Disk full. A full disk must not leave a run RUNNING with its lease taken: the workspace keeps
 * a small ballast file, freed when a run fails for want of space, so that the control plane can
 * still record the failure and drop the lease. Those last writes go through better-sqlite3
 * directly (they fail at once when even that is impossible, never wait).
 */
export const RESERVE_BYTES = 4 * 1024 * 1024;
const reserveFile = (dataDir: string) => join(dataDir, ".space-reserve");

export function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

/** Keep the ballast (made only when there is room for it and more). */
export function ensureReserve(dataDir: string): void {
  const file = reserveFile(dataDir);
  if (existsSync(file)) return;
  const free = freeBytes(dataDir);
  if (free === null || free < 16 * RESERVE_BYTES) return;
  const fd = openSync(file, "w", 0o600);
  try {
    // Written, not sparse: the blocks must really be taken to be given back later.
    const chunk = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < RESERVE_BYTES / chunk.length; i++) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

export function releaseReserve(dataDir: string): void {
  rmSync(reserveFile(dataDir), { force: true });
}

/** An error (or dbt's output) that says the disk is full. */
export const DISK_FULL = /ENOSPC|No space left on device|SQLITE_FULL|database or disk is full|disk is full/i;

/** Whether the workspace's disk is (nearly) full now. */
export function diskFull(dataDir: string): boolean {
  const free = freeBytes(dataDir);
  return free !== null && free < 1024 * 1024;
}

/**
 * Record a run's failure and drop its lease and scope with plain SQLite, after freeing the
 * ballast: works when Prisma's own writes fail (or wait) on a full disk.
 */
export function failRunDirectly(controlFile: string, dataDir: string, run: { id: string; status: string }, warehouse: string, summary: string): void {
  releaseReserve(dataDir);
  const db = new Database(controlFile, { timeout: 5000 });
  try {
    const now = new Date().toISOString().replace("Z", "+00:00");
    db.transaction(() => {
      db.prepare(`UPDATE "Run" SET "status" = 'FAILED', "summary" = ?, "finishedAt" = ?, "currentModel" = NULL WHERE "id" = ? AND "status" NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED')`).run(summary, now, run.id);
      db.prepare(`UPDATE "Trigger" SET "runId" = NULL, "updatedAt" = ? WHERE "runId" = ? AND "status" = 'APPROVED'`).run(now, run.id);
      db.prepare(`INSERT INTO "AuditEvent" ("at", "actor", "action", "entity", "entityId", "before", "after") VALUES (?, 'system', 'runs.failed', 'Run', ?, ?, ?)`)
        .run(now, run.id, JSON.stringify({ status: run.status }), JSON.stringify({ status: "FAILED", summary }));
      db.prepare(`DELETE FROM "Lease" WHERE "warehouse" = ? AND "holder" = ?`).run(warehouse, run.id);
    })();
  } finally {
    db.close();
  }
}

/** failRunDirectly for a control plane on a database server (PostgreSQL): the full disk is not its disk. */
export async function failRunOnServer(db: Db, dataDir: string, run: { id: string; status: string }, warehouse: string, summary: string): Promise<void> {
  releaseReserve(dataDir);
  await db.$transaction(async (tx) => {
    await tx.run.updateMany({ where: { id: run.id, status: { notIn: ["SUCCEEDED", "FAILED", "CANCELLED"] } }, data: { status: "FAILED", summary, finishedAt: new Date(), currentModel: null } });
    await tx.trigger.updateMany({ where: { runId: run.id, status: "APPROVED" }, data: { runId: null } });
    await tx.auditEvent.create({ data: { actor: "system", action: "runs.failed", entity: "Run", entityId: run.id, before: { status: run.status }, after: { status: "FAILED", summary } } });
    await tx.lease.deleteMany({ where: { warehouse, holder: run.id } });
  });
}
