import { configDefaults, defineConfig } from "vitest/config";

// The extra Snowflake suite (npm run test:snowflake): fakesnow (.venv-fakesnow, scripts/setup-fakesnow.sh)
// and sqlglot. dbt against fakesnow takes more than 5 minutes; the snowflake-sdk tests (tests/snowflake/) seconds.
export default defineConfig({
  test: {
    include: ["tests/integration/dbt-snowflake.test.ts", "tests/snowflake/**/*.test.ts"],
    exclude: [...configDefaults.exclude],
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 1_200_000,
    hookTimeout: 900_000,
    // One temp folder for the run, removed at the end (STOREMATCH_KEEP_TMP=1 keeps it).
    globalSetup: ["tests/tmp-global-setup.ts"],
    env: { NEXT_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  },
});
