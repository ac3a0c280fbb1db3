// Stand-in for Snowflake in tests: starts fakesnow (a Snowflake emulator on DuckDB, .venv-fakesnow) as a loopback HTTP server and runs its Python helpers.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../helpers";

export const FAKESNOW_VENV = join(ROOT, ".venv-fakesnow");
const PYTHON = join(FAKESNOW_VENV, "bin", "python");
/** Unsupported SQL makes fakesnow answer HTTP 500 and the connector retry forever: every job gets a deadline. */
export const JOB_TIMEOUT_MS = 600_000;

export interface Fakesnow {
  port: number;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port });
    s.once("connect", () => { s.destroy(); resolve(true); });
    s.once("error", () => resolve(false));
  });
}

/** Start fakesnow on a free loopback port, its databases in a fresh directory. */
export async function startFakesnow(): Promise<Fakesnow> {
  if (!existsSync(join(FAKESNOW_VENV, "bin", "fakesnow"))) {
    throw new Error(`fakesnow is not installed in ${FAKESNOW_VENV}: run bash scripts/setup-fakesnow.sh`);
  }
  const port = await freePort();
  const dbDir = mkdtempSync(join(tmpdir(), "storematch-fakesnow-"));
  // Its log goes to a file, not a pipe: the tests run dbt synchronously, and a pipe nobody
  // drains meanwhile fills up and blocks fakesnow mid-request.
  const logFile = join(dbDir, "fakesnow.log");
  const logFd = openSync(logFile, "w");
  const child: ChildProcess = spawn(join(FAKESNOW_VENV, "bin", "fakesnow"), ["-s", "-p", String(port), "--host", "127.0.0.1", "-d", dbDir], {
    stdio: ["ignore", logFd, logFd],
    // fakesnow makes a stage bucket folder in the temp dir at start and never removes it.
    env: { ...process.env, TMPDIR: dbDir },
  });
  closeSync(logFd);
  const log = () => readFileSync(logFile, "utf8").slice(-4000);
  const deadline = Date.now() + 60_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`fakesnow exited with ${child.exitCode} before listening on ${port}:\n${log()}`);
    if (Date.now() > deadline) { child.kill("SIGKILL"); throw new Error(`fakesnow did not listen on ${port} within 60 s:\n${log()}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    stop: () => {
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dbDir, { recursive: true, force: true });
    },
  };
}

function python(args: string[], what: string): string {
  const r = spawnSync(PYTHON, args, { encoding: "utf8", timeout: JOB_TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${what} failed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stderr.slice(-4000)}`);
  return r.stdout;
}

/** Load a workspace's raw Parquet files (and pair decisions) into RAW.GI, RAW.TH and CONTROL.PAIR_DECISIONS. */
export function loadRaw(port: number, dataDir: string): string {
  return python([join(ROOT, "tests", "support", "fakesnow_load.py"), String(port), dataDir], "loading the raw stores into fakesnow");
}

/** Run SQL statements against fakesnow; one array of row objects per statement. */
export function fakesnowSql<T = Record<string, unknown>>(port: number, ...statements: string[]): T[][] {
  return JSON.parse(python([join(ROOT, "tests", "support", "fakesnow_sql.py"), String(port), ...statements], "a fakesnow query")) as T[][];
}

/** Parse SQL files as Snowflake SQL with sqlglot (a syntax check only). */
export function sqlglotCheck(files: string[]): { checked: number; errors: { file: string; error: string }[] } {
  return JSON.parse(python([join(ROOT, "tests", "support", "sqlglot_check.py"), ...files], "the sqlglot syntax check"));
}
