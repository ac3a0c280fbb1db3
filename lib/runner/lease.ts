import type { Db } from "../control/db";

/** A lease whose holder has not beaten for this long is taken over. */
export const LEASE_STALE_MS = 30_000;
export const HEARTBEAT_MS = 2_000;

export function processAlive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface LeaseInfo {
  holder: string;
  pid: number;
  heartbeatMs: number;
}

export async function currentLease(db: Db, warehouse: string): Promise<LeaseInfo | null> {
  return db.lease.findUnique({ where: { warehouse }, select: { holder: true, pid: true, heartbeatMs: true } });
}

/**
 * Take the warehouse lease if it is free. A lease whose process is gone or whose heartbeat
 * stopped is dropped first. The insert is a single statement, so two processes never both win.
 */
export async function tryAcquireLease(db: Db, warehouse: string, holder: string): Promise<boolean> {
  const now = Date.now();
  const cur = await currentLease(db, warehouse);
  if (cur && (!processAlive(cur.pid) || now - cur.heartbeatMs > LEASE_STALE_MS)) {
    await db.$executeRaw`DELETE FROM "Lease" WHERE "warehouse" = ${warehouse} AND "holder" = ${cur.holder} AND "heartbeatMs" = ${cur.heartbeatMs}`;
  }
  const n = await db.$executeRaw`INSERT INTO "Lease" ("warehouse", "holder", "pid", "acquiredMs", "heartbeatMs")
    VALUES (${warehouse}, ${holder}, ${process.pid}, ${now}, ${now}) ON CONFLICT("warehouse") DO NOTHING`;
  return n === 1;
}

export async function beat(db: Db, warehouse: string, holder: string): Promise<void> {
  await db.$executeRaw`UPDATE "Lease" SET "heartbeatMs" = ${Date.now()} WHERE "warehouse" = ${warehouse} AND "holder" = ${holder}`;
}

export async function releaseLease(db: Db, warehouse: string, holder: string): Promise<void> {
  await db.$executeRaw`DELETE FROM "Lease" WHERE "warehouse" = ${warehouse} AND "holder" = ${holder}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run fn while holding the lease; waits (and says so once) while someone else holds it. */
export async function withLease<T>(db: Db, warehouse: string, holder: string, fn: () => Promise<T>, onWait?: (msg: string) => void): Promise<T> {
  let said = false;
  while (!(await tryAcquireLease(db, warehouse, holder))) {
    if (!said) {
      const cur = await currentLease(db, warehouse);
      onWait?.(`waiting: the warehouse is busy (${cur?.holder ?? "another process"}, pid ${cur?.pid ?? "?"})`);
      said = true;
    }
    await sleep(500);
  }
  const timer = setInterval(() => void beat(db, warehouse, holder).catch(() => undefined), HEARTBEAT_MS);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    await releaseLease(db, warehouse, holder);
  }
}
