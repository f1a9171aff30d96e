#!/usr/bin/env bash
# Runs the whole product on this machine: the silo with its embedded SQLite store (seeded with the national dataset
# on first start, kept in data/) and the dashboard, intake and desk pages, on http://127.0.0.1:5080.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-prerequisites.sh"
exec dotnet run --project "$root/src/Silo" -c Release -- --urls "${BEDDENGRID_URLS:-http://127.0.0.1:5080}" --Store:DataFolder "${BEDDENGRID_DATA:-$root/data}" "$@"
