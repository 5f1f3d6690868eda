#!/usr/bin/env bash
# `make run`: create the demo city once (var/demo.db, key var/demo.key) and start the staff server.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/suido}
port=${PORT:-8080}
mkdir -p var
export SUIDO_DB=${SUIDO_DB:-sqlite:var/demo.db}
export SUIDO_KEY_FILE=${SUIDO_KEY_FILE:-var/demo.key}
if [[ ! -f var/demo.db ]] || ! "$bin" user list >/dev/null 2>&1; then
  rm -f var/demo.db var/demo.db-wal var/demo.db-shm
  echo "デモ都市（山峡市, 5,000 水栓, 3年分の履歴）を作成しています…"
  "$bin" demo --taps 5000 --years 3 --seed 1
fi
cat <<MSG

  suido 職員用画面: http://127.0.0.1:${port}/
  デモ管理者:       ユーザー名 admin / パスワード suido-demo-2025
  （他のデモ職員: kakaricho, tanto, kenshin, etsuran, kansa, koji — 同じパスワード）
  停止: Ctrl+C

MSG
exec "$bin" serve --listen "127.0.0.1:${port}"
