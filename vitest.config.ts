import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The Snowflake suite (fakesnow, > 5 minutes) runs on its own: vitest.snowflake.config.ts.
    exclude: [...configDefaults.exclude, "tests/integration/dbt-snowflake.test.ts"],
    // Integration tests spawn dbt; two at a time fits a 2-core machine.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    env: { NEXT_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  },
});
