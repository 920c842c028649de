#!/usr/bin/env bash
# One command for the tests: installs what is missing, builds, runs every test with ctest, then
# runs the whole suite again under AddressSanitizer + UBSan, then each fuzzer for a bounded time.
# TANDEM_TEST_QUICK=1 stops after the first pass (for a quick local check).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"

echo "== build and test (RelWithDebInfo)"
"$root/scripts/build.sh"
(cd "${TANDEM_BUILD_DIR:-$root/build}" && ctest --output-on-failure --timeout 900 -j "$(nproc)")
[ "${TANDEM_TEST_QUICK:-0}" = 1 ] && exit 0

echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
TANDEM_BUILD_DIR="$root/build-asan" "$root/scripts/build.sh" -DTANDEM_SANITIZE=ON
(cd "$root/build-asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure --timeout 1800 -j "$(nproc)")

if [ -x "$root/scripts/fuzz.sh" ]; then
  echo "== fuzzing (bounded)"
  "$root/scripts/fuzz.sh"
fi
