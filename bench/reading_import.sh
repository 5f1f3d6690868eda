#!/usr/bin/env bash
# Benchmark: importing a month of meter readings with every check, on SQLite.
#   bench/reading_import.sh [TAPS] [RUNS]
# Kofu reads about 836,000 times a year: some 70,000 readings a month.  A
# demo city of TAPS taps (default 142,000: about 70,000 due this month, one
# year of history) is built once and cached under build/bench-reading/.
# Every route due this month is exported as a handheld would receive it and
# filled in with plausible readings (0.5% typing errors, which must be held).
# Each run imports that file into a fresh copy of the city with
# `suido reading import` (all-or-nothing, one transaction).  Printed: the
# import's own time (parse, checks, writes, durable commit) and the whole
# command's wall time (also process start-up and the WAL checkpoint SQLite
# runs when the last connection closes), median and max over RUNS, and the ratio to a baseline measured
# in the same run: the sqlite3 shell loading the same CSV into a plain table
# with no checks at all.  Target: under 2 s.
# Then the refusal case: the same file with 2 % of the rows wrong (a tap
# number that does not exist, an impossible date, a dial that is not a
# number, in turn), imported with --mode clean: the good rows written, every
# refused row kept for download, the first 100 and the counts reported.
set -euo pipefail
cd "$(dirname "$0")/.."
taps=${1:-142000}
runs=${2:-5}
bin=${SUIDO_BIN:-build/suido}
command -v sqlite3 >/dev/null || scripts/install-deps.sh --bench
work=build/bench-reading
mkdir -p "$work"
city="$work/city-$taps.db"
key="$work/city-$taps.key"
today=$(TZ=Asia/Tokyo date +%F)
cycle=${today:0:7}
if [[ ! -f "$city" || ! -f "$work/city-$taps.$cycle" ]]; then
  rm -f "$city" "$city"-* "$key" "$work"/city-"$taps".*
  echo "building the city ($taps taps, 1 year of history; cached) ..."
  SUIDO_DB="sqlite:$city" SUIDO_KEY_FILE="$key" "$bin" demo --taps "$taps" --years 1 --seed 3 \
    --leave-current-unread --no-bills 2>/dev/null | tail -1
  : >"$work/city-$taps.$cycle"
fi
export SUIDO_KEY_FILE="$key" SUIDO_LOG_LEVEL=warn
SUIDO_DB="sqlite:$city" "$bin" migrate >/dev/null   # a city cached by an older build
file="$work/readings-$taps-$today.csv"
if [[ ! -f "$file" ]]; then
  : >"$work/export.csv"
  for r in $(sqlite3 "$city" "SELECT route FROM reading_schedule WHERE cycle = '$cycle' ORDER BY route"); do
    SUIDO_DB="sqlite:$city" "$bin" reading export --route "$r" --cycle "$cycle" --encoding utf8 >>"$work/export.csv"
  done
  python3 bench/fill_readings.py "$work/export.csv" "$today" 5 >"$file"
  rm -f "$work/export.csv"
fi
rows=$(( $(wc -l <"$file") - 1 ))
echo "file: $rows readings dated $today ($(du -h "$file" | cut -f1))"

ms() { echo $(( ($2 - $1) / 1000000 )); }
imp=(); wall=(); base=()
for i in $(seq 1 "$runs"); do
  rm -f "$work/run.db" "$work/run.db"-*
  cp "$city" "$work/run.db"
  sync
  t0=$(date +%s%N)
  out=$(SUIDO_DB="sqlite:$work/run.db" "$bin" reading import "$file" 2>/dev/null || true)
  t1=$(date +%s%N)
  [[ "$out" == applied* ]] || { echo "import failed: $out"; exit 1; }
  imp+=("$(sed -n 's/.*, \([0-9.]*\) s$/\1/p' <<<"$out")")
  wall+=("$(ms "$t0" "$t1")")
  [[ $i -eq 1 ]] && echo "run 1: $out"
  t0=$(date +%s%N)
  sqlite3 "$work/run.db" "CREATE TABLE raw_import (tap_no TEXT, meter_no TEXT, read_on TEXT, value TEXT);" \
    ".mode csv" ".import --skip 1 $file raw_import"
  t1=$(date +%s%N)
  base+=("$(ms "$t0" "$t1")")
done
rm -f "$work/run.db" "$work/run.db"-*
stats() { tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {printf "%s %s", a[int((NR+1)/2)], a[NR]}'; }
read -r imp_med imp_max <<<"$(echo "${imp[@]}" | stats)"
read -r wall_med wall_max <<<"$(echo "${wall[@]}" | stats)"
read -r base_med base_max <<<"$(echo "${base[@]}" | stats)"
awk -v n="$rows" -v runs="$runs" -v im="$imp_med" -v ix="$imp_max" -v wm="$wall_med" -v wx="$wall_max" \
    -v bm="$base_med" -v bx="$base_max" 'BEGIN {
  printf "import of %d readings with checks (%d runs): median %.3f s, max %.3f s (%.0f readings/s)\n", n, runs, im, ix, n / im
  printf "whole command (start, read file, import, WAL checkpoint at exit): median %.3f s, max %.3f s\n", wm / 1000, wx / 1000
  printf "baseline, sqlite3 .import of the same file without checks: median %.3f s, max %.3f s\n", bm / 1000, bx / 1000
  printf "ratio import / baseline: x%.1f (median)\n", im * 1000 / (bm ? bm : 1)
  printf "target: importing the month (parse, checks, writes, durable commit) under 2 s: %s (median %.3f s, max %.3f s)\n", (im < 2 ? "met" : "NOT met"), im, ix
}'

# The refusal case: every 50th row wrong, imported with --mode clean.
bad="$work/readings-$taps-$today-bad.csv"
awk -F, -v OFS=, 'NR > 1 && (NR - 1) % 50 == 1 {
  k = int((NR - 1) / 50) % 3
  if (k == 0) $1 = "9" substr($1, 2); else if (k == 1) $3 = substr($3, 1, 5) "02-30"; else $4 = "12a4\r"
} { print }' "$file" >"$bad"
rimp=()
for i in $(seq 1 "$runs"); do
  rm -f "$work/run.db" "$work/run.db"-*
  cp "$city" "$work/run.db"
  sync
  out=$(SUIDO_DB="sqlite:$work/run.db" "$bin" reading import "$bad" --mode clean 2>/dev/null || true)
  [[ "$out" == applied* ]] || { echo "import with refusals failed: $out"; exit 1; }
  rimp+=("$(sed -n 's/.*, \([0-9.]*\) s$/\1/p' <<<"$out")")
  [[ $i -eq 1 ]] && echo "refusal case, run 1: $out"
done
rm -f "$work/run.db" "$work/run.db"-* "$bad"
read -r rimp_med rimp_max <<<"$(echo "${rimp[@]}" | stats)"
awk -v n="$rows" -v runs="$runs" -v im="$rimp_med" -v ix="$rimp_max" 'BEGIN {
  printf "import of %d readings, 2%% refused, --mode clean (%d runs): median %.3f s, max %.3f s\n", n, runs, im, ix
}'
