#!/usr/bin/env bash
# Issue #10, the scale benchmark: a province's ten years (bench/gen, CASES petitions) imported into SQLite and into
# PostgreSQL, then every figure the issue names, on 2 cores with the client on the same machine:
#
#   generation + import (time, rows/s, peak RSS of the import), database size on disk, cold start (process start
#   to /readyz 200), registrations/s (closed loop, 16 connections) and p99 at an offered 1,000/s (open loop),
#   the county queue, case detail, the summary report for the province-year and a county-year, 2- and
#   4-character search, repeat lookup (p50/p99 at 1 connection), the server's RSS, and backup time and size.
#
#   cmake --build build --target xinfang xf_loadgen
#   bench/run_scale.sh > scale.md                               # 10,000,000 cases, both backends (many hours)
#   CASES=100000 DURATION=3 bench/run_scale.sh                  # what ctest scale_test / scale_pg_test run
#
# The corpus is written one chunk at a time (xf_gen.py --chunk K), imported and deleted, so the disk holds one
# chunk's CSV besides the databases. Exit status: 0 when every step worked and every request got a 2xx answer;
# no figure is judged (the targets stand beside the figures in docs/performance.md).
#
# Settings (environment):
#   BUILD_DIR (build)  XINFANG_BIN ($BUILD_DIR/src/xinfang)  LOADGEN ($BUILD_DIR/bench/xf_loadgen)
#   CASES 10000000   YEARS 2016-2025   SEED 1   CHUNK_ROWS 200000   BATCH_ROWS (import default)
#   BACKENDS "sqlite pg"   DURATION 10 (s per measured query)   REGISTER_RATE 1000
#   PG_DIR  a scripts/pg.sh cluster (default XINFANG_TEST_PG_DIR, else a throw-away one in the work dir)
#   WORK_DIR (a new directory under ${TMPDIR:-/var/tmp})   KEEP 0 (1 keeps the work dir and the databases)
#   REUSE 0  (1, with the WORK_DIR of a KEEP=1 run: SQLite measures that run's database again, no import)
#   RESULTS  JSON lines of every xf_loadgen run (default $WORK_DIR/results.jsonl; kept when set)
#   PEER 0   1 adds the runs that match ../shared/peers.md's osTicket figures (see peer_runs; CASES=104000)
#   PEER_DURATION 60 (s per creation run, as wrk ran for osTicket)
set -euo pipefail
export LC_ALL=C.UTF-8

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
PG_SH=$REPO_DIR/scripts/pg.sh
GEN=${GEN:-$SCRIPT_DIR/gen/xf_gen.py}

BUILD_DIR=${BUILD_DIR:-$REPO_DIR/build}
XINFANG_BIN=${XINFANG_BIN:-$BUILD_DIR/src/xinfang}
LOADGEN=${LOADGEN:-$(dirname "$(dirname "$XINFANG_BIN")")/bench/xf_loadgen}
CASES=${CASES:-10000000}
YEARS=${YEARS:-2016-2025}
SEED=${SEED:-1}
CHUNK_ROWS=${CHUNK_ROWS:-200000}
BATCH_ROWS=${BATCH_ROWS:-}
BACKENDS=${BACKENDS:-"sqlite pg"}
DURATION=${DURATION:-10}
REGISTER_RATE=${REGISTER_RATE:-1000}
PEER=${PEER:-0}
PEER_DURATION=${PEER_DURATION:-60}
KEEP=${KEEP:-0}
REUSE=${REUSE:-0}
PG_DIR=${PG_DIR:-${XINFANG_TEST_PG_DIR:-}}
PASSWORD=scale-bench-password-2026

export XINFANG_CONFIG_DIR=${XINFANG_CONFIG_DIR:-$REPO_DIR/config}
export XINFANG_LOG_LEVEL=${XINFANG_LOG_LEVEL:-warn}
XINFANG_SECRET_KEY=${XINFANG_SECRET_KEY:-$(openssl rand -hex 32)}
export XINFANG_SECRET_KEY

