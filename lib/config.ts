import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { AppError } from "./control/errors";

const EnvSchema = z.object({
  /** Repository root; bin/storematch.mjs sets it so the CLI works from any directory. */
  STOREMATCH_ROOT: z.string().min(1).optional(),
  STOREMATCH_DATA_DIR: z.string().min(1).default("./data"),
  STOREMATCH_DBT_DIR: z.string().min(1).optional(),
  STOREMATCH_VENV: z.string().min(1).optional(),
  STOREMATCH_WAREHOUSE: z.enum(["duckdb", "snowflake"]).default("duckdb"),
  /**
   * The dbt profile target a local build runs with (dbt/profiles.yml): by default the warehouse's
   * own (duckdb, snowflake); `fake` is the tests' fakesnow stand-in of Snowflake.
   */
  STOREMATCH_DBT_TARGET: z.enum(["duckdb", "snowflake", "fake"]).optional(),
  /** Snowflake (STOREMATCH_WAREHOUSE=snowflake): checked when first used (lib/warehouse/snowflake/settings.ts). */
  SNOWFLAKE_ACCOUNT: z.string().trim().min(1).optional(),
  SNOWFLAKE_USER: z.string().trim().min(1).optional(),
  SNOWFLAKE_PASSWORD: z.string().min(1).optional(),
  SNOWFLAKE_PRIVATE_KEY_FILE: z.string().trim().min(1).optional(),
  /** The key's PEM text instead of a file (a CI secret, e.g. the GitHub workflows'). */
  SNOWFLAKE_PRIVATE_KEY: z.string().trim().min(1).optional(),
  SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: z.string().min(1).optional(),
  SNOWFLAKE_ROLE: z.string().trim().min(1).optional(),
  SNOWFLAKE_WAREHOUSE: z.string().trim().min(1).optional(),
  SNOWFLAKE_DATABASE: z.string().trim().min(1).optional(),
  /**
   * dbt's own Snowflake identity (the TRANSFORMER role), so that a build, ingest and publishing never
   * run as the console's APP user. Each falls back to the SNOWFLAKE_* variable of the same name
   * (lib/warehouse/snowflake/settings.ts); the role defaults to TRANSFORMER.
   */
  SNOWFLAKE_DBT_USER: z.string().trim().min(1).optional(),
  SNOWFLAKE_DBT_PASSWORD: z.string().min(1).optional(),
  SNOWFLAKE_DBT_PRIVATE_KEY_FILE: z.string().trim().min(1).optional(),
  SNOWFLAKE_DBT_PRIVATE_KEY: z.string().trim().min(1).optional(),
  SNOWFLAKE_DBT_PRIVATE_KEY_PASSPHRASE: z.string().min(1).optional(),
  SNOWFLAKE_DBT_ROLE: z.string().trim().min(1).optional(),
  SNOWFLAKE_DBT_WAREHOUSE: z.string().trim().min(1).optional(),
  /** Host/port/protocol overrides: a test's fakesnow on loopback (never needed for a real account). */
  SNOWFLAKE_HOST: z.string().trim().min(1).optional(),
  SNOWFLAKE_PORT: z.string().trim().min(1).optional(),
  SNOWFLAKE_PROTOCOL: z.string().trim().min(1).optional(),
  /** Set to "fakesnow" for the tests' emulator: it lacks Iceberg snapshots and schema swaps (see lib/versions/snowflake/sql.ts). */
  SNOWFLAKE_EMULATOR: z.string().trim().min(1).optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  STOREMATCH_OIDC_ISSUER: z.string().url().optional(),
  STOREMATCH_OIDC_CLIENT_ID: z.string().min(1).optional(),
  STOREMATCH_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Where dbt runs: here (local), an Airflow DAG run, a GitHub Actions workflow run, or inside Snowflake (EXECUTE DBT PROJECT). */
  STOREMATCH_LAUNCHER: z.enum(["local", "airflow", "github", "snowflake"]).default("local"),
  /** STOREMATCH_LAUNCHER=snowflake: the DBT PROJECT object to execute, database.schema.name (STOREMATCH.CONTROL.STOREMATCH). */
  STOREMATCH_SNOWFLAKE_DBT_PROJECT: z.string().trim().min(1).optional(),
  STOREMATCH_LAUNCHER_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  STOREMATCH_AIRFLOW_URL: z.string().url().optional(),
  STOREMATCH_AIRFLOW_TOKEN: z.string().min(1).optional(),
  STOREMATCH_AIRFLOW_DAG: z.string().min(1).optional(),
  STOREMATCH_GITHUB_API_URL: z.string().url().default("https://api.github.com"),
  STOREMATCH_GITHUB_REPO: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name").optional(),
  STOREMATCH_GITHUB_WORKFLOW: z.string().min(1).optional(),
  STOREMATCH_GITHUB_TOKEN: z.string().min(1).optional(),
  STOREMATCH_GITHUB_REF: z.string().min(1).default("main"),
  /** The control plane: a postgresql:// URL, or unset for SQLite in the workspace (control.sqlite). */
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || /^postgres(ql)?:\/\//i.test(v), "must be a postgresql:// URL (or unset for the workspace's SQLite file)"),
  /** This machine's or container's id in leases and runs; by default the hostname and a random id kept in the workspace. */
  STOREMATCH_HOST_ID: z.string().trim().min(1).max(200).optional(),
  /** DuckDB's memory limit in local builds (dbt/profiles.yml; 6GB when unset): above it DuckDB spills to disk. */
  STOREMATCH_DUCKDB_MEMORY_LIMIT: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, "must be a size such as 6GB or 4096MB")
    .optional(),
});

