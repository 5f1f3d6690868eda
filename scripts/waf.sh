#!/usr/bin/env bash
# A throwaway nginx + ModSecurity + OWASP CRS in front of a local `suido portal`, for tests and
# for trying the WAF on a developer machine. It runs the production rules and server settings
# (deploy/nginx/suido-portal-common.conf, suido-portal-http.conf, deploy/modsec/*.conf); only
# the listen address, the certificate, the upstream port and the log paths are its own.
#
#   scripts/waf.sh start DIR UPSTREAM_PORT HTTPS_PORT
#       HTTPS_PORT 0: a free port chosen here. nginx cannot bind port 0 and read it back, and a
#       port found free may be taken by another process before nginx binds it, so the script
#       tries a random port and, when nginx finds it in use, another (up to 20 times; the tests
#       use this). WAF_FIRST_PORT=N makes N the first one tried (to test the retry).
#       Generates DIR/nginx.conf, a self-signed certificate (DIR/tls/cert.pem, for 127.0.0.1 and
#       localhost; give it to clients as their CA, e.g. NODE_EXTRA_CA_CERTS or curl --cacert),
#       starts nginx as a daemon on https://127.0.0.1:HTTPS_PORT proxying to
#       http://127.0.0.1:UPSTREAM_PORT, waits until it answers and prints the base URL on
#       stdout. The portal need not be up yet (nginx answers 502 until it is). Running it again
#       with the same ports prints the URL of the nginx already running; with other ports it
#       restarts that nginx.
#   scripts/waf.sh stop DIR
#       Stops the nginx of DIR, found by DIR/nginx.pid and checked to be ours. Stopping one that
#       is not running is not an error.
#
# Logs: DIR/logs/access.log, DIR/logs/error.log, DIR/logs/modsec-audit.json (ModSecurity's
# audit log: one JSON object per blocked or suspicious request).
# Needs the Debian packages nginx, libnginx-mod-http-modsecurity and modsecurity-crs
# (scripts/install-deps.sh --test), and openssl. Works as root (workers then run as nobody) and
# as an ordinary user (everything nginx writes is under DIR).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "waf.sh: $*" >&2; exit 1; }
usage() { die "usage: $0 start DIR UPSTREAM_PORT HTTPS_PORT|0 | $0 stop DIR"; }

random_port() { echo $((20000 + (RANDOM * 32768 + RANDOM) % 40000)); }

# nginx lives in /usr/sbin, which is not on an ordinary user's PATH on Debian.
find_nginx() {
  if command -v nginx >/dev/null 2>&1; then command -v nginx
  elif [[ -x /usr/sbin/nginx ]]; then echo /usr/sbin/nginx
  else die "nginx not found (apt-get install nginx libnginx-mod-http-modsecurity modsecurity-crs)"
  fi
}

check_port() {
  if [[ ! "$1" =~ ^[0-9]+$ ]] || (($1 < 1 || $1 > 65535)); then die "bad port: $1"; fi
}

# DIR is written into nginx and ModSecurity configuration files unquoted: allow only characters
# that need no quoting in either. The result is absolute (nginx resolves relative paths from its
# prefix, not from the caller's directory).
abs_dir() {
  local d
  [[ "$1" =~ ^[A-Za-z0-9_./+-]+$ ]] || die "DIR must be a plain path (letters, digits, _ . / + -): $1"
  mkdir -p -- "$1"
  d=$(cd -- "$1" && pwd)
  [[ "$d" =~ ^[A-Za-z0-9_./+-]+$ ]] || die "DIR must be a plain path (letters, digits, _ . / + -): $d"
  echo "$d"
}

# Prints the pid of DIR's nginx master if it is running, else nothing. A pid file alone is not
# trusted: the process must be an nginx master started with DIR's own nginx.conf (a stale pid
# may since have been reused by an unrelated process).
running_pid() {
  local dir=$1 pid cmd
  [[ -f "$dir/nginx.pid" ]] || return 0
  pid=$(tr -dc '0-9' <"$dir/nginx.pid")
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 0
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  if [[ "$cmd" == *"nginx: master process"* && "$cmd" == *" -c $dir/nginx.conf"* ]]; then
    echo "$pid"
  fi
}

