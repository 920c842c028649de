#!/usr/bin/env bash
# One command for the demo: installs what is missing, builds, sets up the demo partnership in an
# embedded SQLite data directory (first run only), serves it on 127.0.0.1:8470 and starts the
# app signed in as a demo practitioner (pc.merpol, or $TANDEM_DEMO_USER). Without a display the
# server keeps serving and the app is not started; Ctrl-C stops the server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build=${TANDEM_BUILD_DIR:-$root/build}
port=${TANDEM_PORT:-8470}
url="http://127.0.0.1:$port"

"$build/server/tandem-server" demo "${TANDEM_DEMO_DIR:-$root/tandem-demo-data}" \
  --port "$port" --data "$root/data" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

# The app signs in online, so wait until the server answers (the first run sets up the demo).
for _ in $(seq 1 120); do
  curl -sf "$url/v1/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "demo: the server stopped" >&2; exit 1; }
  sleep 0.5
done
curl -sf "$url/v1/health" >/dev/null 2>&1 || { echo "demo: no answer from $url" >&2; exit 1; }

user=${TANDEM_DEMO_USER:-pc.merpol}
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "demo: no display (\$DISPLAY and \$WAYLAND_DISPLAY are unset), so the app is not started."
  echo "demo: the server keeps serving $url; on a desktop run:"
  echo "  $build/app/main/tandem --server $url --user $user --password tandem-demo-2026"
else
  echo "demo: starting the app signed in as $user"
  "$build/app/main/tandem" --server "$url" --user "$user" --password tandem-demo-2026 \
    --data "${TANDEM_APP_DIR:-$root/tandem-demo-app}" || echo "demo: the app exited ($?)"
  echo "demo: the server keeps serving $url; Ctrl-C stops it."
fi
wait "$server"
