#!/usr/bin/env bash
# Runs every test of Khyber on a fresh machine: builds, starts a throwaway PostgreSQL cluster on a free
# loopback port (installing Debian's postgresql when initdb/pg_ctl are missing), runs the storage and API
# tests on SQLite and on PostgreSQL and the other tests once, stops the cluster, and prints the totals.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD

# Test projects that touch storage run once per database; the rest run once.
storage_projects=(tests/Khyber.Api.Tests tests/Khyber.Web.Tests)
mapfile -t all_projects < <(find tests -name '*.Tests.csproj' -printf '%h\n' | sort)

log() { printf '\n== %s\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

find_pg_bin() {
  local dir
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
    return 0
  fi
  return 1
}

pg_bin=$(find_pg_bin || true)
if [ -z "$pg_bin" ]; then
  log "Installing PostgreSQL from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(find_pg_bin)
fi

# The browser tests drive Debian's Chromium (never a downloaded browser).
if [ ! -x /usr/bin/chromium ]; then
  log "Installing Chromium from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# The SMS tests run a real Kannel (bearerbox, smsbox) and the fake SMSC of kannel-extras.
if [ ! -x /usr/sbin/bearerbox ] || [ ! -x /usr/lib/kannel/test/fakesmsc ]; then
  log "Installing Kannel from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kannel kannel-extras >/dev/null
fi

# The caching tests put Debian's nginx (proxy_cache) in front of a test server, as docs/deploy.md does.
if [ ! -x /usr/sbin/nginx ]; then
  log "Installing nginx from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  # The package starts a server on port 80 the tests do not want: they start their own on a free port.
  as_root systemctl disable --now nginx >/dev/null 2>&1 || as_root service nginx stop >/dev/null 2>&1 || true
fi

# initdb refuses to run as root: the cluster belongs to an unprivileged user.
pg_user=$(id -un)
run_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  pg_user=postgres
  id -u "$pg_user" >/dev/null 2>&1 || useradd --system --no-create-home "$pg_user"
  run_pg() { runuser -u "$pg_user" -- "$@"; }
fi

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

pg_dir=$(mktemp -d /tmp/khyber-pg.XXXXXX)
chmod 755 "$pg_dir"
[ "$(id -u)" -eq 0 ] && chown "$pg_user" "$pg_dir"
pg_port=$(free_port)

stop_pg() {
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_pg EXIT

log "Starting a throwaway PostgreSQL cluster on 127.0.0.1:$pg_port ($pg_bin)"
run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log"; exit 1; }
run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$pg_dir/server.log"; exit 1; }
export KHYBER_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Pooling=true;Maximum Pool Size=50"

log "Building"
dotnet build Khyber.slnx -c Release -nologo -v quiet

passed=0
failed=0
skipped=0
status=0
run_tests() {
  local project=$1 label=$2 out
  log "Testing $project ($label)"
  out=$(mktemp)
  if ! dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$out"; then
    status=1
  fi
  # VSTest's closing block: "Total tests: 12", "     Passed: 12", "     Failed: 0", "    Skipped: 0".
  if ! grep -qE '^Total tests: [0-9]+' "$out"; then
    echo "No tests ran in $project" >&2
    status=1
  else
    count() { grep -E "^ +$1: [0-9]+" "$out" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
    passed=$(( passed + $(count Passed) ))
    failed=$(( failed + $(count Failed) ))
    skipped=$(( skipped + $(count Skipped) ))
  fi
  rm -f "$out"
}

for project in "${all_projects[@]}"; do
  if printf '%s\n' "${storage_projects[@]}" | grep -qx "$project"; then
    KHYBER_TEST_DB=sqlite run_tests "$project" "SQLite"
    KHYBER_TEST_DB=postgres run_tests "$project" "PostgreSQL"
  else
    run_tests "$project" "no database"
  fi
done

echo
echo "Khyber: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || status=1
exit "$status"
