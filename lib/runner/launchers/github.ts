import { call, callJson, secondsBetween, type HttpTarget } from "./http";
import { followRemote, launcherError, type BuildProgress, type BuildState, type LaunchedBuild, type LaunchHooks, type LaunchRequest, type NodeResult, type RunLauncher } from "./port";

export interface GitHubSettings {
  apiUrl: string;
  repo: string;
  workflow: string;
  token: string;
  ref: string;
  pollMs: number;
  /** How many polls to wait for the dispatched run to appear, when the API does not return its id. */
  findAttempts?: number;
}

interface WorkflowRun {
  id: number;
  name: string | null;
  display_title?: string;
  status: string | null;
  conclusion: string | null;
  html_url: string;
  created_at: string;
}

interface Job {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  steps?: { name: string; status: string; conclusion: string | null; number: number }[];
}

/** workflow_dispatch accepts at most 65,535 characters of inputs. */
const MAX_INPUTS = 65_535;

/** GitHub's run status and conclusion → the run lifecycle. */
function runState(r: WorkflowRun): BuildState {
  if (r.status !== "completed") return r.status === "in_progress" ? "RUNNING" : "QUEUED"; // queued, requested, waiting, pending
  if (r.conclusion === "success") return "SUCCEEDED";
  if (r.conclusion === "cancelled") return "CANCELLED";
  return "FAILED"; // failure, timed_out, startup_failure, action_required, neutral, skipped, stale
}

/**
 * A build as a GitHub Actions workflow run: POST …/actions/workflows/{workflow}/dispatches with the
 * inputs kind, storematch_run_id and scope (JSON). The workflow must show the run id in its name
 * (`run-name: storematch run ${{ inputs.storematch_run_id }} …`): the run is found by it when the API does not return
 * its id (GitHub Enterprise Server before return_run_details). Then GET …/actions/runs/{id} and its
 * jobs (one node per job, progress per step), the job logs, and POST …/runs/{id}/cancel.
 */
export class GitHubActionsLauncher implements RunLauncher {
  readonly name = "github" as const;
  private readonly http: HttpTarget;
  /** The last poll's jobs per run, to read their logs. */
  private readonly jobs = new Map<string, Map<string, Job>>();

  constructor(private readonly s: GitHubSettings) {
    this.http = {
      label: "GitHub",
      baseUrl: s.apiUrl,
      token: s.token,
      urlVar: "STOREMATCH_GITHUB_API_URL",
      tokenVar: "STOREMATCH_GITHUB_TOKEN",
      headers: { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" },
    };
  }

  private repoPath(rest: string): string {
    const [owner, name] = this.s.repo.split("/");
    return `/repos/${encodeURIComponent(owner!)}/${encodeURIComponent(name!)}${rest}`;
  }

  async start(req: LaunchRequest, hooks: LaunchHooks = {}): Promise<LaunchedBuild> {
    // The inputs of .github/workflows/storematch-run.yml.
    const inputs = {
      kind: req.kind,
      storematch_run_id: req.runId,
      scope: JSON.stringify(req.scope.map((t) => ({ trigger_id: t.triggerId, source: t.source, store_id: t.storeId }))),
    };
    const size = Object.values(inputs).reduce((n, v) => n + v.length, 0);
    if (size > MAX_INPUTS) {
      throw launcherError(`run ${req.runId}: its scope (${req.scope.length} triggers) does not fit in a workflow_dispatch (${size} characters of inputs, GitHub takes at most ${MAX_INPUTS}): approve fewer triggers per run, or use a full refresh`);
    }
    const since = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, "Z"); // a minute of clock skew
    const wf = `/actions/workflows/${encodeURIComponent(this.s.workflow)}`;
    const r = await call(this.http, "POST", this.repoPath(`${wf}/dispatches`), { body: { ref: this.s.ref, inputs, return_run_details: true } });
    let id: string;
    let url: string | null;
    if (r.status === 200 && r.text) {
      const d = JSON.parse(r.text) as { workflow_run_id: number; html_url?: string };
      id = String(d.workflow_run_id);
      url = d.html_url ?? null;
    } else {
      const found = await this.findRun(wf, req.runId, since);
      id = String(found.id);
      url = found.html_url;
    }
    const done = followRemote(this, id, {
      pollMs: this.s.pollMs,
      hooks,
      label: `GitHub workflow ${this.s.workflow}`,
      nodeLogs: (node) => this.nodeLogs(id, node),
      cancelled: () => false, // GitHub says "cancelled" itself
    }).finally(() => this.jobs.delete(id));
    return { externalId: id, url, done };
  }

