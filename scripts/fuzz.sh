#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang-14 into build-fuzz/ and runs each one: first every
# saved crash input under fuzz/regressions/<target>/ once, then fuzzing for FUZZ_SECONDS from a
# scratch copy of fuzz/corpus/<target>/ (the repository's corpus is never written). Prints
# executions, exec/s and coverage per target and exits non-zero if any target crashed, leaked,
# tripped UBSan or hung.
#
#   FUZZ_SECONDS=20          how long each target fuzzes
#   FUZZ_TARGETS="a b"       only these targets (default: all six)
#   TANDEM_FUZZ_BUILD_DIR    build directory (default build-fuzz/)
# New crash inputs are left in build-fuzz/artifacts/<target>/; once the bug is fixed, move the
# input to fuzz/regressions/<target>/ so every later run checks it stays fixed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TANDEM_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-20}
targets=${FUZZ_TARGETS:-"fuzz_signin fuzz_push fuzz_pull_params fuzz_pull_page fuzz_csv_import fuzz_template"}

# The longest input worth trying per target: a little above the largest valid input of its kind.
max_len() {
  case "$1" in
    fuzz_signin) echo 2048 ;;        # user 128, password 1024, device 128 bytes
    fuzz_push) echo 16384 ;;         # a few changes with text values
    fuzz_pull_params) echo 512 ;;    # a query string; Authorization is refused above 200 bytes
    fuzz_pull_page) echo 8192 ;;     # a page of a few records with conflicts and rejections
    fuzz_csv_import) echo 8192 ;;    # a few dozen action-plan rows
    fuzz_template) echo 32768 ;;     # the S11 template is 12 KB as compact JSON
    *) echo 4096 ;;
  esac
}

CC=${CC:-clang-14} CXX=${CXX:-clang++-14} cmake -S "$root/fuzz" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE= >/dev/null
cmake --build "$build" --parallel "$(nproc)"

# Scratch space for corpus copies, logs and the targets' databases (tmpfs when there is one: the
# server's store fsyncs every commit). Removed at exit, also when a target crashed.
scratch_base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && scratch_base=/dev/shm
scratch=$(mktemp -d "$scratch_base/tandem-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export TANDEM_FUZZ_SCRATCH="$scratch"


# Leaks fail the run too; UBSan stops at the first report with a stack.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
total_runs=0
printf '%-18s %12s %10s %8s %8s %7s  %s\n' target executions exec/s cov ft corpus result
for t in $targets; do
  bin="$build/$t"
  [ -x "$bin" ] || { echo "fuzz: no target $t" >&2; failed+=("$t"); continue; }
  log="$scratch/$t.log"
  artifacts="$build/artifacts/$t"
  mkdir -p "$artifacts"

  # 1. Every crash found so far must stay fixed.
  regressions=()
  if [ -d "$root/fuzz/regressions/$t" ]; then
    while IFS= read -r -d '' f; do regressions+=("$f"); done \
      < <(find "$root/fuzz/regressions/$t" -type f ! -name '.*' ! -name '*.md' -print0 | sort -z)
  fi
  # One at a time: libFuzzer stops at the first input that fails, and each should be reported.
  regressions_failed=0
  for f in "${regressions[@]}"; do
    if ! "$bin" -timeout=10 -rss_limit_mb=2048 "$f" >"$scratch/$t.regression.log" 2>&1; then
      echo "fuzz: $t fails on saved input ${f#"$root"/}:" >&2
      grep -E "ERROR|SUMMARY|runtime error|fuzz:" "$scratch/$t.regression.log" | head -n 5 | cut -c1-240 | sed "s/^/    /" >&2 || true
      regressions_failed=$((regressions_failed + 1))
    fi
  done
  if [ "$regressions_failed" -gt 0 ]; then failed+=("$t ($regressions_failed of ${#regressions[@]} regression inputs)"); fi

  # 2. Fuzz from a scratch copy of the seed corpus.
  corpus="$scratch/corpus-$t"
  mkdir -p "$corpus"
  if [ -d "$root/fuzz/corpus/$t" ]; then cp -r "$root/fuzz/corpus/$t/." "$corpus/"; fi
  dict=()
  [ -f "$root/fuzz/dicts/$t.dict" ] && dict=(-dict="$root/fuzz/dicts/$t.dict")
  status=0
  "$bin" "$corpus" "${dict[@]}" -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  if [ -z "$runs" ]; then  # no final stats (a crash): take the last "Done"/progress line
    runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | tail -n 1)
    [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#' || true)
  fi
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | awk '{print $2}' || true)
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | awk '{print $2}' || true)
  corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | awk '{print $2}' || true)
  result=ok
  if [ "$status" -ne 0 ]; then
    result="FAILED (exit $status)"
    failed+=("$t")
  fi
  total_runs=$((total_runs + ${runs:-0}))
  printf '%-18s %12s %10s %8s %8s %7s  %s\n' "$t" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
  if [ "$status" -ne 0 ]; then
    grep -E "ERROR|SUMMARY|runtime error|fuzz:|Test unit written|Base64" "$log" | head -n 20 | sed 's/^/    /' >&2 || true
    cp "$log" "$artifacts/last-failure.log"
    echo "    full log: $artifacts/last-failure.log" >&2
  fi
done

echo "fuzz: $total_runs executions in all"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no crashes"
