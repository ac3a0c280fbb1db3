// Stand-ins: Snowflake is fakesnow behind tests/support/fakesnow_proxy.py (one in-memory database for dbt --target fake and the console's snowflake-sdk; no Iceberg snapshots, no schema swap) and Airflow is tests/fakes/airflow-server.ts (a loopback fake of its REST API); the remote side's dbt build is real dbt, run by this test on the fake target with the environment the storematch_run DAG gives it.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../../lib/config";
import { closeControl, control } from "../../lib/control/db";
import { createTrigger, decideTriggers } from "../../lib/control/triggers";
import { executeRun, requestRun, warehouseKey } from "../../lib/runner/queue";
import { PUBLISHED_TABLES } from "../../lib/versions/tables";
import { SnowflakeSession } from "../../lib/warehouse/snowflake/connection";
import { snowflakeSettings } from "../../lib/warehouse/snowflake/settings";
import { startFakeAirflow, type FakeAirflow } from "../fakes/airflow-server";
import { cli, cliOk, controlPlaneEnv, copyDbtProject, ROOT, tempDir } from "../helpers";
import { JOB_TIMEOUT_MS } from "../support/fakesnow";
import { startSnowflakeStandIn, type SnowflakeStandIn } from "../support/snowflake-proxy";

/**
 * A build run by a remote launcher (Airflow) on the Snowflake warehouse is published by the
 * console like a local one: PUBLISHING, the VersionStore's clones, run.versionId, triggers consumed
 * after the publish; refused (run FAILED, triggers back to APPROVED, no clone left) when another
 * build rewrote the live tables after it. `storematch versions publish --run` publishes a SUCCEEDED
 * run without a version, and says why it will not for the others.
 */
