#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then ctest (unit, storage contract, API tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" "$@"
# The unit and API tests again under ASan + UBSan, then every fuzz target for FUZZ_SECONDS (default 60) each, two at
# a time; both use one clang-16 build (build-asan/). Each prints its summary and fails on any report
# (docs/reliability.md). XF_SANITIZERS=0 leaves both out (a quick local run; CI always runs them).
if [ "${XF_SANITIZERS:-1}" != 0 ]; then
  scripts/sanitize.sh
  scripts/fuzz.sh
fi
