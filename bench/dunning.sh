#!/usr/bin/env bash
# Benchmark: the 督促 batch (dunning) of a 120,000-tap city with a year of
# bills and a few percent of them unpaid.
#   bench/dunning.sh [RUNS]          (default 3)
# The city is copied from CITY (default /work/main/build/bench-m2c/city-
# 120000.db, with its KEY) into WORK (default /tmp/suido-bench-dunning) and
# migrated there: the original is never written.  Each run clears the copy's
# notices (dunning_runs, notice_letters, notices), then:
#   - the baseline, measured in the same run: SQLite (python3's sqlite3) counting the open bills
#     (bill_open joined to their bills) due before today, the rows the
#     selection has to read;
#   - `suido arrears dunning --step tokusoku --as-of TODAY --pdf F`: the
#     selection and the records (its "total"), then the letters' data for the
#     PDF ("data": the sealed names and addresses opened) and, apart, the
#     rendering of the PDF (pages per second).
# Printed: median and max of selection + records + data, the ratio to the
# baseline, and the rendering's pages/s (median and slowest).
# Targets: selection + records + the PDF run's data under 5 s; at least 500
# pages/s rendered.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
bin=${SUIDO_BIN:-build/suido}
city=${CITY:-/work/main/build/bench-m2c/city-120000.db}
key=${KEY:-${city%.db}.key}
work=${WORK:-/tmp/suido-bench-dunning}
mkdir -p "$work"
db="$work/city.db"
if [[ ! -f "$db" || "$city" -nt "$db" ]]; then
  echo "copying $city to $work (the original is only read) ..."
  cp "$city" "$db.tmp" && mv "$db.tmp" "$db"
  rm -f "$db-wal" "$db-shm"
fi
install -m 600 "$key" "$work/city.key"
export SUIDO_LOG_LEVEL=warn SUIDO_DB="sqlite:$db" SUIDO_KEY_FILE="$work/city.key"
"$bin" migrate >/dev/null
today=$(TZ=Asia/Tokyo date +%F)
tot=(); base=(); pps=(); letters=0; pages=0
for i in $(seq 1 "$runs"); do
  sqlite3 "$db" "DELETE FROM notices; DELETE FROM notice_letters; DELETE FROM dunning_runs;"
  b=$(python3 - "$db" "$today" <<'PY'
import sqlite3, sys, time
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
t = time.monotonic()
c.execute("SELECT COUNT(*) FROM bill_open o JOIN bills b ON b.id = o.bill_id WHERE o.due_on < ?", (sys.argv[2],)).fetchone()
print(f"{time.monotonic() - t:.4f}")
PY
)
  out=$("$bin" arrears dunning --step tokusoku --as-of "$today" --pdf "$work/notices.pdf" 2>/dev/null)
  run=$(sed -n 's/.*total \([0-9.]*\) s$/\1/p' <<<"$out")
  data=$(sed -n 's/.*data \([0-9.]*\) s,.*/\1/p' <<<"$out")
  pps+=("$(sed -n 's/.*(\([0-9]*\) pages\/s).*/\1/p' <<<"$out")")
  letters=$(sed -n 's/.*通知 \([0-9]*\) 通.*/\1/p' <<<"$out" | head -1)
  tot+=("$(awk -v a="$run" -v b="$data" 'BEGIN {printf "%.3f", a + b}')")
  base+=("$b")
  [[ $i -eq 1 ]] && echo "run 1: $(head -1 <<<"$out")" && tail -n +2 <<<"$out" | sed 's/^/       /'
done
stats() { tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {printf "%s %s %s", a[int((NR+1)/2)], a[NR], a[1]}'; }
read -r med max _ <<<"$(echo "${tot[@]}" | stats)"
read -r bmed bmax _ <<<"$(echo "${base[@]}" | stats)"
read -r pmed _ pmin <<<"$(echo "${pps[@]}" | stats)"
awk -v n="$letters" -v runs="$runs" -v med="$med" -v max="$max" -v bmed="$bmed" -v bmax="$bmax" -v pmed="$pmed" -v pmin="$pmin" 'BEGIN {
  printf "督促 of %d letters (%d runs): selection + records + PDF data median %.3f s, max %.3f s\n", n, runs, med, max
  printf "baseline (COUNT of the open bills due, same runs): median %.3f s, max %.3f s; ratio x%.1f\n", bmed, bmax, (bmed > 0 ? med / bmed : 0)
  printf "PDF rendering: median %d pages/s, slowest %d pages/s\n", pmed, pmin
  printf "targets: under 5 s: %s; at least 500 pages/s: %s\n", (max < 5 ? "met" : "NOT met"), (pmin >= 500 ? "met" : "NOT met")
}'
rm -f "$work/notices.pdf"
