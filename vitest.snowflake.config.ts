import { configDefaults, defineConfig } from "vitest/config";

// The extra Snowflake suite (npm run test:snowflake): fakesnow (.venv-fakesnow, scripts/setup-fakesnow.sh)
// and sqlglot. Its longest files (dbt against fakesnow, the CLI stories) take 2 to 4 minutes each.
export default defineConfig({
  test: {
    include: ["tests/integration/dbt-snowflake.test.ts", "tests/snowflake/**/*.test.ts"],
    exclude: [...configDefaults.exclude],
    pool: "forks",
    // Each file keeps about one core busy (dbt with one thread, or the CLI, waiting on its own
    // fakesnow, which answers one statement at a time): two at a time fit a 2-core machine.
    maxWorkers: 2,
    testTimeout: 1_200_000,
    hookTimeout: 900_000,
    // One temp folder for the run, removed at the end (STOREMATCH_KEEP_TMP=1 keeps it).
    globalSetup: ["tests/tmp-global-setup.ts"],
    env: { NEXT_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  },
});
