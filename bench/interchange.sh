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
# each step's wall and CPU (user + system) seconds: on a shared machine the CPU is the figure to compare
timed() { local label=$1; shift; /usr/bin/time -f "$label %e %U %S" -a -o "$work/times" "$@"; }
: >"$work/times"
timed export env SUIDO_DB="sqlite:$city" "$bin" export "$work/out" --reason bench 2>/dev/null
timed import env SUIDO_DB="sqlite:$work/target.db" SUIDO_KEY_FILE="$work/target.key" "$bin" import "$work/out" 2>/dev/null
timed again env SUIDO_DB="sqlite:$work/target.db" SUIDO_KEY_FILE="$work/target.key" "$bin" export "$work/back" --reason bench 2>/dev/null
for f in "$work"/out/*.csv; do cmp -s "$f" "$work/back/$(basename "$f")" || { echo "round trip differs: $f"; exit 1; }; done
# baseline: the sqlite3 shell reading the same files
for f in "$work"/out/*.csv; do printf '.import --csv %s %s\n' "$f" "$(basename "$f" .csv)"; done >"$work/baseline.sql"
timed baseline sqlite3 "$work/baseline.db" <"$work/baseline.sql"
rows=$(python3 -c "import json,sys; print(sum(f['rows'] for f in json.load(open(sys.argv[1]))['files']))" "$work/out/manifest.json")
mb=$(du -sm "$work/out" | cut -f1)
python3 - "$taps" "$years" "$rows" "$mb" "$work/times" <<'PY'
import sys
taps, years, rows, mb, times = sys.argv[1:6]
t = {l.split()[0]: list(map(float, l.split()[1:])) for l in open(times) if l.strip() and not l.startswith("Command")}
print(f"interchange, {taps} taps, {years} years: {int(rows):,} rows, {mb} MB of CSV   (seconds: wall, CPU)")
for key, label in (("export", "export"), ("import", "import"), ("again", "export of the import (byte-identical)"),
                   ("baseline", "baseline: sqlite3 .import of the same files")):
    wall, user, sys_ = t[key]
    print(f"  {label:45s} {wall:8.2f} {user + sys_:8.2f}")
PY
