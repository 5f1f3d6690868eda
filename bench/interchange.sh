#!/usr/bin/env bash
# Benchmark: the data migration (docs/interchange.md, docs/performance.md "Interchange").
#   bench/interchange.sh [TAPS] [YEARS] [ENGINES]      (defaults: 120000 5 "sqlite")
# ENGINES: "sqlite", "pg" or "sqlite pg".  RUNS=N (default 3) timed runs of each step.
# CITY=path/to/city.db (its key beside it as city.key, or CITY_KEY=...) uses that city instead of
# building one: give it a copy, since the script migrates it (a newer build may change its schema).
# A demo city of TAPS taps with YEARS years of readings, bills and payments is built once a day
# on SQLite and cached under build/bench-interchange/ (120,000 × 5 takes a while).  Then, N times:
#   export     suido export DIR of the city (one read snapshot, every file, manifest)
#   import     suido import DIR into a new database (every row checked, sealed, one transaction)
#   again      suido export of the imported city (cmp: the round trip is byte-identical, once)
# and the baseline in the same run: the sqlite3 shell's `.import --csv` of the same files into an
# empty database (tables made from the headers: no checks, no keys, no sealing).  "pg" imports the
# SQLite city's export into a throwaway PostgreSQL cluster (scripts/pg-tmp.sh, fsync off; port
# BENCH_PG_PORT, default 55452; or the database of the conninfo BENCH_PG, emptied) and exports it
# from there.  Each figure is printed with the load
# average when it was taken: the machine is shared, so CPU seconds are the figures to compare.
# Issue 20's targets, for 120,000 taps with five years: import under 3 minutes (SQLite), export
# under 1 minute.
set -euo pipefail
cd "$(dirname "$0")/.."
taps=${1:-120000}
years=${2:-5}
engines=${3:-sqlite}
runs=${RUNS:-3}
bin=$(realpath "${SUIDO_BIN:-build/suido}")
work=${BENCH_DIR:-build/bench-interchange}
mkdir -p "$work"
export SUIDO_LOG_LEVEL=warn SUIDO_FAST_HASH=1
today=$(TZ=Asia/Tokyo date +%F)
city="${CITY:-$work/city-$taps-$years.db}"
citykey="${CITY_KEY:-${city%.db}.key}"
if [[ -n ${CITY:-} ]]; then
  [[ -f "$city" && -f "$citykey" ]] || { echo "CITY=$city or its key $citykey is missing" >&2; exit 2; }
elif [[ ! -f "$city" || ! -f "$work/city-$taps-$years.$today" ]]; then
  rm -f "$city" "$city"-* "$citykey" "$work"/city-"$taps"-"$years".*
  echo "building the city ($taps taps, $years years of history; cached for the day) ..."
  /usr/bin/time -f "city built in %e s" env SUIDO_DB="sqlite:$city" SUIDO_KEY_FILE="$citykey" \
    "$bin" demo --taps "$taps" --years "$years" --seed 7 2>&1 >/dev/null | tail -1
  : >"$work/city-$taps-$years.$today"
fi
SUIDO_DB="sqlite:$city" SUIDO_KEY_FILE="$citykey" "$bin" migrate >/dev/null 2>&1
times="$work/times"
: >"$times"
load() { cut -d' ' -f1 /proc/loadavg; }
# one step: wall and CPU (user + system) seconds, peak resident KB, and the load average as it began
timed() {
  local label=$1; shift
  local l; l=$(load)
  /usr/bin/time -f "$label %e %U %S %M $l" -a -o "$times" "$@"
}
out="$work/out"
rm -rf "$out"
for ((i = 1; i <= runs; i++)); do
  rm -rf "$out"
  timed export env SUIDO_DB="sqlite:$city" SUIDO_KEY_FILE="$citykey" "$bin" export "$out" --reason bench 2>/dev/null