log() { echo "[$(date +%H:%M:%S)] run_scale: $*" >&2; }
die() {
    log "$*"
    exit 2
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
json_get() {  # json_get JSON PYTHON-EXPRESSION-ON-d
    python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}
probe() {  # probe PYTHON-EXPRESSION-ON-d — evaluated on the corpus's probes.json
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1], encoding="utf-8")); print(eval(sys.argv[2]))' \
        "$WORK_DIR/corpus/probes.json" "$1"
}
# Runs a command and prints its peak RSS in MiB on fd 3 (the children's ru_maxrss; no GNU time needed).
with_peak_rss() {
    python3 -c '
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:])
print(round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024), file=open(3, "w", closefd=False))
sys.exit(r.returncode)' "$@"
}

[[ -x $XINFANG_BIN ]] || die "no xinfang at $XINFANG_BIN (set BUILD_DIR or XINFANG_BIN)"
[[ -x $LOADGEN ]] || die "no xf_loadgen at $LOADGEN (cmake --build \$BUILD_DIR --target xf_loadgen; or set LOADGEN)"
[[ -r $GEN ]] || die "no generator at $GEN"

WORK_DIR=${WORK_DIR:-$(mktemp -d "${TMPDIR:-/var/tmp}/xf_scale.XXXXXX")}
mkdir -p "$WORK_DIR"
chmod 755 "$WORK_DIR"
# The run uses copies of the binaries: a rebuild during a run of hours must not change the program halfway (it did
# once, at 10,000,000 cases: the chunks after the rebuild applied a new migration and took its pre-upgrade backup).
mkdir -p "$WORK_DIR/bin"
cp "$XINFANG_BIN" "$WORK_DIR/bin/xinfang" && cp "$LOADGEN" "$WORK_DIR/bin/xf_loadgen" ||
    die "could not copy the binaries into $WORK_DIR/bin"
