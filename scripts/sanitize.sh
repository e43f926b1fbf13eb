#!/usr/bin/env bash
# Builds the unit tests and the server with clang-16 under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/,
# -DXF_FUZZ=ON: the same build also gives scripts/fuzz.sh its targets, so the libraries are compiled once) and runs
# them with ctest: every gtest unit test that needs no PostgreSQL server, and the black-box API and golden-report
# tests against the instrumented binary. Fails on a failing test or on any sanitizer report — including one from a
# server process the API tests started (every report is written to a log directory, checked at the end).
# Suppressions of reports in system libraries: scripts/sanitizer/lsan.supp (each says why).
#
#   scripts/sanitize.sh                 # the CI run
#   SANITIZE_PG=1 scripts/sanitize.sh   # also the PostgreSQL variants (storage contract, API, golden)
#   scripts/sanitize.sh --configure-only DIR   # only (re)configure DIR (used by scripts/fuzz.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=${SANITIZE_BUILD_DIR:-build-asan}

# Configures DIR for clang-16 with ASan + UBSan and the fuzzer instrumentation, unless it already is (a directory
# configured otherwise, e.g. by an older g++ sanitizer build, is emptied first).
configure() {
  local dir=$1
  if ! command -v clang++-16 >/dev/null 2>&1; then
    echo "sanitize.sh: clang++-16 not found (scripts/deps.sh installs clang-16 and libclang-rt-16-dev)" >&2
    exit 1
  fi
  if [ -f "$dir/CMakeCache.txt" ] && grep -q '^XF_FUZZ:BOOL=ON' "$dir/CMakeCache.txt" \
      && grep -q '^CMAKE_CXX_COMPILER:.*clang++-16' "$dir/CMakeCache.txt"; then
    return 0
  fi
  rm -rf "$dir"
  CC=clang-16 CXX=clang++-16 cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-16 -DXF_FUZZ=ON >/dev/null
}
if [ "${1:-}" = --configure-only ]; then
  configure "${2:?--configure-only DIR}"
  exit 0
fi

UNIT_TARGETS=(base_test domain_test crypto_test tabular_test sqlite_db_test storage_contract_test app_test demo_test
  http_core_test multipart_test openapi_test notify_test files_test render_test pg_search_test metrics_test logging_test
  ops_test doctor_test)
TARGETS=("${UNIT_TARGETS[@]}" xinfang)
# Which ctest entries run: every gtest entry of the executables built here, and the black-box tests named in
# BLACK_BOX (the API tests, the golden reports). The web, browser, cluster, crash, backup and load tests drive the
# same binary from outside on long timers and add little under ASan; they are left out (the list is computed from
# ctest's own test list, so a test added later is left out unless it is a unit test or named here).
BLACK_BOX=(api_test golden_test)
if [ -n "${SANITIZE_PG:-}" ]; then
  TARGETS+=(storage_contract_pg_test pg_test pg_store_concurrency_test db_copy_test)
  BLACK_BOX+=(pg_start pg_stop api_pg_test golden_pg_test)
fi

echo "==> sanitize: building ${#TARGETS[@]} targets in $BUILD_DIR (clang-16, ASan + UBSan)"
build_start=$(date +%s)
configure "$BUILD_DIR"
cmake --build "$BUILD_DIR" --target "${TARGETS[@]}" -j "${SANITIZE_JOBS:-$(nproc)}"
echo "==> sanitize: build took $(( $(date +%s) - build_start )) s"

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/xf-sanitize.XXXXXX")
SUPP="$ROOT/scripts/sanitizer"
. "$SUPP/symbolizer.sh"
export ASAN_OPTIONS="${XF_SYMBOLIZER_OPTION}detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:log_path=$LOGS/asan:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="${XF_SYMBOLIZER_OPTION}halt_on_error=1:print_stacktrace=1:log_path=$LOGS/ubsan:${UBSAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$SUPP/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"

# The names of the ctest entries to leave out (everything that is neither a gtest entry of a built target nor named
# in BLACK_BOX), as one anchored regular expression.
EXCLUDE=$(ctest --test-dir "$BUILD_DIR" --show-only=json-v1 | python3 -c '
import json, os, sys
built, black_box = set(sys.argv[1].split()), set(sys.argv[2].split())
out = []
for t in json.load(sys.stdin)["tests"]:
    cmd = t.get("command") or [""]
    if t["name"] in black_box or os.path.basename(cmd[0]) in built:
        continue
    out.append(t["name"])
print("^(" + "|".join(n.replace(".", "[.]") for n in out) + ")$" if out else "^$")
' "${UNIT_TARGETS[*]} ${TARGETS[*]}" "${BLACK_BOX[*]}")

start=$(date +%s)
set +e
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" -E "$EXCLUDE" --timeout 1800 2>&1 | tee "$LOGS/ctest.log"
rc=${PIPESTATUS[0]}
set -e
elapsed=$(( $(date +%s) - start ))
reports=$(find "$LOGS" -name 'asan.*' -o -name 'ubsan.*' | wc -l)

echo
echo "sanitize summary (clang-16 -fsanitize=address,undefined, $BUILD_DIR)"
grep -E '^[0-9]+% tests passed|tests failed out of' "$LOGS/ctest.log" | tail -1 || true
echo "ctest: exit $rc in ${elapsed} s; sanitizer reports: $reports"
if [ "$reports" -ne 0 ]; then
  for f in $(find "$LOGS" -name 'asan.*' -o -name 'ubsan.*'); do
    echo "---- $f"
    head -n 60 "$f"
  done
  echo "sanitize: FAILED — sanitizer reports in $LOGS" >&2
  exit 1
fi
if [ "$rc" -ne 0 ]; then
  echo "sanitize: FAILED — ctest logs in $LOGS" >&2
  exit 1
fi
rm -rf "$LOGS"
echo "sanitize: clean"
