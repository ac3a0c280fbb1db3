import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { hasRawData, paths, type Config } from "../config";
import { readPointer, writePointer } from "../warehouse/snapshot";

export interface NodeResult {
  uniqueId: string;
  status: string;
  executionTime: number;
  message: string | null;
}

export interface RunOutcome {
  runId: string;
  ok: boolean;
  exitCode: number | null;
  results: NodeResult[];
  /** One line: what failed, for the CLI and the run record. */
  summary: string;
  snapshotDir: string | null;
}

export interface RunOptions {
  fullRefresh?: boolean;
  /** Called with every line dbt prints. */
  onLine?: (line: string) => void;
  /** dbt node selector (e.g. for a targeted run). */
  select?: string;
}

export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunError";
  }
}

export function newRunId(): string {
  return new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-") + "-" + Math.random().toString(36).slice(2, 6);
}

function readRunResults(targetDir: string): NodeResult[] {
  const file = join(targetDir, "run_results.json");
  if (!existsSync(file)) return [];
  const json = JSON.parse(readFileSync(file, "utf8")) as {
    results: { unique_id: string; status: string; execution_time: number; message: string | null }[];
  };
  return json.results.map((r) => ({ uniqueId: r.unique_id, status: r.status, executionTime: r.execution_time, message: r.message }));
}

function summarize(results: NodeResult[], exitCode: number | null, tail: string[]): string {
  const failed = results.filter((r) => ["error", "fail", "runtime error"].includes(r.status));
  if (failed.length > 0) {
    const names = failed.map((r) => { const p = r.uniqueId.split("."); return `${p[0]} ${p.slice(2).join(".")}`; }).slice(0, 5).join(", ");
    return `dbt build failed: ${failed.length} node(s) failed (${names}${failed.length > 5 ? ", …" : ""})`;
  }
  const lastError = [...tail].reverse().find((l) => /error/i.test(l));
  return `dbt exited with code ${exitCode}${lastError ? `: ${lastError.trim()}` : ""}`;
}

/** Build the dbt project (models and tests) and, when everything passed, publish its snapshot. */
export async function runBuild(config: Config, opts: RunOptions = {}): Promise<RunOutcome> {
  if (config.warehouse !== "duckdb") throw new RunError(`the local runner only drives the duckdb warehouse (STOREMATCH_WAREHOUSE=${config.warehouse})`);
  if (!hasRawData(config)) throw new RunError(`no raw data in ${config.dataDir}: run \`storematch ingest --gi FILE --th FILE\` first`);
  const p = paths(config);
  if (!existsSync(p.dbtBin)) throw new RunError(`dbt is not installed at ${p.dbtBin}: run the README's setup command`);
  const runId = newRunId();
  const snapshotDir = join(p.snapshotsDir, runId);
  mkdirSync(snapshotDir, { recursive: true });
  mkdirSync(p.dbtTarget, { recursive: true });
  const args = [
    "build",
    "--project-dir", config.dbtDir,
    "--profiles-dir", config.dbtDir,
    "--target-path", p.dbtTarget,
    "--log-path", p.dbtLogs,
    "--vars", JSON.stringify({ snapshot_dir: snapshotDir }),
  ];
  if (opts.fullRefresh) args.push("--full-refresh");
  if (opts.select) args.push("--select", opts.select);
  const tail: string[] = [];
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(p.dbtBin, args, {
      env: {
        ...process.env,
        STOREMATCH_DATA_DIR: config.dataDir,
        STOREMATCH_WAREHOUSE: config.warehouse,
        DO_NOT_TRACK: "1",
        DBT_SEND_ANONYMOUS_USAGE_STATS: "false",
        DBT_USE_COLORS: "false",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so a cancel can end dbt and its children
    });
    let buf = "";
    const onData = (chunk: Buffer) => {
      buf += chunk.toString("utf8");
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 50) tail.shift();
        opts.onLine?.(line);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      if (buf) {
        tail.push(buf);
        opts.onLine?.(buf);
      }
      resolve(code);
    });
  });
  const results = readRunResults(p.dbtTarget);
  const published = exitCode === 0 && existsSync(join(snapshotDir, "fct_store_matches.parquet"));
  if (published) {
    writePointer(config, { runId, dir: snapshotDir, createdAt: new Date().toISOString() });
    pruneSnapshots(config);
  } else {
    rmSync(snapshotDir, { recursive: true, force: true });
  }
  return {
    runId,
    ok: published,
    exitCode,
    results,
    summary: published ? `dbt build passed (${results.length} nodes)` : summarize(results, exitCode, tail),
    snapshotDir: published ? snapshotDir : null,
  };
}

/** Keep the current snapshot and the one before it. */
function pruneSnapshots(config: Config): void {
  const dir = paths(config).snapshotsDir;
  const current = readPointer(config)?.runId;
  const runs = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const keep = new Set([current, ...runs.filter((r) => r !== current).slice(-1)]);
  for (const r of runs) if (!keep.has(r)) rmSync(join(dir, r), { recursive: true, force: true });
}
