#!/usr/bin/env bash
# Benchmark: the replacement plan (検定満了による取替計画, docs/meters.md) of a
# 120,000-tap city: every installed meter carries its certification expiry
# (the demo spreads them over eight years: about 15,000 due a year).
#   bench/meter_plan.sh [TAPS] [RUNS]          (defaults: 120000 5)
# The city, in WORK (default /tmp/suido-bench-meter-plan), built once and
# kept: `suido demo --taps 2000 --years 0 --no-bills --no-payments` (its
# meters' expiries spread over eight years, as a city's are), then its taps
# and their installed meters copied in SQL until TAPS (each copy its own tap
# and meter numbers and rounds, on the same routes): a 120,000-tap demo takes
# many minutes to build and the plan reads only taps and meters.  PG_URL (a
# conninfo or postgresql:// URL to an empty database) builds and runs the
# same on PostgreSQL.  Each run times, on each database:
#   - the baseline, in the same run: a plain count over the meters table
#     (sqlite3 / psql, the client's start included, as the command's is);
#   - `suido meter plan --from Y-04 --to Y+1-03` (a fiscal year ahead) to a
#     file: the whole command, process start included;
#   - the same for one route (the order to a contractor is printed by route).
# Printed: median and p95 of each (wall time, and the plan's CPU time:
# on a machine shared with other work the wall time waits), the ratio to the baseline, the meters in
# the plan, and the query plan (EXPLAIN) of the plan's query.
# Target: the year's plan under 1 s.
set -euo pipefail
cd "$(dirname "$0")/.."
taps=${1:-120000}
runs=${2:-5}
bin=${SUIDO_BIN:-build/suido}
work=${WORK:-/tmp/suido-bench-meter-plan}
mkdir -p "$work"
export SUIDO_LOG_LEVEL=warn SUIDO_KEY_FILE="$work/city.key"
city="$work/city-$taps.db"
base=2000 copies=$(( (taps + 1999) / 2000 - 1 ))
# Copies 1..copies of the demo's taps and installed meters (SQL both engines read).
COPY_SQL="INSERT INTO taps (tap_no, area_code, address_enc, diameter, use_code, sewer, route, route_order, status,
   created_at, updated_at)
 SELECT t.tap_no || '-' || k.n, t.area_code, t.address_enc, t.diameter, t.use_code, t.sewer, t.route,
   t.route_order + k.n * 100000, t.status, t.created_at, t.updated_at
 FROM taps t, (SELECT generate_series AS n FROM generate_series(1, $copies)) k;
INSERT INTO meters (meter_no, maker, diameter, digits, certified_until, tap_id, installed_on, status, created_at)
 SELECT m.meter_no || '-' || k.n, m.maker, m.diameter, m.digits, m.certified_until, c.id, m.installed_on, m.status,
   m.created_at
 FROM meters m JOIN taps t ON t.id = m.tap_id, (SELECT generate_series AS n FROM generate_series(1, $copies)) k,
   taps c WHERE m.status = 'installed' AND c.tap_no = t.tap_no || '-' || k.n;
ANALYZE;"
build() {   # url, sql client command reading a script on stdin
  echo "building the city ($taps taps: a $base-tap demo and $copies copies; kept for the next runs) ..."
  SUIDO_DB=$1 "$bin" demo --taps "$base" --years 0 --no-bills --no-payments >/dev/null
  eval "$2" <<<"$COPY_SQL"
}
if [[ ! -f "$work/city-$taps.done" ]]; then
  rm -f "$city" "$city"-*
  # SQLite's generate_series is an extension: a recursive CTE instead
  build "sqlite:$city" "sed 's/(SELECT generate_series AS n FROM generate_series(1, $copies)) k/(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < $copies) SELECT n FROM s) k/' | sqlite3 '$city'"
  : >"$work/city-$taps.done"
