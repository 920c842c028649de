#!/usr/bin/env bash
# Runs the whole benchmark of issue 4 and writes bench/RESULTS.md and bench/results.json:
# builds Tandem (Release, build-bench/), installs PouchDB from the npm registry into
# bench/.npm-scratch, runs Tandem's workloads 1-9 and PouchDB's 1-6 on the same generated data.
#   bench/run.sh            the full run (about 5 minutes on 2 cores)
# Environment: TANDEM_BENCH_BUILD (build dir), TANDEM_BENCH_POUCH_CAP (seconds, default 180).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${TANDEM_BENCH_BUILD:-$root/build-bench}"
work="$build/bench-run"
scratch="$here/.npm-scratch"
cap="${TANDEM_BENCH_POUCH_CAP:-180}"
step() { echo; echo "== $* ($(date -u +%H:%M:%S))"; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
step "dependencies"
"$root/scripts/setup.sh"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing Debian's nodejs and npm"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends nodejs npm
fi

step "building tandem-server and tandem-bench (Release) in $build"
# -Wno-restrict: GCC 12 at -O3 reports a false -Wrestrict inside libstdc++ (GCC bug 105329).
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTANDEM_BENCH=ON -DTANDEM_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-Wno-restrict" >/dev/null
ninja -C "$build" -j2 tandem-server tandem-bench

step "installing pouchdb, pouchdb-adapter-memory, express-pouchdb from npm into $scratch"
mkdir -p "$scratch"
if ! cmp -s "$here/pouchdb/package.json" "$scratch/package.json" || [ ! -d "$scratch/node_modules/express-pouchdb" ]; then
  cp "$here/pouchdb/package.json" "$scratch/package.json"
  # Native leveldown is not needed (memory adapter); if its build fails, install without scripts.
  (cd "$scratch" && npm install --no-audit --no-fund --loglevel=error) ||
    (cd "$scratch" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts)
fi
node -e "require('$scratch/node_modules/pouchdb'); require('$scratch/node_modules/express-pouchdb')"

rm -rf "$work"
mkdir -p "$work"
# Other work on the machine skews every figure: the load is recorded with the results.
load_start=$(cut -d" " -f1-3 /proc/loadavg)
echo "load average at the start: $load_start"
bench="$build/bench/tandem-bench"
step "generating the PouchDB documents (the same seeds as Tandem's data directories)"
"$bench" docs "$work/docs-10k.jsonl" --records 10000 --seed 10
"$bench" docs "$work/docs-100k.jsonl" --records 100000 --seed 100
doc_bytes=$(awk '{ s += length($0) } END { printf "%d", s / NR }' "$work/docs-10k.jsonl")
echo "average document: $doc_bytes bytes of JSON"

step "Tandem: workloads 1-9"
"$bench" run --work "$work" --out "$work/tandem.json"

step "PouchDB: workloads 1-6"
TANDEM_BENCH_NPM="$scratch" NODE_NO_WARNINGS=1 node "$here/pouchdb/bench.js" --docs10k "$work/docs-10k.jsonl" \
  --docs100k "$work/docs-100k.jsonl" --out "$work/pouchdb.json" --cap-seconds "$cap"

step "writing bench/RESULTS.md and bench/results.json"
node "$here/report.js" --tandem "$work/tandem.json" --pouchdb "$work/pouchdb.json" \
  --md "$here/RESULTS.md" --json "$here/results.json" --doc-bytes "$doc_bytes" --load-start "$load_start"
