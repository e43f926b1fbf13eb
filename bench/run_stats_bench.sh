#!/usr/bin/env bash
# Benchmark ledger import and statistics reports (issue #4). Builds nothing: build first, e.g.
#
#   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release
#   ninja -C build-bench xinfang xf_report_bench
#   bench/run_stats_bench.sh                                 # everything, ~15-25 min on 2 cores
#   PROVINCE_DB=/var/tmp/xf_prov.db bench/run_stats_bench.sh # keeps the 1M-case database there; a rerun reuses it
#
# In a temporary directory (removed at the end unless KEEP_TMP=1) it
#   (a) generates (bench/gen_ledger.py) the org tree of a fictional province (~390 orgs, region codes 99xxxx) and a
#       100,000-row ledger of one county (990101-xfj and the orgs below it, 2021-2025), loads the orgs into a fresh
#       database and times `xinfang petition import` of the ledger: wall time of the whole command and the import
#       time the command prints itself (parsing + checking + writing, without reading the file). Target: ≤ 10 s.
#   (b) builds a 1,000,000-case province database over 2021-2025 by importing PROVINCE_ROWS rows in files of
#       CHUNK_ROWS rows, one `petition import` each, and times every chunk. With PROVINCE_DB set to an existing file,
#       that database is reused and (b) is skipped; set to a missing file, it is built there and kept.
#   (c) times the statistics report on the province database with xf_report_bench (Google Benchmark; the report
#       computation only — Services::ReportForOperator — without opening the store, migrations or loading
#       categories): one county-year, the province for one year, the province for 2021-01-01..2025-12-31, and the
#       county-year and province-year filtered by 信访形式 来访 (the filtered path reads the cases' entries instead
#       of the rollups). REPS repetitions of one call each: median, max, min. Target: ≤ 200 ms. For comparison it
#       also times the whole `xinfang report summary --format json` command once per query (process start included).
#
# Progress goes to stderr; a markdown summary is printed on stdout at the end. Settings (environment):
#   XINFANG_BIN    the xinfang binary (default build-bench/src/xinfang, else build/src/xinfang)
#   REPORT_BENCH   xf_report_bench (default: bench/xf_report_bench next to XINFANG_BIN's build dir)
#   PYTHON         python3
#   COUNTY_ROWS    rows of the county import (100000)       COUNTY_ORG    990101-xfj
#   PROVINCE_ROWS  cases of the province database (1000000) PROVINCE_ORG  990000-xfj
#   CHUNK_ROWS     rows per import file (200000)            YEARS         2021-2025
#   REPORT_YEAR    the one-year reports (2025)              REPS          repetitions per report (7)
#   ENCODING       utf-8 | gb18030 for the generated ledgers (utf-8)
#   PROVINCE_DB    path of the province database to reuse or keep (default: in the temp dir, removed)
#   SKIP_COUNTY=1  skip (a)                                 KEEP_TMP=1    keep the temp dir
set -euo pipefail
export LC_ALL=C.UTF-8

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)

if [[ -z "${XINFANG_BIN:-}" ]]; then
    if [[ -x "$REPO_DIR/build-bench/src/xinfang" ]]; then XINFANG_BIN=$REPO_DIR/build-bench/src/xinfang
    else XINFANG_BIN=$REPO_DIR/build/src/xinfang; fi
