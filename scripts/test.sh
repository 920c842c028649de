#!/usr/bin/env bash
# One command for the tests: installs what is missing, builds, runs every test with ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build=${TANDEM_BUILD_DIR:-$root/build}
cd "$build"
ctest --output-on-failure --timeout 900 -j "$(nproc)"
