#!/usr/bin/env bash
# One command for the tests: installs what is missing, builds, runs every test with ctest, then
# runs the whole suite again under AddressSanitizer + UBSan, then each fuzzer for a bounded time.
# TANDEM_TEST_QUICK=1 stops after the first pass (for a quick local check).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"

echo "== build and test (RelWithDebInfo)"
"$root/scripts/build.sh"
build=${TANDEM_BUILD_DIR:-$root/build}
(cd "$build" && ctest --output-on-failure --timeout 900 -j "$(nproc)")
count() { (cd "$1" && ctest -N | sed -n 's/^Total Tests: //p'); }
passed=$(count "$build")
if [ "${TANDEM_TEST_QUICK:-0}" = 1 ]; then
  echo "tests: $passed passed, 0 failed"
  exit 0
fi

echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
TANDEM_BUILD_DIR="$root/build-asan" "$root/scripts/build.sh" -DTANDEM_SANITIZE=ON -DTANDEM_APP=OFF
(cd "$root/build-asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure --timeout 1800 -j "$(nproc)")
passed=$((passed + $(count "$root/build-asan")))

if [ -x "$root/scripts/fuzz.sh" ]; then
  echo "== fuzzing (bounded)"
  "$root/scripts/fuzz.sh"
  passed=$((passed + $(ls "$root"/fuzz/targets/fuzz_*.cpp | wc -l)))
fi
# Every step above stops the script on a failure, so reaching here means all of them passed.
echo "tests: $passed passed, 0 failed"

