#!/usr/bin/env bash
# Installs what is missing, runs the whole test suite, then every sample script.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --product sq
# SQPostgresTests run against the PostgreSQL test cluster (three instances on loopback),
# started here and removed when this script ends, however it ends.
export SQ_PG_DIR=${SQ_PG_DIR:-/tmp/sq-pg} SQ_PG_PORT=${SQ_PG_PORT:-54401}
scripts/pg-cluster.sh start
trap 'scripts/pg-cluster.sh stop' EXIT
log=$(mktemp)
status=0
swift test 2>&1 | tee "$log" || status=1
# XCTest's summary, then Swift Testing's (the property tests).
summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -1 || true)
passed_tests=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?, with ([0-9]+) failures?.*/\1/')
failed_tests=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?, with ([0-9]+) failures?.*/\2/')
passed_tests=${passed_tests:-0}
failed_tests=${failed_tests:-1}
testing=$(grep -E "Test run with [0-9]+ tests?" "$log" | tail -1 || true)
testing_count=$(echo "$testing" | sed -nE 's/.*Test run with ([0-9]+) tests?.*/\1/p')
testing_failed=$(grep -cE "✘ Test [A-Za-z_][A-Za-z0-9_]*\(.*\) failed" "$log" || true)
if [ -z "$testing_count" ]; then
  echo "Swift Testing printed no summary" >&2
  testing_count=0
  testing_failed=1
fi
passed_tests=$((passed_tests + testing_count))
failed_tests=$((failed_tests + testing_failed))
rm -f "$log"
samples_ok=0
samples_failed=0
for script in samples/*.sq; do
  if .build/debug/sq run "$script" --format json > /dev/null; then
    echo "sample ok: $script"
    samples_ok=$((samples_ok + 1))
  else
    echo "sample FAILED: $script" >&2
    samples_failed=$((samples_failed + 1))
    status=1
  fi
done
# A sample with a committed expected output (samples/X.expected, its text output)
# must print exactly that: a changed number is a visible diff. Regenerate one with
#   .build/debug/sq run samples/X.sq > samples/X.expected 2>&1
for expected in samples/*.expected; do
  script="${expected%.expected}.sq"
  if diff -u "$expected" <(.build/debug/sq run "$script" 2>&1); then
    echo "sample output ok: $script"
    samples_ok=$((samples_ok + 1))
  else
    echo "sample output CHANGED: $script (diff above; regenerate $expected if the change is meant)" >&2
    samples_failed=$((samples_failed + 1))
    status=1
  fi
done
# The embedding sample: an outside package that depends on SQ by path. Its own .build
# keeps the path dependency's file list; after a file moved between SQ's modules that
# build stops on "missing inputs", so a failed build is retried once from a clean folder.
embedding_build() { (cd samples/embedding && swift build); }
if ! embedding_build; then
  echo "samples/embedding: build failed; retrying from a clean .build" >&2
  rm -rf samples/embedding/.build
  embedding_build || true
fi
if (cd samples/embedding && .build/debug/SurvivalReport | grep -q "hazard ratio for treatment"); then
  echo "sample ok: samples/embedding"
  samples_ok=$((samples_ok + 1))
else
  echo "sample FAILED: samples/embedding" >&2
  samples_failed=$((samples_failed + 1))
  status=1
fi
# The fuzz corpus and every past finding, replayed by the plain sq-fuzz build;
# then a bounded libFuzzer run of each target (Fuzz/run.sh, AddressSanitizer).
swift build --product sq-fuzz
for target in script csv readstat xlsx; do
  if SQ_FUZZ_TARGET=$target .build/debug/sq-fuzz "Fuzz/corpus/$target" "Fuzz/regressions/$target"; then
    samples_ok=$((samples_ok + 1))
  else
    echo "fuzz replay FAILED: $target" >&2
    samples_failed=$((samples_failed + 1))
    status=1
  fi
  if Fuzz/run.sh "$target" "${SQ_CI_FUZZ_SECONDS:-30}" > "fuzz-$target.log" 2>&1; then
    echo "fuzz ok: $target ($(grep -E '^stat::number_of_executed_units' "fuzz-$target.log" | awk '{print $2}') inputs)"
    samples_ok=$((samples_ok + 1))
  else
    echo "fuzz FAILED: $target (see fuzz-$target.log)" >&2
    tail -40 "fuzz-$target.log" >&2
    samples_failed=$((samples_failed + 1))
    status=1
  fi
  rm -f "fuzz-$target.log"
done
[ "$failed_tests" -eq 0 ] || status=1
echo "tests: $((passed_tests - failed_tests + samples_ok)) passed, $((failed_tests + samples_failed)) failed"
exit $status
