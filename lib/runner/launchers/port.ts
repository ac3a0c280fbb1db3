/**
 * The RunLauncher port: where a run's dbt build executes. The queue (lib/runner/queue.ts) owns the
 * run's life in the control plane (lease, triggers, audit, publishing); a launcher only starts the
 * build somewhere, reports its progress and its end, cancels it and fetches its logs.
 *
 * - local  (LocalDbtLauncher, local.ts): dbt spawned from the project's venv, progress from its output.
 * - airflow (AirflowLauncher, airflow.ts): a DAG run through the Airflow 3 REST API.
 * - github (GitHubActionsLauncher, github.ts): a workflow_dispatch run of a GitHub Actions workflow.
 * - snowflake (SnowflakeDbtLauncher, snowflake/launcher.ts): EXECUTE DBT PROJECT inside Snowflake.
 *
 * The console records the run's state, progress, result and logs, and publishes the build: what
 * a local build exported, and on Snowflake whatever a build of any launcher left in the warehouse
 * it reads (the Snowflake VersionStore checks the live tables are that run's build, then clones
 * them). A remote build cannot have written a local DuckDB warehouse: nothing is published then
 * (DEVELOPERS.md, "Run launchers").
 */

import { AppError } from "../../control/errors";

export const LAUNCHER_NAMES = ["local", "airflow", "github", "snowflake"] as const;
export type LauncherName = (typeof LAUNCHER_NAMES)[number];

/** The run lifecycle's states that a build itself can be in (PUBLISHING is the console's own). */
export type BuildState = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
export const FINAL_BUILD_STATES: readonly BuildState[] = ["SUCCEEDED", "FAILED", "CANCELLED"];

/** One trigger in a targeted run's scope. */
export interface ScopeEntry {
  triggerId: number;
  source: string;
  storeId: string;
  reason: string;
  priority: number;
}

export interface LaunchRequest {
  runId: string;
  kind: "FULL_REFRESH" | "TARGETED";
  /** The triggers a targeted run recomputes (empty for a full refresh). */
  scope: ScopeEntry[];
  /** Local builds only: dbt selection and the per-run settings (snapshot dir, scope file…). */
  local?: { exclude?: string; runSettings: Record<string, string> };
}

/** A finished node: a dbt model or test (local), a task instance (Airflow), a job step (GitHub). */
export type NodeResult = {
  node: string;
  status: string;
  seconds: number;
};

export interface BuildProgress {
  state: BuildState;
  modelsDone: number;
  modelsTotal: number;
  currentModel: string | null;
  /** Finished nodes so far, when the backend reports them. */
  nodes: NodeResult[];
  /** One line, set once the build is final: what failed, or what passed. */
  summary: string | null;
}

export interface BuildOutcome {
  state: "SUCCEEDED" | "FAILED" | "CANCELLED";
  summary: string;
  nodes: NodeResult[];
  /** dbt's invocation id when the launcher knows it (local). */
  invocationId: string | null;
  /** Local only: the details the queue uses to tell a disk-full failure from others. */
  exitCode?: number | null;
}

export interface LaunchHooks {
  /** Every log line, as it comes (local) or as each remote node finishes (remote). */
  onLine?: (line: string) => void;
  onProgress?: (p: BuildProgress) => void;
  /** Local only: the pid of dbt, which leads its own process group. */
  onSpawn?: (pid: number) => void;
}

export interface LaunchedBuild {
  /** The remote side's id for the build: the DAG run id, the workflow run id, dbt's pid. */
  externalId: string;
  /** Where a human reads the build and its logs (Airflow UI, GitHub run page), when there is one. */
  url: string | null;
  /** Resolves when the build is final. Rejects only when the launcher lost track of it. */
  done: Promise<BuildOutcome>;
}

export interface RunLauncher {
  readonly name: LauncherName;
  /** Start the build; returns once the remote side has accepted it (and given its id). */
  start(req: LaunchRequest, hooks?: LaunchHooks): Promise<LaunchedBuild>;
  /** One look at the build's state and progress. */
  poll(externalId: string): Promise<BuildProgress>;
  /** Ask the remote side to stop the build; `done` then resolves CANCELLED. */
  cancel(externalId: string): Promise<void>;
  /** The build's log lines, node by node, as far as they exist now. */
  logs(externalId: string): Promise<string[]>;
}

/** An error talking to a launcher's backend: says which backend, which request and what came back. */
export function launcherError(message: string): AppError {
  return new AppError("UNAVAILABLE", message);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Follow a remote build until it is final: poll every `pollMs`, report progress, pass the logs of
 * each node once it has finished, and map a build stopped after `cancel` to CANCELLED.
 * `nodeLogs` fetches one finished node's lines. A poll that fails is retried `retries` times
 * (the remote API may blip) before `done` rejects.
 */
export function followRemote(
  launcher: Pick<RunLauncher, "poll">,
  externalId: string,
  opts: { pollMs: number; hooks: LaunchHooks; nodeLogs: (node: string) => Promise<string[]>; cancelled: () => boolean; label: string; retries?: number },
): Promise<BuildOutcome> {
  const logged = new Set<string>();
  const passLogs = async (p: BuildProgress) => {
    for (const n of p.nodes) {
      if (logged.has(n.node)) continue;
      logged.add(n.node);
      let lines: string[];
      try {
        lines = await opts.nodeLogs(n.node);
      } catch (e) {
        lines = [`(could not read the log of ${n.node}: ${(e as Error).message})`];
      }
      opts.hooks.onLine?.(`--- ${opts.label}: ${n.node} ${n.status} ---`);
      for (const l of lines) opts.hooks.onLine?.(l);
    }
  };
  return (async () => {
    let failures = 0;
    let lastState: BuildState | null = null;
    for (;;) {
      let p: BuildProgress;
      try {
        p = await launcher.poll(externalId);
        failures = 0;
      } catch (e) {
        if (++failures > (opts.retries ?? 3)) throw e;
        await sleep(opts.pollMs);
        continue;
      }
      if (p.state !== lastState) opts.hooks.onLine?.(`${opts.label}: ${externalId} is ${p.state}`);
      lastState = p.state;
      await passLogs(p);
      opts.hooks.onProgress?.(p);
      if (FINAL_BUILD_STATES.includes(p.state)) {
        const state = p.state === "FAILED" && opts.cancelled() ? "CANCELLED" : (p.state as BuildOutcome["state"]);
        return { state, summary: p.summary ?? `${opts.label} ${state.toLowerCase()}`, nodes: p.nodes, invocationId: null };
      }
      await sleep(opts.pollMs);
    }
  })();
}
