#!/usr/bin/env bash
# Regenerates the SQL migrations from the drizzle schema files (src/store/schema*.ts).
#
# Until the first release there is one migration, 0000_foundation.sql, rebuilt whole from the schema, so
# the history starts clean. After a release, pass a NAME to add a forward migration instead:
#   scripts/generate-migration.sh            # rebuild 0000_foundation (pre-release only)
#   scripts/generate-migration.sh add_tasks  # a new migration for what changed since the last one
# drizzle-kit cannot express extensions, so the first migration gets CREATE EXTENSION pg_trgm added.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
  rm -rf src/store/migrations
  npx drizzle-kit generate --name foundation
else
  npx drizzle-kit generate --name "$1"
fi
first=$(ls src/store/migrations/*.sql | head -n 1)
if ! grep -q 'pg_trgm' "$first"; then
  { echo 'CREATE EXTENSION IF NOT EXISTS pg_trgm;'; echo '--> statement-breakpoint'; cat "$first"; } > "$first.tmp"
  mv "$first.tmp" "$first"
fi
