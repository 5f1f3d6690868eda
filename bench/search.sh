#!/usr/bin/env bash
# Benchmark: customer search over HTTP on a 120,000-tap city (SQLite; PostgreSQL with SEARCH_DB).
#   bench/search.sh [TAPS] [SECONDS]
# Prints the time to build the city, then for kana-prefix and phone-digit
# searches and for the カルテ page of a random tap, with 50 concurrent
# connections: median, p90, p99 and max latency, requests/s, and the ratio of
# each to /healthz measured in the same run (the baseline: the same server
# answering without touching the index); finally the server's resident memory
# (the in-memory search index included) and the index load time.
# SEARCH_CITY=FILE.db (with SUIDO_KEY_FILE): a city already built, e.g. by
# bench/meter_to_cash.sh with its year of bills and payments, instead of building
# one; the run works on a copy of it, since every search and page adds audit rows
# (some 250,000 a run) and a city grown by earlier runs' rows measures slower
# (docs/performance.md, session 41).  SEARCH_IN_PLACE=1, or too little room beside
# it for the copy: the file itself (its audit log then grows).
# SEARCH_DB=URL (with SUIDO_KEY_FILE): the same on a city in PostgreSQL, e.g. the one
# bench/meter_to_cash.sh keeps in its throwaway cluster (a copy of it: the pages add audit rows).
set -euo pipefail
source "$(dirname "$0")/listen_port.sh"
cd "$(dirname "$0")/.."
taps=${1:-120000}
secs=${2:-15}
bin=${SUIDO_BIN:-build/suido}
command -v wrk >/dev/null || scripts/install-deps.sh --bench
work=$(mktemp -d "${BENCH_DIR:-/tmp}/suido-bench.XXXXXX")
trap 'kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export SUIDO_LOG_LEVEL=${SUIDO_LOG_LEVEL:-info}
if [[ -n "${SEARCH_DB:-}" ]]; then
  export SUIDO_DB="$SEARCH_DB"; SEARCH_CITY=$SEARCH_DB
  : "${SUIDO_KEY_FILE:?SEARCH_DB needs SUIDO_KEY_FILE, the key of that city}"
elif [[ -n "${SEARCH_CITY:-}" ]]; then
  : "${SUIDO_KEY_FILE:?SEARCH_CITY needs SUIDO_KEY_FILE, the key of that city}"
  city_db=$(realpath "$SEARCH_CITY")
  need_kb=$(( $(stat -c %s "$city_db") / 1024 + 1048576 ))   # the copy and 1 GiB to spare
  if [[ ${SEARCH_IN_PLACE:-0} != 1 ]] && (( $(df -Pk "$work" | awk 'NR == 2 {print $4}') > need_kb )); then
    sqlite3 "$city_db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null   # the copy is the whole city
    cp "$city_db" "$work/city.db"
    city_db="$work/city.db"; SEARCH_CITY="$SEARCH_CITY (a copy for this run)"
  else
    SEARCH_CITY="$SEARCH_CITY (in place: this run's audit rows stay in it)"
  fi
  export SUIDO_DB="sqlite:$city_db"
else
  export SUIDO_DB="sqlite:$work/bench.db" SUIDO_KEY_FILE="$work/bench.key"
fi
# wrk's 50 connections all come from 127.0.0.1, as fifty PCs behind one NAT would: raise the
# per-address cap (default 32) as docs/deploy.md says for that case, or the 33rd is refused.
printf '[server]\nmax_per_address = 256\n' >"$work/bench.ini"
export SUIDO_CONFIG="$work/bench.ini"

if [[ -z "${SEARCH_CITY:-}" ]]; then
  start=$(date +%s%N)
  "$bin" demo --taps "$taps" --years 0 --seed 7 --no-bills 2>/dev/null | tail -1
  end=$(date +%s%N)
  echo "build city: $taps taps in $(( (end - start) / 1000000 )) ms"