describe("publishing a remote build on Snowflake (fakesnow, fake Airflow)", () => {
  const dir = tempDir("storematch-snowremote-");
  const dbtDir = copyDbtProject(dir);
  const dataDir = join(dir, "data");
  let snow: SnowflakeStandIn;
  let airflow: FakeAirflow;
  let env: Record<string, string>;
  let config: Config;
  let s: SnowflakeSession;
  let first = ""; // the first run: a remote full build, published as v1
  const db = () => control(config);
  const sql = <T = Record<string, unknown>>(text: string) => s.query<T>(text);
  const count = async (table: string) => Number((await sql<{ n: number }>(`select count(*) as n from ${table}`))[0]!.n);
  const gold = (table: string) => sql<{ gi: string | null; th: string | null; st: string; score: number | null }>(
    `select gi_id as gi, th_id as th, status as st, score as score from ${table} order by status, gi_id nulls last, th_id nulls last`);
  const publishCli = (runId: string, as = "cli:ops") => cli(["versions", "publish", "--run", runId, "--as", as], env);

  /** What the storematch_run DAG's dbt_build runs (the same as the storematch-run.yml workflow): one dbt build, the run's settings in the environment. */
  function remoteDbt(runId: string, kind: string): Promise<void> {
    const args = ["build", "--profiles-dir", ".", "--target", "fake", ...(kind === "FULL_REFRESH" ? ["--full-refresh"] : ["--exclude", "test_type:data,tag:staging", "test_type:data,tag:profiles", "source:*"])];
    return new Promise((resolve, reject) => {
      const child = spawn(join(ROOT, ".venv", "bin", "dbt"), args, {
        cwd: dbtDir,
        env: {
          ...process.env, DO_NOT_TRACK: "1", DBT_SEND_ANONYMOUS_USAGE_STATS: "false",
          STOREMATCH_WAREHOUSE: "snowflake", STOREMATCH_DATA_DIR: join(dir, "remote-worker"), STOREMATCH_FAKESNOW_PORT: String(snow.port),
          STOREMATCH_DBT_RUN_ID: runId, STOREMATCH_DBT_RUN_MODE: kind === "FULL_REFRESH" ? "full" : "targeted",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (out += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), JOB_TIMEOUT_MS);
      child.on("close", (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`remote dbt build of ${runId} exited ${code}:\n${out.slice(-3000)}\n${snow.log()}`));
      });
    });
  }

  /** A run as a console before this change recorded a SUCCEEDED remote build: no version. */
  async function recordedRemoteRun(id: string, kind: "FULL_REFRESH" | "TARGETED" = "FULL_REFRESH") {
    return db().run.create({
      data: {
        id, kind, status: "SUCCEEDED", warehouse: warehouseKey(config), requestedBy: "admin@test", launcher: "airflow", externalId: `storematch__${id}`,
        startedAt: new Date(), finishedAt: new Date(), summary: `Airflow DAG run storematch__${id} succeeded (3 tasks); no version published by this console (the airflow side publishes)`,
      },
    });
  }

  beforeAll(async () => {
    [snow, airflow] = await Promise.all([startSnowflakeStandIn(), startFakeAirflow()]);
    env = {
      ...snow.env, ...controlPlaneEnv(dataDir), STOREMATCH_DATA_DIR: dataDir, STOREMATCH_ROOT: ROOT, STOREMATCH_DBT_DIR: dbtDir, STOREMATCH_DBT_TARGET: "fake",
      STOREMATCH_LAUNCHER: "airflow", STOREMATCH_LAUNCHER_POLL_MS: "50", STOREMATCH_AIRFLOW_URL: airflow.url, STOREMATCH_AIRFLOW_TOKEN: airflow.token, STOREMATCH_AIRFLOW_DAG: airflow.dag,
    };
    config = loadConfig(env);
    s = await SnowflakeSession.open(snowflakeSettings(config));
    await s.execute("create database if not exists storematch"); // Terraform's part on a real account
    cliOk(["generate", "--stores", "200", "--seed", "5", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    airflow.onBuild = (r) => remoteDbt(r.conf.storematch_run_id as string, r.conf.kind as string);
  }, 300_000);

  afterAll(async () => {
    await closeControl();
    await s?.close();
    await airflow?.close();
    snow?.stop();
  });

  it("a SUCCEEDED Airflow build is published: PUBLISHING, clones holding the built rows, the run's version, audited", async () => {
    const run = await requestRun(config, "FULL_REFRESH", "admin@test", "first remote build");
    first = run.id;
    const done = await executeRun(config, run.id);
    expect(done).toMatchObject({ status: "SUCCEEDED", launcher: "airflow", versionId: "v1" });
    expect(done.summary).toBe(`Airflow DAG run storematch__${run.id} succeeded (3 tasks); published v1 (promoted)`);

    // The clones are the rows the remote dbt build left in the live tables.
    expect(await count("gold.fct_store_matches")).toBeGreaterThan(100);
    expect(await gold("versions.fct_store_matches__v1")).toEqual(await gold("gold.fct_store_matches"));
    for (const t of PUBLISHED_TABLES) expect(await count(`versions.${t.name}__v1`), t.name).toBe(await count(`${t.schema}.${t.name}`));
    expect(await sql("select version_id as v from mart.mart_version")).toEqual([{ v: "v1" }]);

    // The version records the remote invocation and the rules its build ran with (CONTROL.BUILD_RULES).
    const [inv] = await sql<{ inv: string }>(`select distinct invocation_id as inv from control.transformation_logs where run_id = '${run.id}'`);
    const version = await db().version.findUniqueOrThrow({ where: { id: "v1" } });
    expect(version).toMatchObject({ runId: run.id, invocation: inv!.inv, status: "PROMOTED", gitCommit: null });
    const manifest = JSON.parse(readFileSync(join(dataDir, "versions", "v1", "manifest.json"), "utf8")) as { invocationId: string; rules: { model: Record<string, unknown> } };
    expect(manifest.invocationId).toBe(inv!.inv);
    expect(manifest.rules.model).toMatchObject({ run_mode: "full" });

    // The life of the run, audited: running, publishing, the version, succeeded.
    const events = await db().auditEvent.findMany({ where: { OR: [{ entity: "Run", entityId: run.id }, { entity: "Version", entityId: "v1" }] }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["runs.request", "runs.running", "runs.launch", "runs.publishing", "versions.publish", "versions.promote", "runs.succeeded"]);
  }, JOB_TIMEOUT_MS);

  it("refuses a build whose tables another build rewrote before the console published it: FAILED, triggers back to APPROVED, no clone, the DAG run untouched", async () => {
    const [store] = await sql<{ source: string; id: string }>("select source as source, store_id as id from versions.diag_unmatched_stores__v1 order by store_id limit 1");
    const t = await createTrigger(db(), { source: store!.source as "gi" | "th", storeId: store!.id, reason: "LEGAL_FORM", priority: 80, origin: "MANUAL" }, "steward@test");
    await decideTriggers(db(), "APPROVED", { ids: [t!.id] }, "steward@test");
    // After this run's targeted build, and before its DAG run reports success, another build (the
    // recorded run below, e.g. a DAG run triggered again by hand; targeted, with no scope of its own) rebuilds the tables.
    const other = await recordedRemoteRun("rebuilt-after", "TARGETED");
    airflow.onBuild = async (r) => {
      await remoteDbt(r.conf.storematch_run_id as string, r.conf.kind as string);
      await remoteDbt(other.id, "TARGETED");
    };
    const run = await requestRun(config, "TARGETED", "steward@test", "approved trigger");
    const [otherInv] = await (async () => {
      try {
        await executeRun(config, run.id);
        return [null];
      } catch (e) {
        return [(e as Error).message];
      }
    })();
    expect(otherInv).toMatch(new RegExp(`^the live tables are no longer run ${run.id}'s build: run rebuilt-after \\(dbt invocation [0-9a-f-]+\\) rebuilt them afterwards, at .+ \\(CONTROL\\.TRANSFORMATION_LOGS\\); publishing them would publish another build as this run's; nothing was published$`));

    const failed = await db().run.findUniqueOrThrow({ where: { id: run.id } });
    expect(failed).toMatchObject({ status: "FAILED", versionId: null, summary: otherInv });
    expect(await db().trigger.findUniqueOrThrow({ where: { id: t!.id } })).toMatchObject({ status: "APPROVED", runId: null });
    expect((await db().version.findMany()).map((v) => v.id)).toEqual(["v1"]);
    const clones = await sql<{ t: string }>("select table_name as t from information_schema.tables where table_schema = 'VERSIONS'");
    expect(clones.filter((c) => c.t.endsWith("__V2"))).toEqual([]);
    expect(clones.filter((c) => c.t.endsWith("__V1"))).toHaveLength(PUBLISHED_TABLES.length);
    expect(airflow.runs.get(`storematch__${run.id}`)).toMatchObject({ state: "success", patchedTo: null }); // its DAG run succeeded and is left so
    const actions = (await db().auditEvent.findMany({ where: { entity: "Run", entityId: run.id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["runs.request", "runs.running", "runs.launch", "runs.publishing", "runs.failed"]);

    // Not SUCCEEDED: the command will not publish it.
    const r = publishCli(run.id);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`storematch: run ${run.id} is FAILED, not SUCCEEDED: only a run whose build succeeded can be published`);
  }, JOB_TIMEOUT_MS * 2);

  it("`versions publish --run` publishes a SUCCEEDED run without a version whose build the warehouse holds, and refuses the others", async () => {
    const unknown = publishCli("no-such-run");
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, "storematch: no run with id no-such-run"]);
    const again = publishCli(first);
    expect([again.code, again.stderr.trim()]).toEqual([1, `storematch: run ${first} is already published as version v1 (see \`storematch versions list\`)`]);

    // A recorded run whose build never reached the warehouse (no CONTROL.BUILD_RULES row).
    await recordedRemoteRun("never-built");
    const none = publishCli("never-built");
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe("storematch: the warehouse holds no finished build of run never-built: dbt records a build in which nothing failed in CONTROL.BUILD_RULES under its run id, and there is no row for this run (its build failed, or ran without STOREMATCH_DBT_RUN_ID=never-built); nothing was published");

    // The recorded targeted run whose build is the live one: recorded as the wrong kind it is refused; as itself, published.
    await db().run.update({ where: { id: "rebuilt-after" }, data: { kind: "FULL_REFRESH" } });
    const kind = publishCli("rebuilt-after");
    expect(kind.stderr.trim()).toBe("storematch: run rebuilt-after is a full refresh but its build ran as a targeted build (run_mode in CONTROL.BUILD_RULES); nothing was published");
    await db().run.update({ where: { id: "rebuilt-after" }, data: { kind: "TARGETED" } });

    // Only an admin publishes (it may promote).
    cliOk(["users", "add", "--email", "steward@test.local", "--role", "steward"], env);
    const steward = publishCli("rebuilt-after", "steward@test.local");
    expect(steward.stderr.trim()).toBe("storematch: steward@test.local (steward) may not versions.promote: that needs the admin role");

    const ok = publishCli("rebuilt-after");
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, "published v2 from run rebuilt-after (candidate)\n", ""]);
    expect(await gold("versions.fct_store_matches__v2")).toEqual(await gold("gold.fct_store_matches"));
    for (const t of PUBLISHED_TABLES) expect(await count(`versions.${t.name}__v2`), t.name).toBe(await count(`${t.schema}.${t.name}`));
    const run = await db().run.findUniqueOrThrow({ where: { id: "rebuilt-after" } });
    expect(run.versionId).toBe("v2");
    expect(run.summary).toMatch(/; published v2 by cli:ops$/);
    const [inv] = await sql<{ inv: string }>("select distinct invocation_id as inv from control.transformation_logs where run_id = 'rebuilt-after'");
    expect(await db().version.findUniqueOrThrow({ where: { id: "v2" } })).toMatchObject({ runId: "rebuilt-after", status: "CANDIDATE", invocation: inv!.inv });
    const audited = await db().auditEvent.findMany({ where: { OR: [{ action: "runs.publish", entityId: "rebuilt-after" }, { action: "versions.publish", entityId: "v2" }] }, orderBy: { id: "asc" } });
    expect(audited.map((e) => [e.action, e.actor])).toEqual([["versions.publish", "cli:ops"], ["runs.publish", "cli:ops"]]);
    expect(await sql("select version_id as v from mart.mart_version")).toEqual([{ v: "v1" }]); // a candidate: MART unchanged

    const twice = publishCli("rebuilt-after");
    expect(twice.stderr.trim()).toBe("storematch: run rebuilt-after is already published as version v2 (see `storematch versions list`)");
  }, JOB_TIMEOUT_MS);
});

describe("publishing a run on the local DuckDB warehouse", () => {
  it("a remote build never wrote the local warehouse: `versions publish --run` says its files are gone", async () => {
    const dataDir = join(tempDir("storematch-duckpub-"), "data");
    const env = { ...controlPlaneEnv(dataDir), STOREMATCH_DATA_DIR: dataDir, STOREMATCH_ROOT: ROOT };
    const config = loadConfig(env);
    await control(config).run.create({
      data: { id: "remote-on-duckdb", kind: "FULL_REFRESH", status: "SUCCEEDED", warehouse: warehouseKey(config), requestedBy: "admin@test", launcher: "github", finishedAt: new Date() },
    });
    const r = cli(["versions", "publish", "--run", "remote-on-duckdb"], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `storematch: run remote-on-duckdb's build can no longer be published: with the local DuckDB warehouse a version is made of the files the build exported (${join(dataDir, "snapshots", "remote-on-duckdb")}), and they are gone (removed once a run is published or fails; a remote build never wrote them); launch a new build (run \`storematch run --full-refresh\`)`);
    expect(await control(config).version.count()).toBe(0);
    await closeControl();
  });
});
