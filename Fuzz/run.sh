#!/usr/bin/env bash
# Builds the parser fuzzer with libFuzzer + AddressSanitizer and runs it on the
# committed corpus (Fuzz/corpus: every grammar example and sample script).
# Usage: Fuzz/run.sh [seconds]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=.build-fuzz
mkdir -p "$out" Fuzz/corpus
swiftc -parse-as-library -sanitize=fuzzer,address -O -module-name SQSyntax \
  Sources/SQSyntax/*.swift Fuzz/ParserFuzzer.swift -o "$out/parser-fuzzer"
"$out/parser-fuzzer" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
  -artifact_prefix="$out/" "$out/corpus-work" Fuzz/corpus
