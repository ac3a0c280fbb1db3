import type { Db } from "../control/db";

/** A lease or run whose holder has not beaten for this long is dead (on any host). */
export const LEASE_STALE_MS = 30_000;
export const HEARTBEAT_MS = 2_000;

const clientHosts = new WeakMap<object, string>();

/** Which host this process is, for the control plane `db` (lib/control/db.ts registers it). */
export function registerHost(db: Db, host: string): void {
  clientHosts.set(db, host);
}

export function hostOf(db: Db): string {
  const host = clientHosts.get(db);
  if (!host) throw new Error("internal: a control-plane client without a host id (open it with control(config))");
  return host;
}

/** Whether a pid runs here. Only meaningful for a pid recorded by a process of this host (see sameHost). */
export function processAlive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A record's host is ours (or predates host ids: then it was made on the single host there was). */
export const sameHost = (db: Db, recorded: string | null | undefined) => !recorded || recorded === hostOf(db);

export interface LeaseInfo {
  holder: string;
  hostId: string;
  pid: number;
  heartbeatMs: number;
}

export async function currentLease(db: Db, warehouse: string): Promise<LeaseInfo | null> {
  return db.lease.findUnique({ where: { warehouse }, select: { holder: true, hostId: true, pid: true, heartbeatMs: true } });
}

/**
 * Take the warehouse lease if it is free. A lease whose heartbeat stopped (LEASE_STALE_MS) is
 * dropped first, whatever its host; one of this host whose process is gone, at once. A lease of
 * another host is never judged by its pid. The insert is a single statement, so two processes
 * (or two hosts) never both win, and the drop is a compare-and-set on the heartbeat seen.
 */
export async function tryAcquireLease(db: Db, warehouse: string, holder: string): Promise<boolean> {
  const now = Date.now();
  const host = hostOf(db);
  const cur = await currentLease(db, warehouse);
  if (cur && (now - cur.heartbeatMs > LEASE_STALE_MS || (sameHost(db, cur.hostId) && !processAlive(cur.pid)))) {
    await db.$executeRaw`DELETE FROM "Lease" WHERE "warehouse" = ${warehouse} AND "holder" = ${cur.holder} AND "heartbeatMs" = ${cur.heartbeatMs}`;
  }
  const n = await db.$executeRaw`INSERT INTO "Lease" ("warehouse", "holder", "hostId", "pid", "acquiredMs", "heartbeatMs")
    VALUES (${warehouse}, ${holder}, ${host}, ${process.pid}, ${now}, ${now}) ON CONFLICT ("warehouse") DO NOTHING`;
  return n === 1;
}

/** The holder is alive: the lease's heartbeat, and its run's when the holder is a run. */
export async function beat(db: Db, warehouse: string, holder: string): Promise<void> {
  const now = Date.now();
  await db.$executeRaw`UPDATE "Lease" SET "heartbeatMs" = ${now} WHERE "warehouse" = ${warehouse} AND "holder" = ${holder}`;
  await beatRun(db, holder, now);
}

/** A run's runner is alive (while it waits for its turn, and while it runs). */
export async function beatRun(db: Db, runId: string, now = Date.now()): Promise<void> {
  await db.run.updateMany({ where: { id: runId, status: { in: ["QUEUED", "RUNNING", "PUBLISHING"] } }, data: { heartbeatMs: now } });
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
      onWait?.(`waiting: the warehouse is busy (${cur?.holder ?? "another process"}, pid ${cur?.pid ?? "?"}${cur && !sameHost(db, cur.hostId) ? ` on ${cur.hostId}` : ""})`);
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
