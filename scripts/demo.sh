#!/usr/bin/env bash
# One command for the demo: installs what is missing, builds, sets up the demo partnership in an
# embedded SQLite data directory (first run only) and serves it on 127.0.0.1:8470.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build=${TANDEM_BUILD_DIR:-$root/build}
exec "$build/server/tandem-server" demo "${TANDEM_DEMO_DIR:-$root/tandem-demo-data}" \
  --port "${TANDEM_PORT:-8470}" --data "$root/data"
