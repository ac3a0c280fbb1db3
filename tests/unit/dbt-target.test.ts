import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config";
import { dbtTarget } from "../../lib/runner/dbt-target";
import { launcherFor } from "../../lib/runner/launchers";
import { snowflakeSettings } from "../../lib/warehouse/snowflake/settings";
import { childEnv } from "../../lib/workspace-files";

const SNOW = {
  STOREMATCH_WAREHOUSE: "snowflake", SNOWFLAKE_ACCOUNT: "ORG-ACC", SNOWFLAKE_USER: "STOREMATCH_APP_SVC", SNOWFLAKE_PASSWORD: "app-secret",
  SNOWFLAKE_WAREHOUSE: "APP_WH", SNOWFLAKE_DATABASE: "STOREMATCH", SNOWFLAKE_ROLE: "STOREMATCH_APP",
};

describe("dbt's target and identity", () => {
  it("the target follows the warehouse unless STOREMATCH_DBT_TARGET says otherwise, and must build on that warehouse", () => {
    expect(loadConfig({}).dbtTarget).toBe("duckdb");
    expect(loadConfig({ STOREMATCH_WAREHOUSE: "snowflake" }).dbtTarget).toBe("snowflake");
    expect(loadConfig({ STOREMATCH_WAREHOUSE: "snowflake", STOREMATCH_DBT_TARGET: "fake" }).dbtTarget).toBe("fake");
    expect(() => loadConfig({ STOREMATCH_DBT_TARGET: "fake" })).toThrow(
      'invalid environment variable STOREMATCH_DBT_TARGET: "fake" does not build on STOREMATCH_WAREHOUSE=duckdb (use duckdb, or leave it unset)');
    expect(() => loadConfig({ STOREMATCH_WAREHOUSE: "snowflake", STOREMATCH_DBT_TARGET: "duckdb" })).toThrow(/use snowflake or fake/);
    expect(() => loadConfig({ STOREMATCH_DBT_TARGET: "prod" })).toThrow(/invalid environment variable STOREMATCH_DBT_TARGET/);
  });

  it("DuckDB's memory limit for builds: unset by default (the profile's 6GB), else a size", () => {
    expect(loadConfig({}).duckdbMemoryLimit).toBeNull();
    expect(loadConfig({ STOREMATCH_DUCKDB_MEMORY_LIMIT: "12GB" }).duckdbMemoryLimit).toBe("12GB");
    expect(loadConfig({ STOREMATCH_DUCKDB_MEMORY_LIMIT: " 4096 MiB " }).duckdbMemoryLimit).toBe("4096 MiB");
    expect(() => loadConfig({ STOREMATCH_DUCKDB_MEMORY_LIMIT: "lots" })).toThrow(
      "invalid environment variable STOREMATCH_DUCKDB_MEMORY_LIMIT: must be a size such as 6GB or 4096MB");
    expect(() => loadConfig({ STOREMATCH_DUCKDB_MEMORY_LIMIT: "6GB'; drop" })).toThrow(/STOREMATCH_DUCKDB_MEMORY_LIMIT/);
  });

  it("on Snowflake dbt connects as its own user and role, never with the console's credentials", () => {
    const own = dbtTarget(loadConfig({ ...SNOW, SNOWFLAKE_DBT_USER: "STOREMATCH_DBT_SVC", SNOWFLAKE_DBT_PASSWORD: "dbt-secret", SNOWFLAKE_DBT_WAREHOUSE: "TRANSFORM_WH" }));
    expect(own).toEqual({
      target: "snowflake",
      env: { SNOWFLAKE_ACCOUNT: "ORG-ACC", SNOWFLAKE_USER: "STOREMATCH_DBT_SVC", SNOWFLAKE_PASSWORD: "dbt-secret", SNOWFLAKE_ROLE: "TRANSFORMER", SNOWFLAKE_WAREHOUSE: "TRANSFORM_WH", SNOWFLAKE_DATABASE: "STOREMATCH" },
    });
    // The role: SNOWFLAKE_DBT_ROLE; else, for a user shared with the console, SNOWFLAKE_ROLE; else TRANSFORMER (the console's default is APP).
    expect(dbtTarget(loadConfig({ ...SNOW, SNOWFLAKE_DBT_USER: "D", SNOWFLAKE_DBT_PASSWORD: "p", SNOWFLAKE_DBT_ROLE: "STOREMATCH_TRANSFORMER" })).env.SNOWFLAKE_ROLE).toBe("STOREMATCH_TRANSFORMER");
    expect(dbtTarget(loadConfig(SNOW)).env).toMatchObject({ SNOWFLAKE_USER: "STOREMATCH_APP_SVC", SNOWFLAKE_ROLE: "STOREMATCH_APP", SNOWFLAKE_PASSWORD: "app-secret" });
    const { SNOWFLAKE_ROLE: _r, ...noRole } = SNOW;
    expect(dbtTarget(loadConfig(noRole)).env.SNOWFLAKE_ROLE).toBe("TRANSFORMER");
    expect(snowflakeSettings(loadConfig(noRole)).role).toBe("APP");
    // dbt's own user never borrows the console's password.
    expect(() => dbtTarget(loadConfig({ ...SNOW, SNOWFLAKE_DBT_USER: "STOREMATCH_DBT_SVC" }))).toThrow(
      "STOREMATCH_WAREHOUSE=snowflake: set SNOWFLAKE_DBT_PRIVATE_KEY_FILE or SNOWFLAKE_DBT_PRIVATE_KEY (key-pair authentication, with SNOWFLAKE_DBT_PRIVATE_KEY_PASSPHRASE if the key is encrypted) or SNOWFLAKE_DBT_PASSWORD for SNOWFLAKE_DBT_USER");
    // Key-pair authentication: the key file (and passphrase) under the names dbt/profiles.yml reads.
    const key = join(mkdtempSync(join(tmpdir(), "storematch-key-")), "dbt.p8");
    writeFileSync(key, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    const kp = dbtTarget(loadConfig({ ...SNOW, SNOWFLAKE_DBT_USER: "STOREMATCH_DBT_SVC", SNOWFLAKE_DBT_PRIVATE_KEY_FILE: key, SNOWFLAKE_DBT_PRIVATE_KEY_PASSPHRASE: "pass" }));
    expect(kp.env).toMatchObject({ SNOWFLAKE_PRIVATE_KEY_FILE: key, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: "pass" });
    expect(kp.env.SNOWFLAKE_PASSWORD).toBeUndefined();
    // Or the key's PEM text (a CI secret), passed on as the profile's private_key.
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
    expect(dbtTarget(loadConfig({ ...SNOW, SNOWFLAKE_DBT_USER: "D", SNOWFLAKE_DBT_PRIVATE_KEY: pem })).env).toMatchObject({ SNOWFLAKE_USER: "D", SNOWFLAKE_PRIVATE_KEY: pem.trim() });
    expect(() => dbtTarget(loadConfig({ ...SNOW, SNOWFLAKE_DBT_USER: "D", SNOWFLAKE_DBT_PRIVATE_KEY: "/path/to/key.p8" }))).toThrow("SNOWFLAKE_DBT_PRIVATE_KEY is not a PEM private key");
    // The console's own variables do not reach any child process (dbt gets the ones above from the runner).
    expect(childEnv({}, { PATH: "/bin", SNOWFLAKE_PASSWORD: "app-secret", SNOWFLAKE_PRIVATE_KEY_FILE: "/k", STOREMATCH_EXTERNAL_VOLUME: "VOL" } as unknown as NodeJS.ProcessEnv)).toEqual({ PATH: "/bin", STOREMATCH_EXTERNAL_VOLUME: "VOL" });
  });

  it("the fake target is fakesnow on loopback, at SNOWFLAKE_PORT", () => {
    expect(dbtTarget(loadConfig({ ...SNOW, STOREMATCH_DBT_TARGET: "fake", SNOWFLAKE_PORT: "4567" }))).toEqual({ target: "fake", env: { STOREMATCH_FAKESNOW_PORT: "4567" } });
    expect(() => dbtTarget(loadConfig({ ...SNOW, STOREMATCH_DBT_TARGET: "fake" }))).toThrow("STOREMATCH_DBT_TARGET=fake needs SNOWFLAKE_PORT");
    expect(dbtTarget(loadConfig({}))).toEqual({ target: "duckdb", env: {} });
  });

  it("STOREMATCH_LAUNCHER=snowflake (EXECUTE DBT PROJECT) is selectable on a Snowflake warehouse with its project", () => {
    expect(() => launcherFor(loadConfig({ STOREMATCH_LAUNCHER: "snowflake" }))).toThrow("STOREMATCH_LAUNCHER=snowflake needs STOREMATCH_WAREHOUSE=snowflake");
    expect(() => launcherFor(loadConfig({ ...SNOW, STOREMATCH_LAUNCHER: "snowflake" }))).toThrow("STOREMATCH_LAUNCHER=snowflake needs STOREMATCH_SNOWFLAKE_DBT_PROJECT (not set)");
    expect(launcherFor(loadConfig({ ...SNOW, STOREMATCH_LAUNCHER: "snowflake", STOREMATCH_SNOWFLAKE_DBT_PROJECT: "STOREMATCH.CONTROL.STOREMATCH" })).name).toBe("snowflake");
  });
});
