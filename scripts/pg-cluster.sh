#!/usr/bin/env bash
# A throwaway PostgreSQL primary with a synchronous streaming standby, on Unix sockets only,
# for the failover test and the runbook (docs/operations.md, "PostgreSQL: standby and failover").
#   scripts/pg-cluster.sh start DIR PORT1 PORT2  -> node 1 primary, node 2 its synchronous standby;
#                                                  prints the multi-host conninfo on stdout
#   scripts/pg-cluster.sh conninfo DIR           -> the same conninfo again
#   scripts/pg-cluster.sh crash DIR N            -> kill -9 node N's postmaster (a machine lost)
#   scripts/pg-cluster.sh promote DIR            -> the standby becomes the primary, alone
#                                                  (synchronous_standby_names cleared on it)
#   scripts/pg-cluster.sh rejoin DIR N           -> node N (the old primary, stopped or crashed)
#                                                  follows the new primary again: pg_rewind,
#                                                  else a fresh pg_basebackup; then synchronous again
#   scripts/pg-cluster.sh status DIR             -> one line per node: N port role|down
#   scripts/pg-cluster.sh stop DIR               -> stops both and removes DIR
# Nodes: DIR/nN/data, socket directory DIR/nN, log DIR/nN/server.log, cluster_name pgnodeN.
# As root (CI) every server and tool runs as the postgres user, which owns DIR.
# No TCP listener (listen_addresses=''): the ports only name the socket files.
# fsync is on: kill -9 keeps the page cache, but a test that claims "0 committed payments lost"
# should not lean on that either.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -n "$bin" ]] || { echo "pg-cluster: PostgreSQL server not installed" >&2; exit 1; }
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# The standby named in synchronous_standby_names: either node, so that the setting survives a
# switch of roles.  ANY 1: a commit waits until the other node has it on disk (remote_flush).
SYNC_NAMES="ANY 1 (pgnode1, pgnode2)"

port_of() { sed -n "${2}p" "$1/ports"; }
other() { if [[ $1 == 1 ]]; then echo 2; else echo 1; fi; }

start_node() {   # DIR N: start node N with its own socket directory and port
  local dir=$1 n=$2 port
  port=$(port_of "$dir" "$n")
  as_pg "$bin/pg_ctl" -D "$dir/n$n/data" -l "$dir/n$n/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir/n$n' -p $port -c cluster_name=pgnode$n" \
    start >/dev/null || { tail -20 "$dir/n$n/server.log" >&2; return 1; }
}

psql_node() {    # DIR N SQL
  local port; port=$(port_of "$1" "$2")
  as_pg "$bin/../bin/psql" -X -qAt -h "$1/n$2" -p "$port" -U postgres -d postgres -c "$3" 2>/dev/null ||
    psql -X -qAt -h "$1/n$2" -p "$port" -U postgres -d postgres -c "$3"
}

is_up() { as_pg "$bin/pg_ctl" -D "$1/n$2/data" status >/dev/null 2>&1; }

role_of() {      # DIR N -> primary | standby | down
  if ! is_up "$1" "$2"; then echo down; return; fi
  case "$(psql_node "$1" "$2" "SELECT pg_is_in_recovery()" 2>/dev/null)" in
    f) echo primary ;; t) echo standby ;; *) echo down ;;
  esac
}

conninfo() {
  local dir=$1
  echo "host=$dir/n1,$dir/n2 port=$(port_of "$dir" 1),$(port_of "$dir" 2) dbname=suido_test user=postgres target_session_attrs=read-write connect_timeout=5"
}

basebackup_from() {   # DIR FROM TO: node TO becomes a fresh copy of node FROM, set up as its standby
  local dir=$1 from=$2 to=$3
  rm -rf "$dir/n$to/data"
  as_pg "$bin/pg_basebackup" -h "$dir/n$from" -p "$(port_of "$dir" "$from")" -U postgres \
    -D "$dir/n$to/data" -R -X stream -c fast >"$dir/n$to/basebackup.log" 2>&1 ||
    { cat "$dir/n$to/basebackup.log" >&2; return 1; }
}

