#!/usr/bin/env bash
# Benchmark: payment slips (納付書) as one PDF.
#   bench/slip_render.sh [TAPS] [RUNS]      (defaults: 21000 taps, 3 runs)
# A demo city of TAPS taps (every route read every other month, so last
# month's cycle has about TAPS/2 bills — over 10,000 by default) is built
# once and cached under build/bench-slip/.  Each run renders every payable
# bill of last month's cycle into one PDF with `suido slip --cycle`: text by
# pango in the IPAex fonts, the GS1-128 symbol by libzint as vector bars.
# Printed: slips per second (median and max of the render time) and the
# baseline measured in the same run, bench/pdf_baseline writing as many pages
# with one line of text each (the PDF and text stack's own floor).
# Target: at least 200 slips/s.
set -euo pipefail
cd "$(dirname "$0")/.."
taps=${1:-21000}
runs=${2:-3}
bin=${SUIDO_BIN:-build/suido}
work=build/bench-slip
mkdir -p "$work"
export SUIDO_LOG_LEVEL=warn SUIDO_DB="sqlite:$work/city-$taps.db" SUIDO_KEY_FILE="$work/city-$taps.key"
today=$(TZ=Asia/Tokyo date +%F)
if [[ ! -f "$work/city-$taps.db" || ! -f "$work/city-$taps.$today" ]]; then
  rm -f "$work"/city-"$taps".*
  echo "building the city ($taps taps with a year of bills; cached) ..."
  "$bin" demo --taps "$taps" --years 1 --seed 5 --no-payments 2>/dev/null | tail -2
  : >"$work/city-$taps.$today"
fi
"$bin" migrate >/dev/null   # a city cached by an older build
# the newest cycle the demo billed: the month before its open cycle (app_demo_open_cycle)
cycle=$(python3 -c "import datetime as d; t=d.date.fromisoformat('$today'); k=t.year*12+t.month-1-(1 if t.day>22 else 2); print(f'{k//12:04d}-{k%12+1:02d}')")
secs=(); base=(); n=0
for i in $(seq 1 "$runs"); do
  out=$("$bin" slip --cycle "$cycle" --out "$work/slips.pdf")
  n=$(sed -n 's/.*: \([0-9]*\) slips.*/\1/p' <<<"$out")
  secs+=("$(sed -n 's/.*rendered \([0-9.]*\) s.*/\1/p' <<<"$out")")
  base+=("$(build/pdf_baseline "$n" "$work/baseline.pdf")")
  [[ $i -eq 1 ]] && echo "run 1: $out ($(du -h "$work/slips.pdf" | cut -f1))"
done
stats() { tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {printf "%s %s", a[int((NR+1)/2)], a[NR]}'; }
read -r med max <<<"$(echo "${secs[@]}" | stats)"
read -r bmed bmax <<<"$(echo "${base[@]}" | stats)"
awk -v n="$n" -v med="$med" -v max="$max" -v bmed="$bmed" -v bmax="$bmax" -v runs="$runs" 'BEGIN {
  printf "%d slips of cycle in one PDF (%d runs): render median %.3f s (%.0f slips/s), max %.3f s (%.0f slips/s)\n", n, runs, med, n / med, max, n / max
  printf "baseline, %d pages of one text line: median %.3f s, max %.3f s; ratio slips / baseline x%.1f\n", n, bmed, bmax, med / bmed
  printf "target at least 200 slips/s: %s\n", (n / max >= 200 ? "met" : "NOT met")
}'
rm -f "$work/slips.pdf" "$work/baseline.pdf"