XINFANG_BIN=$WORK_DIR/bin/xinfang
LOADGEN=$WORK_DIR/bin/xf_loadgen
RESULTS=${RESULTS:-$WORK_DIR/results.jsonl}
OWN_PG=0
SERVER_PID=
PG_DB=
FAILED=0
BACKEND=
psql_pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$PG_DIR/port")" -U postgres -d "${PSQL_DB:-postgres}" -At "$@"; }
stop_server() {
    if [[ -n $SERVER_PID ]]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
cleanup() {
    set +e
    stop_server
    if [[ $KEEP != 1 && -n $PG_DB && -s $PG_DIR/port ]]; then
        psql_pg -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1
    fi
    if [[ $OWN_PG == 1 ]]; then "$PG_SH" stop "$PG_DIR" >/dev/null 2>&1; fi
    if [[ $KEEP == 1 ]]; then log "kept $WORK_DIR"; else rm -rf "$WORK_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CHUNKS=$(((CASES + CHUNK_ROWS - 1) / CHUNK_ROWS))
GEN_ARGS=(--cases "$CASES" --years "$YEARS" --seed "$SEED" --chunk-rows "$CHUNK_ROWS" --out-dir "$WORK_DIR/corpus")
mkdir -p "$WORK_DIR/corpus"

# ------------------------------------------------------------------------------------------------ one backend
ROWS=()  # markdown rows of the current backend
row() {  # also logged at once, so that a long run that stops half-way keeps what it measured
    ROWS+=("| $1 | $2 | ${3:-} |")
    log "$BACKEND: $1: $2${3:+ ($3)}"
}

db_size() {  # db_size DB_URL — its size on disk now, and the free space left there
    local db=$1 mib
    if [[ $db == sqlite:* ]]; then
        mib=$(du -cm "${db#sqlite:}"* | awk 'END { print $1 }')
        echo "database $mib MiB, $(df -m --output=avail "$(dirname "${db#sqlite:}")" | tail -1 | tr -d ' ') MiB free"
    else
        echo "database $(psql_pg -c "SELECT round(pg_database_size('$PG_DB') / 1048576.0)") MiB, $(df -m --output=avail "$PG_DIR" | tail -1 | tr -d ' ') MiB free"
    fi
}
# Chunk K+1 is generated (on the other core) while chunk K is imported; the generator's own times are summed apart.
gen_chunk() {  # gen_chunk K — in the background; writes $WORK_DIR/gen_K.time (seconds) when it worked
    local k=$1 t0
    t0=$(now)
    python3 "$GEN" "${GEN_ARGS[@]}" --chunk "$k" >"$WORK_DIR/gen_$k.log" 2>&1 && secs "$t0" "$(now)" >"$WORK_DIR/gen_$k.time"
}
import_corpus() {  # import_corpus DB_URL
    local db=$1 k f t0 t1 t2 gen_total=0 imp_total=0 peak=0 rss out gen_pid gen_s
    t0=$(now)
    gen_chunk 1 &
    gen_pid=$!
    for ((k = 1; k <= CHUNKS; k++)); do
        f=$(printf '%s/corpus/cases_%04d.csv' "$WORK_DIR" "$k")
        wait "$gen_pid" || true
        if [[ ! -s $WORK_DIR/gen_$k.time ]]; then
            cat "$WORK_DIR/gen_$k.log" >&2
            die "xf_gen.py --chunk $k failed"
        fi
        [[ -s $f ]] || die "xf_gen.py --chunk $k wrote no $f"
        gen_s=$(cat "$WORK_DIR/gen_$k.time")
        rm -f "$WORK_DIR/gen_$k.time" "$WORK_DIR/gen_$k.log"
        if ((k < CHUNKS)); then
            gen_chunk $((k + 1)) &
            gen_pid=$!
        fi
        t1=$(now)
        local args=(petition import --db "$db" "$f")
        [[ -n $BATCH_ROWS ]] && args+=(--batch-rows "$BATCH_ROWS")
        out=$(with_peak_rss "$XINFANG_BIN" "${args[@]}" 2>"$WORK_DIR/import.err" 3>"$WORK_DIR/import.rss") || {
            tail -n 20 "$WORK_DIR/import.err" >&2
            die "import of chunk $k failed"
        }
        t2=$(now)
        rss=$(cat "$WORK_DIR/import.rss")
        ((rss > peak)) && peak=$rss
        gen_total=$(awk -v a="$gen_total" -v b="$gen_s" 'BEGIN { printf "%.2f", a + b }')
        imp_total=$(awk -v a="$imp_total" -v b="$(secs "$t1" "$t2")" 'BEGIN { printf "%.2f", a + b }')
        log "chunk $k/$CHUNKS: generated in $gen_s s, imported in $(secs "$t1" "$t2") s ($rss MiB), $(db_size "$db"): ${out##*：}"
        grep -q "拒绝 0 行" <<<"$out" || die "chunk $k: rows were rejected: $out"
        rm -f "$f"
    done
    local wall
    wall=$(secs "$t0" "$(now)")
    row "generation, $CASES rows (xf_gen.py, chunks of $CHUNK_ROWS, each while the one before is imported)" \
        "${gen_total} s" "$(awk -v n="$CASES" -v s="$gen_total" 'BEGIN { printf "%.0f rows/s", n / s }')"
    row "import, $CASES rows ($CHUNKS files, \`petition import\`)" "${imp_total} s" \
        "$(awk -v n="$CASES" -v s="$imp_total" 'BEGIN { printf "%.0f rows/s", n / s }')"
    row "generation + import, wall clock" "${wall} s" \
        "$(awk -v n="$CASES" -v s="$wall" 'BEGIN { printf "%.0f rows/s", n / s }')"
    row "import, peak RSS of one \`petition import\`" "$peak MiB" ""
}

start_server() {  # start_server NAME DB_URL — sets PORT, BASE; records the cold start
    local name=$1 db=$2 t0 i
    PORT=$(free_port)
    BASE="http://127.0.0.1:$PORT"
    t0=$(now)
    "$XINFANG_BIN" serve --db "$db" --listen "127.0.0.1:$PORT" </dev/null >"$WORK_DIR/$name.server.log" 2>&1 &
    SERVER_PID=$!
    for ((i = 0; i < 30000; i++)); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz" 2>/dev/null) == 200 ]] && break
        kill -0 "$SERVER_PID" 2>/dev/null || {
            tail -n 20 "$WORK_DIR/$name.server.log" >&2
            die "$name: the server exited during start-up"
        }
        sleep 0.01
    done
    local t1
    t1=$(now)
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz") == 200 ]] || die "$name: /readyz never answered 200"
    row "cold start: process start → \`/readyz\` 200" "$(secs "$t0" "$t1") s" "≤ 2 s"
    row "server RSS after start" "$(awk '/^VmRSS:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$SERVER_PID/status")" ""
}

login_as() {  # login_as LOGIN — COOKIE_JAR, CSRF, LOGIN_BODY, ORG_ID
    LOGIN_BODY="{\"login\":\"$1\",\"password\":\"$PASSWORD\"}"
    COOKIE_JAR=$WORK_DIR/cookies.$1
    local doc
    doc=$(curl -s -c "$COOKIE_JAR" -H 'Content-Type: application/json' -d "$LOGIN_BODY" "$BASE/api/v1/session")
    ORG_ID=$(json_get "$doc" 'd["org"]["id"]') || die "log-in as $1 failed: $doc"
}

# measure LABEL TARGET-OR-@FILE [CONNECTIONS] [extra xf_loadgen args…] — xf_loadgen closed loop for DURATION s
measure() {
    local label=$1 target=$2 conns=${3:-1}
    shift 3 || shift $#
    local args=(--connections "$conns" --duration "$DURATION" --warmup 1 --timeout 120 --json
        --login /api/v1/session --login-body "$LOGIN_BODY")
    if [[ $target == @* ]]; then args+=(--url "$BASE/" --targets "${target#@}"); else args+=(--url "$BASE$target"); fi
    local out
    out=$("$LOADGEN" "${args[@]}" "$@" 2>>"$WORK_DIR/loadgen.log") || true
    [[ -n $out ]] || {
        log "$label: xf_loadgen printed nothing"
        FAILED=1
        return
    }
    echo "{\"backend\":\"$BACKEND\",\"cases\":$CASES,\"query\":\"$label\",\"connections\":$conns,\"result\":$out}" >>"$RESULTS"
    local completed ok p50 p99 rps bad late
    read -r completed ok p50 p99 rps bad late < <(json_get "$out" \
        '" ".join(map(str, [d["completed"], d["ok"], d["latency_ms"]["p50"], d["latency_ms"]["p99"], round(d["rps"], 1), d["non_2xx"] + d["errors"], d.get("abandoned", 0) + d.get("unsent", 0)]))')
    # A wrong answer or a socket error fails the run. Requests still waiting when the window closed (abandoned, or
    # never sent in an open loop) only mean that the server did not keep up: a figure, not a failure; in a closed
    # loop at least one must have completed.
    if ((bad > 0)) || { ((ok == 0)) && [[ " $* " != *" --rate "* ]]; }; then
        log "$label: $bad failed of $completed: $(json_get "$out" 'd.get("first_non_2xx") or d.get("first_error")')"
        FAILED=1
    fi
    MEASURED="p50 ${p50} ms, p99 **${p99} ms**; ${rps} req/s at $conns connection(s), $completed requests, $bad failed"
    MEASURED_LATE=
    if ((late > 0)); then
        MEASURED_LATE="$late not answered in time"
        MEASURED+=", $MEASURED_LATE"
    fi
    MEASURED_RPS=$rps
    MEASURED_P50=$p50
    MEASURED_P99=$p99
}

# PEER=1: the figures ../shared/peers.md holds for osTicket, measured here the same way — creation closed loop at
# 1, 8 and 32 connections for PEER_DURATION s on this database and on an empty one, the list of open cases and the
# searches 工资 and 拖欠工资 (with how many cases each finds), and the server's memory. Run with CASES near 104,000.
peer_creation() {  # peer_creation WHERE SEQ_BASE — registrations closed loop at 1, 8 and 32 connections, as wrk ran
    local c
    for c in 1 8 32; do
        DURATION=$PEER_DURATION measure "peer: create $1, c=$c" "/api/v1/petitions" "$c" \
            --body-template "$SCRIPT_DIR/register_body.json" --seq-start $(($2 + c * 10000000))
        row "peer: registration $1, $c connection(s), ${PEER_DURATION} s" \
            "**${MEASURED_RPS}/s**, p50 ${MEASURED_P50} ms, p99 ${MEASURED_P99} ms" ""
    done
}

peer_runs() {  # peer_runs NAME DB_URL PROVINCE_ORG — the server of DB_URL is running
    local name=$1 db=$2 province=$3 term q hits
    login_as province_worker
    measure "peer: open list" "/api/v1/petitions?open=1&limit=50" 1
    row "peer: open-case list, 50 per page (province user, scope 全部)" "$MEASURED" "osTicket 2.68 s / 3.38 s"
    for term in 工资 拖欠工资; do
        q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$term")
        hits=$(curl -s -b "$COOKIE_JAR" "$BASE/api/v1/search?q=$q&limit=20" |
            python3 -c 'import json, sys; d = json.load(sys.stdin); print(("≥ " if d.get("capped") else "") + str(d["total"]))')
        measure "peer: search $term" "/api/v1/search?q=$q&limit=20" 1
        row "peer: search $term (province user)" "$MEASURED; finds $hits cases" "osTicket: 0 rows"
    done
    row "peer: server RSS at $CASES cases" "$(awk '/^VmRSS:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$SERVER_PID/status")" \
        "osTicket: MariaDB 605–643 MB + PHP-FPM ≈ 100 MB"
    login_as county_worker
    peer_creation "at $CASES cases" 3000000001
    # The same on an empty database (the orgs and users only).
    stop_server
    local empty
    if [[ $name == pg ]]; then
        PEER_DB=${PG_DB}_empty
        empty=$("$PG_SH" createdb "$PG_DIR" "$PEER_DB")
    else
        empty="sqlite:$WORK_DIR/empty.db"
    fi
    "$XINFANG_BIN" migrate --db "$empty" >/dev/null
    "$XINFANG_BIN" org import --db "$empty" "$WORK_DIR/corpus/orgs.tsv" >/dev/null
    "$XINFANG_BIN" user add --db "$empty" --login county_worker --org "$(probe 'max(d["counties"], key=lambda c: c["share"])["code"]')" \
        --roles registrar,handler,approver,statistician --scope subtree --password-stdin <<<"$PASSWORD" >/dev/null
    local saved=("${ROWS[@]}")
    start_server "$name-empty" "$empty"
    ROWS=("${saved[@]}")
    login_as county_worker
    peer_creation "on an empty database" 4000000001
    stop_server
    if [[ $name == pg ]]; then
        psql_pg -c "DROP DATABASE IF EXISTS $PEER_DB WITH (FORCE)" >/dev/null
    else
        rm -f "$WORK_DIR"/empty.db*
    fi
}

