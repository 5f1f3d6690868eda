#!/usr/bin/env bash
# A file's layer is the first path component under src/ (src/app/billing/x.c is in app/);
# areas (account/, registry/, ...) are folders inside a layer.  Adapters (web/, cli/,
# portal/, report/) never include store/: they reach the database through app/.
# House rules that a compiler does not check: layer boundaries, SQL only in store/,
# banned string functions, HTML only through the escaping writer.  Prints what is wrong.
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0
bad() { echo "check-layers: $*"; fail=1; }

declare -A allowed=(
  [base]="base"
  [domain]="base domain"
  [store]="base store"
  [app]="base domain store app"
  [web]="base domain app web report"
  [cli]="base domain app cli web report portal"
  [report]="base domain app report"
  [portal]="base domain app portal report web"
)
for layer in "${!allowed[@]}"; do
  [[ -d src/$layer ]] || continue
  while IFS=: read -r file inc; do
    dep=${inc%%/*}
    [[ " ${allowed[$layer]} " == *" $dep "* ]] || bad "$file includes $inc ($layer/ may not call $dep/)"
  done < <(grep -roE '#include "[a-z]+(/[a-z_]+)*/[a-z_]+\.h"' "src/$layer" | sed 's/#include "//; s/"$//')
done

sql=$(grep -rlE '"[[:space:]]*(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM)[[:space:]]' src --include='*.c' | grep -v '^src/store/')
[[ -z "$sql" ]] || bad "SQL text outside src/store/: $sql"
banned=$(grep -rnE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|strtok)\s*\(' src --include='*.c' --include='*.h')
[[ -z "$banned" ]] || bad "banned functions: $banned"
htmlfmt=$(grep -rnE 'printf\([^)]*"<[a-zA-Z]' src --include='*.c' | grep -v '^src/base/')
[[ -z "$htmlfmt" ]] || bad "HTML through printf: $htmlfmt"
packs=$(python3 scripts/check-json-pack.py src)
[[ -z "$packs" ]] || bad "json_pack arguments that do not match the format: $packs"
exit $fail
