import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { paths, type Config } from "../config";
import { AppError } from "../control/errors";
import { childEnv } from "../workspace-files";
import { dbtTarget } from "./dbt-target";

export interface NodeResult {
  uniqueId: string;
  status: string;
  executionTime: number;
  message: string | null;
}

export interface DbtOutcome {
  /** dbt's invocation id (from run_results.json), null when dbt wrote none. */
  invocationId: string | null;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  results: NodeResult[];
  /** One line: what failed, or what passed. */
  summary: string;
}

export interface DbtOptions {
  fullRefresh?: boolean;
  vars?: Record<string, unknown>;
  /**
   * Per-run settings (run_mode, run_id, snapshot_dir), passed to dbt as environment
   * variables STOREMATCH_DBT_<NAME> (read by the sm_run_var macro), not as --vars: changing --vars
   * makes dbt throw away its partial parse, and a full parse costs seconds on every run.
   */
  runSettings?: Record<string, string>;
  select?: string;
  exclude?: string;
  onLine?: (line: string) => void;
  /** Called with the pid of dbt, which leads its own process group. */
  onSpawn?: (pid: number) => void;
}

function readRunResults(targetDir: string): { invocationId: string | null; results: NodeResult[] } {
  const file = join(targetDir, "run_results.json");
  if (!existsSync(file)) return { invocationId: null, results: [] };
  const json = JSON.parse(readFileSync(file, "utf8")) as {
    metadata?: { invocation_id?: string };
    results: { unique_id: string; status: string; execution_time: number; message: string | null }[];
  };
  return {
    invocationId: json.metadata?.invocation_id ?? null,
    results: json.results.map((r) => ({ uniqueId: r.unique_id, status: r.status, executionTime: r.execution_time, message: r.message })),
  };
}

export const FAILED_STATUSES = ["error", "fail", "runtime error"];

function summarize(results: NodeResult[], exitCode: number | null, signal: NodeJS.Signals | null, tail: string[]): string {
  if (signal) return `dbt was stopped by ${signal}`;
  const failed = results.filter((r) => FAILED_STATUSES.includes(r.status));
  if (exitCode === 0) return `dbt build passed (${results.length} nodes)`;
  if (failed.length > 0) {
    const names = failed.map((r) => { const p = r.uniqueId.split("."); return `${p[0]} ${p.slice(2).join(".")}`; }).slice(0, 5).join(", ");
    // One failure: its message too (a model that stops a run says why, e.g. int_store_block_keys).
    const why = failed.length === 1 && failed[0]!.message ? `: ${failed[0]!.message.replace(/\s+/g, " ").trim().slice(0, 400)}` : "";
    return `dbt build failed: ${failed.length} node(s) failed (${names}${failed.length > 5 ? ", …" : ""})${why}`;
  }
  const lastError = [...tail].reverse().find((l) => /error/i.test(l));
  return `dbt exited with code ${exitCode}${lastError ? `: ${lastError.trim()}` : ""}`;
}

/**
 * Run by the venv's Python before dbt: SIGKILL when the parent (the runner) dies, then exec dbt.
 * If the runner died before prctl took effect, exit instead (the parent is then init).
 */
export const DIE_WITH_PARENT = [
  "import os, signal, sys",
  "try:",
  "    import ctypes",
  "    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG",
  "except Exception:",
  "    pass  # not Linux: recovery on the next start still ends an orphan",
  "if str(os.getppid()) != os.environ.get('STOREMATCH_RUNNER_PID'):",
  "    sys.exit(137)",
  "os.execv(sys.argv[1], sys.argv[1:])",
].join("\n");

const pythonOf = (config: Config) => join(config.venvDir, "bin", "python");

/** Spawn `dbt build` from the project's venv in its own process group and wait for it. */
export async function runDbtBuild(config: Config, opts: DbtOptions = {}): Promise<DbtOutcome> {
  const p = paths(config);
  if (!existsSync(p.dbtBin)) throw new AppError("UNAVAILABLE", `dbt is not installed at ${p.dbtBin}: run the README's setup command`);
  // The profile target and its connection (on Snowflake: dbt's own identity, checked before dbt starts).
  const conn = dbtTarget(config);
  mkdirSync(p.dbtTarget, { recursive: true });
  // A killed dbt writes no results: never report the previous run's.
  rmSync(join(p.dbtTarget, "run_results.json"), { force: true });
  const args = [
    "build",
    "--project-dir", config.dbtDir,
    "--profiles-dir", config.dbtDir,
    "--target-path", p.dbtTarget,
    "--log-path", p.dbtLogs,
    "--target", conn.target,
    // A run builds and checks data: the dbt unit tests check the SQL against fixtures and belong
    // to the test suite (tests/integration/dbt-unit.test.ts), not to every build (dbt's advice).
    "--exclude-resource-type", "unit_test",
  ];
  if (opts.vars && Object.keys(opts.vars).length > 0) args.push("--vars", JSON.stringify(opts.vars));
  if (opts.fullRefresh) args.push("--full-refresh");
  if (opts.select) args.push("--select", opts.select);
  if (opts.exclude) args.push("--exclude", opts.exclude);
  const tail: string[] = [];
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    // Through a small Python prelude that sets the parent-death signal (Linux prctl) and execs
    // dbt: if the runner dies, even by kill -9, dbt is killed at once instead of writing on.
    const child = spawn(pythonOf(config), ["-c", DIE_WITH_PARENT, p.dbtBin, ...args], {
      // Only what dbt needs: never the console's session or OIDC secrets.
      env: childEnv({
        STOREMATCH_DATA_DIR: config.dataDir,
        STOREMATCH_WAREHOUSE: config.warehouse,
        DO_NOT_TRACK: "1",
        DBT_SEND_ANONYMOUS_USAGE_STATS: "false",
        DBT_USE_COLORS: "false",
        // Partial parse (target/partial_parse.msgpack, one per workspace): dbt re-parses only the
        // files that changed since the last run. Per-run values come as environment variables
        // (below), which parsing never reads, so they do not invalidate it.
        DBT_PARTIAL_PARSE: "true",
        STOREMATCH_RUNNER_PID: String(process.pid),
        ...(config.duckdbMemoryLimit ? { STOREMATCH_DUCKDB_MEMORY_LIMIT: config.duckdbMemoryLimit } : {}),
        ...conn.env,
        ...Object.fromEntries(Object.entries(opts.runSettings ?? {}).map(([k, v]) => [`STOREMATCH_DBT_${k.toUpperCase()}`, v])),
      }),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: cancel ends dbt and everything it started
    });
    if (child.pid) opts.onSpawn?.(child.pid);
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
    child.on("close", (c, s) => {
      if (buf) {
        tail.push(buf);
        opts.onLine?.(buf);
      }
      resolve({ code: c, signal: s });
    });
  });
  const { invocationId, results } = readRunResults(p.dbtTarget);
  return { invocationId, exitCode: code, signal, results, summary: summarize(results, code, signal, tail) };
}