run_backend() {  # run_backend NAME DB_URL
    local name=$1 db=$2
    BACKEND=$name
    ROWS=()
    log "$name: $db"
    if [[ $REUSE == 1 && $name == sqlite && -s ${db#sqlite:} ]]; then
        log "$name: REUSE=1: measuring the database of an earlier run (KEEP=1, same WORK_DIR and CASES)"
        "$XINFANG_BIN" migrate --db "$db" >/dev/null
    else
        "$XINFANG_BIN" migrate --db "$db" >/dev/null
        "$XINFANG_BIN" org import --db "$db" "$WORK_DIR/corpus/orgs.tsv" >/dev/null
        import_corpus "$db"
    fi
    if [[ $name == pg ]]; then
        PSQL_DB=$PG_DB psql_pg -c "VACUUM (ANALYZE)" >/dev/null
        row "database size (\`pg_database_size\`, after VACUUM ANALYZE)" \
            "$(psql_pg -c "SELECT round(pg_database_size('$PG_DB') / 1048576.0)") MiB" ""
    else
        row "database size (the SQLite file and its -wal)" \
            "$(du -cm "${db#sqlite:}"* | awk 'END { print $1 }') MiB" ""
    fi

    # The users who ask: the case worker (also registrar and statistician) of the largest county's 信访局, whose
    # scope is the county's subtree, and one of the province's 信访局 with scope 全部.
    local county province year
    county=$(probe 'max(d["counties"], key=lambda c: c["share"])["code"]')
    province=$(probe 'd["province"]')
    year=${YEARS#*-}
    if [[ $REUSE != 1 ]]; then  # a reused database has them
        "$XINFANG_BIN" user add --db "$db" --login county_worker --org "$county" \
            --roles registrar,handler,approver,statistician --scope subtree --password-stdin <<<"$PASSWORD" >/dev/null
        "$XINFANG_BIN" user add --db "$db" --login province_worker --org "$province" \
            --roles handler,approver,statistician --scope all --password-stdin <<<"$PASSWORD" >/dev/null
    fi

    start_server "$name" "$db"
    login_as province_worker
    # Targets: case details (ids looked up by number), searches, repeat drafts.
    python3 - "$WORK_DIR" "$BASE" "$LOGIN_BODY" <<'PY' || die "could not prepare the request lists"
import http.cookiejar, json, sys, urllib.parse, urllib.request
work, base, login = sys.argv[1:4]
probes = json.load(open(f"{work}/corpus/probes.json", encoding="utf-8"))
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
opener.open(urllib.request.Request(f"{base}/api/v1/session", data=login.encode(),
                                   headers={"Content-Type": "application/json"}))
ids = []
for c in probes["cases"]:
    q = urllib.parse.urlencode({"number": c["number"], "limit": 1})
    items = json.load(opener.open(f"{base}/api/v1/petitions?{q}"))["items"]
    if not items:
        sys.exit(f"case {c['number']} of probes.json is not in the database")
    ids.append(items[0]["id"])
with open(f"{work}/detail.targets", "w") as f:
    f.writelines(f"/api/v1/petitions/{i}\n" for i in ids)
for n in (2, 4):
    with open(f"{work}/search{n}.targets", "w") as f:
        for t in probes["term_hits"][f"terms_{n}"]:
            f.write("/api/v1/search?" + urllib.parse.urlencode({"q": t["term"], "limit": 20}) + "\n")
with open(f"{work}/repeat.targets", "w") as f:
    for d in probes["repeat_drafts"]:
        f.write("POST /api/v1/petitions/repeat-candidates\t" + json.dumps(d["body"], ensure_ascii=False) + "\n")
PY
    measure "case detail" "@$WORK_DIR/detail.targets" 1
    row "case detail \`GET /petitions/{id}\`, 200 cases in turn (province user)" "$MEASURED" ""
    measure "province queue" "/api/v1/queues/overdue" 1
    row "province overdue queue \`GET /queues/overdue\`" "$MEASURED" "≤ 10 ms"
    measure "report province-year" "/api/v1/reports/summary?org=$province&from=$year-01-01&to=$year-12-31" 1
    row "summary report, province, $year" "$MEASURED" "≤ 200 ms"
    measure "search 2 province" "@$WORK_DIR/search2.targets" 1
    row "search, 100 two-character terms in turn (province, scope 全部)" "$MEASURED" "≤ 50 ms p99"
    measure "search 4 province" "@$WORK_DIR/search4.targets" 1
    row "search, 100 four-character terms in turn (province)" "$MEASURED" "≤ 50 ms p99"
    measure "repeat lookup" "@$WORK_DIR/repeat.targets" 1
    row "repeat lookup \`POST /petitions/repeat-candidates\`, 200 drafts in turn" "$MEASURED" "≤ 10 ms p99"

    login_as county_worker
    measure "county queue" "/api/v1/petitions?org_id=$ORG_ID&open=1&limit=50" 1
    row "county queue: open cases of the county office, 50 per page" "$MEASURED" "≤ 10 ms"
    measure "report county-year" "/api/v1/reports/summary?org=$county&from=$year-01-01&to=$year-12-31" 1
    row "summary report, county $county, $year" "$MEASURED" "≤ 200 ms"
    measure "search 2 county" "@$WORK_DIR/search2.targets" 1
    row "search, 100 two-character terms in turn (county user, its subtree)" "$MEASURED" "≤ 50 ms p99"
    measure "register closed" "/api/v1/petitions" 16 --body-template "$SCRIPT_DIR/register_body.json" \
        --seq-start 1000000001
    row "registrations, closed loop" "**${MEASURED_RPS}/s**, p99 ${MEASURED_P99} ms at 16 connections" "≥ 1,000/s"
    measure "register ${REGISTER_RATE}/s" "/api/v1/petitions" 32 --body-template "$SCRIPT_DIR/register_body.json" \
        --seq-start 2000000001 --rate "$REGISTER_RATE"
    row "registrations, open loop at ${REGISTER_RATE}/s (latency from the intended send time)" \
        "${MEASURED_RPS}/s done, p99 **${MEASURED_P99} ms**${MEASURED_LATE:+; $MEASURED_LATE}" "p99 ≤ 50 ms"
    row "server peak RSS (VmHWM, after all of the above)" \
        "$(awk '/^VmHWM:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$SERVER_PID/status")" "≤ 500 MB"
    [[ $PEER == 1 ]] && peer_runs "$name" "$db" "$province"
    stop_server

    local t0 t1 size cases
    if [[ $name == pg ]]; then
        cases=$(PSQL_DB=$PG_DB psql_pg -c "SELECT count(*) FROM petitions")
    else
        cases=$(sqlite3 "${db#sqlite:}" "SELECT count(*) FROM petitions")
    fi
    # A SQLite backup is a copy of the file: it needs that much room. A PostgreSQL one is `pg_dump -Fc`: 18 % of
    # the database at 104,000 cases (219 of 1,219 MiB); a fifth is asked for.
    local need free
    if [[ $name == sqlite ]]; then
        need=$(du -cm "${db#sqlite:}"* | awk 'END { print $1 }')
        need=$((need + need / 20))
    else
        need=$(($(psql_pg -c "SELECT round(pg_database_size('$PG_DB') / 1048576.0)") / 5))
    fi
    free=$(df -m --output=avail "$WORK_DIR" | tail -1 | tr -d ' ')
    if ((free < need + 1024)); then
        row "backup (\`xinfang backup\`) of the $cases cases there are by then" \
            "not run: it needs ≈ $need MiB and $free MiB are free" ""
        print_rows "$name"
        return
    fi
    t0=$(now)
    "$XINFANG_BIN" backup --db "$db" --out "$WORK_DIR/backup.$name" >"$WORK_DIR/backup.log" 2>&1 || {
        cat "$WORK_DIR/backup.log" >&2
        die "$name: backup failed"
    }
    t1=$(now)
    size=$(du -sm "$WORK_DIR/backup.$name" | cut -f1)
    row "backup (\`xinfang backup\`) of the $cases cases there are by then (the registrations above added some)" \
        "$(secs "$t0" "$t1") s, $size MiB" ""
    rm -rf "$WORK_DIR/backup.$name"
    print_rows "$name"
}

print_rows() {  # print_rows NAME — the markdown table of one backend
    local name=$1
    echo "### $name, $CASES cases — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs shared by client and server"
    echo
    echo "| figure | measured | target |"
    echo "|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
}

log "xinfang $XINFANG_BIN, xf_loadgen $LOADGEN, work dir $WORK_DIR; $CASES cases in $CHUNKS chunks"
python3 "$GEN" "${GEN_ARGS[@]}" --chunk 1 >/dev/null 2>"$WORK_DIR/gen.log" || {
    cat "$WORK_DIR/gen.log" >&2
    die "xf_gen.py failed"
}
rm -f "$WORK_DIR"/corpus/cases_*.csv  # orgs.tsv and probes.json stay; the chunks are made again as needed
for b in $BACKENDS; do
    case $b in
        sqlite)
            run_backend sqlite "sqlite:$WORK_DIR/scale.db"
            [[ $KEEP == 1 ]] || rm -f "$WORK_DIR"/scale.db*
            ;;
        pg)
            if [[ -z $PG_DIR ]]; then
                PG_DIR=$WORK_DIR/pg
                OWN_PG=1
            fi
            if [[ ! -s $PG_DIR/port ]] || ! "$PG_SH" status "$PG_DIR" 2>/dev/null | grep -q running; then
                "$PG_SH" start "$PG_DIR" >/dev/null
            fi
            PG_DB=xf_scale_$$
            run_backend pg "$("$PG_SH" createdb "$PG_DIR" "$PG_DB")"
            ;;
        *) die "unknown backend: $b" ;;
    esac
done
echo "machine: $(nproc) cores, $(uname -sr); commit $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?');" \
    "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $FAILED != 0 ]]; then
    log "some requests failed (see above)"
    exit 1
fi
