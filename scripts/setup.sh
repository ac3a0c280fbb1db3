#!/usr/bin/env bash
# Install everything storematch needs; safe to run again (it only redoes what changed).
#   - npm packages (npm ci from package-lock.json)
#   - a Python venv in .venv with dbt-core, dbt-duckdb, dbt-snowflake, pyiceberg (dbt/requirements.txt)
#   - Debian's Chromium for the browser tests, when it is missing and we are root
#   - Debian's PostgreSQL for the PostgreSQL test pass, when it is missing and we are root
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "Node.js 20.9+ is required (node not found)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=9)?0:1)' \
  || die "Node.js 20.9+ is required (found $(node --version))"

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for p in python3.11 python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import sys; sys.exit(0 if sys.version_info[:2]==(3,11) else 1)'; then PYTHON="$p"; break; fi
  done
fi
[ -n "$PYTHON" ] || die "Python 3.11 is required for dbt (set PYTHON=/path/to/python3.11)"

lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.storematch-lock ] || [ "$(cat node_modules/.storematch-lock)" != "$lock_sum" ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.storematch-lock
fi

# Prisma clients (JS engine: nothing to download), one per control-plane provider, regenerated
# when a schema changes.
schema_sum=$(cat prisma/sqlite/schema.prisma prisma/postgres/schema.prisma package-lock.json | sha256sum | cut -d' ' -f1)
# (npm install prunes the PostgreSQL client, which no package.json lists: regenerate it when it is gone.)
if [ ! -f node_modules/.storematch-prisma ] || [ "$(cat node_modules/.storematch-prisma)" != "$schema_sum" ] \
  || [ ! -f node_modules/@storematch/prisma-postgres/index.js ]; then
  say "generating the Prisma client"
  out=$(bash scripts/prisma.sh generate 2>&1) || { echo "$out" >&2; die "prisma generate failed"; }
  echo "$schema_sum" > node_modules/.storematch-prisma
fi
# The control plane (DATABASE_URL's PostgreSQL database, else the default workspace's SQLite
# file); other workspaces and databases are migrated when first opened.
if [ -n "${DATABASE_URL:-}" ]; then say "applying control-plane migrations (PostgreSQL, DATABASE_URL)"; else say "applying control-plane migrations to ${STOREMATCH_DATA_DIR:-./data}/control.sqlite"; fi
out=$(bash scripts/prisma.sh migrate deploy 2>&1) || { echo "$out" >&2; die "prisma migrate deploy failed"; }

req_sum=$(sha256sum dbt/requirements.txt | cut -d' ' -f1)
if [ ! -x .venv/bin/dbt ] || [ ! -f .venv/.storematch-requirements ] || [ "$(cat .venv/.storematch-requirements)" != "$req_sum" ]; then
  say "creating the Python venv for dbt (.venv)"
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r dbt/requirements.txt
  echo "$req_sum" > .venv/.storematch-requirements
fi

# PostgreSQL's server binaries (initdb, pg_ctl): the PostgreSQL test pass starts a throwaway server.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    say "installing Debian's postgresql for the PostgreSQL test pass (apt-get install postgresql)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
  else
    say "warning: PostgreSQL (initdb) is missing; the PostgreSQL test pass needs it (sudo apt-get install postgresql)"
  fi
fi

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    say "installing Debian's chromium for the browser tests"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
  else
    say "warning: /usr/bin/chromium is missing; the browser tests need it (sudo apt-get install chromium)"
  fi
fi
# fakesnow (a Snowflake emulator) and sqlglot for the Snowflake tests, in their own venv.
bash scripts/setup-fakesnow.sh

say "ready"
