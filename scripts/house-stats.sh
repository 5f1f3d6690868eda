#!/usr/bin/env bash
# The shape of the code at a glance: files per folder, the largest headers and
# how widely they are included, and the longest functions.  Prints only.
#   scripts/house-stats.sh [N]   (N longest functions, default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-15}
echo "== files per folder (.c / .h)"
find src -type d | sort | while read -r d; do
  c=$(find "$d" -maxdepth 1 -name '*.c' | wc -l); h=$(find "$d" -maxdepth 1 -name '*.h' | wc -l)
  [[ $((c + h)) -gt 0 ]] && printf '  %-28s %3d .c %3d .h\n' "$d/" "$c" "$h"
done
echo "== headers: lines, function declarations, files that include them (top 12 by includers)"
for h in $(find src -name '*.h' | sort); do
  rel=${h#src/}
  inc=$(grep -rl --include='*.c' --include='*.h' "#include \"$rel\"" src | wc -l)
  decl=$(grep -cE '^[a-z_A-Z][a-z_A-Z0-9 \*]*\b[a-z_][a-z_0-9]*\(' "$h" || true)
  printf '  %-36s %5d lines %4d decls %4d includers\n' "$rel" "$(wc -l <"$h")" "$decl" "$inc"
done | sort -k6 -n -r | head -12
echo "== longest functions (lines from the opening to the closing brace)"
for f in $(find src -name '*.c'); do
  awk -v F="$f" '
    /^[a-zA-Z_][^;]*\(/ && !/^(static )?(const )?[a-z_ ]*=/ { sig = $0; sl = NR }
    /^\{/ && sig != "" { start = NR; name = sig; sub(/\(.*/, "", name); n = split(name, w, /[ \*]+/); name = w[n] }
    /^\}/ && start { printf "%5d  %s:%d %s\n", NR - start + 1, F, sl, name; start = 0; sig = "" }' "$f"
done | sort -n -r | head -"$n"
