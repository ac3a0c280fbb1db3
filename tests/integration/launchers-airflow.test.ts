import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config";
import { closeControl, control } from "../../lib/control/db";
import { createTrigger, decideTriggers } from "../../lib/control/triggers";
import { AirflowLauncher } from "../../lib/runner/launchers/airflow";
import { launcherFor } from "../../lib/runner/launchers";
import { cancelRun, executeRun, requestRun, showRun } from "../../lib/runner/queue";
import { startFakeAirflow, type FakeAirflow } from "../fakes/airflow-server";
import { controlPlaneEnv, ROOT, tempDir, waitFor } from "../helpers";

// The Airflow launcher against a local stand-in of the Airflow 3 REST API that checks every
// request (path, bearer token, body) and plays the DAG run's states, one step per poll.
describe("AirflowLauncher", () => {
  let fake: FakeAirflow;
  const dir = tempDir();
  // The control plane of this test pass (a PostgreSQL database of its own, or the workspace's SQLite).
  const controlPlane = controlPlaneEnv(join(dir, "data"));
  const env = () => ({
    ...controlPlane,
    STOREMATCH_DATA_DIR: join(dir, "data"),
    STOREMATCH_ROOT: ROOT,
    STOREMATCH_LAUNCHER: "airflow",
    STOREMATCH_LAUNCHER_POLL_MS: "20",
    STOREMATCH_AIRFLOW_URL: fake.url,
    STOREMATCH_AIRFLOW_TOKEN: fake.token,
    STOREMATCH_AIRFLOW_DAG: fake.dag,
  });
  const config = () => loadConfig(env());
  const db = () => control(config());

  beforeAll(async () => {
    fake = await startFakeAirflow();
  });
  afterAll(async () => {
    closeControl();
    await fake.close();
  });

  async function approvedTriggers(ids: string[]): Promise<number[]> {
    const out: number[] = [];
    for (const storeId of ids) {
      const t = await createTrigger(db(), { source: "gi", storeId, reason: "LEGAL_FORM", priority: 80, origin: "MANUAL" }, "steward@test");
      out.push(t!.id);
    }
    await decideTriggers(db(), "APPROVED", { ids: out }, "steward@test");
    return out;
  }

  it("a full refresh: the DAG run goes queued → running → success; the run records its id, progress, tasks and logs", async () => {
    fake.outcome = "success";
    const run = await requestRun(config(), "FULL_REFRESH", "admin@test", "first remote build");
    expect(run.launcher).toBe("airflow");
    const lines: string[] = [];
    const done = await executeRun(config(), run.id, { onLine: (l) => lines.push(l) });
    expect(done.status).toBe("SUCCEEDED");
    expect(done.externalId).toBe(`storematch__${run.id}`);
    expect(done.externalUrl).toBe(`${fake.url}/dags/${fake.dag}/runs/storematch__${run.id}`);
    expect(done.summary).toBe(`Airflow DAG run storematch__${run.id} succeeded (3 tasks); no version published: the airflow build cannot have written this console's local DuckDB warehouse (STOREMATCH_WAREHOUSE=duckdb); remote builds are published with the Snowflake warehouse`);
    expect(done.versionId).toBeNull(); // a remote build never wrote the local DuckDB warehouse

    // The trigger request as Airflow 3 takes it: bearer token, logical_date, conf with the kind and the scope.
    const post = fake.requests.find((r) => r.method === "POST")!;
    expect(post.path).toBe(`/api/v2/dags/${fake.dag}/dagRuns`);
    expect(post.body).toEqual({
      dag_run_id: `storematch__${run.id}`,
      logical_date: null,
      note: `storematch run ${run.id} (FULL_REFRESH)`,
      conf: { storematch_run_id: run.id, kind: "FULL_REFRESH", scope: [] },
    });
    const remote = fake.runs.get(`storematch__${run.id}`)!;
    expect(remote.state).toBe("success");

    const shown = await showRun(config(), run.id);
    expect(shown.launcher).toBe("airflow");
    expect(shown.modelsDone).toBe(3);
    expect(shown.modelsTotal).toBe(3);
    expect(shown.nodes.map((n) => [n.node, n.status])).toEqual([["load_scope", "success"], ["dbt_build", "success"], ["publish_version", "success"]]);
    // Each task's log, read once it finished, is in the run's log.
    expect(shown.log).toContain("--- Airflow DAG storematch_run: dbt_build success ---");
    expect(shown.log.some((l) => l.endsWith("dbt build --full-refresh"))).toBe(true);
    expect(shown.log).toContain(`Airflow DAG storematch_run: storematch__${run.id} is QUEUED`);
    expect(shown.log).toContain(`Airflow DAG storematch_run: storematch__${run.id} is RUNNING`);
    // The CLI prints what the hook gets: where the run went, then the remote states and logs.
    expect(lines[0]).toBe(`run ${run.id} launched on airflow: storematch__${run.id} (${done.externalUrl})`);
    expect(lines.some((l) => l.endsWith("info published version (Iceberg snapshots registered)"))).toBe(true);
    const logReqs = fake.requests.filter((r) => r.path.includes("/logs/"));
    expect(logReqs.map((r) => r.path)).toEqual(["load_scope", "dbt_build", "publish_version"].map((t) => `/api/v2/dags/${fake.dag}/dagRuns/storematch__${run.id}/taskInstances/${t}/logs/1`));

    const audit = await db().auditEvent.findMany({ where: { entity: "Run", entityId: run.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["runs.request", "runs.running", "runs.launch", "runs.succeeded"]);
    expect(audit[2]!.after).toEqual({ launcher: "airflow", externalId: `storematch__${run.id}`, url: done.externalUrl });
  });

  it("a targeted run carries its scope in conf and consumes its triggers when the DAG run succeeds", async () => {
    fake.outcome = "success";
    const ids = await approvedTriggers(["G1", "G2"]);
    const run = await requestRun(config(), "TARGETED", "steward@test", null);
    const done = await executeRun(config(), run.id);
    expect(done.status).toBe("SUCCEEDED");
    const conf = fake.runs.get(`storematch__${run.id}`)!.conf;
    expect(conf.kind).toBe("TARGETED");
    expect(conf.scope).toEqual(ids.map((id, i) => ({ trigger_id: id, source: "gi", store_id: `G${i + 1}`, reason: "LEGAL_FORM", priority: 80 })));
    const triggers = await db().trigger.findMany({ where: { id: { in: ids } } });
    expect(triggers.map((t) => [t.status, t.runId])).toEqual(ids.map(() => ["CONSUMED", run.id]));
  });

  it("a failed DAG run: FAILED with the failed task named, the triggers back to APPROVED (task instances read page by page)", async () => {
    fake.outcome = "fail";
    fake.maxPage = 2; // a DAG with more task instances than a page: the last one is on the second page
    const ids = await approvedTriggers(["G3"]);
    const run = await requestRun(config(), "TARGETED", "steward@test", null);
    const done = await executeRun(config(), run.id);
    expect(done.status).toBe("FAILED");
    expect(done.summary).toBe(`Airflow DAG run storematch__${run.id} failed: 2 task(s) failed (dbt_build, publish_version)`);
    const shown = await showRun(config(), run.id);
    expect(shown.nodes.map((n) => [n.node, n.status])).toEqual([["load_scope", "success"], ["dbt_build", "failed"], ["publish_version", "upstream_failed"]]);
    expect(shown.log.some((l) => l.endsWith("error Database Error in model int_pairs_scored: out of memory"))).toBe(true);
    expect(fake.requests.some((r) => r.path.endsWith(`storematch__${run.id}/taskInstances`) && r.query.offset === "2")).toBe(true);
    fake.maxPage = 100;
    const triggers = await db().trigger.findMany({ where: { id: { in: ids } } });
    expect(triggers.map((t) => [t.status, t.runId])).toEqual(ids.map(() => ["APPROVED", null]));
  });

  it("cancel: the DAG run is PATCHed to failed and the run ends CANCELLED, its triggers released", async () => {
    fake.outcome = "hold";
    const ids = await approvedTriggers(["G4"]);
    const run = await requestRun(config(), "TARGETED", "steward@test", null);
    const running = executeRun(config(), run.id);
    await waitFor("the DAG run to be running dbt_build", async () => fake.runs.get(`storematch__${run.id}`)?.tasks.find((t) => t.task_id === "dbt_build")?.state === "running");
    const requested = await cancelRun(config(), run.id, "steward@test", () => undefined);
    expect(requested.cancelRequested).toBe(true);
    const done = await running;
    expect(done.status).toBe("CANCELLED");
    expect(done.summary).toBe(`Airflow DAG run storematch__${run.id} was cancelled (set to failed; stopped: dbt_build)`);
    expect((await showRun(config(), run.id)).log.some((l) => l.endsWith("Received SIGTERM: the DAG run was set to failed"))).toBe(true);
    const patch = fake.requests.find((r) => r.method === "PATCH")!;
    expect(patch.path).toBe(`/api/v2/dags/${fake.dag}/dagRuns/storematch__${run.id}`);
    expect(patch.body).toEqual({ state: "failed", note: "cancelled from storematch" });
    expect(fake.runs.get(`storematch__${run.id}`)!.tasks.map((t) => t.state)).toEqual(["success", "failed", "skipped"]);
    const triggers = await db().trigger.findMany({ where: { id: { in: ids } } });
    expect(triggers.map((t) => [t.status, t.runId])).toEqual(ids.map(() => ["APPROVED", null]));
    expect(await db().lease.count()).toBe(0);
  });

  it("Airflow goes away mid-run: after a few failed polls the run fails, saying so, and its triggers are released", async () => {
    const flaky = await startFakeAirflow({ outcome: "hold" });
    const c = loadConfig({ ...env(), STOREMATCH_AIRFLOW_URL: flaky.url, STOREMATCH_AIRFLOW_TOKEN: flaky.token });
    const ids = await approvedTriggers(["G5"]);
    const run = await requestRun(c, "TARGETED", "steward@test", null);
    const running = executeRun(c, run.id);
    await waitFor("the DAG run to be running dbt_build", async () => flaky.runs.get(`storematch__${run.id}`)?.tasks.find((t) => t.task_id === "dbt_build")?.state === "running");
    await flaky.close();
    await expect(running).rejects.toThrow(new RegExp(`^Airflow at ${flaky.url.replace(/[.]/g, "\\.")} is unreachable \\(ECONNREFUSED\\) on GET /api/v2/dags/storematch_run/dagRuns/storematch__${run.id}`));
    const r = await db().run.findUniqueOrThrow({ where: { id: run.id } });
    expect(r.status).toBe("FAILED");
    expect(r.summary).toMatch(/^Airflow at .* is unreachable/);
    const triggers = await db().trigger.findMany({ where: { id: { in: ids } } });
    expect(triggers.map((t) => [t.status, t.runId])).toEqual(ids.map(() => ["APPROVED", null]));
  });

  it("a bad token: the run fails with a message that names the token variable", async () => {
    const bad = loadConfig({ ...env(), STOREMATCH_AIRFLOW_TOKEN: "wrong" });
    const run = await requestRun(bad, "FULL_REFRESH", "admin@test", null);
    await expect(executeRun(bad, run.id)).rejects.toThrow(
      `Airflow refused the token (401 Unauthorized) on POST /api/v2/dags/${fake.dag}/dagRuns: check STOREMATCH_AIRFLOW_TOKEN (Not authenticated)`,
    );
    const r = await db().run.findUniqueOrThrow({ where: { id: run.id } });
    expect(r.status).toBe("FAILED");
    expect(r.summary).toMatch(/^Airflow refused the token \(401 Unauthorized\)/);
  });

  it("an unreachable server: the message names the URL variable", async () => {
    const gone = await startFakeAirflow();
    await gone.close(); // a port nothing listens on any more
    const launcher = new AirflowLauncher({ url: gone.url, token: "t", dag: "storematch_run", pollMs: 20 });
    await expect(launcher.start({ runId: "r1", kind: "FULL_REFRESH", scope: [] })).rejects.toThrow(
      new RegExp(`^Airflow at ${gone.url.replace(/[.]/g, "\\.")} is unreachable \\(ECONNREFUSED\\) on POST /api/v2/dags/storematch_run/dagRuns: check STOREMATCH_AIRFLOW_URL`),
    );
  });

  it("the fake refuses malformed requests (so the shapes above are really checked)", async () => {
    const launcher = new AirflowLauncher({ url: fake.url, token: fake.token, dag: "other_dag", pollMs: 20 });
    await expect(launcher.start({ runId: "r2", kind: "FULL_REFRESH", scope: [] })).rejects.toThrow("Airflow answered 404 Not Found on POST /api/v2/dags/other_dag/dagRuns: The Dag with ID: `other_dag` was not found");
    const res = await fetch(`${fake.url}/api/v2/dags/${fake.dag}/dagRuns`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" },
      body: JSON.stringify({ conf: { storematch_run_id: "x", kind: "TARGETED", scope: [] } }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { detail: string }).detail).toBe("Field required: logical_date");
  });

  it("a misconfigured launcher is refused before anything is queued, naming the missing variables", async () => {
    const c = loadConfig({ ...controlPlane, STOREMATCH_DATA_DIR: join(dir, "data"), STOREMATCH_ROOT: ROOT, STOREMATCH_LAUNCHER: "airflow", STOREMATCH_AIRFLOW_URL: fake.url });
    expect(() => launcherFor(c)).toThrow("STOREMATCH_LAUNCHER=airflow needs STOREMATCH_AIRFLOW_TOKEN, STOREMATCH_AIRFLOW_DAG (not set)");
    const before = await db().run.count();
    await expect(requestRun(c, "FULL_REFRESH", "admin@test", null)).rejects.toThrow("STOREMATCH_LAUNCHER=airflow needs STOREMATCH_AIRFLOW_TOKEN, STOREMATCH_AIRFLOW_DAG (not set)");
    expect(await db().run.count()).toBe(before);
    // Queued by a process configured for Airflow, executed by one that is not: failed, the lease free.
    const run = await requestRun(config(), "FULL_REFRESH", "admin@test", null);
    await expect(executeRun(c, run.id)).rejects.toThrow("STOREMATCH_LAUNCHER=airflow needs STOREMATCH_AIRFLOW_TOKEN, STOREMATCH_AIRFLOW_DAG (not set)");
    expect((await db().run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("FAILED");
    expect(await db().lease.count()).toBe(0);
  });
});
