#!/usr/bin/env bash
# The newcomer's one command: install what is missing, build, and start the server with the embedded
# database and the demo data set. Prints the URL and the demo log-ins.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
exec "${BUILD_DIR:-build}/src/xinfang" serve --db "${XINFANG_DB:-sqlite:data/xinfang.db}" --demo "$@"
