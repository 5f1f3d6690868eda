#!/usr/bin/env bash
# `make run`: create the demo city once (var/demo.db, key var/demo.key) and start the staff server,
# with the citizen portal beside it (its own process: PORTAL_PORT, default 8090).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/suido}
port=${PORT:-8080}
portal_port=${PORTAL_PORT:-8090}
mkdir -p var
export SUIDO_DB=${SUIDO_DB:-sqlite:var/demo.db}
export SUIDO_KEY_FILE=${SUIDO_KEY_FILE:-var/demo.key}
if [[ ! -f var/demo.db ]] || ! "$bin" user list >/dev/null 2>&1; then
  rm -f var/demo.db var/demo.db-wal var/demo.db-shm
  echo "デモ都市（山峡市, 5,000 水栓, 3年分の履歴）を作成しています…"
  "$bin" demo --taps 5000 --years 3 --seed 1
  # the whole bank master (zengin-code, installed by npm): the demo adds only the banks it uses
  "$bin" bank import >/dev/null || echo "金融機関マスタを取り込めませんでした（npm install の後に suido bank import）。" >&2
fi
# the portal's key pair (var/portal.key, var/portal.pub), then the portal itself
"$bin" portal keys >/dev/null
"$bin" portal --listen "127.0.0.1:${portal_port}" &
portal_pid=$!
trap 'kill "$portal_pid" 2>/dev/null; wait "$portal_pid" 2>/dev/null' EXIT
cat <<MSG

  suido 職員用画面: http://127.0.0.1:${port}/
  市民向け受付（ポータル）: http://127.0.0.1:${portal_port}/   （ウェブ申込は 受付 → ウェブ申込 に届きます）
  デモ管理者:       ユーザー名 admin / パスワード suido-demo-2025
  （他のデモ職員: kakaricho, tanto, kenshin, etsuran, kansa, koji — 同じパスワード）
  停止: Ctrl+C

MSG
"$bin" serve --listen "127.0.0.1:${port}"
