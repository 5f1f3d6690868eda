#!/usr/bin/env bash
# Benchmark: the statistics reports (統計, docs/statistics.md) on a city with years of history.
#   bench/stats.sh [TAPS] [YEARS] [ENGINES] [RUNS]     (defaults: 120000 5 "sqlite pg" 5)
#   PG_PORT: the throwaway PostgreSQL cluster's port (default 55462)
#
# The city: `suido demo --taps TAPS --years YEARS` (every past cycle billed, payments posted),
# built once and cached under build/bench-stats/ (SQLite: city-TAPS-YEARS.db; PostgreSQL: a
# database in a throwaway cluster kept halted there).  Reports only read, so every run uses the
# same city.  Each run times, as whole commands (`suido report NAME ... --format json`):
#   NAME-month  of the last billed cycle, NAME-year  of the last whole fiscal year, for NAME in
#               billing (調定統計), collections (収納統計, with the year-to-date rates and the
#               aging), yearend (決算・水道統計), reading (検針統計), reception (受付統計),
#               registry (水栓・使用者統計) and meter_moves (メーター在庫移動);
#   NAME-now    the meter master as it is (no period): meter_expiry, meter_lot;
# each with its wall time and its CPU time (user + system, /usr/bin/time); and, in the same
# run, the baseline: `suido report list` (start-up, no query) plus a plain
# SELECT count(*) FROM bills in sqlite3/psql.  Printed: each report's median and max over
# RUNS, and the targets (a month and the master's reports under 1 s, a fiscal year under 5 s at
# 120,000 taps), with the load average of the machine.
# Then EXPLAIN of every statistics statement on the city (the plans: what index each reads),
# the statements read out of src/store/stats/*.c.
set -euo pipefail
cd "$(dirname "$0")/.."
taps=${1:-120000}
years=${2:-5}
engines=${3:-"sqlite pg"}
runs=${4:-5}
bin=$(realpath "${SUIDO_BIN:-build/suido}")
work=$(realpath -m "${BENCH_DIR:-build/bench-stats}")
mkdir -p "$work"
export SUIDO_LOG_LEVEL=warn SUIDO_FAST_HASH=1
ms() { echo $(( ($2 - $1) / 1000000 )); }
name="city-$taps-$years"
export SUIDO_KEY_FILE="$work/$name.key"