wait_sync() {    # DIR PRIMARY: until the other node streams as the synchronous standby (60 s at most)
  local i
  for ((i = 0; i < 600; i++)); do
    [[ "$(psql_node "$1" "$2" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND sync_state IN ('sync','quorum')")" == 1 ]] && return 0
    sleep 0.1
  done
  echo "pg-cluster: the standby did not become synchronous" >&2; return 1
}

case "${1:-}" in
start)
  dir=$2; p1=$3; p2=$4
  if [[ -d "$dir" ]]; then
    for n in 1 2; do as_pg "$bin/pg_ctl" -D "$dir/n$n/data" -m immediate stop >/dev/null 2>&1 || true; done
    rm -rf "$dir"
  fi
  mkdir -p "$dir/n1" "$dir/n2"
  printf '%s\n%s\n' "$p1" "$p2" >"$dir/ports"
  if [[ $(id -u) -eq 0 ]]; then chown -R postgres:postgres "$dir"; fi
  # Checksums: pg_rewind can then bring a crashed primary back as a standby.
  as_pg "$bin/initdb" -D "$dir/n1/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --data-checksums \
    >"$dir/n1/initdb.log" 2>&1 || { cat "$dir/n1/initdb.log" >&2; exit 1; }
  cat >>"$dir/n1/data/postgresql.conf" <<EOF
# pg-cluster.sh: primary + synchronous standby
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
wal_keep_size = '256MB'
synchronous_commit = on
synchronous_standby_names = '$SYNC_NAMES'
shared_buffers = '128MB'
EOF
  start_node "$dir" 1
  basebackup_from "$dir" 1 2
  start_node "$dir" 2
  wait_sync "$dir" 1
  as_pg "$bin/createdb" -h "$dir/n1" -p "$p1" -U postgres suido_test
  conninfo "$dir"
  ;;
conninfo) conninfo "$2" ;;
crash)
  dir=$2; n=$3
  pid=$(head -1 "$dir/n$n/data/postmaster.pid" 2>/dev/null || true)
  [[ -n "$pid" ]] || { echo "pg-cluster: node $n is not running" >&2; exit 1; }
  kill -9 "$pid"
  # The postmaster's children notice their parent's death and exit; wait until the socket is gone.
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  ;;
promote)
  dir=$2
  for n in 1 2; do [[ "$(role_of "$dir" "$n")" == standby ]] && sb=$n; done
  [[ -n "${sb:-}" ]] || { echo "pg-cluster: no standby to promote" >&2; exit 1; }
  as_pg "$bin/pg_ctl" -D "$dir/n$sb/data" -w -t 60 promote >/dev/null
  # Alone now: a commit must not wait for a standby that is not there (degraded until rejoin).
  psql_node "$dir" "$sb" "ALTER SYSTEM SET synchronous_standby_names = ''" >/dev/null
  psql_node "$dir" "$sb" "SELECT pg_reload_conf()" >/dev/null
  echo "node $sb promoted"
  ;;
rejoin)
  dir=$2; n=$3; p=$(other "$n")
  [[ "$(role_of "$dir" "$p")" == primary ]] || { echo "pg-cluster: node $p is not the primary" >&2; exit 1; }
  if is_up "$dir" "$n"; then as_pg "$bin/pg_ctl" -D "$dir/n$n/data" -m fast -w stop >/dev/null; fi
  # pg_rewind (15) first runs a crashed target to the end of its WAL in single-user mode itself.
  # pg_rewind reads the new timeline from the source's control file: a checkpoint writes it there.
  psql_node "$dir" "$p" "CHECKPOINT" >/dev/null
  how=pg_rewind
  if ! as_pg "$bin/pg_rewind" -D "$dir/n$n/data" \
        --source-server="host=$dir/n$p port=$(port_of "$dir" "$p") user=postgres dbname=postgres" \
        -R >"$dir/n$n/rewind.log" 2>&1; then
    how=pg_basebackup
    basebackup_from "$dir" "$p" "$n"
  fi
  start_node "$dir" "$n"
  psql_node "$dir" "$p" "ALTER SYSTEM SET synchronous_standby_names = '$SYNC_NAMES'" >/dev/null
  psql_node "$dir" "$p" "SELECT pg_reload_conf()" >/dev/null
  wait_sync "$dir" "$p"
  echo "node $n follows node $p again ($how), synchronous"
  ;;
status)
  dir=$2
  for n in 1 2; do echo "$n $(port_of "$dir" "$n") $(role_of "$dir" "$n")"; done
  ;;
stop)
  dir=$2
  for n in 1 2; do
    [[ -d "$dir/n$n/data" ]] && { as_pg "$bin/pg_ctl" -D "$dir/n$n/data" -m immediate -w stop >/dev/null 2>&1 || true; }
  done
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start DIR PORT1 PORT2 | conninfo DIR | crash DIR N | promote DIR | rejoin DIR N | status DIR | stop DIR" >&2; exit 2 ;;
esac
