#!/usr/bin/env bash
# Measures the server under load on SQLite and on PostgreSQL: starts Khyber (Release, demo data) on a fresh
# database, runs the load generator against it, stops it. Usage: bench/Khyber.LoadTest/load.sh [sqlite|postgres|both]
# For PostgreSQL it starts a throwaway cluster the way ./test.sh does. Not part of the test command.
# The load comes from one loopback address and two carrier accounts, so the server's rate limits are raised and the
# per-carrier cap on waiting trucks is lifted (Queue:MaxWaitingPerCarrier=0).
# Arguments after the first go to the load generator: e.g. --seconds 10, or --rush --seconds 30 for the reopening rush
# (--rush --warmup 30 first serves the same load for 30 s on the closed crossing, not counted: a server in service;
# --open-first 30 before that serves it for 30 s on the open crossing and closes it, so the open crossing's code has run);
# --scenarios ping,crossing,ping,register,raw-insert adds the bare INSERT rate of the same database. The generator is
# given the server's process id (CPU seconds per 1000 requests, from /proc) and its database (for raw-insert).
# KHYBER_LOAD_PIN=1 keeps the generator off the server's core: the server (and PostgreSQL) run on CPU 0, the load
# generator on the others (taskset), so the server's figures are not those of a machine it shares with its load.
set -euo pipefail
cd "$(dirname "$0")/../.."
ulimit -n 65536 2>/dev/null || true
which=${1:-both}
port=5181
work=$(mktemp -d /tmp/khyber-load.XXXXXX)
chmod 755 "$work"
dotnet build src/Khyber.Api -c Release -nologo -v quiet >/dev/null
dotnet build bench/Khyber.LoadTest -c Release -nologo -v quiet >/dev/null

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
server_cpus=() load_cpus=()
if [ "${KHYBER_LOAD_PIN:-0}" = 1 ] && [ "$(nproc)" -ge 2 ]; then
  server_cpus=(taskset -c 0)
  load_cpus=(taskset -c "1-$(( $(nproc) - 1 ))")
fi
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  if [ -d "$work/pg/data" ]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

run() {
  local provider=$1 connection=$2
  echo
  echo "## $provider"
  ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
    "${server_cpus[@]}" dotnet src/Khyber.Api/bin/Release/net10.0/Khyber.Api.dll --urls "http://127.0.0.1:$port" \
    --Storage:Provider="$provider" --ConnectionStrings:Khyber="$connection" --Demo:Enabled=true \
    --RateLimits:RegistrationsPerUserPerMinute=1000000 --RateLimits:RegistrationsPerAddressPerMinute=1000000 \
    --RateLimits:SignInPerAddressPerMinute=1000000 --Queue:MaxWaitingPerCarrier=0 >"$work/server-$provider.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
  "${load_cpus[@]}" dotnet bench/Khyber.LoadTest/bin/Release/net10.0/Khyber.LoadTest.dll --url "http://127.0.0.1:$port" \
    --server-pid "$server_pid" --provider "$provider" --connection "$connection" "${@:3}"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  server_pid=
}

echo "Machine: $(nproc) cores${server_cpus:+ (server on CPU 0, load on the rest)}, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, .NET $(dotnet --version)"
if [ "$which" = sqlite ] || [ "$which" = both ]; then
  run sqlite "Data Source=$work/khyber.db" "${@:2}"
fi
if [ "$which" = postgres ] || [ "$which" = both ]; then
  mkdir -p "$work/pg" && chown postgres "$work/pg"
  runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  "${server_cpus[@]}" runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-p 55499 -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  run postgres "Host=127.0.0.1;Port=55499;Username=postgres;Database=postgres;Maximum Pool Size=64" "${@:2}"
fi
