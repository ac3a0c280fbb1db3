// Stand-in for Snowflake in tests: starts tests/support/fakesnow_proxy.py (fakesnow's handlers, readable by the Node snowflake-sdk) on a free loopback port.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, rmSync, existsSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../../lib/config";
import { ROOT } from "../helpers";

const VENV = join(ROOT, ".venv-fakesnow");

export interface SnowflakeStandIn {
  port: number;
  /** Env for the CLI and loadConfig: STOREMATCH_WAREHOUSE=snowflake, pointed at the stand-in. */
  env: Record<string, string>;
  config(dataDir: string): Config;
  /** The stand-in's log (fakesnow's errors), for failure messages. */
  log(): string;
  stop(): void;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port });
    s.once("connect", () => { s.destroy(); resolve(true); });
    s.once("error", () => resolve(false));
  });

/** Start the proxy (one shared in-memory fakesnow database) and wait until it listens. */
export async function startSnowflakeStandIn(): Promise<SnowflakeStandIn> {
  if (!existsSync(join(VENV, "bin", "fakesnow"))) throw new Error(`fakesnow is not installed in ${VENV}: run bash scripts/setup-fakesnow.sh`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "storematch-snowproxy-"));
  const logFile = join(dir, "proxy.log");
  const fd = openSync(logFile, "w");
  // TMPDIR: fakesnow makes a stage bucket folder in the temp dir at start and never removes it.
  const child = spawn(join(VENV, "bin", "python"), [join(ROOT, "tests", "support", "fakesnow_proxy.py"), String(port)], {
    stdio: ["ignore", fd, fd], env: { ...process.env, TMPDIR: dir },
  });
  closeSync(fd);
  const log = () => (existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-4000) : "(the proxy's log was removed when it stopped)");
  const deadline = Date.now() + 60_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`the fakesnow proxy exited with ${child.exitCode}:\n${log()}`);
    if (Date.now() > deadline) { child.kill("SIGKILL"); throw new Error(`the fakesnow proxy did not listen within 60 s:\n${log()}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  const env = {
    STOREMATCH_WAREHOUSE: "snowflake", SNOWFLAKE_ACCOUNT: "fake", SNOWFLAKE_USER: "fake", SNOWFLAKE_PASSWORD: "fake",
    SNOWFLAKE_WAREHOUSE: "fake", SNOWFLAKE_DATABASE: "STOREMATCH", SNOWFLAKE_ROLE: "APP",
    SNOWFLAKE_HOST: "127.0.0.1", SNOWFLAKE_PORT: String(port), SNOWFLAKE_PROTOCOL: "http", SNOWFLAKE_EMULATOR: "fakesnow",
  };
  return {
    port, env, log,
    config: (dataDir) => loadConfig({ ...env, STOREMATCH_DATA_DIR: dataDir, STOREMATCH_ROOT: ROOT }),
    stop: () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Parse SQL as Snowflake SQL with sqlglot (a syntax check only): "ok", "unchecked" when sqlglot
 * does not know the statement and keeps it as a raw Command (it checks nothing then), or the
 * parser's error.
 */
export function sqlglotCheck(sql: string): "ok" | "unchecked" | string {
  const code = "import sys, sqlglot\ntry:\n    e = sqlglot.parse_one(sys.stdin.read(), read='snowflake')\n    print('unchecked' if isinstance(e, sqlglot.exp.Command) else 'ok')\nexcept Exception as e:\n    print('error: ' + str(e))";
  const r = spawnSync(join(VENV, "bin", "python"), ["-c", code], { input: sql, encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`sqlglot failed: ${r.stderr}`);
  return r.stdout.trim();
}
