#!/usr/bin/env bash
# The periodic sanitizer job (too slow for every CI run on two cores): the
# whole test suite under AddressSanitizer and under ThreadSanitizer, then real
# `sq` processes under LeakSanitizer: every sample script through `sq run`, and
# a REPL session both piped and on a terminal.
# (Leaks are not checked inside the XCTest process: swift-corelibs-xctest keeps
# every test case object until exit, which LeakSanitizer reports as leaks.)
# Usage: scripts/sanitizers.sh [address|thread|leak ...]   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=("$@")
[ ${#jobs[@]} -gt 0 ] || jobs=(address thread leak)
status=0
for job in "${jobs[@]}"; do
  case $job in
    address|thread)
      echo "== swift test --sanitize=$job"
      mkdir -p ".build-$job"
      if ASAN_OPTIONS=detect_leaks=0 swift test --scratch-path ".build-$job" --sanitize="$job" 2>&1 | tee ".build-$job/sanitizer.log" | grep -E "Executed [0-9]+ tests|Test run with|ERROR: |WARNING: ThreadSanitizer|SUMMARY: "; then :; fi
      if grep -qE "ERROR: AddressSanitizer|ERROR: LeakSanitizer|WARNING: ThreadSanitizer|with [1-9][0-9]* failures|✘ Test run" ".build-$job/sanitizer.log" \
         || ! grep -q "Executed" ".build-$job/sanitizer.log"; then
        echo "sanitizer $job: FAILED (see .build-$job/sanitizer.log)"; status=1
      else
        echo "sanitizer $job: clean"
      fi ;;
    leak)
      echo "== sq run on every sample, and a REPL session, under LeakSanitizer"
      swift build --scratch-path .build-address --sanitize=address --product sq >/dev/null
      log=.build-address/leak.log
      : > "$log"
      export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp"
      for script in samples/*.sq; do
        ASAN_OPTIONS=detect_leaks=1 .build-address/debug/sq run "$script" --format json > /dev/null 2>> "$log" \
          || echo "LEAK-JOB: sq run $script exited with an error" >> "$log"
      done
      # The REPL reads a pipe without line editing, and a terminal through libedit:
      # both paths, each running imports, fits, plots, errors and dot-commands.
      session=$'import "samples/data/pm_cohort.csv" as pm\nuse pm\nendpoint os = surv(os_months, dead, unit = months)\nkm os by histotype at 1y, 2y\nlet m = fit cox os ~ age + factor(histotype) + sex\nshow m\ncheck ph m\nkm nosuch\n.tables\n.format json\nlogrank os by sex\nplot km os by sex\n.quit\n'
      # Piped, the script stops at its deliberate error (exit 65, as `sq run`);
      # through the terminal, the session goes on past it and `.quit` ends it.
      printf '%s' "$session" | ASAN_OPTIONS=detect_leaks=1 .build-address/debug/sq -q >> "$log" 2>&1 || true
      if python3 scripts/pty_session.py .build-address/debug/sq "$session" >> "$log" 2>&1 \
         && ! grep -qE "LeakSanitizer|AddressSanitizer|LEAK-JOB" "$log"; then
        echo "sanitizer leak: clean"
      else
        echo "sanitizer leak: FAILED (see $log)"; status=1
      fi ;;
    *) echo "unknown sanitizer job: $job" >&2; exit 64 ;;
  esac
done
exit $status
