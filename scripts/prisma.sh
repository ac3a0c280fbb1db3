#!/usr/bin/env bash
# Run the Prisma CLI offline: the JS engine and the driver adapters (prisma.config.ts) need no
# engine binaries, and pointing these variables at a placeholder stops any download.
# The provider follows DATABASE_URL (prisma.config.ts); `generate` builds both clients
# (@prisma/client for SQLite, @storematch/prisma-postgres for PostgreSQL: same models, same types).
set -euo pipefail
cd "$(dirname "$0")/.."
placeholder="node_modules/.prisma-no-engine"
[ -f "$placeholder" ] || : > "$placeholder"
export PRISMA_SCHEMA_ENGINE_BINARY="$PWD/$placeholder" PRISMA_QUERY_ENGINE_LIBRARY="$PWD/$placeholder"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_PREVIEW_FLAG_WARNINGS=1
if [ "${1:-}" = "generate" ] && [ "$#" -eq 1 ]; then
  npx prisma generate --schema prisma/sqlite/schema.prisma
  exec npx prisma generate --schema prisma/postgres/schema.prisma
fi
exec npx prisma "$@"
