#!/usr/bin/env bash
# Configures and builds xinfang into ${BUILD_DIR:-build} (Ninja, ccache, RelWithDebInfo), then the web console.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$BUILD_DIR"
# The staff web console: web/dist, served by `xinfang serve` at "/". npm ci only when node_modules is missing
# or older than package-lock.json.
(cd web && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && npm run build)
# The browser tests' one dependency (playwright-core, which uses Debian's chromium; no browser download).
(cd tests/e2e && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; })
