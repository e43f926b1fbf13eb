#!/usr/bin/env bash
# Installs the Debian 12 packages xinfang needs to build and test, if any are missing. Idempotent.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build ccache pkg-config python3
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libargon2-dev
  libxlsxwriter-dev libminizip-dev libexpat1-dev zlib1g-dev libcurl4-openssl-dev
  libspdlog-dev libfmt-dev libtomlplusplus-dev libcli11-dev
  libgtest-dev libbenchmark-dev
  # The libFuzzer targets (scripts/fuzz.sh) are built with clang; its runtime holds libFuzzer, ASan and UBSan:
  clang-16 libclang-rt-16-dev
  # llvm: /usr/bin/llvm-symbolizer, which the sanitizer runtimes are pointed at (scripts/sanitizer/symbolizer.sh)
  llvm
  libcairo2-dev libpango1.0-dev libmagic-dev poppler-utils
  # fonts-noto-cjk: the 公文 PDFs; fonts-dejavu-core: a Latin-only family the font check must name (render_test)
  nodejs npm chromium fonts-noto-cjk fonts-dejavu-core
  # The PostgreSQL deployment's tests start their own servers under the build directory (scripts/pg.sh):
  postgresql-15 postgresql-client-15 nginx-light
  # The Debian package (cpack -G DEB; tests/package): dpkg-shlibdeps for its dependencies, readelf; systemd-analyze
  # (systemd) verifies the unit when present. sqlite3: tests/upgrade/make_fixture.py dumps a database with it.
  dpkg-dev binutils shellcheck sqlite3
)
# The web console (web/) is built with Node.js and npm; a node/npm already on the PATH (from elsewhere than
# Debian) is kept, and Debian's nodejs/npm are then not asked for.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  kept=()
  for p in "${PACKAGES[@]}"; do
    case "$p" in nodejs | npm) ;; *) kept+=("$p") ;; esac
  done
  PACKAGES=("${kept[@]}")
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "==> installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

# Vite 8 needs Node.js 20.19 or newer (Debian 12's own nodejs is 18.19: install a newer one, e.g. from NodeSource).
node_version=$(node --version 2>/dev/null | sed 's/^v//')
if ! printf '%s\n%s\n' "20.19.0" "$node_version" | sort -V -C; then
  echo "error: the web console needs Node.js >= 20.19; found '${node_version:-none}'" >&2
  exit 1
fi
