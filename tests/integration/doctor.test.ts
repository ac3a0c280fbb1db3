// storematch doctor on real workspaces (DuckDB, SQLite or the suite's PostgreSQL, dbt); Snowflake, PostgreSQL and GitHub are reached only on 127.0.0.1 (closed ports, and one stand-in HTTP server in this file for GitHub's workflow endpoint).
import Database from "better-sqlite3";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLauncher } from "../../lib/doctor/launcher";
import type { DoctorReport } from "../../lib/doctor";
import { cli, cliOk, controlPlaneEnv, tempDir, workspaceConfig } from "../helpers";

const PASSWORD = "Sn0wflake-pa55word-never-printed";
const PG_PASSWORD = "pg-pa55word-never-printed";
const TOKEN = "ghp_token_never_printed_0123456789";

/** A loopback port nobody listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function doctor(env: Record<string, string>): { code: number | null; report: DoctorReport; text: string; all: string } {
  const j = cli(["doctor", "--json"], env);
  const t = cli(["doctor"], env);
  expect(t.code).toBe(j.code);
  return { code: j.code, report: JSON.parse(j.stdout) as DoctorReport, text: t.stdout, all: j.stdout + j.stderr + t.stdout + t.stderr };
}
const byName = (r: DoctorReport, name: string) => r.checks.find((c) => c.name === name)!;

describe("storematch doctor", () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = tempDir();
    env = { STOREMATCH_DATA_DIR: join(dir, "data") };
    cliOk(["generate", "--stores", "300", "--seed", "5", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    cliOk(["run", "--full-refresh", "--quiet"], env);
  }, 600_000);

  it("passes every check on a built local workspace: DuckDB opens read-only, dbt debug passes, migrations applied, exit 0", () => {
    const d = doctor(env);
    expect(d.report.checks.map((c) => `${c.name}:${c.status}`)).toEqual(
      ["node", "python venv", "disk", "warehouse", "dbt profile", "control plane", "launcher"].map((n) => `${n}:ok`),
    );
    expect(d.report.ok).toBe(true);
    expect(d.code).toBe(0);
    expect(byName(d.report, "warehouse").message).toMatch(/^DuckDB .*warehouse\.duckdb opens read-only \(\d+ tables and views\)$/);
    expect(byName(d.report, "dbt profile").message).toContain("dbt debug --target duckdb: all checks passed");
    expect(byName(d.report, "control plane").message).toMatch(/reachable, all \d+ migrations applied$/);
    // On the suite's PostgreSQL pass, the workspace's control plane is PostgreSQL.
    expect(byName(d.report, "control plane").message.split(" ")[0]).toBe(controlPlaneEnv(env.STOREMATCH_DATA_DIR!).DATABASE_URL ? "PostgreSQL" : "SQLite");
    // Not a terminal: ASCII markers, one line per check and a summary.
    const lines = d.text.trim().split("\n");
    expect(lines).toHaveLength(8);
    expect(lines.slice(0, 7).every((l) => l.startsWith("[ok]"))).toBe(true);
    expect(lines[7]).toBe("all 7 checks passed");
  }, 300_000);

  it("lists the pending migrations of a SQLite control plane that is behind, and says how to apply them", () => {
    const sq = { STOREMATCH_DATA_DIR: join(tempDir(), "data"), DATABASE_URL: "" };
    cliOk(["settings", "list"], sq); // creates and migrates the workspace's control.sqlite
    const file = join(sq.STOREMATCH_DATA_DIR, "control.sqlite");
    const db = new Database(file);
    const last = (db.prepare(`SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`).get() as { migration_name: string }).migration_name;
    db.prepare(`DELETE FROM _prisma_migrations WHERE migration_name = ?`).run(last);
    db.close();
    const d = doctor({ ...sq, STOREMATCH_WAREHOUSE: "snowflake" }); // snowflake unconfigured: dbt debug is skipped, the test stays quick
    const c = byName(d.report, "control plane");
    expect(c.status).toBe("fail");
    expect(c.message).toBe(`SQLite ${file}: 1 migration(s) pending: ${last}`);
    expect(c.remedy).toContain("bash scripts/prisma.sh migrate deploy");
    expect(d.code).toBe(1);
  }, 120_000);

  it("fails a Snowflake configuration without an account: names the variable, skips dbt debug, exit 1, no secret printed", () => {
    const d = doctor({ ...env, STOREMATCH_WAREHOUSE: "snowflake", SNOWFLAKE_USER: "STOREMATCH_APP_SVC", SNOWFLAKE_PASSWORD: PASSWORD });
    const w = byName(d.report, "warehouse");
    expect(w).toEqual({
      name: "warehouse",
      status: "fail",
      message: "Snowflake: SNOWFLAKE_ACCOUNT is not set",
      remedy: "set SNOWFLAKE_ACCOUNT (the account identifier, e.g. MYORG-MYACCOUNT)",
    });
    expect(byName(d.report, "dbt profile")).toMatchObject({ status: "info", message: "dbt debug --target snowflake not run: the warehouse does not answer" });
    expect(d.report.ok).toBe(false);
    expect(d.code).toBe(1);
    expect(d.text).toMatch(/^\[FAIL\] warehouse +Snowflake: SNOWFLAKE_ACCOUNT is not set -- fix: set SNOWFLAKE_ACCOUNT/m);
    expect(d.text.trim().split("\n").at(-1)).toBe("1 of 7 checks failed");
    expect(d.all).not.toContain(PASSWORD);
  }, 120_000);

  it("fails a Snowflake account that does not answer (a closed loopback port): cannot reach it, what to check, exit 1, no secret printed", async () => {
    const port = await closedPort();
    const d = doctor({
      ...env, STOREMATCH_WAREHOUSE: "snowflake", SNOWFLAKE_ACCOUNT: "myorg-myaccount", SNOWFLAKE_USER: "STOREMATCH_APP_SVC", SNOWFLAKE_PASSWORD: PASSWORD,
      SNOWFLAKE_ROLE: "STOREMATCH_APP", SNOWFLAKE_WAREHOUSE: "STOREMATCH_APP_WH", SNOWFLAKE_DATABASE: "STOREMATCH", SNOWFLAKE_HOST: "127.0.0.1", SNOWFLAKE_PORT: String(port), SNOWFLAKE_PROTOCOL: "http",
    });
    const w = byName(d.report, "warehouse");
    expect(w.status).toBe("fail");
    expect(w.message).toBe(`Snowflake account myorg-myaccount at http://127.0.0.1:${port} as STOREMATCH_APP_SVC: cannot reach it: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(w.remedy).toBe("check SNOWFLAKE_ACCOUNT and SNOWFLAKE_HOST/SNOWFLAKE_PORT, and that this machine reaches Snowflake (proxy: HTTPS_PROXY)");
    expect(d.code).toBe(1);
    expect(d.all).not.toContain(PASSWORD);
    expect(d.all).not.toContain("NodeVersionSupportWarning"); // the driver's bundled AWS SDK stays quiet
  }, 120_000);

  it("fails a PostgreSQL control plane that does not answer, with the password masked; and a remote launcher without its token", async () => {
    const port = await closedPort();
    const url = `postgresql://storematch:${PG_PASSWORD}@127.0.0.1:${port}/storematch`;
    const d = doctor({
      ...env, STOREMATCH_WAREHOUSE: "snowflake", // unconfigured: dbt debug is skipped
      DATABASE_URL: url,
      STOREMATCH_LAUNCHER: "airflow", STOREMATCH_AIRFLOW_URL: "http://127.0.0.1:9", STOREMATCH_AIRFLOW_DAG: "storematch_run",
    });
    expect(byName(d.report, "control plane")).toEqual({
      name: "control plane",
      status: "fail",
      message: `PostgreSQL postgresql://storematch:***@127.0.0.1:${port}/storematch: cannot reach it: connect ECONNREFUSED 127.0.0.1:${port}`,
      remedy: "check the host and port in DATABASE_URL, and that PostgreSQL is running and accepts connections from here",
    });
    expect(byName(d.report, "launcher")).toEqual({
      name: "launcher",
      status: "fail",
      message: "airflow: STOREMATCH_LAUNCHER=airflow needs STOREMATCH_AIRFLOW_TOKEN (not set)",
      remedy: "set STOREMATCH_AIRFLOW_TOKEN",
    });
    expect(d.code).toBe(1);
    expect(d.all).not.toContain(PG_PASSWORD);
  }, 120_000);

  it("refuses a DATABASE_URL that is not PostgreSQL as a configuration failure, exit 1", () => {
    const d = doctor({ ...env, DATABASE_URL: `mysql://root:${PG_PASSWORD}@127.0.0.1/x` });
    expect(d.report.checks).toEqual([
      { name: "configuration", status: "fail", message: expect.stringContaining("invalid environment variable DATABASE_URL: must be a postgresql:// URL"), remedy: "fix DATABASE_URL (or unset it for the default)" },
    ]);
    expect(d.code).toBe(1);
    expect(d.all).not.toContain(PG_PASSWORD);
  });
});

describe("the remote launcher checks (against a stand-in of GitHub's GET /repos/{repo}/actions/workflows/{workflow} and Airflow's GET /api/v2/dags/{dag} on 127.0.0.1)", () => {
  let server: Server;
  let api: string;
  const seen: { path: string; auth: string | undefined }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? "", auth: req.headers.authorization });
      res.setHeader("content-type", "application/json");
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return res.writeHead(401).end(JSON.stringify({ message: "Bad credentials" }));
      if (req.method === "GET" && req.url === "/repos/acme/storematch/actions/workflows/storematch-run.yml")
        return res.writeHead(200).end(JSON.stringify({ id: 7, path: ".github/workflows/storematch-run.yml", state: "active" }));
      if (req.method === "GET" && req.url === "/repos/acme/storematch/actions/workflows/off.yml") return res.writeHead(200).end(JSON.stringify({ id: 8, state: "disabled_manually" }));
      if (req.method === "GET" && req.url === "/api/v2/dags/storematch_run") return res.writeHead(200).end(JSON.stringify({ dag_id: "storematch_run", is_paused: false }));
      if (req.method === "GET" && req.url === "/api/v2/dags/paused_dag") return res.writeHead(200).end(JSON.stringify({ dag_id: "paused_dag", is_paused: true }));
      res.writeHead(404).end(JSON.stringify({ message: "Not Found" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const config = (over: Record<string, string>) =>
    ({ ...workspaceConfig(tempDir()), launcher: { ...workspaceConfig(tempDir()).launcher, name: "github" as const, github: { apiUrl: api, repo: "acme/storematch", workflow: "storematch-run.yml", token: TOKEN, ref: "main", ...over } } });

  it("passes when the workflow answers and is active, with the token as a bearer", async () => {
    expect(await checkLauncher(config({}), 5000)).toEqual({ name: "launcher", status: "ok", message: 'github: workflow "storematch-run.yml" in acme/storematch answers (active)' });
    expect(seen.at(-1)).toEqual({ path: "/repos/acme/storematch/actions/workflows/storematch-run.yml", auth: `Bearer ${TOKEN}` });
  });

  it("fails a refused token, an unknown workflow and a disabled one, each with its remedy", async () => {
    const refused = await checkLauncher(config({ token: "wrong" }), 5000);
    expect(refused).toMatchObject({ status: "fail", remedy: expect.stringContaining("check STOREMATCH_GITHUB_TOKEN") });
    expect(refused.message).toContain("the token was refused (401)");
    const missing = await checkLauncher(config({ workflow: "nope.yml" }), 5000);
    expect(missing).toMatchObject({ status: "fail", message: 'github: no workflow "nope.yml" in acme/storematch (or the token cannot see the repository)' });
    const off = await checkLauncher(config({ workflow: "off.yml" }), 5000);
    expect(off).toEqual({ name: "launcher", status: "fail", message: 'github: workflow "off.yml" in acme/storematch is disabled_manually', remedy: "enable it: `gh workflow enable off.yml -R acme/storematch`" });
  });

  const airflow = (dag: string, token = TOKEN) =>
    ({ ...workspaceConfig(tempDir()), launcher: { ...workspaceConfig(tempDir()).launcher, name: "airflow" as const, airflow: { url: api, token, dag } } });

  it("Airflow: passes when the DAG answers unpaused; fails a paused DAG, an unknown DAG and a refused token, each with its remedy", async () => {
    expect(await checkLauncher(airflow("storematch_run"), 5000)).toEqual({ name: "launcher", status: "ok", message: `airflow: DAG "storematch_run" at ${api} answers (not paused)` });
    expect(seen.at(-1)).toEqual({ path: "/api/v2/dags/storematch_run", auth: `Bearer ${TOKEN}` });
    expect(await checkLauncher(airflow("paused_dag"), 5000)).toEqual({ name: "launcher", status: "fail", message: `airflow: DAG "paused_dag" at ${api} is paused: runs would wait forever`, remedy: "unpause it: `airflow dags unpause paused_dag`" });
    expect(await checkLauncher(airflow("nope"), 5000)).toMatchObject({ status: "fail", message: `airflow: Airflow at ${api} has no DAG "nope"`, remedy: expect.stringContaining("STOREMATCH_AIRFLOW_DAG") });
    const refused = await checkLauncher(airflow("storematch_run", "wrong"), 5000);
    expect(refused).toMatchObject({ status: "fail", remedy: expect.stringContaining("check STOREMATCH_AIRFLOW_TOKEN") });
  });
});
