#!/usr/bin/env bash
# Installs what is missing, builds SQ in release mode and runs the quick-start sample.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product sq
.build/release/sq run samples/quickstart.sq
