#!/usr/bin/env bash
# A throw-away PostgreSQL 15 + PostGIS cluster for the tests (tests/api/postgres.rs) and
# scripts/replica-propagation.sh. Nothing of the system's PostgreSQL is touched: the cluster
# lives in its own directory, listens on 127.0.0.1 and a socket in /tmp on its own port.
#
#   scripts/pg-test-cluster.sh start   # prints `export DATELINE_TEST_DATABASE_URL=…`
#   eval "$(scripts/pg-test-cluster.sh start)" && cargo test --test api postgres
#   scripts/pg-test-cluster.sh stop    # stops it and deletes its directory
#
# Settings (environment): DATELINE_PG_DIR (default /tmp/dateline-pg-test), DATELINE_PG_PORT
# (54329), DATELINE_PG_BIN (the PostgreSQL 15 binaries, /usr/lib/postgresql/15/bin).
# PostgreSQL refuses to run as root: as root the cluster runs as the system user `dlpg`
# (created when missing); otherwise as you.
#
# The tests' role `dateline` may create databases but is no superuser, as in production:
# PostGIS is created in template1 by the cluster's superuser, so every database the tests
# create has it and the store's migration (`CREATE EXTENSION IF NOT EXISTS postgis`) finds
# it there. A production database needs the same one-time `CREATE EXTENSION postgis` by an
# administrator (or a role allowed to create it).
set -euo pipefail

dir="${DATELINE_PG_DIR:-/tmp/dateline-pg-test}"
port="${DATELINE_PG_PORT:-54329}"
bin="${DATELINE_PG_BIN:-/usr/lib/postgresql/15/bin}"
password="dateline-test"
url="postgres://dateline:${password}@127.0.0.1:${port}/dateline"

if [ "$(id -u)" = 0 ]; then
  owner=dlpg
  id -u "$owner" >/dev/null 2>&1 ||
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$owner"
  as_owner() { runuser -u "$owner" -- "$@"; }
else
  owner="$(id -un)"
  as_owner() { "$@"; }
fi

psql_admin() {
  as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$port" -U postgres "$@"
}

start() {
  if [ ! -x "$bin/initdb" ]; then
    echo "no PostgreSQL 15 in $bin: apt-get install postgresql-15 postgresql-15-postgis-3" >&2
    exit 1
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    chown "$owner" "$dir"
    chmod 700 "$dir"
    # Trust on the socket (the superuser, for set-up); passwords over TCP (the tests).
    as_owner "$bin/initdb" -D "$dir" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    # fsync off: a throw-away cluster; the store's durability is SQLite's and PostgreSQL's
    # own, not this test cluster's.
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
      -o "-k /tmp -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
      start >/dev/null
  fi
  psql_admin -d postgres <<SQL
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dateline') AS no_role \gset
\if :no_role
CREATE ROLE dateline LOGIN CREATEDB PASSWORD '${password}';
\endif
SELECT NOT EXISTS (SELECT FROM pg_database WHERE datname = 'dateline') AS no_db \gset
\if :no_db
\c template1
CREATE EXTENSION IF NOT EXISTS postgis;
\c postgres
CREATE DATABASE dateline OWNER dateline;
\endif
SQL
  echo "export DATELINE_TEST_DATABASE_URL=$url"
}

stop() {
  if [ -f "$dir/PG_VERSION" ]; then
    as_owner "$bin/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) echo "$url" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
