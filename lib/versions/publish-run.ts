import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { paths, type Config } from "../config";
import { audit } from "../control/audit";
import { control } from "../control/db";
import { AppError } from "../control/errors";
import { currentLease, HEARTBEAT_MS, beat, releaseLease, tryAcquireLease } from "../runner/lease";
import { warehouseKey } from "../runner/warehouse-key";
import { publishVersion, type VersionDto } from "./registry";
import { versionStore } from "./store";

/**
 * Publish a run that SUCCEEDED without a version: a build whose version nobody published (a remote
 * build recorded before the console published them, or one whose publishing was not done), so that
 * it can be promoted like any other. Eligible: a SUCCEEDED run with no version whose build is still
 * what the warehouse holds:
 * - Snowflake: the live tables are that run's finished build (the VersionStore checks what dbt
 *   recorded: CONTROL.BUILD_RULES for the run, no later build in CONTROL.TRANSFORMATION_LOGS);
 * - DuckDB: the Parquet files the build exported (removed once published or failed) are still there.
 * Not eligible: a run that failed, was cancelled or died (recovery marks it FAILED), and a build
 * with no run in the control plane (a DAG run triggered by hand): it has no triggers, no kind, no
 * audit to attach a version to. Under the warehouse lease, refused at once when a run holds it.
 * Audited as `runs.publish` by `actor`, the version's `versions.publish` too.
 */
export async function publishRun(config: Config, runId: string, actor: string): Promise<VersionDto> {
  const db = control(config);
  const eligible = async () => {
    const run = await db.run.findUnique({ where: { id: runId } });
    if (!run) throw new AppError("NOT_FOUND", `no run with id ${runId}`);
    if (run.versionId) throw new AppError("CONFLICT", `run ${runId} is already published as version ${run.versionId}`, { remedy: "list-versions" });
    if (run.status !== "SUCCEEDED") {
      const why = ["QUEUED", "RUNNING", "PUBLISHING"].includes(run.status)
        ? "its runner publishes it when its build ends"
        : "only a run whose build succeeded can be published";
      throw new AppError("CONFLICT", `run ${runId} is ${run.status}, not SUCCEEDED: ${why}`);
    }
    return run;
  };
  await eligible();
  const wh = warehouseKey(config);
  const holder = `publish:${runId}:${process.pid}`;
  if (!(await tryAcquireLease(db, wh, holder))) {
    const cur = await currentLease(db, wh);
    throw new AppError("CONFLICT", `the warehouse is busy (${cur?.holder ?? "another process"} holds it): a build may be rewriting its tables; publish run ${runId} once it ends`);
  }
  const timer = setInterval(() => void beat(db, wh, holder).catch(() => undefined), HEARTBEAT_MS);
  try {
    const run = await eligible(); // again under the lease: another process may have published it meanwhile
    const exportDir = join(paths(config).snapshotsDir, runId);
    const store = versionStore(config);
    if (!store.publishesLiveTables && !(existsSync(exportDir) && readdirSync(exportDir).some((f) => f.endsWith(".parquet")))) {
      throw new AppError("CONFLICT",
        `run ${runId}'s build can no longer be published: with the local DuckDB warehouse a version is made of the files the build exported (${exportDir}), and they are gone (removed once a run is published or fails; a remote build never wrote them); launch a new build`,
        { remedy: "full-refresh" });
    }
    const version = await publishVersion(config, run, exportDir, null, null, undefined, actor);
    rmSync(exportDir, { recursive: true, force: true });
    await db.$transaction(async (tx) => {
      const won = await tx.run.updateMany({ where: { id: runId, versionId: null }, data: { versionId: version.id, summary: `${run.summary ?? "succeeded"}; published ${version.id} by ${actor}` } });
      if (won.count !== 1) throw new AppError("CONFLICT", `run ${runId} was published by another process meanwhile`);
      await audit(tx, { actor, action: "runs.publish", entity: "Run", entityId: runId, before: { versionId: null }, after: { versionId: version.id, status: version.status } });
    });
    return version;
  } finally {
    clearInterval(timer);
    await releaseLease(db, wh, holder);
  }
}
