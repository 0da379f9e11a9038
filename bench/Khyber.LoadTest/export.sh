#!/usr/bin/env bash
# Measures the CSV export in time and in the server's memory: a year of Torkham at about 600 trucks a day (≈220 000 rows)
# against a month of it, on SQLite and on PostgreSQL. Starts Khyber (Release, demo crossings and users) on a fresh
# database, adds the year of crossed trucks straight into the database, restarts the server, exports a day (warm-up),
# then a month and the year, sampling the server's VmRSS every 50 ms and reading its VmHWM (peak) from /proc/<pid>/status.
# Usage: bench/Khyber.LoadTest/export.sh [sqlite|postgres|both] [trucks per day, default 600]. Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/../.."
which=${1:-both}
per_day=${2:-600}
port=${EXPORT_PORT:-5235}
work=$(mktemp -d /tmp/khyber-export.XXXXXX)
chmod 755 "$work"
dotnet build src/Khyber.Api -c Release -nologo -v quiet >/dev/null

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
server_pid=
sampler_pid=
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  if [ -d "$work/pg/data" ]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start_server() {
  local provider=$1 connection=$2 demo=$3
  ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    dotnet src/Khyber.Api/bin/Release/net10.0/Khyber.Api.dll --urls "http://127.0.0.1:$port" \
    --Storage:Provider="$provider" --ConnectionStrings:Khyber="$connection" --Demo:Enabled="$demo" --Demo:Force=true --Demo:HistoryDays=1 \
    --Auth:SigningKey=export-benchmark-signing-key-0123456789abcdef >>"$work/server-$provider.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && return; sleep 1; done
  echo "the server did not start; its log:" >&2; cat "$work/server-$provider.log" >&2; exit 1
}

stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$server_pid/status"; }

# Samples VmRSS every 50 ms into $1 until killed.
sample() { while :; do kib VmRSS >>"$1" 2>/dev/null || true; sleep 0.05; done; }

