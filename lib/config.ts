import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** Repository root, found from this file (lib/config.ts) so the CLI works from any cwd. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const EnvSchema = z.object({
  STOREMATCH_DATA_DIR: z.string().min(1).default("./data"),
  STOREMATCH_DBT_DIR: z.string().min(1).optional(),
  STOREMATCH_VENV: z.string().min(1).optional(),
  STOREMATCH_WAREHOUSE: z.enum(["duckdb", "snowflake"]).default("duckdb"),
});

export interface Config {
  /** Absolute data directory of this workspace. */
  dataDir: string;
  /** The dbt project that runs build (a copy in tests, so seeds can be changed safely). */
  dbtDir: string;
  /** Python venv holding dbt. */
  venvDir: string;
  warehouse: "duckdb" | "snowflake";
}

/** env → typed config: the only reader of process.env for storematch settings. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid environment variable ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    dataDir: resolve(e.STOREMATCH_DATA_DIR),
    dbtDir: resolve(e.STOREMATCH_DBT_DIR ?? join(REPO_ROOT, "dbt")),
    venvDir: resolve(e.STOREMATCH_VENV ?? join(REPO_ROOT, ".venv")),
    warehouse: e.STOREMATCH_WAREHOUSE,
  };
}

export const paths = (c: Config) => ({
  rawDir: join(c.dataDir, "raw"),
  rawCurrent: join(c.dataDir, "raw", "current"),
  warehouseFile: join(c.dataDir, "warehouse.duckdb"),
  snapshotsDir: join(c.dataDir, "snapshots"),
  snapshotPointer: join(c.dataDir, "snapshots", "current.json"),
  dbtTarget: join(c.dataDir, "dbt", "target"),
  dbtLogs: join(c.dataDir, "dbt", "logs"),
  dbtBin: join(c.venvDir, "bin", "dbt"),
});

export function hasRawData(c: Config): boolean {
  return existsSync(join(paths(c).rawCurrent, "gi.parquet"));
}
