#!/usr/bin/env bash
# Builds sq-fuzz with libFuzzer + AddressSanitizer and fuzzes one target on its
# committed corpus. Findings land in .build-fuzz/findings/<target>/; copy a crash
# into Fuzz/regressions/<target>/ once fixed, where `sq-fuzz` replays it in the tests.
# Usage: Fuzz/run.sh [script|csv|readstat|xlsx] [seconds]     (defaults: script, 60)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-script}
seconds=${2:-60}
scratch=.build-fuzz
swift build --scratch-path "$scratch" --product sq-fuzz -c release \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >&2
binary="$scratch/release/sq-fuzz"
work="$scratch/corpus-work/$target"
findings="$scratch/findings/$target"
mkdir -p "$work" "$findings"
case $target in
  script) max_len=4096 ;;
  csv) max_len=16384 ;;
  readstat|xlsx) max_len=32768 ;;
  *) echo "unknown fuzz target: $target (script, csv, readstat or xlsx)" >&2; exit 64 ;;
esac
# Leaks inside third-party code that SQ cannot free are listed in scripts/lsan.supp.
LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" SQ_FUZZ_TARGET=$target "$binary" -max_total_time="$seconds" -max_len=$max_len -timeout=10 \
  -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$findings/" \
  "$work" "Fuzz/corpus/$target"