export const SNOWFLAKE_ENV = [
  "SNOWFLAKE_ACCOUNT", "SNOWFLAKE_USER", "SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY_FILE", "SNOWFLAKE_PRIVATE_KEY", "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE",
  "SNOWFLAKE_ROLE", "SNOWFLAKE_WAREHOUSE", "SNOWFLAKE_DATABASE", "SNOWFLAKE_HOST", "SNOWFLAKE_PORT", "SNOWFLAKE_PROTOCOL", "SNOWFLAKE_EMULATOR",
  "SNOWFLAKE_DBT_USER", "SNOWFLAKE_DBT_PASSWORD", "SNOWFLAKE_DBT_PRIVATE_KEY_FILE", "SNOWFLAKE_DBT_PRIVATE_KEY", "SNOWFLAKE_DBT_PRIVATE_KEY_PASSPHRASE", "SNOWFLAKE_DBT_ROLE", "SNOWFLAKE_DBT_WAREHOUSE",
] as const;
export type SnowflakeEnv = (typeof SNOWFLAKE_ENV)[number];

export type DbtTarget = "duckdb" | "snowflake" | "fake";

/** The dbt targets that build on each warehouse: a target of another engine would build where the console never reads. */
const TARGETS_OF: Record<Config["warehouse"], DbtTarget[]> = { duckdb: ["duckdb"], snowflake: ["snowflake", "fake"] };

/** Where the control plane lives. */
export type ControlPlane = { provider: "sqlite"; file: string } | { provider: "postgresql"; url: string };

export interface Config {
  /** Repository root (dbt project, prisma migrations). */
  root: string;
  /** Absolute data directory of this workspace. */
  dataDir: string;
  /** The dbt project that runs build (a copy in tests, so seeds can be changed safely). */
  dbtDir: string;
  /** Python venv holding dbt. */
  venvDir: string;
  warehouse: "duckdb" | "snowflake";
  /** The dbt profile target of a local build (STOREMATCH_DBT_TARGET, else the warehouse's own). */
  dbtTarget: DbtTarget;
  /** The Snowflake connection's settings as given (validated on first use, so a bad one never stops a DuckDB workspace). */
  snowflake: Record<SnowflakeEnv, string | undefined>;
  controlPlane: ControlPlane;
  /** STOREMATCH_HOST_ID when set (lib/runner/host.ts otherwise derives one). */
  hostId: string | null;
  /** STOREMATCH_DUCKDB_MEMORY_LIMIT when set, passed to local dbt builds (the profile's default otherwise). */
  duckdbMemoryLimit: string | null;
  auth: {
    /** Signs session tokens; when unset, one is generated and kept in the workspace. */
    secret: string | null;
    /** Generic OIDC sign-in, switched on when all three are set. */
    oidc: { issuer: string; clientId: string; clientSecret: string } | null;
  };
  /**
   * Which RunLauncher runs dbt, and its settings as given (checked when a run is requested, by
   * lib/runner/launchers/index.ts, so that a misconfigured launcher never stops the console itself).
   */
  launcher: {
    name: "local" | "airflow" | "github" | "snowflake";
    pollMs: number;
    snowflake: { project: string | null };
    airflow: { url: string | null; token: string | null; dag: string | null };
    github: { apiUrl: string; repo: string | null; workflow: string | null; token: string | null; ref: string };
  };
}

