#!/usr/bin/env bash
# The periodic sanitizer job (too slow for every CI run on two cores): the
# whole test suite under AddressSanitizer (with LeakSanitizer) and under
# ThreadSanitizer, then a scripted REPL session under LeakSanitizer.
# Usage: scripts/sanitizers.sh [address|thread|leak-repl ...]   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=("$@")
[ ${#jobs[@]} -gt 0 ] || jobs=(address thread leak-repl)
status=0
for job in "${jobs[@]}"; do
  case $job in
    address|thread)
      echo "== swift test --sanitize=$job"
      mkdir -p ".build-$job"
      if swift test --scratch-path ".build-$job" --sanitize="$job" 2>&1 | tee ".build-$job/sanitizer.log" | grep -E "Executed [0-9]+ tests|Test run with|ERROR: |WARNING: ThreadSanitizer|SUMMARY: "; then :; fi
      if grep -qE "ERROR: AddressSanitizer|ERROR: LeakSanitizer|WARNING: ThreadSanitizer|with [1-9][0-9]* failures|✘ Test run" ".build-$job/sanitizer.log" \
         || ! grep -q "Executed" ".build-$job/sanitizer.log"; then
        echo "sanitizer $job: FAILED (see .build-$job/sanitizer.log)"; status=1
      else
        echo "sanitizer $job: clean"
      fi ;;
    leak-repl)
      echo "== a REPL session under LeakSanitizer"
      swift build --scratch-path .build-address --sanitize=address --product sq >/dev/null
      # The REPL reads a pipe without line editing, and a terminal through libedit:
      # both paths, each running imports, fits, plots, errors and dot-commands.
      session=$'import "samples/data/pm_cohort.csv" as pm\nuse pm\nendpoint os = surv(os_months, dead, unit = months)\nkm os by histotype at 1y, 2y\nlet m = fit cox os ~ age + factor(histotype) + sex\nshow m\ncheck ph m\nkm nosuch\n.tables\n.format json\nlogrank os by sex\nplot km os by sex\n.quit\n'
      log=.build-address/leak-repl.log
      # Piped, the script stops at its deliberate error (exit 65, as `sq run`);
      # through the terminal, the session goes on past it and `.quit` ends it.
      printf '%s' "$session" | ASAN_OPTIONS=detect_leaks=1 .build-address/debug/sq -q > "$log" 2>&1 || true
      if python3 scripts/pty_session.py .build-address/debug/sq "$session" >> "$log" 2>&1 \
         && ! grep -q "LeakSanitizer" "$log"; then
        echo "sanitizer leak-repl: clean"
      else
        echo "sanitizer leak-repl: FAILED (see $log)"; status=1
      fi ;;
    *) echo "unknown sanitizer job: $job" >&2; exit 64 ;;
  esac
done
exit $status
