#!/usr/bin/env bash
# Benchmark: the billing run (調定処理) of a whole year, on SQLite and PostgreSQL.
#   bench/bill_run.sh [TAPS] [ENGINES]      (defaults: 120000 "sqlite pg")
# A demo city of TAPS taps with a year of readings and no bills is built once
# per engine (SQLite: cached under build/bench-bill/; PostgreSQL: a throwaway
# cluster from scripts/pg-tmp.sh, which runs with fsync off).  Then
# `suido bill run --cycle C` bills each of the last twelve full cycles in
# turn (every reading group is read every other month, so each cycle is about
# TAPS/2 bills and the year about TAPS*6).  Printed per engine: each cycle's
# seconds (median and max), bills per second over the year, and the baseline
# measured in the same run: bench/bill_baseline inserting the same number of
# rows of the same width (the bills table's columns, foreign keys and indexes,
# a lines text of the same average length, hung on existing readings, taps and
# customers) with one single-row prepared statement in one transaction.
# Targets: a 60,000-bill cycle under 2 s on SQLite; run / baseline at most x2.
set -euo pipefail
cd "$(dirname "$0")/.."
taps=${1:-120000}
engines=${2:-"sqlite pg"}
bin=${SUIDO_BIN:-build/suido}
base_bin=${BASELINE_BIN:-build/bill_baseline}
work=build/bench-bill
mkdir -p "$work"
export SUIDO_LOG_LEVEL=warn
today=$(TZ=Asia/Tokyo date +%F)
cycles=$(python3 - "$today" <<'PY'
import sys
y, m, d = int(sys.argv[1][:4]), int(sys.argv[1][5:7]), int(sys.argv[1][8:10])
if d <= 22:   # the demo's open cycle is last month until the 22nd (app_demo_open_cycle)
    m -= 1
out = []
for k in range(12, 0, -1):
    yy, mm = y, m - k
    while mm < 1:
        yy, mm = yy - 1, mm + 12
    out.append(f"{yy:04d}-{mm:02d}")
print(" ".join(out))
PY
)

year() {   # $1 engine label, $2 db url
  local url=$2 secs=() runs=() total=0 t0 t1 out n r
  for c in $cycles; do
    t0=$(date +%s%N)
    out=$(SUIDO_DB="$url" "$bin" bill run --cycle "$c" 2>/dev/null) || [[ $? -eq 3 ]]
    t1=$(date +%s%N)
    n=$(sed -n 's/.*調定 \([0-9]*\) 件（.*/\1/p' <<<"$out" | head -1)
    r=$(sed -n 's/.*件、\([0-9.]*\) 秒$/\1/p' <<<"$out" | head -1)
    secs+=("$(( (t1 - t0) / 1000000 ))")
    runs+=("$r")
    total=$(( total + n ))
    printf '  %s: %6d bills  run %6.3f s  whole command %6.3f s\n' "$c" "$n" "$r" "$(awk -v v="$(( (t1 - t0) / 1000000 ))" 'BEGIN{print v/1000}')"
  done
  local sum_ms=0; for s in "${secs[@]}"; do sum_ms=$(( sum_ms + s )); done
  read -r med max <<<"$(printf '%s\n' "${secs[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[NR]}')"
  read -r rmed rmax rsum <<<"$(printf '%s\n' "${runs[@]}" | sort -g | awk '{a[NR]=$1; s+=$1} END {print a[int((NR+1)/2)], a[NR], s}')"
  local width
  if [[ "$url" == sqlite:* ]]; then
    width=$(sqlite3 "${url#sqlite:}" "SELECT CAST(AVG(LENGTH(lines)) AS INTEGER) FROM bills")
  else
    width=$(psql "$url" -Atc "SELECT CAST(AVG(LENGTH(lines)) AS INTEGER) FROM bills")
  fi
  local base
  base=$("$base_bin" "$url" "$total" "$width")
  awk -v e="$1" -v n="$total" -v sum="$sum_ms" -v med="$med" -v max="$max" -v b="$base" -v w="$width" \
      -v rmed="$rmed" -v rmax="$rmax" -v rsum="$rsum" 'BEGIN {
    printf "%s: %d bills in 12 cycles; the runs (query, pricing, writes, durable commits) %.2f s (%.0f bills/s), per cycle median %.3f s, max %.3f s\n", e, n, rsum, n / rsum, rmed, rmax
    printf "%s: whole commands (also process start and the WAL checkpoint at exit) %.2f s, per cycle median %.3f s, max %.3f s\n", e, sum / 1000, med / 1000, max / 1000
    printf "%s baseline: %d rows of the same width (lines %d bytes) in one transaction: %.3f s (%.0f rows/s)\n", e, n, w, b, n / b
    printf "%s ratio runs / baseline: x%.2f (target x2: %s); whole commands / baseline: x%.2f\n", e, rsum / b, (rsum / b <= 2 ? "met" : "NOT met"), (sum / 1000) / b
    if (e == "SQLite") printf "SQLite target: a cycle (~%d bills) under 2 s: %s (run max %.3f s, whole command max %.3f s)\n", n / 12, (rmax < 2 ? "met" : "NOT met"), rmax, max / 1000
  }'
}

for engine in $engines; do
  case $engine in
  sqlite)
    command -v sqlite3 >/dev/null || scripts/install-deps.sh --bench
    city="$work/city-$taps.db"; key="$work/city-$taps.key"
    if [[ ! -f "$city" || ! -f "$work/city-$taps.$today" ]]; then
      rm -f "$city" "$city"-* "$key" "$work"/city-"$taps".*
      echo "building the city on SQLite ($taps taps, 1 year of readings, no bills; cached) ..."
      SUIDO_DB="sqlite:$city" SUIDO_KEY_FILE="$key" "$bin" demo --taps "$taps" --years 1 --seed 3 --no-bills 2>/dev/null | tail -1
      : >"$work/city-$taps.$today"
    fi
    SUIDO_DB="sqlite:$city" SUIDO_KEY_FILE="$key" "$bin" migrate >/dev/null   # a city cached by an older build
    rm -f "$work/run.db" "$work/run.db"-*
    cp "$city" "$work/run.db"
    sync
    echo "SQLite (durable commits):"
    SUIDO_KEY_FILE="$key" year SQLite "sqlite:$work/run.db"
    rm -f "$work/run.db" "$work/run.db"-*
    ;;
  pg)
    pgdir=/tmp/suido-bench-pg
    conninfo=$(scripts/pg-tmp.sh start "$pgdir" 55439)
    trap 'scripts/pg-tmp.sh stop /tmp/suido-bench-pg' EXIT
    echo "building the city on PostgreSQL ($taps taps, 1 year of readings, no bills) ..."
    SUIDO_DB="$conninfo" SUIDO_KEY_FILE="$work/pg.key" "$bin" demo --taps "$taps" --years 1 --seed 3 --no-bills 2>/dev/null | tail -1
    echo "PostgreSQL (throwaway cluster, fsync off):"
    SUIDO_KEY_FILE="$work/pg.key" year PostgreSQL "$conninfo"
    scripts/pg-tmp.sh stop "$pgdir"; trap - EXIT
    rm -f "$work/pg.key"
    ;;
  esac
done