# Answers when nginx accepts a TLS request (any HTTP status counts: the portal may be down).
answers() {
  local url=$1
  if command -v curl >/dev/null 2>&1; then
    local code
    code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 "$url/" 2>/dev/null || true)
    [[ -n "$code" && "$code" != 000 ]]
  else
    # Without curl: the port accepts connections.
    (exec 3<>"/dev/tcp/127.0.0.1/${url##*:}") 2>/dev/null
  fi
}

cmd_stop() {
  local dir pid i
  [[ -d "$1" ]] || return 0
  dir=$(abs_dir "$1")
  pid=$(running_pid "$dir")
  if [[ -z "$pid" ]]; then
    rm -f "$dir/nginx.pid"
    return 0
  fi
  # QUIT: graceful (finish in-flight requests). TERM if it takes longer than 5 s.
  kill -QUIT "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  kill -0 "$pid" 2>/dev/null && die "nginx (pid $pid) did not stop"
  rm -f "$dir/nginx.pid"
}

cmd_start() {
  local dir=$1 up=$2 port=$3 auto=0
  check_port "$up"
  if [[ "$port" == 0 ]]; then auto=1; else check_port "$port"; fi
  [[ "$up" != "$port" ]] || die "UPSTREAM_PORT and HTTPS_PORT must differ"
  dir=$(abs_dir "$dir")

  # Already running: same ports (or any port, for 0) → nothing to do; other ports → restart.
  if [[ -n "$(running_pid "$dir")" ]]; then
    local ports
    ports=$(cat "$dir/ports" 2>/dev/null || true)
    if [[ "$ports" == "$up $port" || ($auto == 1 && "${ports% *}" == "$up") ]]; then
      echo "https://127.0.0.1:${ports#* }"
      return 0
    fi
    cmd_stop "$dir"
  fi
  if ((auto)); then
    port=${WAF_FIRST_PORT:-$(random_port)}
    [[ "$port" != "$up" ]] || port=$(random_port)
  fi
  local url="https://127.0.0.1:$port"

  local nginx modules
  nginx=$(find_nginx)
  # The dynamic modules' directory is compiled into nginx (Debian: /usr/lib/nginx/modules).
  modules=$("$nginx" -V 2>&1 | tr ' ' '\n' | sed -n 's/^--modules-path=//p')
  modules=${modules:-/usr/lib/nginx/modules}
  [[ -f "$modules/ngx_http_modsecurity_module.so" ]] ||
    die "no $modules/ngx_http_modsecurity_module.so (apt-get install libnginx-mod-http-modsecurity)"
  [[ -f /usr/share/modsecurity-crs/owasp-crs.load ]] ||
    die "no OWASP CRS in /usr/share/modsecurity-crs (apt-get install modsecurity-crs)"
  [[ -f /etc/nginx/modsecurity.conf ]] ||
    die "no /etc/nginx/modsecurity.conf (apt-get install libnginx-mod-http-modsecurity)"

  mkdir -p "$dir/logs" "$dir/tmp" "$dir/modsec" "$dir/tls"
  chmod 700 "$dir/tls"

  # Self-signed certificate, kept across restarts (clients may have loaded it already).
  # EC P-256: generated in milliseconds, unlike RSA.
  if [[ ! -s "$dir/tls/cert.pem" || ! -s "$dir/tls/key.pem" ]]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
      -subj "/CN=localhost/O=suido waf.sh test" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" 2>"$dir/logs/openssl.log" ||
      die "openssl req failed: $(cat "$dir/logs/openssl.log")"
    chmod 600 "$dir/tls/key.pem"
  fi

  # The production ModSecurity files, with the audit log moved into DIR (the one line that
  # names /var/log). The Include of suido-exclusions.conf is relative, so it finds the copy.
  sed "s#^SecAuditLog .*#SecAuditLog $dir/logs/modsec-audit.json#" \
    "$repo/deploy/modsec/suido-main.conf" >"$dir/modsec/suido-main.conf"
  grep -q "^SecAuditLog $dir/logs/" "$dir/modsec/suido-main.conf" ||
    die "deploy/modsec/suido-main.conf has no SecAuditLog line to rewrite"
  # The one rule the test instance drops: 920350 ("Host header is a numeric IP address", a
  # warning worth 3 points). Production is reached by its name; tests reach this instance as
  # 127.0.0.1 (not "localhost", which may resolve to ::1 first), and the 3 points on every
  # request would both fill the audit log and make tests stricter than production.
  printf '\n# Added by scripts/waf.sh (test instance only; see there).\nSecRuleRemoveById 920350\n' \
    >>"$dir/modsec/suido-main.conf"
  cp "$repo/deploy/modsec/suido-exclusions.conf" "$dir/modsec/suido-exclusions.conf"

  # As root, nginx's workers must drop to an unprivileged user; nobody needs to pass through
  # DIR to its temporary directories (execute bit only: it cannot list DIR, and tls/ is 0700).
  # As an ordinary user, the workers simply stay that user and no `user` line is written.
  local user_line=""
  if [[ $(id -u) -eq 0 ]]; then
    local group=nogroup
    getent group nogroup >/dev/null || group=nobody
    user_line="user nobody $group;"
    chmod o+x "$dir"
  fi

  local try
  for ((try = 1; ; try++)); do
  cat >"$dir/nginx.conf" <<EOF
# Generated by scripts/waf.sh: a throwaway nginx for tests. Edit the deploy/ files instead.
$user_line
daemon on;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
load_module $modules/ngx_http_modsecurity_module.so;

events {
    worker_connections 512;
}

http {
    # Everything nginx writes stays in DIR (Debian's defaults are in /var/lib/nginx).
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path       $dir/tmp/proxy;
    fastcgi_temp_path     $dir/tmp/fastcgi;
    uwsgi_temp_path       $dir/tmp/uwsgi;
    scgi_temp_path        $dir/tmp/scgi;

    include $repo/deploy/nginx/suido-portal-http.conf;

    upstream suido_portal {
        server 127.0.0.1:$up;
        keepalive 16;
    }

    server {
        listen 127.0.0.1:$port ssl http2;
        server_name localhost 127.0.0.1;
        ssl_certificate     $dir/tls/cert.pem;
        ssl_certificate_key $dir/tls/key.pem;
        modsecurity_rules_file $dir/modsec/suido-main.conf;
        access_log $dir/logs/access.log suido_portal;
        include $repo/deploy/nginx/suido-portal-common.conf;
    }
}
EOF

  # -p: prefix for any relative path; -e: nginx's own start-up log, before the config is read.
  if "$nginx" -p "$dir/" -e "$dir/logs/error.log" -c "$dir/nginx.conf" 2>"$dir/logs/start.log"; then
    break
  fi
  if ((auto && try < 20)) && grep -q "Address already in use" "$dir/logs/start.log" "$dir/logs/error.log" 2>/dev/null; then
    echo "waf.sh: port $port is in use, trying another" >&2
    : >"$dir/logs/error.log"
    port=$(random_port)
    [[ "$port" != "$up" ]] || port=$(random_port)
    url="https://127.0.0.1:$port"
    continue
  fi
  cat "$dir/logs/start.log" >&2
  die "nginx did not start (config: $dir/nginx.conf)"
  done
  echo "$up $port" >"$dir/ports"

  local i
  for ((i = 0; i < 100; i++)); do
    if answers "$url"; then
      echo "$url"
      return 0
    fi
    sleep 0.1
  done
  tail -n 20 "$dir/logs/error.log" >&2 || true
  cmd_stop "$dir"
  die "nginx started but does not answer on $url"
}

case "${1:-}" in
  start) (($# == 4)) || usage; cmd_start "$2" "$3" "$4" ;;
  stop) (($# == 2)) || usage; cmd_stop "$2" ;;
  *) usage ;;
esac
