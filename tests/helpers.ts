import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadConfig, type Config } from "../lib/config";
import { queryRows, sqlString, withMemoryDuckDB, withWarehouseReadOnly } from "../lib/warehouse/duckdb/db";
import { createDatabaseFromTemplate } from "./postgres";

export const ROOT = resolve(import.meta.dirname, "..");

export function tempDir(prefix = "storematch-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The control-plane provider of this test run: STOREMATCH_TEST_PROVIDER=postgres (vitest.config.ts) or SQLite. */
export const TEST_PROVIDER: "sqlite" | "postgres" = process.env.STOREMATCH_TEST_PG_URL ? "postgres" : "sqlite";

/**
 * The control-plane variables of a workspace: none on SQLite (control.sqlite in the data dir);
 * on PostgreSQL, DATABASE_URL naming a database of its own on the test server, made on first use
 * as a copy of the run's migrated template (tests/postgres-global-setup.ts).
 */
export function controlPlaneEnv(dataDir: string): Record<string, string> {
  const base = process.env.STOREMATCH_TEST_PG_URL;
  if (!base) return {};
  const name = `sm_${createHash("sha256").update(resolve(dataDir)).digest("hex").slice(0, 24)}`;
  const template = process.env.STOREMATCH_TEST_PG_TEMPLATE;
  if (template && !pgDatabasesMade.has(name)) {
    createDatabaseFromTemplate(base, name, template);
    pgDatabasesMade.add(name);
  }
  return { DATABASE_URL: `${base}/${name}` };
}
const pgDatabasesMade = new Set<string>();

/** A child's environment: ours, the test's, and the workspace's control plane. */
export function workspaceEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const dataDir = env.STOREMATCH_DATA_DIR;
  return { ...process.env, ...(dataDir && env.DATABASE_URL === undefined ? controlPlaneEnv(dataDir) : {}), ...env } as NodeJS.ProcessEnv;
}

/** Run the real `storematch` command in a workspace. */
export function cli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "storematch.mjs"), ...args], {
    env: workspaceEnv(env),
    encoding: "utf8",
    timeout: 600_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** cli() that fails the test with dbt's output when the command fails. */
export function cliOk(args: string[], env: Record<string, string> = {}): CliResult {
  const r = cli(args, env);
  if (r.code !== 0) throw new Error(`storematch ${args.join(" ")} exited ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr}`);
  return r;
}

/** A copy of the dbt project, so a test can change seeds without touching the repository. */
export function copyDbtProject(dir: string): string {
  const dest = join(dir, "dbt");
  cpSync(join(ROOT, "dbt"), dest, {
    recursive: true,
    filter: (src) => !/[\\/](target|logs|dbt_packages)$/.test(src),
  });
  return dest;
}

export function workspaceConfig(dataDir: string, dbtDir?: string): Config {
  return loadConfig({ STOREMATCH_DATA_DIR: dataDir, STOREMATCH_ROOT: ROOT, ...controlPlaneEnv(dataDir), ...(dbtDir ? { STOREMATCH_DBT_DIR: dbtDir } : {}) });
}

export function writeCsv(path: string, lines: string[]): string {
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

/** Query Parquet/CSV files with a throwaway in-memory DuckDB. */
export async function query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  return withMemoryDuckDB((c) => queryRows<T>(c, sql));
}

export const lit = sqlString;

/** Read the live warehouse (only while no run is in progress: the console never does this). */
export async function warehouseQuery<T = Record<string, unknown>>(dataDir: string, sql: string): Promise<T[]> {
  return withWarehouseReadOnly(join(dataDir, "warehouse.duckdb"), (c) => queryRows<T>(c, sql));
}

export function cliJson<T>(args: string[], env: Record<string, string>): T {
  return JSON.parse(cliOk([...args, "--json"], env).stdout) as T;
}

export interface Started {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/** Start the CLI without waiting for it. */
export function startCli(args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, [join(ROOT, "bin", "storematch.mjs"), ...args], { env: workspaceEnv(env) });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on("close", (code, signal) => resolve({ code, stdout, stderr: signal ? `${stderr}\n(killed by ${signal})` : stderr })));
  return { child, done };
}

/** Poll until fn returns a value (not undefined/false), or fail after timeoutMs. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false | null>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `read_parquet([...])` over one table of a version (a version id, promoted or latest). */
export async function versionTable(config: Config, spec: string, table: string): Promise<string> {
  const { readManifest, resolveVersion } = await import("../lib/versions/registry");
  const m = readManifest(await resolveVersion(config, spec));
  const files = (m.tables as Record<string, { files: string[] }>)[table]!.files;
  return `read_parquet([${files.map(lit).join(", ")}])`;
}

/** The version ids of a workspace with their statuses, oldest first. */
export async function versionStates(config: Config): Promise<string[]> {
  const { listVersions } = await import("../lib/versions/registry");
  return (await listVersions(config)).reverse().map((v) => `${v.id}:${v.status}`);
}

/**
 * The legal-form stories' data: in a generated input folder (gi.csv, th.csv, truth.csv), the TH
 * twin of every pair whose names differ by a legal form in one list only (and nothing else),
 * and whose name is the only one of its kind in GI once the legal form is gone, keeps only its
 * name and city
 * (address, postcode, phone and coordinates blanked). The learned model absorbs a missing
 * legal-forms rule when a pair's address, postcode, phone or position agree (one name inside
 * the other is evidence it learns); where TH knows a store by its name and city only, the rule
 * decides, which is the case these stories need. Returns the thinned pairs.
 */
export async function thinLegalFormTwins(inputDir: string): Promise<{ gi_id: string; th_id: string }[]> {
  const [gi, th, truth, out] = ["gi.csv", "th.csv", "truth.csv", "th.thin.csv"].map((f) => lit(join(inputDir, f)));
  const forms = "(^|[^a-z])(sa|sas|sasu|sarl|eurl|snc)([^a-z]|$)";
  const folded = (col: string) => `strip_accents(lower(replace(${col}, '.', '')))`;
  const has = (col: string) => `regexp_matches(${folded(col)}, '${forms}')`;
  const bare = (col: string) => `trim(regexp_replace(regexp_replace(${folded(col)}, '${forms}', ' ', 'g'), '[^a-z0-9]+', ' ', 'g'))`;
  const rows = await query<{ gi_id: string; th_id: string }>(`
    create temp table thin as
      select t.gi_id, t.th_id from read_csv(${truth}, all_varchar = true) t
      join read_csv(${gi}, all_varchar = true) g on g.store_id = t.gi_id
      join read_csv(${th}, all_varchar = true) h on h.store_id = t.th_id
      where ${has("g.name")} <> ${has("h.name")} and ${bare("g.name")} = ${bare("h.name")}
        and (select count(*) from read_csv(${gi}, all_varchar = true) o where ${bare("o.name")} = ${bare("g.name")}) = 1;
    copy (
      select h.* replace (
        case when x.th_id is null then h.address end as address,
        case when x.th_id is null then h.postcode end as postcode,
        case when x.th_id is null then h.phone end as phone,
        case when x.th_id is null then h.lat end as lat,
        case when x.th_id is null then h.lon end as lon)
      from read_csv(${th}, all_varchar = true) h left join thin x on x.th_id = h.store_id
    ) to ${out} (header, delimiter ',');
    select gi_id, th_id from thin order by gi_id;`);
  renameSync(join(inputDir, "th.thin.csv"), join(inputDir, "th.csv"));
  return rows;
}
