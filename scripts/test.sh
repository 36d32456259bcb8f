#!/usr/bin/env bash
# Installs what is missing, runs the whole test suite, then every sample script.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --product sq
log=$(mktemp)
status=0
swift test --disable-swift-testing 2>&1 | tee "$log" || status=1
summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -1 || true)
passed_tests=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?, with ([0-9]+) failures?.*/\1/')
failed_tests=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?, with ([0-9]+) failures?.*/\2/')
passed_tests=${passed_tests:-0}
failed_tests=${failed_tests:-1}
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
# The embedding sample: an outside package that depends on SQ by path.
if (cd samples/embedding && swift build && .build/debug/SurvivalReport | grep -q "hazard ratio for treatment"); then
  echo "sample ok: samples/embedding"
  samples_ok=$((samples_ok + 1))
else
  echo "sample FAILED: samples/embedding" >&2
  samples_failed=$((samples_failed + 1))
  status=1
fi
[ "$failed_tests" -eq 0 ] || status=1
echo "tests: $((passed_tests - failed_tests + samples_ok)) passed, $((failed_tests + samples_failed)) failed"
exit $status
