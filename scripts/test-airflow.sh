#!/usr/bin/env bash
# The Airflow DAG test (its own suite: it needs its own venv, infra/airflow/.venv). Real
# Airflow 3 parses infra/airflow/dags into a DagBag, with cosmos rendering the dbt project from
# a manifest that the project's own dbt writes here (`dbt parse`); nothing is executed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/airflow-venv.sh
[ -x .venv/bin/dbt ] || { echo "[test-airflow] error: .venv/bin/dbt is missing: run scripts/setup.sh first" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The manifest, as a deployment writes it (the DAGs are rendered from it, never from `dbt ls`).
(cd dbt && STOREMATCH_DATA_DIR="$tmp/data" ../.venv/bin/dbt parse --quiet --profiles-dir . \
  --target-path "$tmp/target" --log-path "$tmp/logs")

export AIRFLOW_HOME="$tmp/airflow" AIRFLOW__CORE__LOAD_EXAMPLES=False AIRFLOW__CORE__UNIT_TEST_MODE=True
export STOREMATCH_DBT_MANIFEST="$tmp/target/manifest.json" PYTHONPATH="$PWD/infra/airflow/dags"
export AIRFLOW__COSMOS__CACHE_DIR="$tmp/cosmos"
# Airflow and cosmos log every parse step: keep unittest's own lines, and the whole output on failure.
status=0
infra/airflow/.venv/bin/python -m unittest discover -s infra/airflow/tests -v > "$tmp/out.txt" 2>&1 || status=$?
if [ "$status" != 0 ]; then cat "$tmp/out.txt"; echo "[test-airflow] failed" >&2; exit "$status"; fi
grep -E '(\.\.\. (ok|FAIL|ERROR|skipped)|^Ran [0-9]+ tests|^OK|^FAILED)' "$tmp/out.txt"
