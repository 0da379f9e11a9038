#!/usr/bin/env bash
# Runs Khyber on http://127.0.0.1:5080 with demo data in a SQLite file (khyber.db in the repository root).
# Extra arguments go to the server, e.g. ./run.sh --urls http://127.0.0.1:6000
set -euo pipefail
cd "$(dirname "$0")"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
exec dotnet run --project src/Khyber.Api -c Release -- \
  --urls "${KHYBER_URLS:-http://127.0.0.1:5080}" \
  --Demo:Enabled=true \
  --ConnectionStrings:Khyber="Data Source=${KHYBER_DB:-$PWD/khyber.db}" \
  "$@"