fi
SUIDO_DB="sqlite:$city" "$bin" migrate >/dev/null
y=$(TZ=Asia/Tokyo date +%Y)
from="$((y + 1))-04" to="$((y + 2))-03"   # the next fiscal year
ms() { echo $(( ($2 - $1) / 1000000 )); }
stats() { tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {i=int(NR*0.95+0.999); if(i<1)i=1; if(i>NR)i=NR; printf "%s %s", a[int((NR+1)/2)], a[i]}'; }

one_engine() {   # name, SUIDO_DB url, count command
  local name=$1 url=$2 count=$3 plan=() route_t=() base=() cpu=() t0 t1 n route
  export SUIDO_DB=$url
  route=$("$bin" meter plan --from "$from" --to "$to" | sed -n '2p' | cut -f2)
  for _ in $(seq 1 "$runs"); do
    t0=$(date +%s%N); eval "$count" >/dev/null; t1=$(date +%s%N); base+=("$(ms "$t0" "$t1")")
    t0=$(date +%s%N)
    /usr/bin/time -f "%U %S" -o "$work/cpu" "$bin" meter plan --from "$from" --to "$to" >"$work/plan.tsv"
    t1=$(date +%s%N); plan+=("$(ms "$t0" "$t1")")
    cpu+=("$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$work/cpu")")
    t0=$(date +%s%N); "$bin" meter plan --from "$from" --to "$to" --route "$route" >/dev/null; t1=$(date +%s%N)
    route_t+=("$(ms "$t0" "$t1")")
  done
  n=$(( $(wc -l <"$work/plan.tsv") - 1 ))
  read -r pm pp <<<"$(echo "${plan[@]}" | stats)"
  read -r rm_ rp <<<"$(echo "${route_t[@]}" | stats)"
  read -r bm bp <<<"$(echo "${base[@]}" | stats)"
  read -r cm cp <<<"$(echo "${cpu[@]}" | stats)"
  printf "%s, %d taps, plan %s..%s: %d meters (%d runs)\n" "$name" "$taps" "$from" "$to" "$n" "$runs"
  printf "  suido meter plan (the year):      median %d ms, p95 %d ms\n" "$pm" "$pp"
  printf "    its CPU time (user + sys):      median %d ms, p95 %d ms (wall minus CPU: waiting on a shared machine)\n" "$cm" "$cp"
  printf "  suido meter plan --route %-8s median %d ms, p95 %d ms\n" "$route:" "$rm_" "$rp"
  printf "  baseline (COUNT(*) of meters):    median %d ms, p95 %d ms; ratio x%s\n" "$bm" "$bp" \
    "$(awk -v a="$pm" -v b="$bm" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')"
  printf "  target under 1 s: %s\n" "$( [[ $pp -lt 1000 ]] && echo met || echo "NOT met")"
  unset SUIDO_DB
}

PLAN_SQL="SELECT t.tap_no, t.route, t.route_order, m.meter_no FROM meters m JOIN taps t ON t.id = m.tap_id
 WHERE m.status = 'installed' AND m.certified_until >= '$from-01' AND m.certified_until <= '$((y + 2))-03-31'
 AND t.status <> 'removed' AND ('' = '' OR t.route = '') AND (0 = 0 OR m.diameter = 0) ORDER BY t.route, t.route_order, t.tap_no"
one_engine SQLite "sqlite:$city" "sqlite3 '$city' 'SELECT COUNT(*) FROM meters'"
echo "  EXPLAIN QUERY PLAN:"; sqlite3 "$city" "EXPLAIN QUERY PLAN $PLAN_SQL" | sed 's/^/    /'
if [[ -n "${PG_URL:-}" ]]; then
  if [[ "$(psql "$PG_URL" -qAtc "SELECT to_regclass('meters') IS NOT NULL" 2>/dev/null)" != t ]]; then
    build "$PG_URL" "psql '$PG_URL' -q -v ON_ERROR_STOP=1"
  fi
  SUIDO_DB="$PG_URL" "$bin" migrate >/dev/null
  one_engine PostgreSQL "$PG_URL" "psql '$PG_URL' -qAtc 'SELECT COUNT(*) FROM meters'"
  echo "  EXPLAIN ANALYZE:"; psql "$PG_URL" -qAtc "EXPLAIN ANALYZE $PLAN_SQL" | sed 's/^/    /'
fi
rm -f "$work/plan.tsv"
