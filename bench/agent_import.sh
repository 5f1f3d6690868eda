#!/usr/bin/env bash
# Benchmark: a convenience-store result file (確報) posted, on SQLite.
#   bench/agent_import.sh [TAPS] [RUNS]      (defaults: 5000 5)
# A demo city of TAPS taps with a year of bills and no payments is built once
# a day and cached under build/bench-agent/.  The file holds one 確報 record
# (standard profile) for every slip of the four newest cycles (about 2 per
# tap: 5,000 taps give about 10,000 records), built from `suido slip --csv`.
# Each run starts from a fresh copy of the city and times the whole command
#   suido payment import FILE      (parse, check digits, one transaction:
#                                   match each bill, allocate, audit)
# and prints the median and the max, with the baseline measured in the same
# run: bench/bill_baseline inserting as many bill-shaped rows as there are
# records, one prepared statement in one transaction.  Kofu's yearly 160,251 slip payments
# are about 650 a business day; the target is 10,000 records under 2 s.
set -euo pipefail
cd "$(dirname "$0")/.."
taps=${1:-5000}
runs=${2:-5}
bin=${SUIDO_BIN:-build/suido}
base_bin=${BASELINE_BIN:-build/bill_baseline}
work=${BENCH_DIR:-build/bench-agent}
mkdir -p "$work"
export SUIDO_LOG_LEVEL=warn SUIDO_FAST_HASH=1
today=$(TZ=Asia/Tokyo date +%F)
city="$work/city-$taps.db"
export SUIDO_KEY_FILE="$work/city-$taps.key"
if [[ ! -f "$city" || ! -f "$work/city-$taps.$today" ]]; then
  rm -f "$city" "$city"-* "$SUIDO_KEY_FILE" "$work"/city-"$taps".* "$work"/slips-*.csv
  echo "building the city ($taps taps, a year of bills, no payments; cached) ..."
  SUIDO_DB="sqlite:$city" "$bin" demo --taps "$taps" --years 1 --seed 5 --no-payments 2>/dev/null | tail -1
  : >"$work/city-$taps.$today"
fi
SUIDO_DB="sqlite:$city" "$bin" migrate >/dev/null
# the four newest cycles (demo cycles are months before the open one)
cycles=$(python3 - <<'PY'
import datetime
t = datetime.datetime.utcnow() + datetime.timedelta(hours=9)
m = t.year * 12 + t.month - 1 - (0 if t.day > 22 else 1)
print(" ".join(f"{(m - k) // 12}-{(m - k) % 12 + 1:02d}" for k in range(1, 5)))
PY
)
: >"$work/agent.csv"
for c in $cycles; do
  SUIDO_DB="sqlite:$city" "$bin" slip --cycle "$c" --csv "$work/slips-$c.csv" --encoding utf8 >/dev/null
  tr -d '\r' <"$work/slips-$c.csv" | tail -n +2 |
    awk -F, '{printf "02,20261128,1200,EAN%s,,,0,%s,0001,ローソン,000001,,20261128\r\n", $NF, $15}' >>"$work/agent.csv"
done
records=$(wc -l <"$work/agent.csv")
ms=() base_s=()
for ((i = 1; i <= runs; i++)); do
  rm -f "$work/run.db" "$work/run.db"-*
  cp "$city" "$work/run.db"
  sync
  t0=$(date +%s%N)
  out=$(SUIDO_DB="sqlite:$work/run.db" "$bin" payment import "$work/agent.csv")
  t1=$(date +%s%N)
  grep -q "消込 *$records 件" <<<"$out" || { echo "unexpected result: $out" >&2; exit 1; }
  ms+=("$(( (t1 - t0) / 1000000 ))")
  base_s+=("$("$base_bin" "sqlite:$work/run.db" "$records" 200)")
done
sorted=($(printf '%s\n' "${ms[@]}" | sort -n))
read -r bmed bmax <<<"$(printf '%s\n' "${base_s[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[NR]}')"
echo "agent import: $records records, $runs runs: median ${sorted[$((runs / 2))]} ms, max ${sorted[$((runs - 1))]} ms"
awk -v n="$records" -v bmed="$bmed" -v bmax="$bmax" -v med="${sorted[$((runs / 2))]}" 'BEGIN {
  printf "baseline %d bill-shaped rows in one transaction (bill_baseline): median %.3f s, max %.3f s; ratio import / baseline x%.1f\n", n, bmed, bmax, med / 1000 / bmed
}'
