#!/usr/bin/env bash
# pgBackRest for a throwaway PostgreSQL primary (scripts/pg-tmp.sh or pg-cluster.sh), for the
# restore drill and the runbook (docs/operations.md, "PostgreSQL: pgBackRest").
#   scripts/pg-backrest.sh setup DIR PGDATA SOCKDIR PORT
#       two encrypted repositories, DIR/repo1 (local) and DIR/repo2 (the "off-site" copy: in
#       production repo2 is sftp or s3, see the runbook), WAL archived asynchronously to both,
#       retention full x2 (weekly) and diff x7 (daily); the passphrase is read from
#       PGBR_PASS_FILE (default DIR/cipher.pass, made with 32 random bytes when missing);
#       archive_mode is turned on (the server restarts); stanza "suido" created and checked
#   scripts/pg-backrest.sh backup DIR full|diff|incr   -> a backup into each repository
#   scripts/pg-backrest.sh info DIR                    -> pgbackrest info (both repositories)
#   scripts/pg-backrest.sh check DIR                   -> pgbackrest check (archiving works) and
#                                                         verify of each repository (checksums);
#                                                         exit 1 when either finds damage
#   scripts/pg-backrest.sh verify DIR REPO             -> verify of one repository (the same reading)
#   scripts/pg-backrest.sh restore DIR NEWDATA TIME [REPO]
#       point-in-time restore into the new, empty NEWDATA: the newest backup before TIME
#       ('YYYY-MM-DD HH:MM:SS.uuu+00'), WAL replayed up to TIME, then promoted; the restored
#       copy does not archive into the stanza (archive-mode=off)
#   scripts/pg-backrest.sh start-restored NEWDATA SOCKDIR PORT   -> start it (Unix socket only)
#   scripts/pg-backrest.sh pgbackrest DIR ARGS...      -> pgbackrest itself with this config
# As root (CI) everything runs as the postgres user, which owns DIR.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -n "$bin" ]] || { echo "pg-backrest: PostgreSQL server not installed" >&2; exit 1; }
command -v pgbackrest >/dev/null || { echo "pg-backrest: pgbackrest not installed (scripts/install-deps.sh --test)" >&2; exit 1; }
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
STANZA=suido

br() {   # DIR ARGS...: pgbackrest with DIR's configuration
  local dir=$1; shift
  as_pg pgbackrest --config="$dir/pgbackrest.conf" --stanza=$STANZA "$@"
}

verify_repo() {   # DIR REPO: pgbackrest verify of one repository; 1 when it found damage
  # verify (2.45) reports a damaged file in its summary but still exits 0: read the summary.
  local out
  out=$(br "$1" --repo="$2" --log-level-console=info verify 2>&1) || { echo "$out" >&2; return 1; }
  if grep -qE 'status: error|checksum invalid|missing|ERROR' <<<"$out"; then
    echo "pg-backrest: repo$2 failed verification:" >&2
    grep -E 'invalid|missing|ERROR|status:' <<<"$out" >&2
    return 1
  fi
  echo "repo$2: verified"
}