/** env → typed config: the only reader of process.env for storematch settings. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("INTERNAL", `invalid environment variable ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const dbtTarget = e.STOREMATCH_DBT_TARGET ?? e.STOREMATCH_WAREHOUSE;
  if (!TARGETS_OF[e.STOREMATCH_WAREHOUSE].includes(dbtTarget)) {
    throw new AppError("INTERNAL", `invalid environment variable STOREMATCH_DBT_TARGET: "${dbtTarget}" does not build on STOREMATCH_WAREHOUSE=${e.STOREMATCH_WAREHOUSE} (use ${TARGETS_OF[e.STOREMATCH_WAREHOUSE].join(" or ")}, or leave it unset)`);
  }
  const root = resolve(/* turbopackIgnore: true */ e.STOREMATCH_ROOT ?? process.cwd());
  return {
    root,
    dataDir: resolve(e.STOREMATCH_DATA_DIR),
    dbtDir: resolve(e.STOREMATCH_DBT_DIR ?? join(/* turbopackIgnore: true */ root, "dbt")),
    venvDir: resolve(e.STOREMATCH_VENV ?? join(/* turbopackIgnore: true */ root, ".venv")),
    warehouse: e.STOREMATCH_WAREHOUSE,
    dbtTarget,
    snowflake: Object.fromEntries(SNOWFLAKE_ENV.map((k) => [k, e[k]])) as Record<SnowflakeEnv, string | undefined>,
    controlPlane: e.DATABASE_URL
      ? { provider: "postgresql", url: e.DATABASE_URL }
      : { provider: "sqlite", file: join(resolve(e.STOREMATCH_DATA_DIR), "control.sqlite") },
    hostId: e.STOREMATCH_HOST_ID ?? null,
    duckdbMemoryLimit: e.STOREMATCH_DUCKDB_MEMORY_LIMIT ?? null,
    auth: {
      secret: e.NEXTAUTH_SECRET ?? null,
      oidc:
        e.STOREMATCH_OIDC_ISSUER && e.STOREMATCH_OIDC_CLIENT_ID && e.STOREMATCH_OIDC_CLIENT_SECRET
          ? { issuer: e.STOREMATCH_OIDC_ISSUER, clientId: e.STOREMATCH_OIDC_CLIENT_ID, clientSecret: e.STOREMATCH_OIDC_CLIENT_SECRET }
          : null,
    },
    launcher: {
      name: e.STOREMATCH_LAUNCHER,
      pollMs: e.STOREMATCH_LAUNCHER_POLL_MS,
      snowflake: { project: e.STOREMATCH_SNOWFLAKE_DBT_PROJECT ?? null },
      airflow: { url: e.STOREMATCH_AIRFLOW_URL ?? null, token: e.STOREMATCH_AIRFLOW_TOKEN ?? null, dag: e.STOREMATCH_AIRFLOW_DAG ?? null },
      github: {
        apiUrl: e.STOREMATCH_GITHUB_API_URL,
        repo: e.STOREMATCH_GITHUB_REPO ?? null,
        workflow: e.STOREMATCH_GITHUB_WORKFLOW ?? null,
        token: e.STOREMATCH_GITHUB_TOKEN ?? null,
        ref: e.STOREMATCH_GITHUB_REF,
      },
    },
  };
}

export const paths = (c: Config) => ({
  rawDir: join(c.dataDir, "raw"),
  rawCurrent: join(c.dataDir, "raw", "current"),
  warehouseFile: join(c.dataDir, "warehouse.duckdb"),
  snapshotsDir: join(c.dataDir, "snapshots"),
  dbtTarget: join(c.dataDir, "dbt", "target"),
  dbtLogs: join(c.dataDir, "dbt", "logs"),
  dbtBin: join(c.venvDir, "bin", "dbt"),
});

export function hasRawData(c: Config): boolean {
  return existsSync(join(paths(c).rawCurrent, "gi.parquet"));
}
