#!/usr/bin/env bash
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
  [cli]="base domain app cli web store report portal"
  [report]="base domain app report"
  [portal]="base domain app portal report web"
)
for layer in "${!allowed[@]}"; do
  [[ -d src/$layer ]] || continue
  while IFS=: read -r file inc; do
    dep=${inc%%/*}
    [[ " ${allowed[$layer]} " == *" $dep "* ]] || bad "$file includes $inc ($layer/ may not call $dep/)"
  done < <(grep -roE '#include "[a-z]+/[a-z_]+\.h"' "src/$layer" | sed 's/#include "//; s/"$//')
done
# cli/ may include store/ only for migrate.h (schema version at start-up).
while IFS= read -r line; do
  [[ "$line" == *store/migrate.h* ]] || bad "$line (cli/ may use store/ only for migrate.h)"
done < <(grep -rn '#include "store/' src/cli || true)

sql=$(grep -rlE '"[[:space:]]*(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM)[[:space:]]' src --include='*.c' | grep -v '^src/store/')
[[ -z "$sql" ]] || bad "SQL text outside src/store/: $sql"
banned=$(grep -rnE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|strtok)\s*\(' src --include='*.c' --include='*.h')
[[ -z "$banned" ]] || bad "banned functions: $banned"
htmlfmt=$(grep -rnE 'printf\([^)]*"<[a-zA-Z]' src --include='*.c' | grep -v '^src/base/')
[[ -z "$htmlfmt" ]] || bad "HTML through printf: $htmlfmt"
exit $fail