export_range() {
  local label=$1 from=$2 to=$3 provider=$4
  local samples="$work/rss-$label"
  : >"$samples"
  sample "$samples" & sampler_pid=$!
  local before_rss; before_rss=$(kib VmRSS)
  local result
  result=$(curl -s -o "$work/$label.csv" -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/api/v1/crossings/torkham/exports/trucks.csv?from=$from&to=$to&status=crossed")
  kill "$sampler_pid"; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=
  local code first total bytes; read -r code first total bytes <<<"$result"
  [ "$code" = 200 ] || { echo "export $label answered $code: $(head -c 400 "$work/$label.csv")" >&2; exit 1; }
  local rows=$(($(wc -l <"$work/$label.csv") - 1))
  local peak; peak=$(sort -n "$samples" | tail -n 1)
  printf '| %s | %s | %s to %s | %d | %.1f MB | %.2f s | %.2f s | %d rows/s | %.0f MiB | %.0f MiB | %.0f MiB |\n' \
    "$provider" "$label" "$from" "$to" "$rows" "$(echo "$bytes / 1000000" | bc -l)" "$first" "$total" "$(echo "$rows / $total" | bc)" \
    "$(echo "$before_rss / 1024" | bc -l)" "$(echo "${peak:-0} / 1024" | bc -l)" "$(echo "$(kib VmHWM) / 1024" | bc -l)"
}

# A year of crossed trucks ending now, about $per_day a day, evenly spread; the driver's name and document vary.
seed_sqlite() {
  local db=$1 n=$((per_day * 365))
  sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $n - 1),
t(i, exited) AS (SELECT i, (CAST(strftime('%s', 'now') AS INTEGER) - 365 * 86400 + i * (365 * 86400 / $n)) * 10000000 + 621355968000000000 FROM n)
INSERT INTO Trucks (Id, CrossingId, Direction, Plate, ActivePlate, RegistrationCountry, CarrierId, DriverName, DriverDocumentNumber, CargoDescription,
  HsCode, Category, ValueUsd, WeightKg, SpoilsAt, Status, RegisteredAt, ArrivedAt, WaitingSince, QueueNumber, CalledAt, CalledBy, NoShows,
  ExitedAt, ExitedBy, EnteredAt, EnteredBy, RejectedAt, RejectedBy, RejectionReason, CancelledAt, SpoiledAt, UpdatedAt, Version)
SELECT upper(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
  'torkham', CASE WHEN i % 2 = 0 THEN 'PkToAf' ELSE 'AfToPk' END, printf('BX%07d', i), NULL, 'PK', 'khyber-freight',
  'Driver ' || i, printf('PK%07d', i), 'Portland cement, 400 bags', '252329', 'General', 12000, 20000, NULL, 'Entered',
  exited - 216000000000, exited - 180000000000, exited - 180000000000, i, exited - 6000000000, 'pk.officer.torkham', 0,
  exited, 'pk.officer.torkham', exited + 12000000000, 'af.officer.torkham', NULL, NULL, NULL, NULL, NULL, exited + 12000000000, 0
FROM (SELECT i, exited, lower(hex(randomblob(16))) AS h FROM t);
SQL
}

seed_postgres() {
  local url=$1 n=$((per_day * 365))
  psql -q "$url" <<SQL
INSERT INTO "Trucks" ("Id", "CrossingId", "Direction", "Plate", "ActivePlate", "RegistrationCountry", "CarrierId", "DriverName", "DriverDocumentNumber",
  "CargoDescription", "HsCode", "Category", "ValueUsd", "WeightKg", "SpoilsAt", "Status", "RegisteredAt", "ArrivedAt", "WaitingSince", "QueueNumber",
  "CalledAt", "CalledBy", "NoShows", "ExitedAt", "ExitedBy", "EnteredAt", "EnteredBy", "RejectedAt", "RejectedBy", "RejectionReason", "CancelledAt",
  "SpoiledAt", "UpdatedAt", "Version")
SELECT gen_random_uuid(), 'torkham', CASE WHEN i % 2 = 0 THEN 'PkToAf' ELSE 'AfToPk' END, 'BX' || lpad(i::text, 7, '0'), NULL, 'PK', 'khyber-freight',
  'Driver ' || i, 'PK' || lpad(i::text, 7, '0'), 'Portland cement, 400 bags', '252329', 'General', 12000, 20000, NULL, 'Entered',
  exited - interval '6 hours', exited - interval '5 hours', exited - interval '5 hours', i, exited - interval '10 minutes', 'pk.officer.torkham', 0,
  exited, 'pk.officer.torkham', exited + interval '20 minutes', 'af.officer.torkham', NULL, NULL, NULL, NULL, NULL, exited + interval '20 minutes', 0
FROM (SELECT i, now() - interval '365 days' + i * (interval '365 days' / $n) AS exited FROM generate_series(0, $n - 1) AS i) t;
ANALYZE "Trucks";
SQL
}

run() {
  local provider=$1 connection=$2
  start_server "$provider" "$connection" true   # migrates and loads the demo crossings and users
  stop_server
  local clock=$SECONDS
  if [ "$provider" = sqlite ]; then seed_sqlite "$work/khyber.db"; else seed_postgres "$3"; fi
  echo "($provider: $((per_day * 365)) trucks stored in $((SECONDS - clock)) s; load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  start_server "$provider" "$connection" false
  token=$(curl -s -X POST "http://127.0.0.1:$port/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d '{"username":"pk.liaison","password":"Torkham-2026"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
  local today; today=$(date -u +%F)
  export_range day "$today" "$today" "$provider" >/dev/null
  export_range month "$(date -u -d '-29 days' +%F)" "$today" "$provider"
  export_range year "$(date -u -d '-365 days' +%F)" "$today" "$provider"
  export_range month-again "$(date -u -d '-29 days' +%F)" "$today" "$provider"
  stop_server
}

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, .NET $(dotnet --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| database | export | days | rows | size | first byte | total | rate | RSS before | peak RSS during | VmHWM after |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
if [ "$which" = sqlite ] || [ "$which" = both ]; then
  run sqlite "Data Source=$work/khyber.db"
fi
if [ "$which" = postgres ] || [ "$which" = both ]; then
  mkdir -p "$work/pg" && chown postgres "$work/pg"
  runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-p 55498 -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
  run postgres "Host=127.0.0.1;Port=55498;Username=postgres;Database=postgres" "postgresql://postgres@127.0.0.1:55498/postgres"
fi
