#!/usr/bin/env bash
# The whole test suite: types, unit and integration tests (real DuckDB and dbt) on each
# control-plane provider (SQLite, then PostgreSQL), then the browser tests (real Next.js server,
# Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

bash scripts/setup.sh
echo "[test] typecheck"
npx tsc --noEmit
echo "[test] unit and integration tests (vitest), control plane on SQLite"
npx vitest run
echo "[test] control-plane integration tests (vitest) on PostgreSQL (a throwaway server), with two console instances"
STOREMATCH_TEST_PROVIDER=postgres npx vitest run tests/integration
echo "[test] dbt on Snowflake (fakesnow, sqlglot): the extra suite, vitest.snowflake.config.ts"
npx vitest run --config vitest.snowflake.config.ts
echo "[test] Airflow DAGs (DagBag, in their own venv: scripts/test-airflow.sh)"
bash scripts/test-airflow.sh
echo "[test] browser tests (playwright, chromium)"
npx playwright test
