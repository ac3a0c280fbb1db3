import type { Config, DbtTarget } from "../config";
import { AppError } from "../control/errors";
import { snowflakeSettings } from "../warehouse/snowflake/settings";

/**
 * The profile target (dbt/profiles.yml) a locally spawned dbt runs with, and the connection
 * variables it needs. On Snowflake dbt connects as the transformer (SNOWFLAKE_DBT_*, falling back to
 * SNOWFLAKE_*: lib/warehouse/snowflake/settings.ts), and it is given only that identity's
 * variables, under the names the profile reads: never the console's own password or key.
 * - duckdb: the workspace's warehouse file (nothing to add);
 * - snowflake: SNOWFLAKE_ACCOUNT, _USER, _ROLE, _WAREHOUSE, _DATABASE and SNOWFLAKE_PRIVATE_KEY_FILE
 *   or SNOWFLAKE_PRIVATE_KEY (+ _PASSPHRASE; key-pair authentication, preferred) or SNOWFLAKE_PASSWORD.
 *   Checked here by unit tests only: no real account was reached (infra/README.md);
 * - fake (tests' fakesnow): the profile's fixed loopback output, on the port of SNOWFLAKE_PORT.
 */
export function dbtTarget(config: Config): { target: DbtTarget; env: Record<string, string> } {
  const target = config.dbtTarget;
  if (target === "duckdb") return { target, env: {} };
  const s = snowflakeSettings(config, "transformer");
  if (target === "fake") {
    if (!s.port) throw new AppError("UNAVAILABLE", "STOREMATCH_DBT_TARGET=fake needs SNOWFLAKE_PORT: the port of the fakesnow server on 127.0.0.1");
    return { target, env: { STOREMATCH_FAKESNOW_PORT: String(s.port) } };
  }
  const env: Record<string, string> = {
    SNOWFLAKE_ACCOUNT: s.account, SNOWFLAKE_USER: s.user, SNOWFLAKE_ROLE: s.role, SNOWFLAKE_WAREHOUSE: s.warehouse, SNOWFLAKE_DATABASE: s.database,
  };
  if (s.auth.kind === "password") env.SNOWFLAKE_PASSWORD = s.auth.password;
  else {
    if (s.auth.kind === "key-pair") env.SNOWFLAKE_PRIVATE_KEY_FILE = s.auth.privateKeyFile;
    else env.SNOWFLAKE_PRIVATE_KEY = s.auth.privateKey;
    if (s.auth.passphrase) env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE = s.auth.passphrase;
  }
  return { target, env };
}
