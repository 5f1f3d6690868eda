#!/usr/bin/env bash
# Benchmark: pgBackRest on PostgreSQL (scripts/pg-backrest.sh), for the operations note.
#   bench/pg_backup.sh [TAPS] [PAYMENTS] [READINGS]      (defaults: 20000 650 3500)
# The city: `suido demo --taps TAPS --years 1 --leave-current-unread` on a throwaway PostgreSQL (scripts/pg-tmp.sh),
# then a stanza with two encrypted repositories and WAL archiving, and times:
#   1 full      a full backup into repo1 (repo2 the same: the off-site copy, timed apart)
#   2 day       READINGS readings imported (the routes due this month, left unread by the demo,
#               exported and filled in by bench/fill_readings.py; Kofu reads some 70,000 a
#               month, about 3,500 a business day) and PAYMENTS payments posted (suido payment
#               post, one per command: Kofu's 160,251 slip payments a year are about 650 a
#               business day), then the WAL segment switched so that the day's WAL is archived
#   3 diff      a differential backup into repo1 (the next night)
#   4 restore   a restore of the latest backup with the WAL to its end into a new data
#               directory, started, audit verify on it
# and prints the database's size and the repositories' sizes after 1 and 3: the growth for
# one day (the differential plus the day's archived WAL).
# The city is built once and cached (build/bench-pgbackup/city-TAPS): a rerun takes the figures in
# a few minutes.  The load average is printed with each figure (the machine is shared).
# Measured 2026-12-06 (2 cores shared with other jobs; pgBackRest 2.45, zstd), 120,000 taps:
#   database 1,873.9 MB (city built in 43.5 min); full 24.2 s, repo1 278.7 MB (repo2 22.3 s);
#   3,905 readings (2.6 s) and 650 payments; diff 22.9 s, +207.3 MB; restore + start 38.5 s.
# 2026-12-05, 20,000 taps: database 328.5 MB; full 15.8 s, 55.6 MB; 650 payments; diff 7.5 s,
#   +30.1 MB; restore + start 16.0 s.
set -euo pipefail
cd "$(dirname "$0")/.."
taps=${1:-20000}
payments=${2:-650}
readings=${3:-3500}
bin=$(realpath "${SUIDO_BIN:-build/suido}")
work=$(mktemp -d "${TMPDIR:-/tmp}/suido-pgbr-bench.XXXXXX")
chmod 755 "$work"   # the servers and pgbackrest run as the postgres user under root
trap 'scripts/pg-tmp.sh halt "$work/restored" >/dev/null 2>&1; scripts/pg-tmp.sh stop "$work/db" >/dev/null 2>&1; rm -rf "$work"' EXIT
export SUIDO_LOG_LEVEL=warn SUIDO_FAST_HASH=1
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
size() { du -sb "$1" | cut -f1; }
load() { cut -d' ' -f1 /proc/loadavg; }
mb() { awk -v n="$1" 'BEGIN { printf "%.1f MB", n / 1048576 }'; }

# The city is built once and cached (halted) under build/bench-pgbackup/city-TAPS; each run
# works on a copy of its data directory, so a rerun takes the figures without the build.
cache=$(realpath -m "build/bench-pgbackup/city-$taps")
port=${PG_PORT:-55448}
if [[ ! -f "$cache/built" ]]; then
  mkdir -p "$(dirname "$cache")"
  echo "building the city ($taps taps, a year of history; cached in $cache) ..."
  cc=$(scripts/pg-tmp.sh start "$cache" "$port")
  t0=$(now)
  SUIDO_DB="$cc" SUIDO_KEY_FILE="$cache/suido.key" "$bin" demo --taps "$taps" --years 1 --seed 11 \
    --leave-current-unread 2>/dev/null | tail -1
  t1=$(now); echo "  city built in $(secs "$t0" "$t1") s (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
  psql "$cc" -qAtc "VACUUM ANALYZE" >/dev/null
  scripts/pg-tmp.sh halt "$cache"
  echo "$(secs "$t0" "$t1")" >"$cache/built"
