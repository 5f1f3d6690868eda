#!/usr/bin/env bash
# Install what suido needs on Debian 12, skipping what is already there.
#   scripts/install-deps.sh          build + run (make run; restic for `suido backup`)
#   scripts/install-deps.sh --test   also PostgreSQL with pgBackRest, Chromium, fonts and the npm test tools (make check)
#   scripts/install-deps.sh --bench  also wrk, curl, sqlite3, PostgreSQL and the npm packages (make bench)
# Why each package is needed: docs/dependencies.md.
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs=(gcc make pkg-config meson ninja-build ccache python3
  libmicrohttpd-dev libgnutls28-dev nettle-dev libsodium-dev libsqlite3-dev libpq-dev libjansson-dev libicu-dev libcmocka-dev libcsv-dev
  libcairo2-dev libpango1.0-dev libzint-dev libxlsxwriter-dev fonts-ipaexfont-gothic fonts-ipaexfont-mincho
  restic)
test_pkgs=(sqlite3 postgresql postgresql-client pgbackrest chromium fonts-noto-cjk nodejs npm poppler-utils unzip openssl
  nginx libnginx-mod-http-modsecurity modsecurity-crs nut-server nut-client msmtp)

want=("${build_pkgs[@]}")
# the benches' PostgreSQL runs (scripts/pg-tmp.sh) and `suido bank import` of the PostgreSQL city
# (bench/meter_to_cash.sh: the bank master from the zengin-code npm package)
bench_pkgs=(wrk curl sqlite3 postgresql postgresql-client nodejs npm)
if [[ "${1:-}" == "--test" ]]; then want+=("${test_pkgs[@]}"); fi
if [[ "${1:-}" == "--bench" ]]; then want+=("${bench_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  # nodejs/npm may come from elsewhere on a developer machine: a working command is enough.
  if [[ "$p" == nodejs ]] && command -v node >/dev/null; then continue; fi
  if [[ "$p" == npm ]] && command -v npm >/dev/null; then continue; fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ "${1:-}" == "--test" || "${1:-}" == "--bench" ]]; then
  # npm test tools (playwright-core drives Debian's /usr/bin/chromium; nothing downloads a browser)
  # and zengin-code, the bank master.
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    echo "install-deps: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
