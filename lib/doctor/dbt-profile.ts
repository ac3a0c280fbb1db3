import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { paths, type Config } from "../config";
import { dbtTarget } from "../runner/dbt-target";
import { childEnv } from "../workspace-files";
import { fail, info, ok, type CheckResult } from "./check";

const NAME = "dbt profile";

/** dbt's log lines without their "HH:MM:SS  " prefix. */
const strip = (l: string) => l.replace(/^\d\d:\d\d:\d\d\s+/, "").trimEnd();

/** What `dbt debug` says went wrong, on one line: the [ERROR …] items and the reason after "N check(s) failed:". */
export function dbtDebugProblem(output: string): string {
  const lines = output.split("\n").map(strip);
  const errors = lines.filter((l) => /\[ERROR/.test(l)).map((l) => l.trim());
  const at = lines.findIndex((l) => /^\d+ checks? failed:?/.test(l.trim()));
  const reason = at >= 0 ? lines.slice(at + 1).map((l) => l.trim()).filter((l) => l && !/^(Runtime Error|Database Error|Profile loading failed for the following reason:)$/.test(l)).slice(0, 3) : [];
  const all = [...errors, ...reason];
  return (all.length ? all.join(" ") : lines.filter((l) => l.trim()).slice(-2).join(" ")).replace(/\s+/g, " ").slice(0, 400);
}

/**
 * `dbt debug` for the target a run uses (STOREMATCH_DBT_TARGET, else the warehouse's), with dbt's
 * own connection variables (lib/runner/dbt-target.ts), from
 * the project's venv, with a timeout. On DuckDB its connection test opens a scratch file: it must
 * neither create the workspace's warehouse nor collide with a running build's lock (the
 * warehouse check opens the real file). `skip` says why the connection cannot be tested (the
 * warehouse check already failed): dbt would only repeat that failure, slowly.
 */
export async function checkDbtProfile(config: Config, timeoutMs: number, skip?: string): Promise<CheckResult> {
  const dbt = paths(config).dbtBin;
  if (!existsSync(dbt)) return fail(NAME, `dbt is not installed at ${dbt}`, "run `bash scripts/setup.sh`");
  if (skip) return info(NAME, `dbt debug --target ${config.dbtTarget} not run: ${skip}`, "fix the warehouse first");
  let conn: ReturnType<typeof dbtTarget>;
  try {
    conn = dbtTarget(config);
  } catch (e) {
    return fail(NAME, `dbt's connection: ${(e as Error).message}`, "set the SNOWFLAKE_DBT_* variables (or SNOWFLAKE_*) dbt runs with");
  }
  const scratch = mkdtempSync(join(tmpdir(), "storematch-doctor-"));
  try {
    const args = ["debug", "--project-dir", config.dbtDir, "--profiles-dir", config.dbtDir, "--log-path", join(scratch, "logs"), "--target", conn.target];
    const env = childEnv({
      ...conn.env,
      STOREMATCH_DATA_DIR: config.warehouse === "duckdb" ? scratch : config.dataDir,
      STOREMATCH_WAREHOUSE: config.warehouse,
      DO_NOT_TRACK: "1",
      DBT_SEND_ANONYMOUS_USAGE_STATS: "false",
      DBT_USE_COLORS: "false",
    });
    const r = await new Promise<{ code: number | null; killed: boolean; out: string }>((resolve) =>
      execFile(dbt, args, { env, timeout: timeoutMs, killSignal: "SIGKILL", encoding: "utf8", maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : null) : 0, killed: Boolean(err?.killed), out: `${stdout}\n${stderr}` }),
      ),
    );
    const cmd = `dbt debug --target ${conn.target}`;
    if (r.killed) return fail(NAME, `${cmd} did not finish within ${Math.round(timeoutMs / 1000)}s`, `run \`cd ${config.dbtDir} && ${dbt} debug --profiles-dir .\` to see where it hangs`);
    if (r.code === 0 && /All checks passed/.test(r.out)) return ok(NAME, `${cmd}: all checks passed (profiles.yml, dbt_project.yml, connection)`);
    const remedy = config.warehouse === "snowflake"
      ? "check the SNOWFLAKE_DBT_* variables (or SNOWFLAKE_*) dbt runs with"
      : `check dbt/profiles.yml and dbt/dbt_project.yml (\`cd ${config.dbtDir} && ${dbt} debug --profiles-dir .\`)`;
    return fail(NAME, `${cmd} failed: ${dbtDebugProblem(r.out)}`, remedy);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
