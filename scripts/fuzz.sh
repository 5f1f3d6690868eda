#!/usr/bin/env bash
# Run the libFuzzer targets for a while (default 60 s each), growing their corpora in
# fuzz/corpus/<target>/.  Needs clang and libclang-rt-14-dev (installed here if missing).
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; shift || true
targets=("$@"); [[ ${#targets[@]} -gt 0 ]] || targets=(urlencoded multipart config text csv_read tariff surcharge_rates works_fee zengin agent_result card_result ic_manifest ic_mapping)
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p"; }
done
out=build-fuzz; mkdir -p "$out"
cflags=(-std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc $(pkg-config --cflags jansson libpq))
core=(src/base/*.c src/domain/tariff.c src/domain/surcharge_rates.c src/domain/surcharge.c src/domain/works/works_fee.c src/domain/zengin.c src/domain/slipcode.c src/domain/agent_result.c src/domain/card_result.c src/domain/interchange/ic_format.c src/domain/interchange/ic_manifest.c src/domain/interchange/ic_mapping.c)
libs=($(pkg-config --libs icu-uc libsodium jansson) -lcsv)
for t in "${targets[@]}"; do
  extra=(); [[ $t == urlencoded ]] && extra=(src/web/req.c); [[ $t == multipart ]] && extra=(src/web/multipart.c src/web/req.c)
  clang "${cflags[@]}" "fuzz/fuzz_$t.c" "${extra[@]}" "${core[@]}" "${libs[@]}" -o "$out/fuzz_$t"
  echo "fuzzing $t for ${secs}s"
  "$out/fuzz_$t" -max_total_time="$secs" -max_len=4096 "fuzz/corpus/$t" 2>&1 | tail -3
done
