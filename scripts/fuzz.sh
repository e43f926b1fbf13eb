#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang-16 (ASan + UBSan, build-fuzz/) and runs each for
# FUZZ_SECONDS (default 60) on a temporary copy of its committed seed corpus (tests/fuzz/corpus/<target>/ is never
# modified), with leak detection. Fails on any crash, leak, timeout or sanitizer report; prints a summary table.
#
#   scripts/fuzz.sh                                   # the CI run: 60 s per target
#   FUZZ_SECONDS=3600 scripts/fuzz.sh                 # long mode: an hour per target
#   FUZZ_SECONDS=600 scripts/fuzz.sh api_body_fuzz    # some targets only
#   FUZZ_KEEP=1 scripts/fuzz.sh                       # keep the grown corpora and logs (path printed)
#
# A failure leaves the input that caused it (crash-*, leak-*, timeout-*) and the log in the printed directory;
# replay it with build-fuzz/tests/fuzz/<target> <file>.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
ALL_TARGETS=(http_request_fuzz api_body_fuzz tabular_import_fuzz search_query_fuzz template_fuzz multipart_fuzz)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")

CXX_BIN=${FUZZ_CXX:-clang++-16}
if ! command -v "$CXX_BIN" >/dev/null 2>&1; then
  echo "fuzz.sh: $CXX_BIN not found (scripts/deps.sh installs clang-16 and libclang-rt-16-dev)" >&2
  exit 1
fi

echo "==> fuzz: building ${TARGETS[*]} in $BUILD_DIR"
build_start=$(date +%s)
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  CC=clang-16 CXX="$CXX_BIN" cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$CXX_BIN" -DXF_FUZZ=ON >/dev/null
fi
cmake --build "$BUILD_DIR" --target "${TARGETS[@]}" -j "${FUZZ_JOBS:-$(nproc)}"
echo "==> fuzz: build took $(( $(date +%s) - build_start )) s"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/xf-fuzz.XXXXXX")
cleanup() { if [ -z "${FUZZ_KEEP:-}" ] && [ "${failed:-0}" -eq 0 ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
export XINFANG_SOURCE_DIR="$ROOT"

failed=0
nfailed=0
rows=()
for t in "${TARGETS[@]}"; do
  bin="$BUILD_DIR/tests/fuzz/$t"
  corpus="$WORK/$t/corpus"
  mkdir -p "$corpus" "$WORK/$t/artifacts"
  cp -r "tests/fuzz/corpus/$t/." "$corpus/"
  seeds=$(find "$corpus" -type f | wc -l)
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  log="$WORK/$t/fuzz.log"
  echo "==> fuzz: $t for ${SECONDS_PER_TARGET} s ($seeds seeds)"
  set +e
  "$bin" "$corpus" "${dict[@]}" -max_total_time="$SECONDS_PER_TARGET" -detect_leaks=1 -timeout=25 \
    -rss_limit_mb=3072 -max_len=65536 -print_final_stats=1 -artifact_prefix="$WORK/$t/artifacts/" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o '^stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  speed=$(grep -o '^stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
  size=$(find "$corpus" -type f | wc -l)
  findings=$(find "$WORK/$t/artifacts" -type f | wc -l)
  if [ $rc -eq 0 ] && [ "$findings" -eq 0 ] && ! grep -q -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
    result=ok
  else
    result="FAILED (exit $rc)"
    failed=1
    nfailed=$((nfailed + 1))
    echo "---- $t: last lines of $log"
    tail -n 60 "$log"
    find "$WORK/$t/artifacts" -type f -exec echo "finding: {}" \;
  fi
  rows+=("$(printf '%-22s %10s %8s %6s %9s  %s' "$t" "${runs:-?}" "${speed:-?}" "${cov:-?}" "$seeds→$size" "$result")")
done

echo
echo "fuzz summary (${SECONDS_PER_TARGET} s per target)"
printf '%-22s %10s %8s %6s %9s  %s\n' target runs exec/s cov corpus result
for r in "${rows[@]}"; do echo "$r"; done
echo "fuzz: $(( ${#TARGETS[@]} - nfailed )) passed, $nfailed failed"
if [ $failed -ne 0 ]; then
  echo "fuzz: FAILED — inputs and logs kept in $WORK" >&2
  exit 1
fi
[ -n "${FUZZ_KEEP:-}" ] && echo "fuzz: corpora and logs kept in $WORK"
echo "fuzz: all ${#TARGETS[@]} targets clean"
