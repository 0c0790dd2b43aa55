#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster with PostGIS.
#
#   scripts/with-postgres.sh cargo test --workspace
#
# Starts PostgreSQL 15 (Debian's binaries, no system service) in a temporary
# folder, listening on 127.0.0.1 at a free port (or $ATLAS_PG_PORT) and on a
# unix socket in that folder, makes a template database with PostGIS, runs
# the command with ATLAS_TEST_POSTGRES set to that database's URL, and stops
# the cluster and removes the folder however the command ends. The command's
# exit status is the script's.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if ! [ -x "$PG_BIN/initdb" ] || ! [ -f /usr/share/postgresql/15/extension/postgis.control ]; then
  echo "with-postgres: PostgreSQL 15 with PostGIS is missing; run scripts/install-test-tools.sh" >&2
  exit 1
fi

# PostgreSQL refuses to run as root: run it as the `postgres` account then.
if [ "$(id -u)" -eq 0 ]; then AS=(runuser -u postgres --); else AS=(); fi

free_port() {
  local port
  for port in $(seq "${1:-55431}" 65000); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  return 1
}
PORT=${ATLAS_PG_PORT:-$(free_port 55431)}

DIR=$(mktemp -d "${TMPDIR:-/tmp}/atlas-postgres.XXXXXX")
chmod 0755 "$DIR"
[ ${#AS[@]} -eq 0 ] || chown postgres "$DIR"

stop() {
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${AS[@]}" "$PG_BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
# A test cluster: no fsync, room for many test databases' connections.
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
  start >/dev/null || { cat "$DIR/postgres.log" >&2; exit 1; }

psql() { "${AS[@]}" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U postgres "$@"; }
psql -d postgres -c "CREATE DATABASE atlas_template"
psql -d atlas_template -c "CREATE EXTENSION postgis; CREATE EXTENSION unaccent;"

export ATLAS_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PORT/atlas_template"
echo "with-postgres: PostgreSQL with PostGIS at $ATLAS_TEST_POSTGRES" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
