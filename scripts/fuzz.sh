#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang-16 (ASan + UBSan, -DXF_FUZZ=ON) and runs each for
# FUZZ_SECONDS (default 60) on a temporary copy of its committed seed corpus (tests/fuzz/corpus/<target>/ is never
# modified), with leak detection, FUZZ_PARALLEL targets at a time (default: the number of cores). Fails on any crash,
# leak, timeout or sanitizer report; prints a summary table.
#
# The build directory is the one scripts/sanitize.sh uses (build-asan/): the libraries are compiled once, with the
# sanitizers and the fuzzer's coverage instrumentation, for the sanitized unit and API tests and for the fuzz targets.
#
#   scripts/fuzz.sh                                   # the CI run: 60 s per target, two at a time on two cores
#   FUZZ_SECONDS=3600 scripts/fuzz.sh                 # long mode: an hour per target
#   FUZZ_SECONDS=600 scripts/fuzz.sh api_body_fuzz    # some targets only
#   FUZZ_KEEP=1 scripts/fuzz.sh                       # keep the grown corpora and logs (path printed)
#
# A failure leaves the input that caused it (crash-*, leak-*, timeout-*) and the log in the printed directory;
# replay it with build-asan/tests/fuzz/<target> <file>.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=${FUZZ_BUILD_DIR:-${SANITIZE_BUILD_DIR:-build-asan}}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
PARALLEL=${FUZZ_PARALLEL:-$(nproc)}
ALL_TARGETS=(http_request_fuzz api_body_fuzz tabular_import_fuzz search_query_fuzz template_fuzz multipart_fuzz)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")

echo "==> fuzz: building ${TARGETS[*]} in $BUILD_DIR"
build_start=$(date +%s)
scripts/sanitize.sh --configure-only "$BUILD_DIR"
cmake --build "$BUILD_DIR" --target "${TARGETS[@]}" -j "${FUZZ_JOBS:-$(nproc)}"
echo "==> fuzz: build took $(( $(date +%s) - build_start )) s"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/xf-fuzz.XXXXXX")
. "$ROOT/scripts/sanitizer/symbolizer.sh"
export ASAN_OPTIONS="${XF_SYMBOLIZER_OPTION}detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="${XF_SYMBOLIZER_OPTION}halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
export XINFANG_SOURCE_DIR="$ROOT"

# One target: its run, then one summary row in $WORK/<t>/row and, if it failed, a $WORK/<t>/failed marker.
run_one() {
  local t=$1 bin="$BUILD_DIR/tests/fuzz/$1" corpus="$WORK/$1/corpus" log="$WORK/$1/fuzz.log" rc
  mkdir -p "$corpus" "$WORK/$t/artifacts"
  cp -r "tests/fuzz/corpus/$t/." "$corpus/"
  local seeds dict=()
  seeds=$(find "$corpus" -type f | wc -l)
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  echo "==> fuzz: $t for ${SECONDS_PER_TARGET} s ($seeds seeds)"
  set +e
  "$bin" "$corpus" "${dict[@]}" -max_total_time="$SECONDS_PER_TARGET" -detect_leaks=1 -timeout=25 \
    -rss_limit_mb=3072 -max_len=65536 -print_final_stats=1 -artifact_prefix="$WORK/$t/artifacts/" >"$log" 2>&1
  rc=$?
  set -e
  local runs speed cov size findings result
  runs=$(grep -o '^stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  speed=$(grep -o '^stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
  size=$(find "$corpus" -type f | wc -l)
  findings=$(find "$WORK/$t/artifacts" -type f | wc -l)
  if [ $rc -eq 0 ] && [ "$findings" -eq 0 ] && ! grep -q -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
    result=ok
  else
    result="FAILED (exit $rc)"
    touch "$WORK/$t/failed"
  fi
  printf '%-22s %10s %8s %6s %9s  %s\n' "$t" "${runs:-?}" "${speed:-?}" "${cov:-?}" "$seeds→$size" "$result" \
    >"$WORK/$t/row"
}

for t in "${TARGETS[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$PARALLEL" ]; do wait -n || true; done
  run_one "$t" &
done
wait

nfailed=0
for t in "${TARGETS[@]}"; do
  if [ -f "$WORK/$t/failed" ] || [ ! -f "$WORK/$t/row" ]; then
    nfailed=$((nfailed + 1))
    echo "---- $t: last lines of $WORK/$t/fuzz.log"
    tail -n 60 "$WORK/$t/fuzz.log" 2>/dev/null || true
    find "$WORK/$t/artifacts" -type f -exec echo "finding: {}" \; 2>/dev/null || true
  fi
done

echo
echo "fuzz summary (${SECONDS_PER_TARGET} s per target, $PARALLEL at a time)"
printf '%-22s %10s %8s %6s %9s  %s\n' target runs exec/s cov corpus result
for t in "${TARGETS[@]}"; do cat "$WORK/$t/row" 2>/dev/null || printf '%-22s  did not finish\n' "$t"; done
echo "fuzz: $(( ${#TARGETS[@]} - nfailed )) passed, $nfailed failed"
if [ $nfailed -ne 0 ]; then
  echo "fuzz: FAILED — inputs and logs kept in $WORK" >&2
  exit 1
fi
if [ -n "${FUZZ_KEEP:-}" ]; then
  echo "fuzz: corpora and logs kept in $WORK"
else
  rm -rf "$WORK"
fi
echo "fuzz: all ${#TARGETS[@]} targets clean"
