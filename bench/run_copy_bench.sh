#!/usr/bin/env bash
# Benchmark `xinfang db copy` (issue #5): how long moving a county office from SQLite to PostgreSQL takes, and
# how long `--verify` alone takes. Builds nothing: build first (`ninja -C build-bench xinfang`, Release).
#
#   bench/run_copy_bench.sh                 # 100,000 cases (a county's five years), ~2-3 min on 2 cores
#   CASES=20000 bench/run_copy_bench.sh
#
# In a temporary directory (removed at the end unless KEEP_TMP=1) it generates a fictional province's org tree and
# a CASES-row county ledger (bench/gen_ledger.py), imports it into a fresh SQLite database (`petition import`),
# starts a throw-away PostgreSQL 15 cluster (scripts/pg.sh), and times the whole `xinfang db copy` command (source
# checksum, copy, sequences, verification) and then `db copy --verify`. Prints a markdown table row on stdout.
set -euo pipefail
export LC_ALL=C.UTF-8
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
if [[ -z "${XINFANG_BIN:-}" ]]; then
    if [[ -x "$REPO_DIR/build-bench/src/xinfang" ]]; then XINFANG_BIN=$REPO_DIR/build-bench/src/xinfang
    else XINFANG_BIN=$REPO_DIR/build/src/xinfang; fi
fi
[[ -x "$XINFANG_BIN" ]] || { echo "no xinfang binary at $XINFANG_BIN (set XINFANG_BIN)" >&2; exit 2; }
CASES=${CASES:-100000}
TMP=$(mktemp -d /tmp/xf_copy_bench.XXXXXX)
chmod 755 "$TMP"
cleanup() {
    "$REPO_DIR/scripts/pg.sh" stop "$TMP/pg" >/dev/null 2>&1 || true
    if [[ "${KEEP_TMP:-0}" != 1 ]]; then rm -rf "$TMP"; fi
}
trap cleanup EXIT
log() { echo "[copy-bench] $*" >&2; }
export XINFANG_CONFIG_DIR=$REPO_DIR/config

log "generating $CASES ledger rows"
python3 "$SCRIPT_DIR/gen_ledger.py" --orgs-only --out-dir "$TMP" >/dev/null
python3 "$SCRIPT_DIR/gen_ledger.py" --rows "$CASES" --years 2021-2025 --under 990101-xfj --seed 11 \
    --out-dir "$TMP/county" >/dev/null
"$XINFANG_BIN" org import --db "sqlite:$TMP/county.db" "$TMP/orgs.tsv" >/dev/null
"$XINFANG_BIN" petition import --db "sqlite:$TMP/county.db" "$TMP/county/ledger.csv" >&2
size=$(du -m "$TMP/county.db" | cut -f1)

url=$("$REPO_DIR/scripts/pg.sh" start "$TMP/pg")
"$REPO_DIR/scripts/pg.sh" createdb "$TMP/pg" xinfang >/dev/null
target=${url%/postgres}/xinfang

log "copying"
t0=$(date +%s.%N)
"$XINFANG_BIN" db copy --from "sqlite:$TMP/county.db" --to "$target" >/dev/null
t1=$(date +%s.%N)
"$XINFANG_BIN" db copy --from "sqlite:$TMP/county.db" --to "$target" --verify >/dev/null
t2=$(date +%s.%N)
XINFANG_SECRET_KEY=$(cat "$TMP/secret.key") "$XINFANG_BIN" stats verify --db "$target" >&2
rows=$(psql -X -At -h 127.0.0.1 -p "$(cat "$TMP/pg/port")" -U postgres -d xinfang -c \
    "SELECT (SELECT count(*) FROM petitions) || ' cases, ' || (SELECT count(*) FROM events) || ' events, ' ||
            (SELECT count(*) FROM stat_day) + (SELECT count(*) FROM stat_month) || ' rollup rows'")
echo "| $CASES | $rows | $size MiB | $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s | $(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.1f", b-a}') s |"