fi
cp -a "$cache" "$work/db"
cp "$cache/suido.key" "$work/suido.key"
conninfo=$(scripts/pg-tmp.sh resume "$work/db" "$port")
export SUIDO_DB="$conninfo" SUIDO_KEY_FILE="$work/suido.key"
"$bin" migrate >/dev/null   # a city cached by an older build
br="$work/br"
scripts/pg-backrest.sh setup "$br" "$work/db/data" "$work/db" "$port" >/dev/null
dbsize=$(psql "$conninfo" -qAtc "SELECT pg_database_size(current_database())")

t0=$(now); scripts/pg-backrest.sh pgbackrest "$br" --repo=1 --type=full backup; t1=$(now)
full=$(secs "$t0" "$t1"); lfull=$(load)
t0=$(now); scripts/pg-backrest.sh pgbackrest "$br" --repo=2 --type=full backup; t1=$(now)
full2=$(secs "$t0" "$t1")
r1a=$(size "$br/repo1")

today=$(TZ=Asia/Tokyo date +%F)
cycle=${today:0:7}
# The day's readings: the routes due this month (left unread by the demo), in turn, until about
# READINGS taps (Kofu reads some 70,000 a month: about 3,500 a business day), filled in as a
# handheld returns them (bench/fill_readings.py) and imported with --mode clean.
: >"$work/export.csv"
for r in $(psql "$conninfo" -qAtc "SELECT route FROM reading_schedule WHERE cycle = '$cycle' ORDER BY route"); do
  "$bin" reading export --route "$r" --cycle "$cycle" --encoding utf8 >>"$work/export.csv"
  (( $(wc -l <"$work/export.csv") < readings )) || break
done
python3 bench/fill_readings.py "$work/export.csv" "$today" 5 >"$work/readings.csv"
nread=$(( $(wc -l <"$work/readings.csv") - 1 ))
t0=$(now)
"$bin" reading import "$work/readings.csv" --mode clean >/dev/null 2>&1 || true
t1=$(now); rday=$(secs "$t0" "$t1")
mapfile -t bills < <(psql "$conninfo" -qAtc \
  "SELECT b.id FROM bills b JOIN bill_open o ON o.bill_id = b.id ORDER BY b.id DESC LIMIT $payments")
t0=$(now)
for i in "${!bills[@]}"; do
  "$bin" payment post --bill "${bills[$i]}" --amount 1000 --channel cvs --paid-on "$today" --ref "bench-$i" >/dev/null 2>&1
done
t1=$(now); day=$(secs "$t0" "$t1")
psql "$conninfo" -qAtc "SELECT pg_switch_wal()" >/dev/null

t0=$(now); scripts/pg-backrest.sh pgbackrest "$br" --repo=1 --type=diff backup; t1=$(now)
diff=$(secs "$t0" "$t1"); ldiff=$(load)
r1b=$(size "$br/repo1")

t0=$(now)
mkdir -p "$work/restored/data"; chmod 700 "$work/restored/data"
[[ $(id -u) -ne 0 ]] || chown -R postgres:postgres "$work/restored"
scripts/pg-backrest.sh pgbackrest "$br" --repo=1 --pg1-path="$work/restored/data" --archive-mode=off restore
rc=$(scripts/pg-backrest.sh start-restored "$work/restored/data" "$work/restored" "$(( port + 1 ))")
t1=$(now); restore=$(secs "$t0" "$t1"); lrestore=$(load)
t0=$(now); SUIDO_DB="$rc" "$bin" audit verify >/dev/null; t1=$(now); verify=$(secs "$t0" "$t1")

echo "pgBackRest on PostgreSQL, $taps taps with a year of history (database $(mb "$dbsize"))"
echo "  full backup, repo1   ${full} s   repository $(mb "$r1a")   (repo2, the off-site copy: ${full2} s)   load ${lfull}"
echo "  a day: $nread readings imported (${rday} s), ${#bills[@]} payments posted (${day} s)"
echo "  diff backup, repo1   ${diff} s   repository $(mb "$r1b") (+$(mb $((r1b - r1a))) for the day, WAL included)   load ${ldiff}"
echo "  restore + start      ${restore} s   (audit verify on it: ${verify} s)   load ${lrestore}"
