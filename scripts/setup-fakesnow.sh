#!/usr/bin/env bash
# The venv of fakesnow (a Snowflake emulator on DuckDB) and sqlglot, for the Snowflake tests
# only (tests/integration/dbt-snowflake.test.ts): .venv-fakesnow, from
# tests/support/requirements-fakesnow.txt (every version pinned). Safe to run again.
# fakesnow 0.12.1 needs snowflake-connector-python<5 (with 5.x it fails to start); the dbt that
# runs against it is the main .venv's (dbt-snowflake, with its own connector <5).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
req=tests/support/requirements-fakesnow.txt
sum=$(sha256sum "$req" | cut -d' ' -f1)
if [ ! -x .venv-fakesnow/bin/fakesnow ] || [ "$(cat .venv-fakesnow/.storematch-requirements 2>/dev/null)" != "$sum" ]; then
  printf '\033[1m[setup]\033[0m %s\n' "creating the fakesnow venv for the Snowflake tests (.venv-fakesnow)"
  [ -x .venv-fakesnow/bin/python ] || "$PYTHON" -m venv .venv-fakesnow
  .venv-fakesnow/bin/pip install --quiet --disable-pip-version-check -r "$req"
  echo "$sum" > .venv-fakesnow/.storematch-requirements
fi
