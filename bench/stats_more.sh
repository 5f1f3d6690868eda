#!/usr/bin/env bash
# Benchmark: the reading, reception, registry and meter statistics (統計, docs/statistics.md,
# docs/meters.md 「メーターの統計」) on a city with years of history — bench/stats.sh's shape for
# the reports that are not 調定・収納・決算.
#   bench/stats_more.sh [TAPS] [YEARS] [ENGINES] [RUNS]     (defaults: 120000 5 "sqlite pg" 5)
#   PG_PORT: the throwaway PostgreSQL cluster's port (default 55464)
#   CITY: an SQLite city already built (any `suido demo`; copied, then migrated) instead of
#         building one — the 120,000-tap city of another bench, say.
#
# The city: `suido demo --taps TAPS --years YEARS`, built once and cached under
# build/bench-stats-more/.  Reports only read, so every run uses the same city.  Each run times,
# as whole commands (`suido report NAME ... --format json`), each report for the last read month
# (…-month) and for the last whole fiscal year (…-year): reading, reception, registry,
# meter_moves; and meter_expiry and meter_lot (the master as it is: no period).  In the same run
# the baseline: `suido report list` (start-up, no query) and a plain SELECT count(*) FROM
# readings.  Printed: each report's median and max over RUNS against the targets (a month — and
# the master's reports — under 1 s, a fiscal year under 5 s at 120,000 taps), with the CPU
# time each command took (user + system: what the wall time would be on an idle machine, less
# the waits for the disk); then EXPLAIN of each statement for the fiscal year.
set -euo pipefail
cd "$(dirname "$0")/.."
taps=${1:-120000}
years=${2:-5}
engines=${3:-"sqlite pg"}
runs=${4:-5}
bin=$(realpath "${SUIDO_BIN:-build/suido}")
work=$(realpath -m "${BENCH_DIR:-build/bench-stats-more}")
mkdir -p "$work"
export SUIDO_LOG_LEVEL=warn SUIDO_FAST_HASH=1
ms() { echo $(( ($2 - $1) / 1000000 )); }
name="city-$taps-$years"
export SUIDO_KEY_FILE="$work/$name.key"

periods() {   # $1: a query runner → cycle (the last read month), fy (the last whole fiscal year)
  cycle=$($1 "SELECT MAX(cycle) FROM readings WHERE kind = 'actual'")
  local y=${cycle:0:4} m=$((10#${cycle:5:2}))
  fy=$(( m >= 4 ? y - 1 : y - 2 ))
  (( m == 3 )) && fy=$((y - 1))
  return 0
}

REPORTS=(reading-month reception-month registry-month meter_moves-month meter_expiry-now meter_lot-now
         reading-year reception-year registry-year meter_moves-year)
one() {   # report-kind → the arguments
  case $1 in
  *-month) echo "${1%-month} --month $cycle" ;;
  *-year) echo "${1%-year} --year $fy" ;;
  *-now) echo "${1%-now}" ;;
  esac
}

run_all() {   # url, query runner, results file
  local url=$1 q=$2 out=$3 t0 t1 r
  export SUIDO_DB=$url
  for ((i = 1; i <= runs; i++)); do
    t0=$(date +%s%N); "$bin" report list >/dev/null; t1=$(date +%s%N); echo "base-start $(ms "$t0" "$t1")" >>"$out"
    t0=$(date +%s%N); $q "SELECT count(*) FROM readings" >/dev/null; t1=$(date +%s%N); echo "base-count $(ms "$t0" "$t1")" >>"$out"
    for r in "${REPORTS[@]}"; do
      # shellcheck disable=SC2046
      t0=$(date +%s%N)
      cpu=$( { TIMEFORMAT='%3U %3S'; time "$bin" report $(one "$r") --format json >"$work/$r.json"; } 2>&1 )
      t1=$(date +%s%N)
      echo "$r $(ms "$t0" "$t1") $(awk '{ printf "%d", ($1 + $2) * 1000 }' <<<"$cpu")" >>"$out"
    done
  done
  unset SUIDO_DB
}

report() {   # engine, results file, the city's size
  python3 - "$1" "$2" "$3" "$years" "$runs" "$cycle" "$fy" <<'PY'
import sys, statistics
engine, path, taps, years, runs, cycle, fy = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
t, cpu = {}, {}
for line in open(path):
    f = line.split()
    t.setdefault(f[0], []).append(int(f[1]) / 1000)
    if len(f) > 2:
        cpu.setdefault(f[0], []).append(int(f[2]) / 1000)
load = open("/proc/loadavg").read().split()[0]
print(f"{engine}, {taps:,} taps, {years} years of history, {runs} runs; month {cycle}, fiscal year {fy}; load average {load}")
print(f"  baseline: start-up {statistics.median(t['base-start']):.3f} s, count(*) over readings {statistics.median(t['base-count']):.3f} s")
for k, v in t.items():
    if k.startswith("base-"):
        continue
    med, mx = statistics.median(v), max(v)
    target = 5 if k.endswith("-year") else 1
    c = statistics.median(cpu[k]) if k in cpu else 0
    print(f"  {k:20s} median {med:6.3f} s  max {mx:6.3f} s   under {target} s: {'met' if mx < target else 'NOT met'}"
          f"   (CPU, user + system: median {c:.3f} s)")
if taps != 120000:
    print(f"  (the targets are for 120,000 taps; this city has {taps:,})")
PY
}

