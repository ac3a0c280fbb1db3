#!/usr/bin/env bash
# Measure match quality on generated truth with the storematch checkout in SRC (default: this
# one) and write `storematch quality --json` to OUT: generate → ingest → full build → quality.
# The CI quality gate runs it on main's checkout and on the pull request's, with the same seed
# and size, then compares them with scripts/quality-gate.mjs.
#   bash scripts/quality-measure.sh OUT [SRC]   (env: QUALITY_STORES=10000 QUALITY_SEED=7 QUALITY_PROFILE=hard)
set -euo pipefail
out=$(realpath -m "${1:?usage: quality-measure.sh OUT [SRC]}")
src=$(realpath "${2:-$(dirname "$0")/..}")
stores=${QUALITY_STORES:-10000}
seed=${QUALITY_SEED:-7}
profile=${QUALITY_PROFILE:-hard}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export STOREMATCH_DATA_DIR="$work/data" NEXT_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
cd "$src"
sm() { node bin/storematch.mjs "$@"; }
sm generate --stores "$stores" --seed "$seed" --profile "$profile" --out "$work/in" >/dev/null
sm ingest --gi "$work/in/gi.csv" --th "$work/in/th.csv" >/dev/null
sm run --full-refresh --quiet --reason "quality gate" >/dev/null
sm quality --truth "$work/in/truth.csv" --json > "$out"
# shellcheck disable=SC2016 # the single quotes hold JavaScript, not shell
echo "[quality] $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo "$src"): $(node -e 'const q=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); console.log(`F1 ${(q.f1*100).toFixed(2)}% (precision ${(q.precision*100).toFixed(2)}%, recall ${(q.recall*100).toFixed(2)}%) on ${q.truth} true pairs`)' "$out")"
