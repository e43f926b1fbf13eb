#!/usr/bin/env bash
# Benchmark petition registration (POST /api/v1/petitions) against a throwaway xinfang server.
#
# Starts `xinfang serve` on a fresh SQLite database, then runs xf_loadgen closed-loop at several connection counts and
# once open-loop at a fixed rate, and prints a markdown table on stdout (progress and diagnostics go to stderr).
#
#   BUILD_DIR=build bench/run_register_bench.sh
#   DURATION=30 CONNECTIONS_LIST="4 16" bench/run_register_bench.sh > results.md
#
# Every setting below can be overridden from the environment. The server runs with the demo org tree and users but
# no demo petitions (--demo --demo-petitions 0), so the database starts empty of cases.
set -euo pipefail
export LC_ALL=C  # decimal points in printf

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
cd "$REPO_DIR"  # relative paths below are relative to the repository root

# ---- binaries ----------------------------------------------------------------------------------------------------------
BUILD_DIR=${BUILD_DIR:-build}
XINFANG=${XINFANG:-$BUILD_DIR/src/xinfang}
LOADGEN=${LOADGEN:-$BUILD_DIR/bench/xf_loadgen}

# ---- server ------------------------------------------------------------------------------------------------------------
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-18080}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/xf_bench.XXXXXX")
DB_URL=${DB_URL:-sqlite:$TMP/bench.db}
# The database is created fresh in $TMP for every run of this script.
SERVE_ARGS=(serve --db "$DB_URL" --listen "$HOST:$PORT" --demo --demo-petitions 0)
# Optional commands run once before the server starts, one string each.
SETUP_CMDS=()
READY_TIMEOUT=${READY_TIMEOUT:-15}  # seconds to wait for the server to accept connections

# ---- requests ----------------------------------------------------------------------------------------------------------
REGISTER_PATH=${REGISTER_PATH:-/api/v1/petitions}
LOGIN_PATH=${LOGIN_PATH:-/api/v1/session}
if [[ -z ${LOGIN_JSON:-} ]]; then
    LOGIN_JSON='{"login":"registrar","password":"xinfang-demo-2026"}'  # the demo registrar
fi
REGISTER_TEMPLATE=${REGISTER_TEMPLATE:-bench/register_body.json}

# ---- load shape --------------------------------------------------------------------------------------------------------
DURATION=${DURATION:-10}  # measured seconds per run
WARMUP=${WARMUP:-2}       # unmeasured seconds before each run
CONNECTIONS_LIST=${CONNECTIONS_LIST:-"2 4 8 16 32 64"}  # closed-loop runs
FIXED_RATE=${FIXED_RATE:-1000}                           # open-loop run: total requests/s ...
FIXED_RATE_CONNECTIONS=${FIXED_RATE_CONNECTIONS:-16}     # ... spread over this many connections
PAUSE=${PAUSE:-1}                                        # seconds between runs
KEEP_TMP=${KEEP_TMP:-0}  # 1 = keep $TMP (database, server log, raw JSON results) for inspection

# ------------------------------------------------------------------------------------------------------------------------

log() { echo "run_register_bench: $*" >&2; }
die() {
    log "$*"
    exit 1
}

SERVER_PID=
cleanup() {
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ $KEEP_TMP == 1 ]]; then
        log "kept $TMP"
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

server_log_tail() {
    if [[ -s $TMP/server.log ]]; then
        log "last lines of the server log:"
        tail -n 20 "$TMP/server.log" >&2
    fi
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

[[ -x $XINFANG ]] || die "no server binary at $XINFANG (set BUILD_DIR or XINFANG)"
[[ -x $LOADGEN ]] || die "no load generator at $LOADGEN (cmake --build \$BUILD_DIR --target xf_loadgen)"
[[ -r $REGISTER_TEMPLATE ]] || die "cannot read $REGISTER_TEMPLATE"
port_open && die "something is already listening on $HOST:$PORT (set PORT)"

for cmd in "${SETUP_CMDS[@]}"; do
    log "setup: $cmd"
    bash -c "$cmd" >>"$TMP/server.log" 2>&1 || {
        server_log_tail
        die "setup command failed: $cmd"
    }
done

log "starting: $XINFANG ${SERVE_ARGS[*]}"
"$XINFANG" "${SERVE_ARGS[@]}" >>"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for ((i = 0; i < READY_TIMEOUT * 10; i++)); do
    port_open && break
    kill -0 "$SERVER_PID" 2>/dev/null || {
        server_log_tail
        die "server exited during startup"
    }
    sleep 0.1
done
port_open || {
    server_log_tail
    die "server did not accept connections on $HOST:$PORT within ${READY_TIMEOUT}s"
}

RESULTS=$TMP/results.jsonl
ROWS=()
RUN_INDEX=0

# json_field JSON KEY — the numeric value of "KEY": in xf_loadgen's one-line JSON (keys used here are unique).
json_field() { sed -n "s/.*\"$2\":\([0-9.eE+-]*\).*/\1/p" <<<"$1"; }

# run_one MODE CONNECTIONS RATE
run_one() {
    local mode=$1 conns=$2 rate=$3 out
    RUN_INDEX=$((RUN_INDEX + 1))
    log "run $RUN_INDEX: $mode, $conns connections, rate $rate, ${WARMUP}s warmup + ${DURATION}s"
    # Distinct {seq} ranges per run keep every registration in the database distinct.
    if ! out=$("$LOADGEN" --url "http://$HOST:$PORT$REGISTER_PATH" --connections "$conns" --rate "$rate" \
        --duration "$DURATION" --warmup "$WARMUP" --body-template "$REGISTER_TEMPLATE" \
        --login "$LOGIN_PATH" --login-body "$LOGIN_JSON" --seq-start $((RUN_INDEX * 10000000 + 1)) --json); then
        server_log_tail
        die "xf_loadgen failed (no successful request?) — see its messages above"
    fi
    echo "$out" >>"$RESULTS"
    ROWS+=("$(printf '| %s | %s | %.0f | %.2f | %.2f | %s | %s |' "$mode" "$conns" "$(json_field "$out" rps)" \
        "$(json_field "$out" p50)" "$(json_field "$out" p99)" "$(json_field "$out" non_2xx)" \
        "$(json_field "$out" errors)")")
    sleep "$PAUSE"
}

for c in $CONNECTIONS_LIST; do
    run_one closed "$c" 0
done
run_one "open @ ${FIXED_RATE}/s" "$FIXED_RATE_CONNECTIONS" "$FIXED_RATE"

rev=$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo "### Petition registration — $(date '+%Y-%m-%d %H:%M %Z'), commit $rev, $(nproc) CPUs (shared by client and server)"
echo
echo "${DURATION}s per run after ${WARMUP}s warmup; POST $REGISTER_PATH with $(basename "$REGISTER_TEMPLATE");" \
    "latency in ms (open loop: from each request's intended send time)."
echo
echo "| mode | connections | req/s | p50 ms | p99 ms | non-2xx | errors |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
