import type { Prisma, Run, RunStatus } from "@prisma/client";
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { hasRawData, paths, type Config } from "../config";
import type { Permission } from "../auth/permissions";
import { audit, auditMany } from "../control/audit";
import { control, controlFile, type Db } from "../control/db";
import { AppError } from "../control/errors";
import { getSettings, setSetting } from "../control/settings";
import { currentBatch } from "../ingest/ingest";
import { warehouse } from "../warehouse";
import { PUBLISHED_TABLES } from "../versions/tables";
import { publishVersion, startPublisher, type Publisher } from "../versions/registry";
import { versionStore } from "../versions/store";
import { launcherFor, type LauncherName, type RunLauncher } from "./launchers";
import { killGroup } from "./launchers/local";
import type { LaunchedBuild } from "./launchers/port";
import { beat, beatRun, HEARTBEAT_MS, hostOf, LEASE_STALE_MS, processAlive, releaseLease, sameHost, tryAcquireLease } from "./lease";
import { warehouseKey } from "./warehouse-key";
import { identityAlive, isDbtOfRun, processIdentity } from "./identity";
import { diskFull, DISK_FULL, ensureReserve, failRunDirectly, failRunOnServer } from "./space";
import { cleanText } from "../text";
import { childEnv } from "../workspace-files";

export const RUN_KINDS = ["FULL_REFRESH", "TARGETED"] as const;
export type RunKind = (typeof RUN_KINDS)[number];
export const FINAL_STATUSES = ["SUCCEEDED", "FAILED", "CANCELLED"];

export { warehouseKey } from "./warehouse-key";

export function newRunId(): string {
  return new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-") + "-" + Math.random().toString(36).slice(2, 6);
}

export interface RunDto {
  id: string;
  kind: string;
  status: string;
  requestedBy: string;
  reason: string | null;
  modelsDone: number;
  modelsTotal: number;
  currentModel: string | null;
  summary: string | null;
  versionId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  elapsedSeconds: number | null;
  scope: number[];
  nodes: { node: string; status: string; seconds: number }[];
  /** Where the build ran (local, airflow, github), its id there and, for a remote build, its page. */
  launcher: string;
  externalId: string | null;
  externalUrl: string | null;
}

export function toRunDto(r: Run): RunDto {
  const end = r.finishedAt ?? (r.startedAt ? new Date() : null);
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    requestedBy: r.requestedBy,
    reason: r.reason,
    modelsDone: r.modelsDone,
    modelsTotal: r.modelsTotal,
    currentModel: r.currentModel,
    summary: r.summary,
    versionId: r.versionId,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    elapsedSeconds: r.startedAt && end ? Math.round((end.getTime() - r.startedAt.getTime()) / 100) / 10 : null,
    scope: (r.scope ?? []) as number[],
    nodes: (r.nodeResults ?? []) as unknown as RunDto["nodes"],
    launcher: r.launcher,
    externalId: r.externalId,
    externalUrl: r.externalUrl,
  };
}

async function transition(db: Db, run: Run, to: RunStatus, actor: string, data: Omit<Prisma.RunUncheckedUpdateInput, "status"> = {}): Promise<Run> {
  return db.$transaction(async (tx) => {
    const updated = await tx.run.update({ where: { id: run.id }, data: { ...data, status: to } });
    await audit(tx, { actor, action: `runs.${to.toLowerCase()}`, entity: "Run", entityId: run.id, before: { status: run.status }, after: { status: to, summary: updated.summary } });
    return updated;
  });
}

/** On this host: whether the process that requested (and runs) a run is alive, by its pid *and* start time. */
function runnerAlive(run: Run): boolean {
  if (run.requesterId) return identityAlive(run.requesterId);
  return processAlive(run.requesterPid); // a run recorded before identities existed
}

/**
 * Whether a run's runner is dead. Across hosts, liveness is the heartbeat alone: a run whose
 * runner has not beaten for LEASE_STALE_MS is dead, wherever it ran. On its own host a process
 * is also judged directly (pid and start time), so a runner killed here is recovered at once. A
 * pid recorded by another host is never looked at.
 */
function runnerDead(db: Db, run: Run, now: number): boolean {
  const stale = run.heartbeatMs !== null && now - run.heartbeatMs > LEASE_STALE_MS;
  if (stale) return true;
  return sameHost(db, run.hostId) && !runnerAlive(run);
}

