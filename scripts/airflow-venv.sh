#!/usr/bin/env bash
# The venv of the Airflow DAG test (infra/airflow/.venv): Apache Airflow 3 and astronomer-cosmos,
# every version pinned in infra/airflow/requirements.txt. Kept apart from .venv (dbt): Airflow's
# dependencies would fight dbt's. Safe to run again: it reinstalls only when the file changed.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[airflow-venv]\033[0m %s\n' "$*"; }

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for p in python3.11 python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import sys; sys.exit(0 if sys.version_info[:2]==(3,11) else 1)'; then PYTHON="$p"; break; fi
  done
fi
[ -n "$PYTHON" ] || { echo "[airflow-venv] error: Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2; exit 1; }

venv=infra/airflow/.venv
req_sum=$(sha256sum infra/airflow/requirements.txt | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.storematch-requirements" ] || [ "$(cat "$venv/.storematch-requirements")" != "$req_sum" ]; then
  say "installing Airflow and cosmos into $venv (one to three minutes, 330 MB)"
  [ -x "$venv/bin/python" ] || "$PYTHON" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r infra/airflow/requirements.txt
  echo "$req_sum" > "$venv/.storematch-requirements"
fi
