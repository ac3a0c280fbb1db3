import { existsSync } from "node:fs";
import { paths, type Config } from "../config";
import { probeDuckDBWarehouse } from "../warehouse/duckdb/probe";
import { fail, firstLine, info, ok, withTimeout, type CheckResult } from "./check";
import { snowflakeSettings, type SnowflakeSettings } from "./snowflake-settings";

const NAME = "warehouse";

/** The configured warehouse: DuckDB's file opens read-only, or Snowflake answers as the configured role. */
export async function checkWarehouse(config: Config, env: Record<string, string | undefined>, timeoutMs: number): Promise<CheckResult> {
  return config.warehouse === "snowflake" ? checkSnowflake(env, timeoutMs) : checkDuckDB(config);
}

async function checkDuckDB(config: Config): Promise<CheckResult> {
  const file = paths(config).warehouseFile;
  if (!existsSync(file))
    return info(NAME, `DuckDB: no warehouse yet at ${file} (the first run builds it)`, "run `storematch ingest --gi FILE --th FILE`, then `storematch run`");
  try {
    const { relations } = await probeDuckDBWarehouse(file);
    return ok(NAME, `DuckDB ${file} opens read-only (${relations} tables and views)`);
  } catch (e) {
    const msg = firstLine(e);
    // A build holds DuckDB's write lock: the file is fine, only busy.
    if (/lock/i.test(msg)) return info(NAME, `DuckDB ${file} is in use by a running build (dbt holds its lock)`, "run `storematch doctor` again once `storematch runs list` shows no running run");
    return fail(NAME, `DuckDB ${file} does not open read-only: ${msg}`, "if no run is in progress, rebuild it with `storematch run --full-refresh`");
  }
}

function where(s: SnowflakeSettings): string {
  return `Snowflake account ${s.account}${s.accessUrl ? ` at ${s.accessUrl}` : ""} as ${s.user}`;
}

async function checkSnowflake(env: Record<string, string | undefined>, timeoutMs: number): Promise<CheckResult> {
  const parsed = snowflakeSettings(env);
  if (!parsed.settings) return fail(NAME, `Snowflake (STOREMATCH_WAREHOUSE=snowflake): ${parsed.problems.map((p) => p.text).join("; ")}`, `set ${parsed.problems.map((p) => p.fix).join("; ")}`);
  const s = parsed.settings;
  const { probeSnowflake, SnowflakeProbeError } = await import("../warehouse/snowflake/probe");
  try {
    const r = await withTimeout(probeSnowflake(s, timeoutMs), timeoutMs + 2000, `Snowflake at ${s.accessUrl ?? s.account}`);
    if (!r.warehouse) return fail(NAME, `${where(s)}: connected as role ${r.role ?? "?"}, but no warehouse is in use`, "set SNOWFLAKE_WAREHOUSE to a warehouse the role may use (GRANT USAGE ON WAREHOUSE … TO ROLE …)");
    if (s.role && r.role && r.role.toUpperCase() !== s.role.toUpperCase()) return fail(NAME, `${where(s)}: the session's role is ${r.role}, not SNOWFLAKE_ROLE=${s.role}`, `GRANT ROLE ${s.role} TO USER ${s.user}`);
    return ok(NAME, `${where(s)}: role ${r.role ?? "?"}, warehouse ${r.warehouse}`);
  } catch (e) {
    const kind = e instanceof SnowflakeProbeError ? e.kind : /did not answer/.test(firstLine(e)) ? "network" : "other";
    const auth = s.auth.kind === "password" ? "SNOWFLAKE_PASSWORD" : s.auth.key.pem ? "SNOWFLAKE_PRIVATE_KEY (and SNOWFLAKE_PRIVATE_KEY_PASSPHRASE)" : "SNOWFLAKE_PRIVATE_KEY_PATH (and SNOWFLAKE_PRIVATE_KEY_PASSPHRASE)";
    const remedy = {
      network: `check SNOWFLAKE_ACCOUNT${s.accessUrl ? " and SNOWFLAKE_HOST/SNOWFLAKE_PORT" : ""}, and that this machine reaches Snowflake (proxy: HTTPS_PROXY)`,
      auth: `check SNOWFLAKE_USER and ${auth}; for a key pair, the user's RSA_PUBLIC_KEY must match (DESC USER ${s.user})`,
      role: `check SNOWFLAKE_ROLE${s.role ? `; GRANT ROLE ${s.role} TO USER ${s.user}` : ""}`,
      other: "check the SNOWFLAKE_* variables (STOREMATCH_DEBUG=1 shows the driver's error)",
    }[kind];
    const label = { network: "cannot reach it", auth: "authentication failed", role: "role refused", other: "failed" }[kind];
    return fail(NAME, `${where(s)}: ${label}: ${firstLine(e)}`, remedy);
  }
}
