import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config";
import { closeControl, control } from "../../lib/control/db";
import { createTrigger, decideTriggers } from "../../lib/control/triggers";
import { launcherFor } from "../../lib/runner/launchers";
import { GitHubActionsLauncher } from "../../lib/runner/launchers/github";
import { cancelRun, executeRun, requestRun, showRun } from "../../lib/runner/queue";
import { startFakeGitHub, type FakeGitHub } from "../fakes/github-server";
import { controlPlaneEnv, ROOT, tempDir, waitFor } from "../helpers";

// The GitHub Actions launcher against a local stand-in of the GitHub REST API that checks every
// request (path, bearer token, API version, dispatch inputs) and plays the workflow run's states.
describe("GitHubActionsLauncher", () => {
  let fake: FakeGitHub;
  const dir = tempDir();
  // The control plane of this test pass (a PostgreSQL database of its own, or the workspace's SQLite).
  const controlPlane = controlPlaneEnv(join(dir, "data"));
  const env = () => ({
    ...controlPlane,
    STOREMATCH_DATA_DIR: join(dir, "data"),
    STOREMATCH_ROOT: ROOT,
    STOREMATCH_LAUNCHER: "github",
    STOREMATCH_LAUNCHER_POLL_MS: "20",
    STOREMATCH_GITHUB_API_URL: fake.url,
    STOREMATCH_GITHUB_REPO: fake.repo,
    STOREMATCH_GITHUB_WORKFLOW: fake.workflow,
    STOREMATCH_GITHUB_TOKEN: fake.token,
    STOREMATCH_GITHUB_REF: "release",
  });
  const config = () => loadConfig(env());
  const db = () => control(config());

  beforeAll(async () => {
    fake = await startFakeGitHub();
  });
  afterAll(async () => {
    closeControl();
    await fake.close();
  });

  async function approvedTriggers(ids: string[]): Promise<number[]> {
    const out: number[] = [];
    for (const storeId of ids) {
      const t = await createTrigger(db(), { source: "th", storeId, reason: "ABBREVIATION", priority: 75, origin: "MANUAL" }, "steward@test");
      out.push(t!.id);
    }
    await decideTriggers(db(), "APPROVED", { ids: out }, "steward@test");
    return out;
  }

  it("a full refresh: workflow_dispatch, the run id from return_run_details, queued → in_progress → success", async () => {
    fake.outcome = "success";
    const run = await requestRun(config(), "FULL_REFRESH", "admin@test", null);
    expect(run.launcher).toBe("github");
    const done = await executeRun(config(), run.id);
    expect(done.status).toBe("SUCCEEDED");
    const remote = [...fake.runs.values()].find((r) => r.inputs.storematch_run_id === run.id)!;
    expect(done.externalId).toBe(String(remote.id));
    expect(done.externalUrl).toBe(`${fake.url}/${fake.repo}/actions/runs/${remote.id}`);
    expect(done.summary).toBe(`GitHub workflow run ${remote.id} succeeded (1 job(s)); no version published: the github build cannot have written this console's local DuckDB warehouse (STOREMATCH_WAREHOUSE=duckdb); remote builds are published with the Snowflake warehouse`);
    const dispatch = fake.requests.find((r) => r.path.endsWith("/dispatches"))!;
    expect(dispatch.path).toBe(`/repos/${fake.repo}/actions/workflows/${fake.workflow}/dispatches`);
    expect(dispatch.body).toEqual({ ref: "release", inputs: { kind: "FULL_REFRESH", storematch_run_id: run.id, scope: "[]" }, return_run_details: true });
    const shown = await showRun(config(), run.id);
    expect(shown.modelsDone).toBe(5);
    expect(shown.modelsTotal).toBe(5);
    expect(shown.nodes).toEqual([{ node: "dbt", status: "success", seconds: expect.any(Number) }]);
    // The job's log came through GitHub's redirect to its download URL.
    expect(shown.log).toContain("--- GitHub workflow storematch-run.yml: dbt success ---");
    expect(shown.log.some((l) => l.endsWith("##[group]Publish version: success"))).toBe(true);
    expect(fake.requests.some((r) => r.path === `/repos/${fake.repo}/actions/jobs/${remote.id * 10}/logs`)).toBe(true);
  });

  it("GitHub Enterprise Server without run details: the run is found by its name among the dispatched runs", async () => {
    fake.outcome = "success";
    fake.legacyDispatch = true;
    try {
      const ids = await approvedTriggers(["T1", "T2"]);
      const run = await requestRun(config(), "TARGETED", "steward@test", null);
      const done = await executeRun(config(), run.id);
      expect(done.status).toBe("SUCCEEDED");
      const remote = [...fake.runs.values()].find((r) => r.inputs.storematch_run_id === run.id)!;
      expect(done.externalId).toBe(String(remote.id));
      expect(JSON.parse(remote.inputs.scope!)).toEqual(ids.map((id, i) => ({ trigger_id: id, source: "th", store_id: `T${i + 1}` })));
      const list = fake.requests.find((r) => r.path === `/repos/${fake.repo}/actions/workflows/${fake.workflow}/runs`)!;
      expect(list.query.event).toBe("workflow_dispatch");
      expect(list.query.created).toMatch(/^>=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const triggers = await db().trigger.findMany({ where: { id: { in: ids } } });
      expect(triggers.map((t) => t.status)).toEqual(ids.map(() => "CONSUMED"));
    } finally {
      fake.legacyDispatch = false;
    }
  });

  it("a failed workflow run: FAILED with the failed job named, the triggers back to APPROVED", async () => {
    fake.outcome = "fail";
    const ids = await approvedTriggers(["T3"]);
    const run = await requestRun(config(), "TARGETED", "steward@test", null);
    const done = await executeRun(config(), run.id);
    expect(done.status).toBe("FAILED");
    expect(done.summary).toBe(`GitHub workflow run ${done.externalId} ended failure: job(s) dbt failed`);
    const shown = await showRun(config(), run.id);
    expect(shown.log.some((l) => l.endsWith("Database Error in model int_pairs_scored: out of memory"))).toBe(true);
    const triggers = await db().trigger.findMany({ where: { id: { in: ids } } });
    expect(triggers.map((t) => [t.status, t.runId])).toEqual(ids.map(() => ["APPROVED", null]));
  });

  it("cancel: POST …/runs/{id}/cancel, the run ends CANCELLED and its triggers are released", async () => {
    fake.outcome = "hold";
    const ids = await approvedTriggers(["T4"]);
    const run = await requestRun(config(), "TARGETED", "steward@test", null);
    const running = executeRun(config(), run.id);
    const remote = await waitFor("the workflow run to be in dbt build", async () =>
      [...fake.runs.values()].find((r) => r.inputs.storematch_run_id === run.id && r.steps.find((s) => s.name === "dbt build")?.status === "in_progress"),
    );
    await cancelRun(config(), run.id, "steward@test", () => undefined);
    const done = await running;
    expect(done.status).toBe("CANCELLED");
    expect(done.summary).toBe(`GitHub workflow run ${remote.id} was cancelled`);
    expect(fake.requests.filter((r) => r.method === "POST" && r.path === `/repos/${fake.repo}/actions/runs/${remote.id}/cancel`)).toHaveLength(1);
    expect(remote.conclusion).toBe("cancelled");
    const triggers = await db().trigger.findMany({ where: { id: { in: ids } } });
    expect(triggers.map((t) => [t.status, t.runId])).toEqual(ids.map(() => ["APPROVED", null]));
  });

  it("a bad token: the run fails with a message that names the token variable", async () => {
    const bad = loadConfig({ ...env(), STOREMATCH_GITHUB_TOKEN: "wrong" });
    const run = await requestRun(bad, "FULL_REFRESH", "admin@test", null);
    await expect(executeRun(bad, run.id)).rejects.toThrow(
      `GitHub refused the token (401 Unauthorized) on POST /repos/${fake.repo}/actions/workflows/${fake.workflow}/dispatches: check STOREMATCH_GITHUB_TOKEN (Bad credentials)`,
    );
    expect((await db().run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("FAILED");
  });

  it("an unreachable API: the message names the URL variable", async () => {
    const gone = await startFakeGitHub();
    await gone.close();
    const launcher = new GitHubActionsLauncher({ apiUrl: gone.url, repo: "acme/storematch", workflow: "w.yml", token: "t", ref: "main", pollMs: 20 });
    await expect(launcher.start({ runId: "r1", kind: "FULL_REFRESH", scope: [] })).rejects.toThrow(
      `GitHub at ${gone.url} is unreachable (ECONNREFUSED) on POST /repos/acme/storematch/actions/workflows/w.yml/dispatches: check STOREMATCH_GITHUB_API_URL and that the server is up`,
    );
  });

  it("the fake refuses inputs the workflow does not declare (so the shapes above are really checked)", async () => {
    const res = await fetch(`${fake.url}/repos/${fake.repo}/actions/workflows/${fake.workflow}/dispatches`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.token}`, accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28", "content-type": "application/json" },
      body: JSON.stringify({ ref: "main", inputs: { kind: "TARGETED", storematch_run_id: "x", scope: "[]", extra: "1" } }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toBe('Unexpected inputs provided: ["extra"]');
  });

  it("a misconfigured launcher names the missing variables", () => {
    const c = loadConfig({ ...controlPlane, STOREMATCH_DATA_DIR: join(dir, "data"), STOREMATCH_ROOT: ROOT, STOREMATCH_LAUNCHER: "github", STOREMATCH_GITHUB_TOKEN: "t" });
    expect(() => launcherFor(c)).toThrow("STOREMATCH_LAUNCHER=github needs STOREMATCH_GITHUB_REPO, STOREMATCH_GITHUB_WORKFLOW (not set)");
  });
});
