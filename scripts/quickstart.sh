#!/usr/bin/env bash
# First README command: set everything up, load generated sample data on the embedded
# default (DuckDB + local files in $STOREMATCH_DATA_DIR), build the matches, start the console.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
export STOREMATCH_DATA_DIR="${STOREMATCH_DATA_DIR:-./data}"
PORT="${PORT:-3000}"
export NEXTAUTH_URL="${NEXTAUTH_URL:-http://localhost:$PORT}"
SAMPLE_STORES="${SAMPLE_STORES:-5000}"

bash scripts/setup.sh
if [ ! -f "$STOREMATCH_DATA_DIR/versions/promoted.json" ]; then
  sample="$STOREMATCH_DATA_DIR/sample"
  node bin/storematch.mjs generate --stores "$SAMPLE_STORES" --seed 42 --out "$sample"
  node bin/storematch.mjs ingest --gi "$sample/gi.csv" --th "$sample/th.csv"
  node bin/storematch.mjs run --quiet
  node bin/storematch.mjs quality --truth "$sample/truth.csv"
else
  echo "[quickstart] $STOREMATCH_DATA_DIR already has results; keeping them (delete the directory to start over)"
fi
npx next build
# Three demo users, one per role: passwords printed once, when they are created.
bash scripts/demo-users.sh
echo "[quickstart] console: http://localhost:$PORT (listening on ${HOST:-127.0.0.1})"
# Loopback only by default: HOST=0.0.0.0 (or an interface address) opens it to the network.
exec npx next start -p "$PORT" -H "${HOST:-127.0.0.1}"
