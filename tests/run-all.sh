#!/usr/bin/env bash
# Every test of `make check`, in one run: house rules, unit tests (cmocka),
# HTTP integration tests on a throwaway PostgreSQL cluster (with the failover
# test and the pgBackRest drill of tests/pg/), the
# browser test in Chromium, then unit and integration tests (SQLite) and the
# PostgreSQL driver's test again under ASan+UBSan (TEST_SQLITE_PLAIN=1: the integration tests on
# SQLite with the plain build too).  Prints each part's counts and, last, "N passed, N failed".
# The browser part (one Chromium at a time, which keeps less than one core busy) and after it the
# failover and pgBackRest tests (clusters of their own) run while the PostgreSQL part does, and
# on beside the sanitizer part when they outlast it; TEST_OVERLAP=0 runs them after it instead.
# The tests' own SQL on PostgreSQL goes over a connection kept per file (integration/lib.mjs,
# pg_worker.mjs): a psql process a statement had been a quarter of the PostgreSQL part.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BUILD_ASAN=${BUILD_ASAN:-build-asan}
export SUIDO_FAST_HASH=1
pass=0; fail=0
log_dir=$BUILD/test-logs
mkdir -p "$log_dir"

count_meson() {   # part-name, log
  local ok bad
  ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$2" | tail -1); bad=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$2" | tail -1)
  ok=${ok:-0}; bad=${bad:-0}
  if [[ $ok -eq 0 && $bad -eq 0 ]]; then bad=1; fi   # nothing ran: that is a failure
  report "$1" "$ok" "$bad" "$2"
}
count_node() {    # part-name, log[, seconds]
  local ok bad
  ok=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$2" | tail -1); bad=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$2" | tail -1)
  ok=${ok:-0}; bad=${bad:-0}
  if [[ $ok -eq 0 && $bad -eq 0 ]]; then bad=1; fi
  report "$1" "$ok" "$bad" "$2" "${3:-}"
}
# The machine's CPU ticks, busy and idle (the first line of /proc/stat): how busy the cores were
# during a part says whether more test files side by side could finish it sooner.
cpu_ticks() { local _c u n s i w q sq st; read -r _c u n s i w q sq st _ </proc/stat; echo "$((u + n + s + q + sq + st)) $((i + w))"; }
part_start=$SECONDS; part_cpu=$(cpu_ticks)
report() {   # part-name, passed, failed, log[, seconds: a part run beside others says its own]
  pass=$((pass + $2)); fail=$((fail + $3))
  local busy="" b0 i0 b1 i1
  if [[ -z "${5:-}" ]]; then
    read -r b0 i0 <<<"$part_cpu"; read -r b1 i1 <<<"$(cpu_ticks)"
    (( b1 + i1 > b0 + i0 )) && busy=$(printf ', CPU %d %% busy' $(( 100 * (b1 - b0) / (b1 - b0 + i1 - i0) )))
  fi
  printf '%-44s %4d passed, %d failed  (%ds%s)\n' "$1" "$2" "$3" "${5:-$((SECONDS - part_start))}" "$busy"
  part_start=$SECONDS; part_cpu=$(cpu_ticks)
  if [[ $3 -ne 0 ]]; then echo "---- $1: failures (full log: $4)"; grep -E -B2 -A25 '^not ok|FAIL|ERROR|error:|AddressSanitizer|runtime error' "$4" | head -120; echo "----"; fi
}
JOBS=${TEST_JOBS:-2}   # test files run side by side (each has its own server, port and temp dir)
node_tests() {    # log, dirs-or-files...: one node process per test file, JOBS at a time
  local log=$1; shift
  : >"$log"
  local files=() i s slot ok=0 bad=0
  # The longest files first: a long file started last would leave the other slots idle at
  # the end.  A file's time is its time in this part's last run (LOG.times), else in the
  # SQLite part's (the same files cost alike on every part), else guessed from its size
  # (a second a kilobyte, so a new file starts early).
  local times="${log%.log}.times"
  [[ -s "$times" ]] || times="$log_dir/it-sqlite.times"
  mapfile -t files < <(find "$@" -name '*.test.mjs' -printf '%s %p\n' |
    awk -v times="$times" 'BEGIN { while ((getline l < times) > 0) { split(l, f, " "); t[f[2]] = f[1] } }
      { p = substr($0, index($0, " ") + 1); print ((p in t) ? t[p] : int($1 / 1000)), p }' |
    sort -k1,1nr -k2 | cut -d' ' -f2-)
  local tmp; tmp=$(mktemp -d "${TMPDIR:-/tmp}/suido-tests.XXXXXX")
  run_one() {   # index, file, slot: on PostgreSQL each slot has a database of its own
    local env=() t0=$SECONDS
    if [[ -n "${SUIDO_TEST_DB:-}" ]]; then env=(SUIDO_TEST_DB="${SUIDO_TEST_DB/dbname=suido_test/dbname=suido_test_$3}"); fi
    env "${env[@]}" timeout 900 node --test --test-reporter=tap "$2" >"$tmp/$1.log" 2>&1
    echo "$((SECONDS - t0))s $2" >"$tmp/$1.time"
  }
  local pids=()   # by slot; a slot is free when its process has ended
  for ((i = 0; i < ${#files[@]}; i++)); do
    slot=""
    while [[ -z "$slot" ]]; do
      for ((s = 1; s <= JOBS; s++)); do
        if [[ -z "${pids[$s]:-}" ]] || ! kill -0 "${pids[$s]}" 2>/dev/null; then slot=$s; break; fi
      done
      [[ -n "$slot" ]] || sleep 0.2
    done
    [[ -z "${pids[$slot]:-}" ]] || wait "${pids[$slot]}"
    run_one "$i" "${files[$i]}" "$slot" &
    pids[$slot]=$!
  done
  wait "${pids[@]}"   # these files' processes only (a part running beside this one is not waited for)
  for ((i = 0; i < ${#files[@]}; i++)); do
    cat "$tmp/$i.log" >>"$log"
    local p q
    p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tmp/$i.log" | tail -1); q=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tmp/$i.log" | tail -1)
    [[ -n "$p" ]] || { p=0; q=$(( ${q:-0} + 1 )); echo "# ${files[$i]}: no result (crashed or timed out)" >>"$log"; }
    ok=$((ok + p)); bad=$((bad + ${q:-0}))
  done
  { echo "# time per file:"; cat "$tmp"/*.time 2>/dev/null | sort -rn | sed 's/^/#   /'; } >>"$log"
  cat "$tmp"/*.time 2>/dev/null | sed 's/^\([0-9]*\)s /\1 /' >"${log%.log}.times"
  rm -rf "$tmp"
  printf '# pass %d\n# fail %d\n' "$ok" "$bad" >>"$log"
}

# 1. House rules.
if scripts/check-layers.sh >"$log_dir/layers.log" 2>&1; then report "house rules (scripts/check-layers.sh)" 1 0 "$log_dir/layers.log"
else report "house rules (scripts/check-layers.sh)" 0 1 "$log_dir/layers.log"; fi

# 2. Unit tests.
meson test -C "$BUILD" --suite unit --print-errorlogs >"$log_dir/unit.log" 2>&1
count_meson "unit (cmocka)" "$log_dir/unit.log"

# 3. Integration on SQLite with the plain build: only with TEST_SQLITE_PLAIN=1.  By default the
# integration files run on SQLite once, under ASan+UBSan (part 6: the same files and assertions,
# with the sanitizers watching), and on PostgreSQL with the plain build (part 4); the plain build
# on SQLite also serves the browser part.  Running them a third time took three minutes of a
# make check that must stay under twenty, on a machine its tests keep CPU-bound.
if [[ "${TEST_SQLITE_PLAIN:-0}" == 1 ]]; then
  SUIDO_BIN=$BUILD/suido node_tests "$log_dir/it-sqlite.log" tests/integration/
  count_node "integration, SQLite" "$log_dir/it-sqlite.log"
fi

# 5. Browser: one Chromium at a time.  Beside the PostgreSQL part (its own server on SQLite and
# its own temporary directory, like every test file), since it leaves most of a core idle.
# Then one file again over HTTPS (a throwaway CA that Chromium trusts: tests/browser/lib.mjs).
browser_tests() {
  local t0=$SECONDS
  JOBS=1 SUIDO_BIN=$BUILD/suido node_tests "$log_dir/browser.log" tests/browser/
  echo $((SECONDS - t0)) >"$log_dir/browser-plain.seconds"
  SUIDO_BROWSER_TLS=1 JOBS=1 SUIDO_BIN=$BUILD/suido node_tests "$log_dir/browser-tls.log" tests/browser/posting.test.mjs
  echo $((SECONDS - t0)) >"$log_dir/browser-tls.seconds"
  # Failover (a primary + synchronous standby of their own, scripts/pg-cluster.sh) and the
  # pgBackRest restore drill (scripts/pg-backrest.sh): clusters of their own in their own
  # folders, so they need not wait for the PostgreSQL part; they follow the browser here.
  t0=$SECONDS
  SUIDO_BIN=$BUILD/suido node_tests "$log_dir/pg-ops.log" tests/pg/
  echo $((SECONDS - t0)) >"$log_dir/pg-ops.seconds"
  echo done >"$log_dir/browser.seconds"
}
rm -f "$log_dir/browser.seconds" "$log_dir/browser-plain.seconds" "$log_dir/browser-tls.log" \
  "$log_dir/browser-tls.seconds" "$log_dir/pg-ops.seconds" "$log_dir/pg-ops.log"
browser_pid=""   # begun before the trap below is set, so that its subshell's end does not stop the cluster
if [[ "${TEST_OVERLAP:-1}" != 0 ]]; then browser_tests & browser_pid=$!; fi

# 4. PostgreSQL: the database layer's unit test and the integration tests.
pgdir=$(mktemp -d /tmp/suido-pg.XXXXXX); rmdir "$pgdir"
pgport=$(( 40000 + RANDOM % 20000 ))   # names the Unix socket in $pgdir only (no TCP): cannot collide
trap 'scripts/pg-tmp.sh stop "$pgdir" >/dev/null 2>&1; rm -f "$pgdir.key"' EXIT
make_dbs() {   # one database per parallel slot, and the template each test file's database is copied from
  local j
  for ((j = 1; j <= JOBS; j++)); do psql "$conninfo" -qc "CREATE DATABASE suido_test_$j" || return 1; done
  psql "$conninfo" -qc "CREATE DATABASE suido_template" &&
    SUIDO_DB="${conninfo/dbname=suido_test/dbname=suido_template}" SUIDO_KEY_FILE="$pgdir.key" "$BUILD/suido" migrate
}
if conninfo=$(scripts/pg-tmp.sh start "$pgdir" "$pgport" 2>"$log_dir/pg-start.log") &&
   make_dbs 2>>"$log_dir/pg-start.log"; then
  SUIDO_TEST_PG=$conninfo meson test -C "$BUILD" db --print-errorlogs >"$log_dir/unit-pg.log" 2>&1
  count_meson "unit db layer, PostgreSQL" "$log_dir/unit-pg.log"
  # Every integration file but those of the HTTP layer alone (transport limits, kept-alive
  # connections, TLS, the WAF in front of the portal): they reach the database the same way on
  # either engine, and run on SQLite and under ASan.
  mapfile -t pg_files < <(find tests/integration -name '*.test.mjs' | grep -vE '/(transport|keepalive|tls|waf)\.test\.mjs$')
  # Each file's database starts as a copy of the migrated template (tests/integration/lib.mjs).
  SUIDO_TEST_PG_TEMPLATE="suido_template:$pgdir.key" SUIDO_TEST_DB=$conninfo SUIDO_BIN=$BUILD/suido \
    node_tests "$log_dir/it-pg.log" "${pg_files[@]}"
  count_node "integration, PostgreSQL" "$log_dir/it-pg.log"
else
  report "PostgreSQL cluster start" 0 1 "$log_dir/pg-start.log"
fi

# 6. ASan + UBSan.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
meson test -C "$BUILD_ASAN" --suite unit --print-errorlogs >"$log_dir/unit-asan.log" 2>&1
count_meson "unit, ASan+UBSan" "$log_dir/unit-asan.log"
SUIDO_BIN=$BUILD_ASAN/suido node_tests "$log_dir/it-asan.log" tests/integration/
count_node "integration, SQLite, ASan+UBSan" "$log_dir/it-asan.log"
# The PostgreSQL driver under the sanitizers: its own test (every integration file
# again on PostgreSQL under ASan would add ten minutes and reach no other code).
if [[ -n "${conninfo:-}" ]]; then
  SUIDO_TEST_PG=$conninfo meson test -C "$BUILD_ASAN" db --print-errorlogs >"$log_dir/unit-pg-asan.log" 2>&1
  count_meson "unit db layer, PostgreSQL, ASan+UBSan" "$log_dir/unit-pg-asan.log"
fi

# 5. Browser (begun above beside the PostgreSQL part unless TEST_OVERLAP=0): waited for last, so
# that the sanitizer part starts when the PostgreSQL part ends, beside the browser's last files.
if [[ -n "$browser_pid" ]]; then
  # It ends by writing browser.seconds.  Bash may have forgotten the job by then (a busy
  # machine wraps the pids, and a new child with the same pid drops its saved status), so
  # `wait` alone is not relied on.
  while [[ ! -s "$log_dir/browser.seconds" ]] && kill -0 "$browser_pid" 2>/dev/null; do sleep 1; done
  wait "$browser_pid" 2>/dev/null || true
  count_node "browser (Chromium + Playwright)" "$log_dir/browser.log" "$(cat "$log_dir/browser-plain.seconds" 2>/dev/null)"
else
  browser_tests
  count_node "browser (Chromium + Playwright)" "$log_dir/browser.log" "$(cat "$log_dir/browser-plain.seconds" 2>/dev/null)"
fi
count_node "browser over HTTPS (posting, throwaway CA)" "$log_dir/browser-tls.log" \
  "$(( $(cat "$log_dir/browser-tls.seconds" 2>/dev/null || echo 0) - $(cat "$log_dir/browser-plain.seconds" 2>/dev/null || echo 0) ))"
count_node "PostgreSQL failover and pgBackRest drill" "$log_dir/pg-ops.log" "$(cat "$log_dir/pg-ops.seconds" 2>/dev/null)"

echo "screenshots: $BUILD/artifacts/   logs: $log_dir/"
echo "$pass passed, $fail failed  (${SECONDS}s in all)"
[[ $fail -eq 0 ]]
