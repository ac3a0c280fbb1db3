#!/usr/bin/env bash
# Run the Prisma CLI offline: the JS engine and the better-sqlite3 adapter (prisma.config.ts)
# need no engine binaries, and pointing these variables at a placeholder stops any download.
set -euo pipefail
cd "$(dirname "$0")/.."
placeholder="node_modules/.prisma-no-engine"
[ -f "$placeholder" ] || : > "$placeholder"
export PRISMA_SCHEMA_ENGINE_BINARY="$PWD/$placeholder" PRISMA_QUERY_ENGINE_LIBRARY="$PWD/$placeholder"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_PREVIEW_FLAG_WARNINGS=1
exec npx prisma "$@"
