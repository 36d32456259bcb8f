#!/usr/bin/env bash
# Installs what is missing, runs the whole test suite, then every sample script.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --product sq
swift test
status=0
for script in samples/*.sq; do
  if .build/debug/sq run "$script" --format json > /dev/null; then
    echo "sample ok: $script"
  else
    echo "sample FAILED: $script" >&2
    status=1
  fi
done
exit $status
