#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, on a Unix socket only.
#   scripts/pg-tmp.sh start DIR PORT   -> prints the conninfo on stdout
#   scripts/pg-tmp.sh stop DIR         -> stops it and removes DIR
#   scripts/pg-tmp.sh resume DIR PORT  -> starts a cluster left in DIR by "halt" (exit 1: none)
#   scripts/pg-tmp.sh halt DIR         -> stops it and keeps DIR (a bench's cached city)
# As root (CI) the server runs as the postgres user, which owns DIR.
# No TCP listener (listen_addresses=''): PORT only names the socket file inside DIR
# (DIR/.s.PGSQL.PORT), so two clusters in different DIRs never collide, whatever PORT each gets.
# PG_TMP_OPTS: more server options (e.g. "-c shared_preload_libraries=pg_stat_statements").
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -n "$bin" ]] || { echo "pg-tmp: PostgreSQL server not installed" >&2; exit 1; }
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
  dir=$2; port=$3
  if [[ -d "$dir" ]]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; fi
  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir"; fi
  as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_TMP_OPTS:-}" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  as_pg "$bin/createdb" -h "$dir" -p "$port" -U postgres suido_test
  echo "host=$dir port=$port dbname=suido_test user=postgres"
  ;;
resume)
  dir=$2; port=$3
  [[ -f "$dir/data/PG_VERSION" ]] || exit 1
  as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 ||
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_TMP_OPTS:-}" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "host=$dir port=$port dbname=suido_test user=postgres"
  ;;
halt)
  dir=$2
  [[ -d "$dir/data" ]] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  ;;
stop)
  dir=$2
  [[ -d "$dir/data" ]] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start DIR PORT | stop DIR | resume DIR PORT | halt DIR" >&2; exit 2 ;;
esac
