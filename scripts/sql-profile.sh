#!/usr/bin/env bash
# Sum the statement timings that `SUIDO_SQL_PROFILE=1 suido ...` writes on
# stderr (SQLite), one line per distinct statement, the costliest first:
#   SUIDO_SQL_PROFILE=1 build/suido bill run --cycle 2026-12 2>prof.txt
#   scripts/sql-profile.sh prof.txt [TOP]
# Columns: total ms, calls, mean µs, the statement (whitespace folded).
set -euo pipefail
top=${2:-20}
awk -F'\t' '$1 == "sql-profile" { sql = $3; gsub(/[ \t]+/, " ", sql); t[sql] += $2; n[sql]++ }
  END { for (s in t) printf "%10.1f %8d %10.1f  %s\n", t[s] / 1000, n[s], t[s] / n[s], s }' "$1" |
  sort -rn | head -n "$top"
