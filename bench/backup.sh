#!/usr/bin/env bash
# Benchmark: suido backup on SQLite (restic), for the operations note.
#   bench/backup.sh [TAPS] [PAYMENTS]      (defaults: 120000 650)
# The city: `suido demo --taps TAPS --years 1` (a year of readings, bills and
# payments), built once and cached under build/bench-backup/.  Each run works
# on a fresh copy of it and a new repository in the same folder, and times:
#   1 first     suido backup run --init       (the whole database into an empty repository)
#   2 day       PAYMENTS payments posted (suido payment post, one per command: a day's
#               counter and convenience-store payments; Kofu's 160,251 slip payments a
#               year are about 650 a business day)
#   3 incr      suido backup run              (the next night's snapshot)
#   4 restore   suido backup restore latest --to DIR   (with its checks: integrity,
#               schema, audit chain, key)
#   5 check     suido backup check            (restore drill + restic check --read-data)
# and prints the database's size and the repository's size after 1 and 3: the
# growth for one day's changes.
# Measured 2026-12-05 (2 cores shared with other jobs; restic 0.14, compression auto):
#   database 1223 MB; first run 76.6 s, repository 276 MB; 650 payments; incremental run
#   39.6 s, +33.6 MB; restore with its checks 30.9 s; check (drill + read-data) 59.0 s.
set -euo pipefail
cd "$(dirname "$0")/.."
taps=${1:-120000}
payments=${2:-650}
bin=$(realpath "${SUIDO_BIN:-build/suido}")
work=$(realpath -m "${BENCH_DIR:-build/bench-backup}")
mkdir -p "$work"
export SUIDO_LOG_LEVEL=warn SUIDO_FAST_HASH=1
command -v restic >/dev/null || { echo "restic is not installed (scripts/install-deps.sh)"; exit 1; }
city="$work/city-$taps.db"
ckey="$work/city-$taps.key"
if [[ ! -f "$city.done" ]]; then
  rm -f "$city" "$city"-* "$ckey"
  echo "building the city ($taps taps, a year of history; cached) ..."
  SUIDO_DB="sqlite:$city" SUIDO_KEY_FILE="$ckey" "$bin" demo --taps "$taps" --years 1 --seed 11 2>/dev/null | tail -1
  SUIDO_DB="sqlite:$city" SUIDO_KEY_FILE="$ckey" "$bin" migrate >/dev/null
  touch "$city.done"
fi
run="$work/run"
rm -rf "$run"
mkdir -p "$run/var"
cp "$city" "$run/var/suido.db"
cp "$ckey" "$run/var/suido.key"
chmod 600 "$run/var/suido.key"
printf 'bench repository password\n' >"$run/pw"
chmod 600 "$run/pw"
export SUIDO_DB="sqlite:$run/var/suido.db" SUIDO_KEY_FILE="$run/var/suido.key"
export SUIDO_BACKUP_REPO="$run/repo" SUIDO_BACKUP_PASSWORD_FILE="$run/pw" RESTIC_CACHE_DIR="$run/cache"
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
size() { du -sb "$1" | cut -f1; }
mb() { awk -v n="$1" 'BEGIN { printf "%.1f MB", n / 1048576 }'; }

t0=$(now); "$bin" backup run --init >/dev/null 2>&1; t1=$(now)
first=$(secs "$t0" "$t1"); repo1=$(size "$run/repo")

today=$(TZ=Asia/Tokyo date +%F)
mapfile -t bills < <(sqlite3 "$run/var/suido.db" \
  "SELECT b.id FROM bills b JOIN bill_open o ON o.bill_id = b.id ORDER BY b.id DESC LIMIT $payments")
t0=$(now)
for i in "${!bills[@]}"; do
  "$bin" payment post --bill "${bills[$i]}" --amount 1000 --channel cvs --paid-on "$today" --ref "bench-$i" >/dev/null 2>&1
done
t1=$(now); day=$(secs "$t0" "$t1")

t0=$(now); "$bin" backup run >/dev/null 2>&1; t1=$(now)
incr=$(secs "$t0" "$t1"); repo2=$(size "$run/repo")

t0=$(now); "$bin" backup restore latest --to "$run/restored" >/dev/null; t1=$(now)
restore=$(secs "$t0" "$t1")
t0=$(now); "$bin" backup check >/dev/null; t1=$(now)
check=$(secs "$t0" "$t1")

dbsize=$(stat -c %s "$run/var/suido.db")
echo "backup on SQLite, $taps taps with a year of history (database $(mb "$dbsize"))"
echo "  first backup run   ${first} s   repository $(mb "$repo1")"
echo "  a day: ${#bills[@]} payments posted (${day} s)"
echo "  incremental run    ${incr} s   repository $(mb "$repo2") (+$(mb $((repo2 - repo1))) for the day)"
echo "  restore + checks   ${restore} s"
echo "  check (drill + read-data) ${check} s"
rm -rf "$run"
