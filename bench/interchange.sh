#!/usr/bin/env bash
# Benchmark: the data migration, on SQLite (docs/interchange.md).
#   bench/interchange.sh [TAPS] [YEARS]      (defaults: 5000 2)
# A demo city of TAPS taps with YEARS years of readings, bills and payments is
# built once a day and cached under build/bench-interchange/.  Timed, each once:
#   suido export DIR --reason bench        (one read snapshot, every file, manifest)
#   suido import DIR                       (a fresh database: every row checked, sealed, one transaction)
#   suido export DIR2 of the imported city (and cmp: the round trip is byte-identical)
# with the baseline measured in the same run: the sqlite3 shell's `.import --csv`
# of the same files into tables it makes from the headers (no checks, no keys,
# no sealing, one transaction per file).  Issue 20's targets, for 120,000 taps
# with five years (about 4M readings and bills): import under 3 minutes,
# export under 1 minute (bench/interchange.sh 120000 5; the city takes long to build).
set -euo pipefail
cd "$(dirname "$0")/.."
taps=${1:-5000}
years=${2:-2}
bin=${SUIDO_BIN:-build/suido}
work=${BENCH_DIR:-build/bench-interchange}
mkdir -p "$work"
export SUIDO_LOG_LEVEL=warn SUIDO_FAST_HASH=1
today=$(TZ=Asia/Tokyo date +%F)
city="$work/city-$taps-$years.db"
export SUIDO_KEY_FILE="$work/city-$taps-$years.key"
if [[ ! -f "$city" || ! -f "$work/city-$taps-$years.$today" ]]; then
  rm -f "$city" "$city"-* "$SUIDO_KEY_FILE" "$work"/city-"$taps"-"$years".*
  echo "building the city ($taps taps, $years years of history; cached) ..."
  SUIDO_DB="sqlite:$city" "$bin" demo --taps "$taps" --years "$years" --seed 7 2>/dev/null | tail -1
  : >"$work/city-$taps-$years.$today"
fi
SUIDO_DB="sqlite:$city" "$bin" migrate >/dev/null
rm -rf "$work/out" "$work/back" "$work/target.db"* "$work/target.key" "$work/baseline.db"*
secs() { python3 -c "import time; print(f'{time.time():.3f}')"; }
t0=$(secs)
SUIDO_DB="sqlite:$city" "$bin" export "$work/out" --reason bench 2>/dev/null
t1=$(secs)
SUIDO_DB="sqlite:$work/target.db" SUIDO_KEY_FILE="$work/target.key" "$bin" import "$work/out" 2>/dev/null
t2=$(secs)
SUIDO_DB="sqlite:$work/target.db" SUIDO_KEY_FILE="$work/target.key" "$bin" export "$work/back" --reason bench 2>/dev/null
t3=$(secs)
for f in "$work"/out/*.csv; do cmp -s "$f" "$work/back/$(basename "$f")" || { echo "round trip differs: $f"; exit 1; }; done
# baseline: the sqlite3 shell reading the same files
{
  for f in "$work"/out/*.csv; do
    n=$(basename "$f" .csv)
    printf '.import --csv %s %s\n' "$f" "$n"
  done
} >"$work/baseline.sql"
t4=$(secs)
sqlite3 "$work/baseline.db" <"$work/baseline.sql"
t5=$(secs)
rows=$(python3 -c "import json,sys; print(sum(f['rows'] for f in json.load(open(sys.argv[1]))['files']))" "$work/out/manifest.json")
mb=$(du -sm "$work/out" | cut -f1)
python3 - "$taps" "$years" "$rows" "$mb" "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" <<'PY'
import sys
taps, years, rows, mb = sys.argv[1:5]
t0, t1, t2, t3, t4, t5 = map(float, sys.argv[5:])
print(f"interchange, {taps} taps, {years} years: {int(rows):,} rows, {mb} MB of CSV")
print(f"  export            {t1 - t0:8.2f} s")
print(f"  import            {t2 - t1:8.2f} s   ({int(rows) / (t2 - t1):,.0f} rows/s)")
print(f"  export again      {t3 - t2:8.2f} s   (round trip byte-identical)")
print(f"  baseline: sqlite3 .import of the same files {t5 - t4:8.2f} s")
PY
