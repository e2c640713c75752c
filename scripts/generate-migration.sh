#!/usr/bin/env bash
# Regenerates the SQL migrations from the drizzle schema files (src/store/schema*.ts).
#
# 0.1.0 is released: databases exist with 0000_foundation applied, so released migrations never change
# (migrate refuses a database whose applied migration differs from the file). Add a forward migration
# for what changed in the schema since the last one:
#   scripts/generate-migration.sh add_tasks
# drizzle-kit cannot express extensions, so the first migration gets CREATE EXTENSION pg_trgm added.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 1 ]; then
  echo "usage: scripts/generate-migration.sh NAME   (0.1.0 is released: 0000_foundation stays as it is;" >&2
  echo "       NAME, e.g. add_rollups, names a new forward migration for the schema changes since the last)" >&2
  exit 2
fi
npx drizzle-kit generate --name "$1"

first=$(ls src/store/migrations/*.sql | head -n 1)
if ! grep -q 'pg_trgm' "$first"; then
  { echo 'CREATE EXTENSION IF NOT EXISTS pg_trgm;'; echo '--> statement-breakpoint'; cat "$first"; } > "$first.tmp"
  mv "$first.tmp" "$first"
fi
