import { defineConfig } from "vitest/config";

// The extra Snowflake suite (npm run test:snowflake, run by scripts/test.sh): dbt against
// fakesnow and the sqlglot check of the snowflake target. It takes more than 5 minutes.
export default defineConfig({
  test: {
    include: ["tests/integration/dbt-snowflake.test.ts"],
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 1_200_000,
    hookTimeout: 900_000,
    env: { NEXT_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  },
});