case "${1:-}" in
setup)
  dir=$2; pgdata=$3; sock=$4; port=$5
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  pass_file=${PGBR_PASS_FILE:-$dir/cipher.pass}
  if [[ ! -s "$pass_file" ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$pass_file")
  fi
  pass=$(tr -d '\n' <"$pass_file")
  [[ ${#pass} -ge 20 ]] || { echo "pg-backrest: the passphrase in $pass_file is too short (20 characters at least)" >&2; exit 1; }
  mkdir -p "$dir/repo1" "$dir/repo2" "$dir/spool" "$dir/log" "$dir/lock"
  # The configuration holds the passphrase (pgBackRest reads it from there, also when the
  # server's archive_command runs it): 0600, the postgres user's.  repo1 local; repo2 the
  # off-site copy, in production repo2-type=sftp (repo2-sftp-host, repo2-sftp-host-user,
  # repo2-sftp-private-key-file) or repo2-type=s3 (repo2-s3-bucket, ...): docs/operations.md.
  (umask 077
   {
     echo "[global]"
     for r in 1 2; do
       printf '%s\n' "repo$r-path=$dir/repo$r" "repo$r-cipher-type=aes-256-cbc" "repo$r-cipher-pass=$pass" \
         "repo$r-retention-full-type=count" "repo$r-retention-full=2" "repo$r-retention-diff=7"
     done
     cat <<EOF
archive-async=y
spool-path=$dir/spool
process-max=2
compress-type=zst
start-fast=y
log-path=$dir/log
lock-path=$dir/lock
log-level-console=warn
log-level-file=info

[$STANZA]
pg1-path=$pgdata
pg1-socket-path=$sock
pg1-port=$port
pg1-user=postgres
EOF
   } >"$dir/pgbackrest.conf")
  if [[ $(id -u) -eq 0 ]]; then chown -R postgres:postgres "$dir"; fi
  q() { as_pg psql -X -qAt -h "$sock" -p "$port" -U postgres -d postgres -c "$1"; }
  q "ALTER SYSTEM SET archive_mode = on" >/dev/null
  q "ALTER SYSTEM SET archive_command = 'pgbackrest --config=$dir/pgbackrest.conf --stanza=$STANZA archive-push %p'" >/dev/null
  q "ALTER SYSTEM SET archive_timeout = '60s'" >/dev/null
  # archive_mode needs a restart; pg_ctl reuses the options the server was started with.
  as_pg "$bin/pg_ctl" -D "$pgdata" -m fast -w -t 60 restart >/dev/null
  br "$dir" stanza-create >/dev/null
  br "$dir" check >/dev/null
  echo "stanza $STANZA: repo1 $dir/repo1, repo2 $dir/repo2, encrypted (aes-256-cbc), WAL archived"
  ;;
backup)
  dir=$2; type=$3
  case "$type" in full|diff|incr) ;; *) echo "pg-backrest: backup type full, diff or incr" >&2; exit 2 ;; esac
  br "$dir" --repo=1 --type="$type" backup
  br "$dir" --repo=2 --type="$type" backup
  ;;
info) br "$2" info ;;
check)
  dir=$2
  br "$dir" check
  bad=0
  for repo in 1 2; do verify_repo "$dir" $repo || bad=1; done
  exit $bad
  ;;
verify) verify_repo "$2" "$3" ;;
restore)
  dir=$2; newdata=$3; target=$4; repo=${5:-1}
  if [[ -e "$newdata" ]] && [[ -n "$(ls -A "$newdata" 2>/dev/null)" ]]; then
    echo "pg-backrest: $newdata is not empty" >&2; exit 1
  fi
  mkdir -p "$newdata"
  chmod 700 "$newdata"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$newdata" "$(dirname "$newdata")"; fi
  br "$dir" --repo="$repo" --pg1-path="$newdata" --type=time --target="$target" \
    --target-action=promote --archive-mode=off restore
  ;;
start-restored)
  newdata=$2; sock=$3; port=$4
  mkdir -p "$sock"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$sock"; fi
  as_pg "$bin/pg_ctl" -D "$newdata" -l "$sock/restored.log" -w -t 120 \
    -o "-c listen_addresses='' -c unix_socket_directories='$sock' -p $port -c archive_mode=off" start >/dev/null ||
    { tail -20 "$sock/restored.log" >&2; exit 1; }
  # The promotion at the recovery target ends recovery; wait until the copy takes writes.
  for ((i = 0; i < 600; i++)); do
    [[ "$(as_pg psql -X -qAt -h "$sock" -p "$port" -U postgres -d postgres -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" == f ]] && break
    sleep 0.1
  done
  echo "host=$sock port=$port dbname=suido_test user=postgres"
  ;;
pgbackrest) dir=$2; shift 2; br "$dir" "$@" ;;
*) echo "usage: $0 setup DIR PGDATA SOCKDIR PORT | backup DIR full|diff|incr | info DIR | check DIR | verify DIR REPO | restore DIR NEWDATA TIME [REPO] | start-restored NEWDATA SOCKDIR PORT | pgbackrest DIR ARGS..." >&2; exit 2 ;;
esac