fi
[[ -x "$XINFANG_BIN" ]] || { echo "no xinfang binary at $XINFANG_BIN (set XINFANG_BIN)" >&2; exit 2; }
XINFANG_BIN=$(cd "$(dirname "$XINFANG_BIN")" && pwd)/$(basename "$XINFANG_BIN")
REPORT_BENCH=${REPORT_BENCH:-$(dirname "$(dirname "$XINFANG_BIN")")/bench/xf_report_bench}
[[ -x "$REPORT_BENCH" ]] || { echo "no xf_report_bench at $REPORT_BENCH (ninja xf_report_bench, or set REPORT_BENCH)" >&2; exit 2; }
PYTHON=${PYTHON:-python3}
COUNTY_ROWS=${COUNTY_ROWS:-100000}
COUNTY_ORG=${COUNTY_ORG:-990101-xfj}
PROVINCE_ROWS=${PROVINCE_ROWS:-1000000}
PROVINCE_ORG=${PROVINCE_ORG:-990000-xfj}
CHUNK_ROWS=${CHUNK_ROWS:-200000}
YEARS=${YEARS:-2021-2025}
REPORT_YEAR=${REPORT_YEAR:-2025}
REPS=${REPS:-7}
ENCODING=${ENCODING:-utf-8}
SKIP_COUNTY=${SKIP_COUNTY:-0}
KEEP_TMP=${KEEP_TMP:-0}
RANGE_FROM=${YEARS%-*}-01-01
RANGE_TO=${YEARS#*-}-12-31

TMP=$(mktemp -d "${TMPDIR:-/tmp}/xf_stats_bench.XXXXXX")
cleanup() { if [[ "$KEEP_TMP" == 1 ]]; then echo "kept $TMP" >&2; else rm -rf "$TMP"; fi; }
trap cleanup EXIT
# The binary finds config/ (categories, calendar) through its compiled-in source path; XINFANG_CONFIG_DIR wins.
export XINFANG_CONFIG_DIR=${XINFANG_CONFIG_DIR:-$REPO_DIR/config}
export XINFANG_LOG_LEVEL=${XINFANG_LOG_LEVEL:-warn}

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# Runs `xinfang petition import`, prints "<wall seconds> <seconds the command reports>".
import_file() {
    local db=$1 file=$2 t0 t1 out
    t0=$(now)
    out=$("$XINFANG_BIN" petition import --db "sqlite:$db" "$file" 2> "$TMP/import.err") || {
        cat "$TMP/import.err" >&2; echo "import of $file failed" >&2; exit 1; }
    t1=$(now)
    echo "$out" >&2
    local own
    own=$(sed -n 's/.*用时 \([0-9.]*\) 秒.*/\1/p' <<< "$out")
    echo "$(secs "$t0" "$t1") ${own:-?}"
}
new_db() {  # migrate and load the org tree
    "$XINFANG_BIN" migrate --db "sqlite:$1" > /dev/null
    "$XINFANG_BIN" org import --db "sqlite:$1" "$TMP/orgs.tsv" > /dev/null
}

SUMMARY=()
log "xinfang: $XINFANG_BIN; xf_report_bench: $REPORT_BENCH; temp dir $TMP"
"$PYTHON" "$SCRIPT_DIR/gen_ledger.py" --orgs-only --out-dir "$TMP"
N_ORGS=$(($(wc -l < "$TMP/orgs.tsv") - 1))

# ---- (a) 100k rows into a fresh county database -------------------------------------------------------------------
if [[ "$SKIP_COUNTY" != 1 ]]; then
    log "(a) generating $COUNTY_ROWS ledger rows under $COUNTY_ORG ($ENCODING)"
    mkdir -p "$TMP/county"
    "$PYTHON" "$SCRIPT_DIR/gen_ledger.py" --rows "$COUNTY_ROWS" --years "$YEARS" --under "$COUNTY_ORG" \
        --encoding "$ENCODING" --seed 11 --out-dir "$TMP/county" > /dev/null
    new_db "$TMP/county.db"
    log "(a) importing"
    read -r wall own < <(import_file "$TMP/county.db" "$TMP/county/ledger.csv")
    rate=$(awk -v n="$COUNTY_ROWS" -v s="$wall" 'BEGIN { printf "%.0f", n / s }')
    size=$(du -m "$TMP/county/ledger.csv" | cut -f1)
    SUMMARY+=("| (a) import $COUNTY_ROWS rows ($ENCODING CSV, ${size} MB) into a fresh DB | ${wall} s wall (import itself ${own} s) | $rate rows/s | ≤ 10 s |")
    log "(a) $COUNTY_ROWS rows: ${wall} s wall, ${own} s import, $rate rows/s"
fi

# ---- (b) the province database ------------------------------------------------------------------------------------
PDB=${PROVINCE_DB:-$TMP/province.db}
if [[ -f "$PDB" ]]; then
    log "(b) reusing $PDB"
    SUMMARY+=("| (b) province DB | reused $PDB | | |")
else
    log "(b) generating $PROVINCE_ROWS rows in files of $CHUNK_ROWS"
    mkdir -p "$TMP/province"
    t_gen=$(now)
    "$PYTHON" "$SCRIPT_DIR/gen_ledger.py" --rows "$PROVINCE_ROWS" --years "$YEARS" --chunk-rows "$CHUNK_ROWS" \
        --encoding "$ENCODING" --seed 42 --out-dir "$TMP/province" > "$TMP/province/files.txt"
    log "(b) generated in $(secs "$t_gen" "$(now)") s"
    new_db "$PDB"
    total_wall=0
    k=0
    while read -r f; do
        k=$((k + 1))
        read -r wall own < <(import_file "$PDB" "$f")
        total_wall=$(awk -v a="$total_wall" -v b="$wall" 'BEGIN { printf "%.2f", a + b }')
        SUMMARY+=("| (b) chunk $k: $(basename "$f") | ${wall} s wall (import itself ${own} s) | $(awk -v n="$CHUNK_ROWS" -v s="$wall" 'BEGIN { printf "%.0f", n / s }') rows/s | |")
        log "(b) chunk $k: ${wall} s"
        rm -f "$f"
    done < "$TMP/province/files.txt"
    SUMMARY+=("| (b) province DB, $PROVINCE_ROWS cases, $N_ORGS orgs | ${total_wall} s in total | $(awk -v n="$PROVINCE_ROWS" -v s="$total_wall" 'BEGIN { printf "%.0f", n / s }') rows/s | |")
fi
db_mb=$(du -m "$PDB" | cut -f1)
cases=$(sqlite3 "$PDB" "SELECT count(*) FROM petitions" 2>/dev/null || echo "?")
rollup=$(sqlite3 "$PDB" "SELECT (SELECT count(*) FROM stat_day) || ' stat_day / ' || (SELECT count(*) FROM stat_month) || ' stat_month rows'" 2>/dev/null || echo "?")
log "(b) $PDB: ${db_mb} MB, $cases cases, $rollup"
SUMMARY+=("| (b) province DB size | ${db_mb} MB, $cases cases, $rollup | | |")

# ---- (c) reports ----------------------------------------------------------------------------------------------------
log "(c) xf_report_bench, $REPS repetitions each"
"$REPORT_BENCH" --db "$PDB" --county "$COUNTY_ORG" --province "$PROVINCE_ORG" --year "$REPORT_YEAR" \
    --from "$RANGE_FROM" --to "$RANGE_TO" --config-dir "$XINFANG_CONFIG_DIR" --repetitions "$REPS" \
    --benchmark_out="$TMP/report_bench.json" --benchmark_out_format=json 2>&1 | tee "$TMP/report_bench.txt" >&2
# "<name>_median" etc. from the JSON: real_time in ms.
"$PYTHON" - "$TMP/report_bench.json" > "$TMP/report_rows.txt" <<'EOF'
import json, sys
rows = {}
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("run_type") != "aggregate":
        continue
    rows.setdefault(b["run_name"].split("/")[0], {})[b["aggregate_name"]] = b["real_time"]
for name, a in rows.items():
    print(f"{name} {a['median']:.1f} {a['max']:.1f} {a['min']:.1f}")
EOF
while read -r name med max min; do
    first=$(sed -n "s/^first call $name  *\([0-9.]*\) ms.*/\1/p" "$TMP/report_bench.txt")
    SUMMARY+=("| (c) report $name | median $med ms, max $max ms, min $min ms (first call $first ms) | | ≤ 200 ms |")
done < "$TMP/report_rows.txt"

log "(c) whole \`xinfang report summary\` commands, once each (process start-up included)"
cli() {
    local label=$1; shift
    local t0 t1
    t0=$(now)
    "$XINFANG_BIN" report summary --db "sqlite:$PDB" --format json "$@" > "$TMP/report.json"
    t1=$(now)
    SUMMARY+=("| (c) CLI report summary $label | $(secs "$t0" "$t1") s wall, whole process | | |")
}
cli "county $REPORT_YEAR" --org "$COUNTY_ORG" --year "$REPORT_YEAR"
cli "province $REPORT_YEAR" --org "$PROVINCE_ORG" --year "$REPORT_YEAR"
cli "province $RANGE_FROM..$RANGE_TO" --org "$PROVINCE_ORG" --from "$RANGE_FROM" --to "$RANGE_TO"

echo "| step | time | rate | target |"
echo "|---|---|---:|---|"
printf '%s\n' "${SUMMARY[@]}"
echo
echo "machine: $(nproc) cores, $(uname -sr); $(date -u +%Y-%m-%d); commit $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?'); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