/**
 * Crash recovery: a run whose runner died (even by kill -9, on any host) is marked FAILED, its
 * triggers go back to APPROVED, and its lease is dropped. The snapshot pointer and the raw data
 * are only ever replaced after success, so they are as they were. Only a run of this host has
 * its leftover dbt killed. Each recovery is a compare-and-set on the heartbeat it judged, so two
 * instances recovering at once record it once.
 */
export async function recoverRuns(config: Config): Promise<string[]> {
  const db = control(config);
  const stuck = await db.run.findMany({ where: { status: { in: ["QUEUED", "RUNNING", "PUBLISHING"] } } });
  const recovered: string[] = [];
  const now = Date.now();
  for (const run of stuck) {
    if (!runnerDead(db, run, now)) continue;
    const to = run.status === "QUEUED" ? "CANCELLED" : "FAILED";
    const here = sameHost(db, run.hostId);
    const summary = run.status === "QUEUED"
      ? "the process that queued this run exited before it started"
      : here ? "the runner process died; recovered on the next start" : `the runner on ${run.hostId} stopped beating; recovered by ${hostOf(db)}`;
    const claimed = await db.$transaction(async (tx) => {
      const won = await tx.run.updateMany({
        where: { id: run.id, status: run.status, heartbeatMs: run.heartbeatMs },
        data: { status: to, summary, finishedAt: new Date(), currentModel: null },
      });
      if (won.count !== 1) return false; // it beat meanwhile, or another instance recovered it
      const released = await tx.trigger.updateMany({ where: { runId: run.id, status: "APPROVED" }, data: { runId: null } });
      await audit(tx, { actor: "system", action: `runs.recover`, entity: "Run", entityId: run.id, before: { status: run.status }, after: { status: to, summary, triggersReleased: released.count, by: hostOf(db) } });
      return true;
    });
    if (!claimed) continue;
    // dbt dies with its runner (parent-death signal); should one survive here, it must not keep
    // writing. Killed only on its own host and when the process is that run's dbt, never on a pid alone.
    if (here && run.pid && processAlive(run.pid) && isDbtOfRun(run.pid, run.id)) {
      try {
        process.kill(-run.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    // A remote build whose runner died is cancelled on its side: it must not publish a run marked FAILED.
    if (run.launcher !== "local" && run.externalId) await cancelRemote(config, run);
    await releaseLease(db, run.warehouse, run.id);
    recovered.push(run.id);
  }
  return recovered;
}

async function cancelRemote(config: Config, run: Run): Promise<void> {
  try {
    await launcherFor(config, run.launcher as LauncherName).cancel(run.externalId!);
  } catch (e) {
    console.error(`run ${run.id}: could not cancel its ${run.launcher} build ${run.externalId}: ${(e as Error).message}`);
  }
}

/**
 * For a long-lived process (the console): recover now, then every `everyMs`, so a run left by
 * a console that died (kill -9, a crash, a container restart) is FAILED and its triggers free
 * without anyone having to run a command. Returns a stop function.
 */
export function startRecoveryLoop(config: Config, everyMs = 5_000, onError: (e: unknown) => void = (e) => console.error("run recovery:", e)): () => void {
  const tick = () => void recoverRuns(config).catch(onError);
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** What a plain `storematch run` does, and why. */
export async function planPlainRun(config: Config): Promise<{ kind: RunKind; reason: string }> {
  const db = control(config);
  const settings = await getSettings(db);
  if (settings.full_refresh_needed) return { kind: "FULL_REFRESH", reason: "the last scan set full_refresh_needed" };
  const last = await db.run.findFirst({ where: { status: "SUCCEEDED" }, orderBy: { finishedAt: "desc" } });
  if (!last) return { kind: "FULL_REFRESH", reason: "first run in this workspace" };
  if (last.rawBatch !== currentBatch(config)) return { kind: "FULL_REFRESH", reason: "the raw data changed since the last run" };
  const approved = await db.trigger.count({ where: { status: "APPROVED", runId: null } });
  if (approved > 0) return { kind: "TARGETED", reason: `${approved} approved trigger(s)` };
  return { kind: "FULL_REFRESH", reason: "no approved triggers" };
}

export async function requestRun(config: Config, kind: RunKind, actor: string, rawReason: string | null): Promise<Run> {
  const reason = rawReason === null ? null : cleanText(rawReason, "reason", { required: false }) || null;
  // Refused before anything is queued when the launcher is misconfigured (names the variables to set).
  const launcher = launcherFor(config);
  // A remote build reads the raw data of its own warehouse; a local one reads this workspace's.
  if (launcher.name === "local" && !hasRawData(config)) throw new AppError("CONFLICT", `no raw data in ${config.dataDir}: load the GI and TH store lists first`, { remedy: "ingest" });
  const db = control(config);
  if (kind === "TARGETED") {
    const approved = await db.trigger.count({ where: { status: "APPROVED", runId: null } });
    if (approved === 0) throw new AppError("CONFLICT", "no approved triggers: a targeted run has nothing to recompute (approve triggers first, or launch a full refresh)", { remedy: "full-refresh" });
    const done = await db.run.count({ where: { status: "SUCCEEDED" } });
    if (done === 0) throw new AppError("CONFLICT", "a targeted run needs a previous successful run: launch a full refresh first", { remedy: "full-refresh" });
  }
  return db.$transaction(async (tx) => {
    const run = await tx.run.create({
      data: {
        id: newRunId(), kind, status: "QUEUED", warehouse: warehouseKey(config), requestedBy: actor, reason,
        requesterPid: process.pid, requesterId: processIdentity(), hostId: hostOf(db), heartbeatMs: Date.now(), launcher: launcher.name,
      },
    });
    await audit(tx, { actor, action: "runs.request", entity: "Run", entityId: run.id, after: { kind, reason, launcher: launcher.name } });
    return run;
  });
}

export interface ExecuteHooks {
  onLine?: (line: string) => void;
  onWait?: (message: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait for this run's turn (oldest queued run and a free lease), then run it to the end. */
export async function executeRun(config: Config, runId: string, hooks: ExecuteHooks = {}): Promise<Run> {
  const db = control(config);
  const wh = warehouseKey(config);
  let lastWait = "";
  let lastBeat = 0;
  for (;;) {
    await recoverRuns(config);
    if (Date.now() - lastBeat >= HEARTBEAT_MS) {
      lastBeat = Date.now();
      await beatRun(db, runId, lastBeat); // waiting is alive too: other hosts must not take it for dead
    }
    const me = await db.run.findUniqueOrThrow({ where: { id: runId } });
    if (me.status !== "QUEUED") return me; // cancelled while waiting
    const oldest = await db.run.findFirst({ where: { status: "QUEUED", warehouse: wh }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    if (oldest?.id === runId && (await tryAcquireLease(db, wh, runId))) break;
    const active = await db.run.findFirst({ where: { status: { in: ["RUNNING", "PUBLISHING"] }, warehouse: wh } });
    const lease = await db.lease.findUnique({ where: { warehouse: wh } });
    const msg = active
      ? `waiting: run ${active.id} is ${active.status} on this warehouse`
      : oldest && oldest.id !== runId
        ? `waiting: run ${oldest.id} was queued first`
        : `waiting: the warehouse is busy (${lease?.holder ?? "another process"})`;
    if (msg !== lastWait) hooks.onWait?.(msg);
    lastWait = msg;
    await sleep(500);
  }
  return runLeased(config, db, runId, hooks);
}

interface ScopeTrigger {
  id: number;
  source: string;
  storeId: string;
  reason: string;
  priority: number;
}

/**
 * Take the approved triggers into a targeted run's scope (later approvals wait for the next
 * run), then write the scope and the pair decisions into the warehouse, where dbt reads them.
 */
async function writeRunInputs(config: Config, db: Db, run: Run): Promise<ScopeTrigger[]> {
  let triggers: ScopeTrigger[] = [];
  if (run.kind === "TARGETED") {
    await db.$transaction(async (tx) => {
      // Same condition in one transaction: no id list, so no bound on the scope's size.
      await tx.trigger.updateMany({ where: { status: "APPROVED", runId: null }, data: { runId: run.id } });
      triggers = await tx.trigger.findMany({ where: { status: "APPROVED", runId: run.id }, select: { id: true, source: true, storeId: true, reason: true, priority: true } });
    });
  }
  const decisions = await db.pairDecision.findMany({ select: { giId: true, thId: true, decision: true } });
  await warehouse(config).writeRunInputs({ runId: run.id, triggers, decisions });
  return triggers;
}

async function runLeased(config: Config, db: Db, runId: string, hooks: ExecuteHooks): Promise<Run> {
  const wh = warehouseKey(config);
  let run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  let launcher: RunLauncher;
  try {
    launcher = launcherFor(config, run.launcher as LauncherName);
  } catch (e) {
    // Requested with a launcher this process is not configured for: fail it now, never hold the lease.
    await releaseLease(db, wh, runId);
    await transition(db, run, "FAILED", "system", { finishedAt: new Date(), summary: (e as Error).message });
    throw e;
  }
  const local = launcher.name === "local";
  // This process publishes every build it can see: a local build (its exported files) and, on
  // Snowflake, a build run anywhere (EXECUTE DBT PROJECT, Airflow, GitHub): the VersionStore clones
  // the live tables once it has checked they are this run's build. A remote build cannot have
  // written a local DuckDB warehouse: nothing to publish then.
  const publishesHere = local || versionStore(config).publishesLiveTables;
  let build: LaunchedBuild | null = null;
  let buildEnded = false;
  let cancelled = false;
  const pending: string[] = [];
  let seq = 0;
  let progress = { modelsDone: 0, modelsTotal: 0, currentModel: null as string | null };
  // Disk full: seen in dbt's output or on the disk. From then on the control plane is written
  // only by failRunDirectly (after freeing the ballast), never by Prisma, whose writes can wait
  // forever once one failed on a full disk.
  let diskIsFull = false;
  const checkDisk = () => (diskIsFull ||= diskFull(config.dataDir));
  let failedForSpace: string | null = null;
  const failForSpace = async (snapshotDir: string | null) => {
    const summary = `the disk is full (no space left on device under ${config.dataDir}): free some space, then run again; the promoted version is unchanged`;
    failedForSpace = summary;
    if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
    try {
      const file = controlFile(config);
      // A PostgreSQL control plane is not on this disk: Prisma can still write there.
      if (file) failRunDirectly(file, config.dataDir, run, wh, summary);
      else await failRunOnServer(db, config.dataDir, run, wh, summary);
    } catch {
      return new AppError("UNAVAILABLE", `run ${runId} failed: ${summary} (not recorded yet: the next command marks it FAILED once there is space)`);
    }
    return new AppError("UNAVAILABLE", `run ${runId} failed: ${summary}`);
  };
  ensureReserve(config.dataDir);
  const flushLines = async () => {
    const lines = pending.splice(0);
    if (lines.length) await db.runLogLine.createMany({ data: lines.map((line) => ({ runId, seq: seq++, line })) });
  };
  const flush = async () => {
    await flushLines();
    await db.run.update({ where: { id: runId }, data: progress });
  };
  // Heartbeat, progress and log to the run record, and the cancel flag (set by any process) to the launcher.
  const timer = setInterval(() => {
    void (async () => {
      if (checkDisk()) return;
      await beat(db, wh, runId);
      await flush();
      const r = await db.run.findUnique({ where: { id: runId }, select: { cancelRequested: true } });
      if (r?.cancelRequested && build && !cancelled) {
        cancelled = true;
        await launcher.cancel(build.externalId).catch((e) => pending.push(`could not cancel the ${launcher.name} build ${build!.externalId}: ${(e as Error).message}`));
      }
    })().catch(() => undefined);
  }, Math.min(HEARTBEAT_MS, 1000));
  let publisher: Publisher | null = null;
  try {
    run = await transition(db, run, "RUNNING", "system", { startedAt: new Date(), rawBatch: currentBatch(config) });
    const triggers = await writeRunInputs(config, db, run);
    run = await db.run.update({ where: { id: runId }, data: { scope: triggers.map((t) => t.id) } });
    // dbt exports gold and diagnostics here (Parquet, DuckDB only); publishing turns them into a version.
    const snapshotDir = publishesHere ? join(paths(config).snapshotsDir, runId) : null;
    if (snapshotDir) {
      rmSync(snapshotDir, { recursive: true, force: true });
      mkdirSync(snapshotDir, { recursive: true });
      // Publishing's Python process starts now, so its start overlaps dbt's run (stopped unused if nothing is published).
      publisher = startPublisher(config);
    }
    build = await launcher.start(
      {
        runId,
        kind: run.kind as RunKind,
        scope: triggers.map((t) => ({ triggerId: t.id, source: t.source, storeId: t.storeId, reason: t.reason, priority: t.priority })),
        local: snapshotDir && local
          ? {
              // A targeted run changes a small part of the staging tables: their whole-table data tests
              // ran in the last full build. Nor does it change the raw data, whose source tests (unique,
              // non-empty store_id and name) `storematch ingest` enforces before loading anything and every
              // full build runs again; they gate the staging models, so they would delay every targeted run.
              // The store profiles (dim_stores, tag profiles) copy staging's rows and keys: the same holds.
              // Unit tests and the gold and diagnostics invariants (every store exactly once, one-to-one)
              // still run on every build.
              exclude: run.kind === "TARGETED" ? "test_type:data,tag:staging test_type:data,tag:profiles source:*" : undefined,
              runSettings: {
                snapshot_dir: snapshotDir, run_id: runId, run_mode: run.kind === "TARGETED" ? "targeted" : "full",
                published_tables: JSON.stringify(PUBLISHED_TABLES),
                reuse_parameters: (await getSettings(db)).model_frozen ? "true" : "false",
              },
            }
          : undefined,
      },
      {
        onSpawn: (pid) => void db.run.update({ where: { id: runId }, data: { pid } }).catch(() => undefined),
        onProgress: (p) => (progress = { modelsDone: p.modelsDone, modelsTotal: p.modelsTotal, currentModel: p.currentModel }),
        onLine: (line) => {
          pending.push(line);
          if (DISK_FULL.test(line)) diskIsFull = true;
          hooks.onLine?.(line);
        },
      },
    );
    if (!local) {
      const line = `run ${runId} launched on ${launcher.name}: ${build.externalId}${build.url ? ` (${build.url})` : ""}`;
      pending.push(line);
      hooks.onLine?.(line);
    }
    await db.$transaction(async (tx) => {
      await tx.run.update({ where: { id: runId }, data: { externalId: build!.externalId, externalUrl: build!.url } });
      await audit(tx, { actor: "system", action: "runs.launch", entity: "Run", entityId: runId, after: { launcher: launcher.name, externalId: build!.externalId, url: build!.url } });
    });
    const outcome = await build.done;
    buildEnded = true;
    if (local && outcome.exitCode !== 0 && checkDisk()) throw await failForSpace(snapshotDir);
    const nodes = outcome.nodes;
    await flush();
    const fresh = await db.run.findUniqueOrThrow({ where: { id: runId } });
    if (cancelled || fresh.cancelRequested || outcome.state === "CANCELLED") {
      if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
      await releaseTriggers(db, runId);
      return await transition(db, fresh, "CANCELLED", "system", { finishedAt: new Date(), summary: local || outcome.state !== "CANCELLED" ? "cancelled" : outcome.summary, nodeResults: nodes, currentModel: null });
    }
    if (outcome.state !== "SUCCEEDED") {
      if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
      await releaseTriggers(db, runId);
      return await transition(db, fresh, "FAILED", "system", { finishedAt: new Date(), summary: outcome.summary, nodeResults: nodes, currentModel: null });
    }
    let result = outcome.summary;
    if (snapshotDir) {
      run = await transition(db, fresh, "PUBLISHING", "system", { nodeResults: nodes, currentModel: null });
      // An Airflow or GitHub build's commit is the one its side checked out, which this host cannot know.
      const remote = launcher.name === "airflow" || launcher.name === "github";
      const version = await publishVersion(config, run, snapshotDir, outcome.invocationId, remote ? null : gitCommit(config), publisher ?? undefined);
      rmSync(snapshotDir, { recursive: true, force: true });
      run = await db.run.update({ where: { id: runId }, data: { versionId: version.id } });
      result = `${outcome.summary}; published ${version.id}${version.status === "PROMOTED" ? " (promoted)" : " (candidate)"}`;
    } else {
      // A remote build with the local (DuckDB) warehouse: it built its own warehouse, not this one's file.
      run = await db.run.update({ where: { id: runId }, data: { nodeResults: nodes, currentModel: null } });
      result = `${outcome.summary}; no version published: the ${launcher.name} build cannot have written this console's local DuckDB warehouse (STOREMATCH_WAREHOUSE=duckdb); remote builds are published with the Snowflake warehouse`;
    }
    await db.$transaction(async (tx) => {
      const consumed = await tx.trigger.findMany({ where: { runId, status: "APPROVED" } });
      await tx.trigger.updateMany({ where: { runId, status: "APPROVED" }, data: { status: "CONSUMED", consumedAt: new Date() } });
      await auditMany(tx, consumed.map((t) => ({ actor: "system", action: "triggers.consume", entity: "Trigger", entityId: t.id, before: { status: "APPROVED" }, after: { status: "CONSUMED", runId } })));
    });
    if (run.kind === "FULL_REFRESH" && (await getSettings(db)).full_refresh_needed) await setSetting(db, "full_refresh_needed", false, "system");
    return await transition(db, run, "SUCCEEDED", "system", { finishedAt: new Date(), summary: result });
  } catch (e) {
    if (failedForSpace) throw e;
    if (local && (DISK_FULL.test(String((e as Error).message)) || checkDisk())) throw await failForSpace(join(paths(config).snapshotsDir, runId));
    // Lost track of a remote build: ask its side to stop it, so that it does not go on writing for a run
    // recorded FAILED. A build that ended (its publishing here failed) is left as its side recorded it.
    if (!local && build && !buildEnded) await launcher.cancel(build.externalId).catch(() => undefined);
    await releaseTriggers(db, runId);
    const r = await db.run.findUniqueOrThrow({ where: { id: runId } });
    if (!FINAL_STATUSES.includes(r.status)) await transition(db, r, "FAILED", "system", { finishedAt: new Date(), summary: (e as Error).message.split("\n")[0] });
    throw e;
  } finally {
    publisher?.stop();
    clearInterval(timer);
    if (!failedForSpace) {
      await flushLines().catch(() => undefined); // what a failed start or cancel said
      await releaseLease(db, wh, runId);
    }
  }
}

async function releaseTriggers(db: Db, runId: string): Promise<void> {
  await db.trigger.updateMany({ where: { runId, status: "APPROVED" }, data: { runId: null } });
}

/** Cancelling a run needs the permission that launching its kind needs (a steward cannot stop an admin's full refresh). */
export function cancelPermission(kind: string): Permission {
  return kind === "TARGETED" ? "runs.cancel" : "runs.launch.full";
}

/**
 * Cancel a queued or running run; a running one has its whole process group ended.
 * `authorize` is called with cancelPermission(the run's kind) before anything changes.
 */
export async function cancelRun(config: Config, runId: string, actor: string, authorize: (permission: Permission) => unknown): Promise<Run> {
  const db = control(config);
  await recoverRuns(config); // a run whose runner died is FAILED now, not left with a cancel flag nobody reads
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run) throw new AppError("NOT_FOUND", `no run with id ${runId}`);
  await authorize(cancelPermission(run.kind));
  if (FINAL_STATUSES.includes(run.status)) throw new AppError("CONFLICT", `run ${runId} is already ${run.status}`);
  if (run.status === "QUEUED") return transition(db, run, "CANCELLED", actor, { finishedAt: new Date(), summary: `cancelled by ${actor} before it started` });
  const updated = await db.$transaction(async (tx) => {
    const u = await tx.run.update({ where: { id: runId }, data: { cancelRequested: true } });
    await audit(tx, { actor, action: "runs.cancel", entity: "Run", entityId: runId, before: { status: run.status }, after: { cancelRequested: true } });
    return u;
  });
  // Its runner stops it (it reads cancelRequested every second); here we may also end dbt at once, on our own host only.
  if (sameHost(db, run.hostId) && run.pid && processAlive(run.pid) && isDbtOfRun(run.pid, run.id)) killGroup(run.pid);
  return updated;
}

export async function listRuns(config: Config, limit = 20, offset = 0): Promise<RunDto[]> {
  const db = control(config);
  return (await db.run.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit, skip: offset })).map(toRunDto);
}

export async function countRuns(config: Config): Promise<number> {
  return control(config).run.count();
}

export async function showRun(config: Config, runId: string): Promise<RunDto & { log: string[] }> {
  const db = control(config);
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run) throw new AppError("NOT_FOUND", `no run with id ${runId}`);
  const lines = await db.runLogLine.findMany({ where: { runId }, orderBy: { seq: "asc" }, select: { line: true } });
  return { ...toRunDto(run), log: lines.map((l) => l.line) };
}

/** The commit of the repository that holds the dbt project, when it is a git checkout. */
function gitCommit(config: Config): string | null {
  try {
    return execFileSync("git", ["-C", config.dbtDir, "rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], env: childEnv() }).trim() || null;
  } catch {
    return null;
  }
}