  /** The dispatched run: the newest workflow_dispatch run created since `since` whose name holds our run id. */
  private async findRun(wf: string, runId: string, since: string): Promise<WorkflowRun> {
    const attempts = this.s.findAttempts ?? 30;
    for (let i = 0; i < attempts; i++) {
      const list = await callJson<{ workflow_runs: WorkflowRun[] }>(this.http, "GET", this.repoPath(`${wf}/runs?event=workflow_dispatch&created=${encodeURIComponent(`>=${since}`)}&per_page=50`));
      const mine = list.workflow_runs.find((w) => (w.display_title ?? w.name ?? "").includes(runId));
      if (mine) return mine;
      await new Promise((res) => setTimeout(res, this.s.pollMs));
    }
    throw launcherError(`GitHub accepted the dispatch of ${this.s.workflow}, but no workflow_dispatch run named after run ${runId} appeared: the workflow's run-name must contain \${{ inputs.storematch_run_id }}`);
  }

  async poll(externalId: string): Promise<BuildProgress> {
    const run = await callJson<WorkflowRun>(this.http, "GET", this.repoPath(`/actions/runs/${encodeURIComponent(externalId)}`));
    const { jobs } = await callJson<{ jobs: Job[] }>(this.http, "GET", this.repoPath(`/actions/runs/${encodeURIComponent(externalId)}/jobs?per_page=100`));
    this.jobs.set(externalId, new Map(jobs.map((j) => [j.name, j])));
    const steps = jobs.flatMap((j) => (j.steps ?? []).map((s) => ({ job: j.name, ...s })));
    const finished = jobs.filter((j) => j.status === "completed");
    const nodes: NodeResult[] = finished.map((j) => ({ node: j.name, status: j.conclusion ?? "unknown", seconds: secondsBetween(j.started_at, j.completed_at) }));
    const state = runState(run);
    const current = steps.find((s) => s.status === "in_progress");
    const failed = finished.filter((j) => j.conclusion && !["success", "skipped"].includes(j.conclusion)).map((j) => j.name);
    const summary =
      state === "SUCCEEDED"
        ? `GitHub workflow run ${externalId} succeeded (${jobs.length} job(s))`
        : state === "FAILED"
          ? `GitHub workflow run ${externalId} ended ${run.conclusion}${failed.length ? `: job(s) ${failed.slice(0, 5).join(", ")} failed` : ""}`
          : state === "CANCELLED"
            ? `GitHub workflow run ${externalId} was cancelled`
            : null;
    return {
      state,
      modelsDone: steps.filter((s) => s.status === "completed").length,
      modelsTotal: steps.length,
      currentModel: current ? `${current.job} / ${current.name}` : null,
      nodes,
      summary,
    };
  }

  async cancel(externalId: string): Promise<void> {
    await call(this.http, "POST", this.repoPath(`/actions/runs/${encodeURIComponent(externalId)}/cancel`), { ok: [202, 409] }); // 409: it had already ended
  }

  async logs(externalId: string): Promise<string[]> {
    await this.poll(externalId);
    const out: string[] = [];
    for (const [name, job] of this.jobs.get(externalId) ?? []) if (job.status === "completed") out.push(`--- ${name} ---`, ...(await this.nodeLogs(externalId, name)));
    return out;
  }

  /** A job's log: GitHub answers 302 to a short-lived download URL (fetch follows it, without our token when it is another host). */
  private async nodeLogs(externalId: string, node: string): Promise<string[]> {
    const job = this.jobs.get(externalId)?.get(node);
    if (!job) return [];
    const r = await call(this.http, "GET", this.repoPath(`/actions/jobs/${job.id}/logs`), { accept: "application/vnd.github+json" });
    return r.text.replace(/\n$/, "").split("\n");
  }
}
