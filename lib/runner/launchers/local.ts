import type { Config } from "../../config";
import { runDbtBuild } from "../dbt";
import { launcherError, type BuildOutcome, type BuildProgress, type LaunchedBuild, type LaunchHooks, type LaunchRequest, type RunLauncher } from "./port";

/** End a process group: SIGTERM, then SIGKILL after 5 s. */
export function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    return;
  }
  setTimeout(() => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }, 5000).unref();
}

interface LocalBuild {
  progress: BuildProgress;
  lines: string[];
  cancelled: boolean;
}

/**
 * dbt spawned from the project's venv in this process (its own process group, dies with us).
 * The external id is dbt's pid. Progress comes from dbt's output: "Found N models", "START sql …
 * model X", "OK created / ERROR creating sql … model"; per-node status and timing from
 * run_results.json once it ends.
 */
export class LocalDbtLauncher implements RunLauncher {
  readonly name = "local" as const;
  private readonly builds = new Map<string, LocalBuild>();

  constructor(private readonly config: Config) {}

  async start(req: LaunchRequest, hooks: LaunchHooks = {}): Promise<LaunchedBuild> {
    if (!req.local) throw launcherError(`run ${req.runId}: a local build needs its run settings`);
    let pid: number | null = null;
    const build: LocalBuild = {
      progress: { state: "RUNNING", modelsDone: 0, modelsTotal: 0, currentModel: null, nodes: [], summary: null },
      lines: [],
      cancelled: false,
    };
    const p = build.progress;
    const running = runDbtBuild(this.config, {
      fullRefresh: req.kind === "FULL_REFRESH",
      exclude: req.local.exclude,
      runSettings: req.local.runSettings,
      onSpawn: (spawned) => {
        pid = spawned;
        hooks.onSpawn?.(spawned);
      },
      onLine: (line) => {
        build.lines.push(line);
        const found = /Found (\d+) models?/.exec(line);
        if (found) p.modelsTotal = Number(found[1]);
        const start = /START sql \S+ model (\S+)/.exec(line);
        if (start) p.currentModel = start[1]!;
        if (/(OK created|ERROR creating) sql \S+ model/.test(line)) p.modelsDone++;
        hooks.onLine?.(line);
        hooks.onProgress?.(p);
      },
    });
    // dbt is spawned synchronously by runDbtBuild; no pid means it could not start (the promise says why).
    if (pid === null) {
      await running;
      throw launcherError(`run ${req.runId}: dbt did not start`);
    }
    const externalId = String(pid);
    this.builds.set(externalId, build);
    const done = running
      .then((o): BuildOutcome => {
        const nodes = o.results.map((r) => ({ node: r.uniqueId, status: r.status, seconds: Math.round(r.executionTime * 1000) / 1000 }));
        const state = o.exitCode === 0 ? "SUCCEEDED" : build.cancelled ? "CANCELLED" : "FAILED";
        Object.assign(p, { state, nodes, summary: o.summary, currentModel: null });
        return { state, summary: o.summary, nodes, invocationId: o.invocationId, exitCode: o.exitCode };
      })
      .finally(() => this.builds.delete(externalId));
    return { externalId, url: null, done };
  }

  async poll(externalId: string): Promise<BuildProgress> {
    const b = this.builds.get(externalId);
    if (!b) throw launcherError(`no local dbt build ${externalId} in this process (it ended, or another process runs it)`);
    return { ...b.progress, nodes: [...b.progress.nodes] };
  }

  async cancel(externalId: string): Promise<void> {
    const b = this.builds.get(externalId);
    if (b) b.cancelled = true;
    killGroup(Number(externalId));
  }

  /** The output so far; once a local build ends its lines live in the run's log (RunLogLine) only. */
  async logs(externalId: string): Promise<string[]> {
    return [...(this.builds.get(externalId)?.lines ?? [])];
  }
}