# The last billed cycle and the last whole fiscal year of the city ($1: a database URL, $2: a
# query runner).
periods() {
  cycle=$($2 "SELECT MAX(cycle) FROM bills WHERE status = 'current'")
  local y=${cycle:0:4} m=$((10#${cycle:5:2}))
  fy=$(( m >= 4 ? y - 1 : y - 2 ))
  (( m == 3 )) && fy=$((y - 1))
  return 0
}

REPORTS=(billing-month collections-month yearend-month reading-month reception-month registry-month meter_moves-month
         meter_expiry-now meter_lot-now
         billing-year collections-year yearend-year reading-year reception-year registry-year meter_moves-year)
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
    t0=$(date +%s%N); $q "SELECT count(*) FROM bills" >/dev/null; t1=$(date +%s%N); echo "base-count $(ms "$t0" "$t1")" >>"$out"
    for r in "${REPORTS[@]}"; do
      # shellcheck disable=SC2046
      /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$bin" report $(one "$r") --format json >"$work/$r.json"
      read -r wall user sys <"$work/time.txt"
      echo "$r $(awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN { printf "%d %d", w * 1000, (u + s) * 1000 }')" >>"$out"
    done
  done
  unset SUIDO_DB
}

report() {   # engine, results file
  python3 - "$1" "$2" "$taps" "$years" "$runs" "$cycle" "$fy" <<'PY'
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
print(f"  baseline: start-up {statistics.median(t['base-start']):.3f} s, count(*) over bills {statistics.median(t['base-count']):.3f} s")
print("  (wall seconds: median / max; CPU seconds of the command, user + system: median — the figure a loaded machine disturbs least)")
for k, v in t.items():
    if k.startswith("base-"):
        continue
    med, mx = statistics.median(v), max(v)
    target = 5 if k.endswith("-year") else 1
    c = statistics.median(cpu[k]) if k in cpu else float("nan")
    print(f"  {k:18s} {med:6.3f} / {mx:6.3f} s   cpu {c:6.3f} s   under {target} s: {'met' if mx < target else 'NOT met'}"
          f"   ({med / taps * 1000:.5f} s per 1,000 taps)")
if taps != 120000:
    print(f"  (the targets are for 120,000 taps; this city has {taps:,})")
PY
}

# The statistics' statements as written in the store (C string literals joined, with the
# string macros some of them are built of).
statements() {
  python3 - src/store/stats/*.c <<'PY'
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
  # the reception statistics take Unix seconds (JST days), the registry's an as-of day
  local end=$(( ($(date -u -d "$day" +%s) + 86400) - 9 * 3600 )) start=$(( $(date -u -d "$fy-04-01" +%s) - 9 * 3600 ))
  while IFS=$'\t' read -r key sql; do
    case $key in
    stats_reading*) p1="'${fy}-04'"; p2="'$((fy + 1))-03'" ;;
    stats_reception*) p1="'$start'"; p2="'$end'" ;;
    stats_registry*) p1="'$day'"; p2="'$end'" ;;
    *CUBE|*TAPS|*CORRECTIONS|*BILLED) p1="'${fy}-04'"; p2="'$((fy + 1))-03'" ;;
    *CARRY_*) p1="'${fy}-04-01'"; p2="'${fy}-04'" ;;
    *) p1="'${fy}-04-01'"; p2="'$((fy + 1))-03-31'" ;;
    esac
    [[ $key == *_SQLITE && $1 != sqlite ]] && continue   # a statement of SQLite's only
    sql=${sql//\$1/$p1}; sql=${sql//\$2/$p2}
    echo "  $key"
    if [[ $1 == sqlite ]]; then $2 "EXPLAIN QUERY PLAN $sql" | sed 's/^/    /'
    else $2 "EXPLAIN $sql" | sed 's/^/    /'; fi
  done < <(statements | grep -v "SQL_ROWS")
}

for engine in $engines; do
  res="$work/results-$engine-$taps-$years.txt"
  : >"$res"
  case $engine in
  sqlite)
    city="$work/$name.db"
    if [[ ! -f "$city" ]]; then
      echo "building the city ($taps taps, $years years; cached) ..."
      rm -f "$city".tmp* "$SUIDO_KEY_FILE"
      SUIDO_DB="sqlite:$city.tmp" nice "$bin" demo --taps "$taps" --years "$years" --seed 22 2>/dev/null | tail -1
      mv "$city.tmp" "$city"
    fi
    SUIDO_DB="sqlite:$city" "$bin" migrate >/dev/null
    q() { sqlite3 "$city" "$1"; }
    periods "sqlite:$city" q
    run_all "sqlite:$city" q "$res"
    ;;
  pg)
    pgdir="$work/pg-$taps-$years"
    export PG_TMP_OPTS="-c shared_buffers=1GB -c max_wal_size=8GB -c checkpoint_timeout=30min"
    if [[ -f "$work/pg-$name.built" ]] && conninfo=$(scripts/pg-tmp.sh resume "$pgdir" "${PG_PORT:-55462}"); then
      trap "scripts/pg-tmp.sh halt '$pgdir'" EXIT
    else
      rm -f "$work/pg-$name.built"
      conninfo=$(scripts/pg-tmp.sh start "$pgdir" "${PG_PORT:-55462}")
      trap "scripts/pg-tmp.sh halt '$pgdir'" EXIT
      echo "building the city on PostgreSQL ($taps taps, $years years; cached) ..."
      SUIDO_DB="$conninfo" nice "$bin" demo --taps "$taps" --years "$years" --seed 22 2>/dev/null | tail -1
      psql "$conninfo" -qc "VACUUM ANALYZE"
      : >"$work/pg-$name.built"
    fi
    SUIDO_DB="$conninfo" "$bin" migrate >/dev/null
    q() { psql "$conninfo" -qAtc "$1"; }
    periods "$conninfo" q
    run_all "$conninfo" q "$res"
    ;;
  esac
  report "$engine" "$res"
  echo "  query plans (fiscal year $fy):"
  explain "$engine" q
  if [[ $engine == pg ]]; then scripts/pg-tmp.sh halt "$pgdir"; trap - EXIT; fi
done
