import { existsSync } from "node:fs";
import { paths, type Config } from "../config";
import { probeDuckDBWarehouse } from "../warehouse/duckdb/probe";
import { fail, firstLine, info, ok, withTimeout, type CheckResult } from "./check";
import { snowflakeSettings, type SnowflakeSettings } from "../warehouse/snowflake/settings";

const NAME = "warehouse";

/** The configured warehouse: DuckDB's file opens read-only, or Snowflake answers as the configured role. */
export async function checkWarehouse(config: Config, timeoutMs: number): Promise<CheckResult> {
  return config.warehouse === "snowflake" ? checkSnowflake(config, timeoutMs) : checkDuckDB(config);
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

function where(s: SnowflakeSettings, url: string | null): string {
  return `Snowflake account ${s.account}${url ? ` at ${url}` : ""} as ${s.user}`;
}

/** What to set for a settings error of lib/warehouse/snowflake/settings.ts (its message names the variable). */
function settingsRemedy(message: string): string {
  if (/SNOWFLAKE_PRIVATE_KEY_FILE .* does not exist/.test(message)) return "point SNOWFLAKE_PRIVATE_KEY_FILE at the user's PEM private key";
  if (/SNOWFLAKE_PRIVATE_KEY_FILE.*or SNOWFLAKE_PASSWORD/.test(message)) return "set SNOWFLAKE_PRIVATE_KEY_FILE (key pair) or SNOWFLAKE_PASSWORD";
  const v = /SNOWFLAKE_[A-Z_]+/.exec(message)?.[0];
  const hint: Record<string, string> = { SNOWFLAKE_ACCOUNT: " (the account identifier, e.g. MYORG-MYACCOUNT)", SNOWFLAKE_WAREHOUSE: " (the console's warehouse)", SNOWFLAKE_DATABASE: " (STOREMATCH)" };
  return v ? `set ${v}${hint[v] ?? ""}` : "check the SNOWFLAKE_* variables";
}

async function checkSnowflake(config: Config, timeoutMs: number): Promise<CheckResult> {
  let s: SnowflakeSettings;
  try {
    s = snowflakeSettings(config);
  } catch (e) {
    return fail(NAME, `Snowflake: ${firstLine(e).replace(/^STOREMATCH_WAREHOUSE=snowflake: /, "")}`, settingsRemedy(firstLine(e)));
  }
  const { probeSnowflake, snowflakeAccessUrl, SnowflakeProbeError } = await import("../warehouse/snowflake/probe");
  const url = snowflakeAccessUrl(s);
  try {
    const r = await withTimeout(probeSnowflake(s, timeoutMs), timeoutMs + 2000, `Snowflake at ${url ?? s.account}`);
    if (!r.warehouse) return fail(NAME, `${where(s, url)}: connected as role ${r.role ?? "?"}, but no warehouse is in use`, "set SNOWFLAKE_WAREHOUSE to a warehouse the role may use (GRANT USAGE ON WAREHOUSE … TO ROLE …)");
    if (r.role && r.role.toUpperCase() !== s.role.toUpperCase()) return fail(NAME, `${where(s, url)}: the session's role is ${r.role}, not SNOWFLAKE_ROLE=${s.role}`, `GRANT ROLE ${s.role} TO USER ${s.user}`);
    return ok(NAME, `${where(s, url)}: role ${r.role ?? "?"}, warehouse ${r.warehouse}${s.emulator ? ` (emulator ${s.emulator}: the configured role and warehouse, it has neither)` : ""}`);
  } catch (e) {
    const kind = e instanceof SnowflakeProbeError ? e.kind : /did not answer/.test(firstLine(e)) ? "network" : "other";
    const auth = s.auth.kind === "password" ? "SNOWFLAKE_PASSWORD" : `${s.auth.kind === "key-pair" ? "SNOWFLAKE_PRIVATE_KEY_FILE" : "SNOWFLAKE_PRIVATE_KEY"} (and SNOWFLAKE_PRIVATE_KEY_PASSPHRASE)`;
    const remedy = {
      network: `check SNOWFLAKE_ACCOUNT${url ? " and SNOWFLAKE_HOST/SNOWFLAKE_PORT" : ""}, and that this machine reaches Snowflake (proxy: HTTPS_PROXY)`,
      auth: `check SNOWFLAKE_USER and ${auth}; for a key pair, the user's RSA_PUBLIC_KEY must match (DESC USER ${s.user})`,
      role: `check SNOWFLAKE_ROLE; GRANT ROLE ${s.role} TO USER ${s.user}`,
      other: "check the SNOWFLAKE_* variables (STOREMATCH_DEBUG=1 shows the driver's error)",
    }[kind];
    const label = { network: "cannot reach it", auth: "authentication failed", role: "role refused", other: "failed" }[kind];
    return fail(NAME, `${where(s, url)}: ${label}: ${firstLine(e)}`, remedy);
  }
}