# The statements of these reports as written in the store (C string literals joined).
statements() {
  python3 - src/store/stats/stats_reading_store.c src/store/stats/stats_reception_store.c \
    src/store/stats/stats_registry_store.c src/store/stats/stats_meter_store.c <<'PY'
import re, sys
for path in sys.argv[1:]:
    src = open(path).read()
    macros = {m.group(1): "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2)))
              for m in re.finditer(r'#define (\w+)((?:[^\n]*\\\n)*[^\n]*)', src)}
    for m in re.finditer(r'static const char (SQL_\w+)\[\]\s*=\s*([^;]+);', src):
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"|\b([A-Z_]+)\b', m.group(2))
        sql = "".join(s if s else macros.get(w, "") for s, w in parts)
        print(f"{path.split('/')[-1]}:{m.group(1)}\t{sql}")
PY
}

explain() {   # engine, query runner
  local key sql p1 p2 day=$((fy + 1))-03-31
  local end=$(( ($(date -u -d "$day" +%s) + 86400) - 9 * 3600 )) start=$(( $(date -u -d "$fy-04-01" +%s) - 9 * 3600 ))
  while IFS=$'\t' read -r key sql; do
    case $key in
    stats_reading*) p1="'${fy}-04'"; p2="'$((fy + 1))-03'" ;;
    stats_reception*) p1="'$start'"; p2="'$end'" ;;
    stats_registry*) p1="'$day'"; p2="'$end'" ;;
    *) p1="'${fy}-04-01'"; p2="'$((fy + 1))-03-31'" ;;
    esac
    sql=${sql//\$1/$p1}; sql=${sql//\$2/$p2}
    echo "  $key"
    if [[ $1 == sqlite ]]; then $2 "EXPLAIN QUERY PLAN $sql" | sed 's/^/    /'
    else $2 "EXPLAIN $sql" | sed 's/^/    /'; fi
  done < <(statements)
}

for engine in $engines; do
  res="$work/results-$engine-$taps-$years.txt"
  : >"$res"
  case $engine in
  sqlite)
    city="$work/$name.db"
    if [[ ! -f "$city" && -n "${CITY:-}" ]]; then
      echo "copying the city $CITY ..."
      cp "$CITY" "$city.tmp" && cp "${CITY%.db}.key" "$SUIDO_KEY_FILE" && mv "$city.tmp" "$city"
    elif [[ ! -f "$city" ]]; then
      echo "building the city ($taps taps, $years years; cached) ..."
      rm -f "$city".tmp* "$SUIDO_KEY_FILE"
      SUIDO_DB="sqlite:$city.tmp" nice "$bin" demo --taps "$taps" --years "$years" --seed 11 2>/dev/null | tail -1
      mv "$city.tmp" "$city"
    fi
    SUIDO_DB="sqlite:$city" "$bin" migrate >/dev/null
    q() { sqlite3 -cmd ".timeout 30000" "$city" "$1"; }
    periods q
    run_all "sqlite:$city" q "$res"
    ;;
  pg)
    pgdir="$work/pg-$taps-$years"
    export PG_TMP_OPTS="-c shared_buffers=1GB -c max_wal_size=8GB -c checkpoint_timeout=30min"
    if [[ -f "$work/pg-$name.built" ]] && conninfo=$(scripts/pg-tmp.sh resume "$pgdir" "${PG_PORT:-55464}"); then
      trap "scripts/pg-tmp.sh halt '$pgdir'" EXIT
    else
      rm -f "$work/pg-$name.built"
      conninfo=$(scripts/pg-tmp.sh start "$pgdir" "${PG_PORT:-55464}")
      trap "scripts/pg-tmp.sh halt '$pgdir'" EXIT
      echo "building the city on PostgreSQL ($taps taps, $years years; cached) ..."
      SUIDO_DB="$conninfo" nice "$bin" demo --taps "$taps" --years "$years" --seed 11 2>/dev/null | tail -1
      psql "$conninfo" -qc "VACUUM ANALYZE"
      : >"$work/pg-$name.built"
    fi
    SUIDO_DB="$conninfo" "$bin" migrate >/dev/null
    q() { psql "$conninfo" -qAtc "$1"; }
    periods q
    run_all "$conninfo" q "$res"
    ;;
  esac
  report "$engine" "$res" "$taps"
  echo "  query plans (fiscal year $fy):"
  explain "$engine" q
  if [[ $engine == pg ]]; then scripts/pg-tmp.sh halt "$pgdir"; trap - EXIT; fi
done
