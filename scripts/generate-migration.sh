#!/usr/bin/env bash
# Regenerates the SQL migration for schema changes made since the last migration (drizzle-kit), then
# adds what drizzle-kit cannot express (extensions) to a first migration.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/generate-migration.sh NAME}"
npx drizzle-kit generate --name "$name"
first=$(ls src/store/migrations/*.sql | head -n 1)
if ! grep -q 'pg_trgm' "$first"; then
  { echo 'CREATE EXTENSION IF NOT EXISTS pg_trgm;'; echo '--> statement-breakpoint'; cat "$first"; } > "$first.tmp"
  mv "$first.tmp" "$first"
fi
