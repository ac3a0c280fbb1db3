import { call, callJson, secondsBetween, type HttpTarget } from "./http";
import { followRemote, type BuildProgress, type BuildState, type LaunchedBuild, type LaunchHooks, type LaunchRequest, type NodeResult, type RunLauncher } from "./port";

export interface AirflowSettings {
  url: string;
  token: string;
  dag: string;
  pollMs: number;
}

interface DagRun {
  dag_run_id: string;
  state: string;
}

interface TaskInstance {
  task_id: string;
  state: string | null;
  try_number: number;
  map_index: number;
  start_date: string | null;
  end_date: string | null;
  duration: number | null;
}

/** Task instances per request: Airflow's default maximum page size. */
const PAGE = 100;

/** Task instance states after which a task does no more work. */
const TASK_DONE = ["success", "failed", "skipped", "upstream_failed", "removed"];
const TASK_FAILED = ["failed", "upstream_failed"];

/** Airflow's DAG run states → the run lifecycle. Airflow has no "cancelled": a cancelled run is failed. */
function dagState(s: string): BuildState {
  switch (s) {
    case "queued":
      return "QUEUED";
    case "running":
      return "RUNNING";
    case "success":
      return "SUCCEEDED";
    case "failed":
      return "FAILED";
    default:
      return "RUNNING";
  }
}

const nodeName = (t: TaskInstance) => (t.map_index >= 0 ? `${t.task_id}[${t.map_index}]` : t.task_id);

/**
 * A build as a DAG run, through the Airflow 3 REST API (bearer token):
 * POST /api/v2/dags/{dag}/dagRuns (conf: the storematch run id, its kind and its scope), then
 * GET …/dagRuns/{id} and …/taskInstances for its state and progress (one node per task instance),
 * GET …/taskInstances/{task}/logs/{try} for the logs, and PATCH …/dagRuns/{id} {"state":"failed"}
 * to cancel (Airflow marks the unfinished tasks failed or skipped). With infra/airflow's DAG (cosmos,
 * one task per model and test) the progress is per model.
 */
export class AirflowLauncher implements RunLauncher {
  readonly name = "airflow" as const;
  private readonly http: HttpTarget;
  private readonly cancelled = new Set<string>();
  /** The last poll's task instances per DAG run: their try numbers, to read their logs. */
  private readonly tasks = new Map<string, Map<string, TaskInstance>>();

  constructor(private readonly s: AirflowSettings) {
    this.http = { label: "Airflow", baseUrl: s.url, token: s.token, urlVar: "STOREMATCH_AIRFLOW_URL", tokenVar: "STOREMATCH_AIRFLOW_TOKEN" };
  }

  private runPath(id: string): string {
    return `/api/v2/dags/${encodeURIComponent(this.s.dag)}/dagRuns/${encodeURIComponent(id)}`;
  }

  async start(req: LaunchRequest, hooks: LaunchHooks = {}): Promise<LaunchedBuild> {
    const created = await callJson<DagRun>(this.http, "POST", `/api/v2/dags/${encodeURIComponent(this.s.dag)}/dagRuns`, {
      dag_run_id: `storematch__${req.runId}`,
      logical_date: null, // Airflow 3: required, null = no data interval (a manual run)
      note: `storematch run ${req.runId} (${req.kind})`,
      conf: {
        // What infra/airflow/dags/storematch_run.py reads (kind, storematch_run_id); the scope is for the record.
        storematch_run_id: req.runId,
        kind: req.kind,
        scope: req.scope.map((t) => ({ trigger_id: t.triggerId, source: t.source, store_id: t.storeId, reason: t.reason, priority: t.priority })),
      },
    });
    const externalId = created.dag_run_id;
    const done = followRemote(this, externalId, {
      pollMs: this.s.pollMs,
      hooks,
      label: `Airflow DAG ${this.s.dag}`,
      nodeLogs: (node) => this.nodeLogs(externalId, node),
      cancelled: () => this.cancelled.has(externalId),
    }).finally(() => this.tasks.delete(externalId));
    return { externalId, url: `${this.s.url.replace(/\/+$/, "")}/dags/${encodeURIComponent(this.s.dag)}/runs/${encodeURIComponent(externalId)}`, done };
  }

  async poll(externalId: string): Promise<BuildProgress> {
    const run = await callJson<DagRun>(this.http, "GET", this.runPath(externalId));
    const tis = await this.taskInstances(externalId);
    this.tasks.set(externalId, new Map(tis.map((t) => [nodeName(t), t])));
    const finished = tis.filter((t) => t.state && TASK_DONE.includes(t.state));
    const nodes: NodeResult[] = finished.map((t) => ({ node: nodeName(t), status: t.state!, seconds: t.duration ?? secondsBetween(t.start_date, t.end_date) }));
    const state = dagState(run.state);
    const failed = finished.filter((t) => TASK_FAILED.includes(t.state!)).map(nodeName);
    const summary =
      state === "SUCCEEDED"
        ? `Airflow DAG run ${externalId} succeeded (${tis.length} tasks)`
        : state === "FAILED" && this.cancelled.has(externalId)
          ? `Airflow DAG run ${externalId} was cancelled (set to failed${failed.length ? `; stopped: ${failed.slice(0, 5).join(", ")}` : ""})`
          : state === "FAILED"
          ? `Airflow DAG run ${externalId} failed${failed.length ? `: ${failed.length} task(s) failed (${failed.slice(0, 5).join(", ")})` : ""}`
          : null;
    return {
      state,
      modelsDone: finished.length,
      modelsTotal: tis.length,
      currentModel: tis.find((t) => t.state === "running")?.task_id ?? null,
      nodes,
      summary,
    };
  }

  /** Every task instance of the DAG run, page by page (a cosmos DAG has one per model and test: more than a page). */
  private async taskInstances(externalId: string): Promise<TaskInstance[]> {
    const all: TaskInstance[] = [];
    for (;;) {
      const page = await callJson<{ task_instances: TaskInstance[]; total_entries: number }>(
        this.http,
        "GET",
        `${this.runPath(externalId)}/taskInstances?limit=${PAGE}&offset=${all.length}`,
      );
      all.push(...page.task_instances);
      if (page.task_instances.length === 0 || all.length >= page.total_entries) return all;
    }
  }

  async cancel(externalId: string): Promise<void> {
    this.cancelled.add(externalId);
    await call(this.http, "PATCH", this.runPath(externalId), { body: { state: "failed", note: "cancelled from storematch" } });
  }

  async logs(externalId: string): Promise<string[]> {
    await this.poll(externalId);
    const out: string[] = [];
    for (const node of this.tasks.get(externalId)?.keys() ?? []) {
      out.push(`--- ${node} ---`, ...(await this.nodeLogs(externalId, node)));
    }
    return out;
  }

  private async nodeLogs(externalId: string, node: string): Promise<string[]> {
    const t = this.tasks.get(externalId)?.get(node);
    if (!t || t.try_number < 1) return [];
    const q = `?full_content=true${t.map_index >= 0 ? `&map_index=${t.map_index}` : ""}`;
    const r = await callJson<{ content: (string | { timestamp?: string; event?: string; level?: string })[] }>(
      this.http,
      "GET",
      `${this.runPath(externalId)}/taskInstances/${encodeURIComponent(t.task_id)}/logs/${t.try_number}${q}`,
    );
    return r.content.flatMap((m) => (typeof m === "string" ? m.split("\n") : [`${m.timestamp ? `[${m.timestamp}] ` : ""}${m.level ? `${m.level} ` : ""}${m.event ?? ""}`]));
  }
}
