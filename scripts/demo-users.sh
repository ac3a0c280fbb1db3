#!/usr/bin/env bash
# The quick start's three demo users, one per role. Their generated passwords are printed once,
# when the users are created (and kept in $STOREMATCH_DATA_DIR/demo-users.txt, readable by you only).
set -euo pipefail
cd "$(dirname "$0")/.."
export STOREMATCH_DATA_DIR="${STOREMATCH_DATA_DIR:-./data}"
mkdir -p "$STOREMATCH_DATA_DIR"
creds="$STOREMATCH_DATA_DIR/demo-users.txt"
(umask 077 && touch "$creds") && chmod 600 "$creds"
existing=$(node bin/storematch.mjs users list --json)
created=""
for role in analyst steward admin; do
  if ! grep -q "\"$role@demo.local\"" <<<"$existing"; then
    line=$(node bin/storematch.mjs users add --email "$role@demo.local" --role "$role" --as quickstart)
    echo "$line" >> "$creds"
    created+="  $line"$'\n'
  fi
done
if [ -n "$created" ]; then
  echo "[quickstart] demo users created; their passwords are shown only now (also in $creds):"
  printf '%s' "$created"
else
  echo "[quickstart] demo users analyst@, steward@ and admin@demo.local exist; their passwords were printed when they were created ($creds)"
fi