done
# the baseline, as often: the sqlite3 shell reading the same files into an empty database
for f in "$out"/*.csv; do printf '.import --csv %s %s\n' "$f" "$(basename "$f" .csv)"; done >"$work/baseline.sql"
for ((i = 1; i <= runs; i++)); do
  rm -f "$work/baseline.db"*
  timed baseline sqlite3 "$work/baseline.db" <"$work/baseline.sql"
done
rm -f "$work/baseline.db"*
for engine in $engines; do
  case $engine in
  sqlite)
    for ((i = 1; i <= runs; i++)); do
      rm -rf "$work/back" "$work/target.db"* "$work/target.key"
      timed import env SUIDO_DB="sqlite:$work/target.db" SUIDO_KEY_FILE="$work/target.key" "$bin" import "$out" 2>/dev/null >/dev/null
    done
    timed "export-of-import" env SUIDO_DB="sqlite:$work/target.db" SUIDO_KEY_FILE="$work/target.key" \
      "$bin" export "$work/back" --reason bench 2>/dev/null
    for f in "$out"/*.csv; do cmp -s "$f" "$work/back/$(basename "$f")" || { echo "round trip differs: $f"; exit 1; }; done
    rm -rf "$work/back" "$work/target.db"* "$work/target.key"
    ;;
  pg)
    pgdir=/tmp/suido-bench-ic-pg
    if [[ -n ${BENCH_PG:-} ]]; then conninfo=$BENCH_PG; else
      conninfo=$(scripts/pg-tmp.sh start "$pgdir" "${BENCH_PG_PORT:-55452}")
      trap 'scripts/pg-tmp.sh stop /tmp/suido-bench-ic-pg' EXIT
    fi
    for ((i = 1; i <= runs; i++)); do
      PGOPTIONS='-c client_min_messages=warning' psql "$conninfo" -qc "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
      rm -f "$work/pg.key"
      timed pg-import env SUIDO_DB="$conninfo" SUIDO_KEY_FILE="$work/pg.key" "$bin" import "$out" 2>/dev/null >/dev/null
    done
    rm -rf "$work/back"
    timed pg-export env SUIDO_DB="$conninfo" SUIDO_KEY_FILE="$work/pg.key" "$bin" export "$work/back" --reason bench 2>/dev/null
    for f in "$out"/*.csv; do cmp -s "$f" "$work/back/$(basename "$f")" || { echo "round trip differs (PostgreSQL): $f"; exit 1; }; done
    rm -rf "$work/back" "$work/pg.key"
    [[ -n ${BENCH_PG:-} ]] || { scripts/pg-tmp.sh stop "$pgdir"; trap - EXIT; }
    ;;
  *) echo "unknown engine $engine" >&2; exit 2 ;;
  esac
done
rows=$(python3 -c "import json,sys; print(sum(f['rows'] for f in json.load(open(sys.argv[1]))['files']))" "$out/manifest.json")
mb=$(du -sm "$out" | cut -f1)
python3 - "$taps" "$years" "$rows" "$mb" "$times" <<'PY'
import statistics, sys
taps, years, rows, mb, times = sys.argv[1:6]
t = {}
for l in open(times):
    p = l.split()
    if len(p) == 6 and not l.startswith("Command"):
        t.setdefault(p[0], []).append((float(p[1]), float(p[2]) + float(p[3]), p[5], int(p[4]) // 1024))
print(f"interchange, {int(taps):,} taps, {years} years: {int(rows):,} rows, {mb} MB of CSV")
print(f"  {'step':44s} {'runs':>4s} {'wall med':>9s} {'wall max':>9s} {'CPU med':>8s} {'CPU max':>8s} {'RSS MB':>7s}  load at start")
for key, label in (("export", "export (SQLite)"), ("import", "import into SQLite"),
                   ("export-of-import", "export of the import (byte-identical)"),
                   ("pg-import", "import into PostgreSQL"), ("pg-export", "export from PostgreSQL (byte-identical)"),
                   ("baseline", "baseline: sqlite3 .import of the same files")):
    if key not in t:
        continue
    v = t[key]
    w = [x[0] for x in v]; c = [x[1] for x in v]
    print(f"  {label:44s} {len(v):4d} {statistics.median(w):9.1f} {max(w):9.1f} {statistics.median(c):8.1f} {max(c):8.1f}"
          f" {max(x[3] for x in v):7d}"
          f"  {' '.join(x[2] for x in v)}")
PY
