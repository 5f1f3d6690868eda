# Sourced by the bench scripts that start `suido serve --listen 127.0.0.1:0`: the kernel picks
# a free port (no race with another process for a "free" port), and the server's log names it.
# bench_listen_port LOG PID: waits until LOG says "listening on http://HOST:PORT" and prints
# PORT; fails when the server PID exits first or after 10 minutes (a large city's search
# index is loaded before the server listens).
bench_listen_port() {
  local log=$1 pid=$2 p _
  for _ in $(seq 1 6000); do
    p=$(sed -n 's|.*listening on https\{0,1\}://[^ ]*:\([0-9][0-9]*\) .*|\1|p' "$log" | head -1)
    if [[ -n "$p" ]]; then echo "$p"; return 0; fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# bench_server_pages_ready LOG: wait (up to 20 minutes) until a SQLite server just started has
# read its file's pages — all of them into its kept map, or for a file larger than a quarter of
# the memory the pages its views read into the page cache (docs/architecture.md) — or said it
# could not, as a server up all day has them; prints that log line.  Nothing with
# SUIDO_SQLITE_KEPT_MAP=0.
bench_server_pages_ready() {
  [[ ${SUIDO_SQLITE_KEPT_MAP:-1} != 0 ]] || return 0
  local pat='present in the server.s map|read into the page cache'
  for _ in $(seq 1 12000); do grep -qE "$pat" "$1" && break; sleep 0.1; done
  grep -oE "sqlite: .*($pat).*" "$1" || echo "(the pages were not all present after 20 minutes)"
}
