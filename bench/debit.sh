#!/usr/bin/env bash
# Benchmark: direct debit (口座振替) with the bank, on SQLite.
#   bench/debit.sh [TAPS] [RUNS]      (defaults: 7900 5)
# A demo city of TAPS taps with a year of bills and no payments (every bill
# still owed) and a direct-debit mandate on every tap, given by its present
# occupant, is built once a day and cached under build/bench-debit/ (only
# the occupant's own bills are debited: about 5.7 per tap, so 7,900 taps give
# about 45,000 debit records).  Each run starts from a fresh copy of it and
# times, as whole commands:
#   suido debit export --date D --out FILE   (every owed bill: one batch, the file)
#   suido debit import RESULT                (the bank's result synthesised from
#                                             that file: 1 in 50 records failed,
#                                             with codes 1, 2, 3, 4, 8, 9; the rest posted)
# and prints median and max of each, with the baseline measured in the same
# run: `cp` of a file of the request's size (the file's I/O) and
# bench/bill_baseline inserting as many rows as there are records into a
# bill-shaped table with one prepared statement in one transaction (what
# storing one row per record costs at the least).
# Target: export and import each under 1 s for 45,000 records.
set -euo pipefail
cd "$(dirname "$0")/.."
taps=${1:-7900}
runs=${2:-5}
bin=${SUIDO_BIN:-build/suido}
base_bin=${BASELINE_BIN:-build/bill_baseline}
work=${BENCH_DIR:-build/bench-debit}
mkdir -p "$work"
export SUIDO_LOG_LEVEL=warn SUIDO_FAST_HASH=1
today=$(TZ=Asia/Tokyo date +%F)
city="$work/city-$taps.db"; key="$work/city-$taps.key"
export SUIDO_KEY_FILE="$key"
if [[ ! -f "$city" || ! -f "$work/city-$taps.$today" ]]; then
  rm -f "$city" "$city"-* "$key" "$work"/city-"$taps".*
  echo "building the city ($taps taps, a year of bills, no payments, a mandate per tap; cached) ..."
  SUIDO_DB="sqlite:$city" "$bin" demo --taps "$taps" --years 1 --seed 5 --no-payments 2>/dev/null | tail -1
  SUIDO_DB="sqlite:$city" "$bin" bank import >/dev/null
  first=$((10000001)); last=$((10000000 + taps))
  for ((t = first; t <= last; t++)); do
    SUIDO_DB="sqlite:$city" "$bin" mandate add --tap "$t" --bank 0001 --branch 001 --type 1 \
      --account "$((t % 9999999))" --holder "ｽｲﾄﾞｳ ﾀﾛｳ" --from 2020-01-01 >/dev/null 2>&1 || true
  done
  : >"$work/city-$taps.$today"
fi
SUIDO_DB="sqlite:$city" "$bin" migrate >/dev/null   # a city cached by an older build
day=$("$bin" calendar business "$(TZ=Asia/Tokyo date -d tomorrow +%F)")
# The bank's result is read the day after the debit date (money is never dated
# ahead of today): the import runs with the clock moved to then.
after_days=$(( ( $(date -d "$day" +%s) - $(date -d "$today" +%s) ) / 86400 + 1 ))

exp_ms=() imp_ms=() run_s=() cp_ms=() base_s=()
for ((i = 1; i <= runs; i++)); do
  rm -f "$work/run.db" "$work/run.db"-* "$work/req.txt" "$work/res.txt" "$work/copy.txt"
  cp "$city" "$work/run.db"
  sync
  export SUIDO_DB="sqlite:$work/run.db"
  t0=$(date +%s%N)
  out=$("$bin" debit export --date "$day" --out "$work/req.txt")
  t1=$(date +%s%N)
  exp_ms+=("$(( (t1 - t0) / 1000000 ))")
  records=$(sed -n 's/.*） *\([0-9]*\) 件 .*/\1/p' <<<"$out" | head -1)
  python3 bench/bank_result.py "$work/req.txt" "$work/res.txt"
  sync
  t0=$(date +%s%N)
  SUIDO_CLOCK_SHIFT_DAYS=$after_days "$bin" debit import "$work/res.txt" >"$work/import.out" 2> >(grep -v SUIDO_CLOCK_SHIFT_DAYS >&2)
  t1=$(date +%s%N)
  imp_ms+=("$(( (t1 - t0) / 1000000 ))")
  run_s+=("$(sed -n 's/^取込 \([0-9.]*\) 秒$/\1/p' "$work/import.out")")
  t0=$(date +%s%N)
  cp "$work/req.txt" "$work/copy.txt" && sync "$work/copy.txt"
  t1=$(date +%s%N)
  cp_ms+=("$(( (t1 - t0) / 1000000 ))")
  base_s+=("$("$base_bin" "sqlite:$work/run.db" "$records" 200)")
  printf '  run %d: %d records, export %.3f s, import %.3f s (whole command %.3f s) (%s)\n' "$i" "$records" \
    "$(awk -v v="${exp_ms[-1]}" 'BEGIN{print v/1000}')" "${run_s[-1]}" "$(awk -v v="${imp_ms[-1]}" 'BEGIN{print v/1000}')" \
    "$(grep -o '振替済 [0-9]* 件' "$work/import.out" | head -1)"
done
size=$(stat -c %s "$work/req.txt")
rm -f "$work/run.db" "$work/run.db"-* "$work/copy.txt"
stats() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[NR]}'; }
read -r emed emax <<<"$(stats "${exp_ms[@]}")"
read -r imed imax <<<"$(stats "${imp_ms[@]}")"
read -r rmed rmax <<<"$(stats "${run_s[@]}")"
read -r cmed cmax <<<"$(stats "${cp_ms[@]}")"
read -r bmed bmax <<<"$(stats "${base_s[@]}")"
awk -v n="$records" -v sz="$size" -v emed="$emed" -v emax="$emax" -v imed="$imed" -v imax="$imax" -v rmed="$rmed" -v rmax="$rmax" -v cmed="$cmed" \
    -v cmax="$cmax" -v bmed="$bmed" -v bmax="$bmax" -v runs="$runs" 'BEGIN {
  printf "debit export (%d records, %d bytes), %d runs: median %.3f s, max %.3f s (target < 1 s: %s)\n", n, sz, runs, emed / 1000, emax / 1000, (emax < 1000 ? "met" : "NOT met")
  printf "debit import (%d records, 1 in 50 failed; parse, checks, postings, durable commit, as the command reports), %d runs: median %.3f s, max %.3f s (target < 1 s: %s)\n", n, runs, rmed, rmax, (rmax < 1 ? "met" : "NOT met")
  printf "debit import, whole command (also process start, reading the file, and the WAL checkpoint at exit): median %.3f s, max %.3f s\n", imed / 1000, imax / 1000
  printf "baseline cp + sync of the file: median %.3f s, max %.3f s\n", cmed / 1000, cmax / 1000
  printf "baseline %d bill-shaped rows in one transaction (bill_baseline): median %.3f s, max %.3f s\n", n, bmed, bmax
  printf "ratio export / baseline rows x%.1f, import / baseline rows x%.1f (whole command x%.1f)\n", emed / 1000 / bmed, rmed / bmed, imed / 1000 / bmed
}'
