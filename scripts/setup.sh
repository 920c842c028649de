#!/usr/bin/env bash
# Installs what Tandem needs from Debian 12, and only what is missing. Safe to run again.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libsqlcipher-dev libsodium-dev libssl-dev zlib1g-dev libbrotli-dev
  libcpp-httplib-dev nlohmann-json3-dev libre2-dev libdeflate-dev
  qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-charts-dev qt6-pdf-dev
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
  qml6-module-qttest qml6-module-qtcharts
  fonts-dejavu-core
  curl sqlite3 sqlcipher iproute2
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