else
  echo "city: $SEARCH_CITY ($taps taps)"
fi
if [[ -n "${SEARCH_DB:-}" ]]; then
  # A server that has run a while holds its city in shared_buffers; a city just copied from a
  # template has them empty, and each page read first from the kernel's cache would be timed.
  psql "$SEARCH_DB" -qAtc "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
    -c "SELECT 'shared_buffers warmed: ' || (sum(pg_prewarm(c.oid)) * 8 / 1024)::bigint || ' MiB' FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 't')"
fi

t0=$(date +%s%N)
"$bin" serve --listen 127.0.0.1:0 --threads "${THREADS:-4}" 2>"$work/serve.log" &
pid=$!
port=$(bench_listen_port "$work/serve.log" "$pid") || { cat "$work/serve.log"; exit 1; }
for _ in $(seq 1 6000); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
echo "server up (search index loaded) in $(( ($(date +%s%N) - t0) / 1000000 )) ms, resident $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status)"
# A server up all day has the file's pages present in its kept map (or, for a file larger than a
# quarter of the memory, the pages its views read in the kernel's cache: docs/architecture.md);
# one just started reads them in the background: wait for that, up to 20 minutes, as the day's
# first clerk does not come with the server's start.
[[ -n "${SEARCH_DB:-}" ]] || bench_server_pages_ready "$work/serve.log"
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log"; exit 1; }

cookie=$(curl -s -i -X POST -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"suido-demo-2025"}' "http://127.0.0.1:$port/api/v1/login" |
  tr -d '\r' | sed -n 's/^Set-Cookie: \(sid=[0-9a-f]*\).*/\1/ip' | head -1)
[[ -n "$cookie" ]] || { echo "login failed"; exit 1; }

run() {
  TAPS="$taps" COOKIE="$cookie" QUERIES="$1" wrk -t1 -c50 -d"${secs}s" --latency -s bench/search.lua "http://127.0.0.1:$port" |
    grep '^RESULT'
}
run kana >/dev/null   # warm-up (page cache, first audit rows); not counted
base=$(run healthz); echo "$base"
kana=$(run kana); echo "$kana"
phone=$(run phone); echo "$phone"
karte=$(run karte); echo "$karte"
field() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" <<<"$1"; }
for r in "$kana" "$phone" "$karte"; do
  k=$(sed -n 's/.*kind=\([a-z]*\).*/\1/p' <<<"$r")
  limit=$([[ $k == karte ]] && echo 50 || echo 20)
  awk -v k="$k" -v p50="$(field "$r" p50_us)" -v p99="$(field "$r" p99_us)" -v lim="$limit" \
      -v b50="$(field "$base" p50_us)" -v b99="$(field "$base" p99_us)" \
      'BEGIN { printf "%s: median %.2f ms, p99 %.2f ms (x%.1f / x%.1f of /healthz); target p99 < %d ms: %s\n",
               k, p50/1000, p99/1000, p50/(b50?b50:1), p99/(b99?b99:1), lim, (p99 < lim * 1000 ? "met" : "NOT met") }'
done
# RssAnon is the server's own memory (the search index, caches, buffers); RssFile counts the pages
# of the database file SQLite maps (mmap), which belong to the kernel's page cache.
echo "server resident memory: $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status)" \
     "(own: $(awk '/RssAnon/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status);" \
     "database file pages mapped: $(awk '/RssFile/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status))"
kill -TERM "$pid"; wait "$pid" || true
# A request that failed (refused, reset, non-2xx) makes the figures worthless: say so and fail.
bad=0
for r in "$base" "$kana" "$phone" "$karte"; do bad=$((bad + $(field "$r" errors))); done
if [[ $bad -ne 0 ]]; then
  echo "FAILED: $bad requests got an error or were refused (see $work/serve.log); the figures above do not count"
  grep -m3 'refused' "$work/serve.log" || true
  exit 1
fi
