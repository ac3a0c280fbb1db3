import { configDefaults, defineConfig } from "vitest/config";

// STOREMATCH_TEST_PROVIDER=postgres runs the same tests with every workspace's control plane in
// a database of a throwaway PostgreSQL server (tests/postgres-global-setup.ts); by default SQLite.
const postgres = process.env.STOREMATCH_TEST_PROVIDER === "postgres";

// The PostgreSQL pass runs the tests whose subject is the control plane (runs, leases,
// recovery, triggers, versions, users, sessions, audit, launchers, text validation). These
// test the warehouse, dbt or files and touch the control plane only as every CLI command does,
// so running them twice would test DuckDB twice: match quality, the pipeline's output, the
// legal-form story's data, reader caching, Iceberg files, file modes, disk full, the model's EM.
const warehouseOnly = [
  "quality", "pipeline", "legal-forms", "reader", "export", "iceberg", "secrets", "diskfull", "model-em", "version-rules",
].map((name) => `tests/integration/${name}.test.ts`);

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The Snowflake suite (fakesnow, its own venv; more than 5 minutes) runs on its own:
    // vitest.snowflake.config.ts. Two console instances on one PostgreSQL control plane: the
    // PostgreSQL pass only.
    exclude: [
      ...configDefaults.exclude, "tests/snowflake/**", "tests/integration/dbt-snowflake.test.ts",
      ...(postgres ? warehouseOnly : ["tests/integration/instances.test.ts"]),
    ],
    // Integration tests spawn dbt; two at a time fits a 2-core machine.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // One temp folder for the run, removed at the end (STOREMATCH_KEEP_TMP=1 keeps it); then the
    // PostgreSQL server, inside it.
    globalSetup: ["tests/tmp-global-setup.ts", ...(postgres ? ["tests/postgres-global-setup.ts"] : [])],
    // A DATABASE_URL of the shell must not put every test workspace in one database.
    env: { NEXT_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", DATABASE_URL: "" },
  },
});
