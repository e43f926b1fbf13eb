#!/usr/bin/env bash
# Benchmarks on PostgreSQL (issue #5). Builds nothing: build a Release binary and the load generator first, e.g.
#
#   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C build-bench xinfang xf_loadgen
#   bench/run_pg_bench.sh > pg.md                      # everything: ≈ 35 min on 2 cores (16 of them the import), ≈ 5 GB of disk
#   PARTS=register bench/run_pg_bench.sh               # registrations only (≈ 10 min)
#
# In a temporary directory (removed at the end unless KEEP_TMP=1) it starts a throw-away PostgreSQL 15 cluster with
# scripts/pg.sh (or the pg.sh cluster in PG_DIR, started there if need be and left running), and measures:
#
#  register  POST /api/v1/petitions with bench/register_body.json through HTTP, exactly as bench/run_register_bench.sh
#            does for issue #2 (demo orgs and users, no cases, the demo registrar logged in once by xf_loadgen; closed
#            loop at CONNECTIONS_LIST connections, then open loop at each of FIXED_RATES/s over FIXED_RATE_CONNECTIONS;
#            DURATION s after WARMUP s each; 1000/s is issue #2's rate, 200/s one that PostgreSQL sustains here),
#            for each setup of REGISTER_SETUPS, each on a fresh database:
#              sqlite     one app server on SQLite, no proxy (the issue #2 figure, again on this machine)
#              pg1        one app server on PostgreSQL, no proxy
#              pg1-4offices  the same, with the load from registrars of 4 offices at once (closed loop only): each
#                         office has its own 信访件编号 counter, whose row lock serialises one office's registrations
#                         on PostgreSQL (docs/performance.md)
#              pg1-nginx  one app server on PostgreSQL behind nginx
#              pg2-nginx  two app servers on PostgreSQL behind nginx (round robin, config/nginx/xinfang.conf.in)
#            nginx's access log names the app server of every request; the share of each is printed.
#  lists     a 1,000,000-case province database on PostgreSQL, made like the SQLite one of issue #4
#            (bench/gen_ledger.py --seed 42, 2021-2025, CHUNK_ROWS-row files, one `xinfang petition import --db
#            postgresql://…` per file, each timed), then VACUUM ANALYZE (timed), then one app server on it (no proxy)
#            and, for each query below: the first call (curl, the server just started) and xf_loadgen closed loop for
#            LIST_DURATION s at each of LIST_CONNECTIONS connections:
#              - a county case worker's queue, as the console's lists ask for it:
#                GET /api/v1/petitions?org_id=<county>&open=1&limit=50, and the first page of everything the county
#                sees (GET /api/v1/petitions?limit=50), and its workbench counts (GET /api/v1/workbench);
#              - the province's first page (scope 全部) and its overdue queue (GET /api/v1/queues/overdue);
#              - the summary report GET /api/v1/reports/summary?org=…&from=…&to=… for the county (2025), the
#                province (2025; 2021-2025) and, filtered by 信访形式 来访 (channel=visit), county and province 2025.
#            KEEP_DB=1 keeps that database (PG_DIR must then be a cluster you keep); a later run that finds it with
#            CASES cases skips the import.
#
# Progress goes to stderr; markdown tables go to stdout. Settings (environment):
#   XINFANG_BIN  (build-bench/src/xinfang)   LOADGEN (build-bench/bench/xf_loadgen)   NGINX (/usr/sbin/nginx)
#   PG_DIR       the scripts/pg.sh cluster to use, made and started if need be, left running (default: a new one
#                in the temp dir, stopped and removed at the end)
#   PARTS        "register lists"            REGISTER_SETUPS "sqlite pg1 pg1-4offices pg1-nginx pg2-nginx"
#   DURATION 10, WARMUP 2, CONNECTIONS_LIST "2 4 8 16 32 64", FIXED_RATES "1000 200", FIXED_RATE_CONNECTIONS 16,
#   PAUSE 1
#   CASES 1000000, CHUNK_ROWS 200000, YEARS 2021-2025, COUNTY_ORG 990101-xfj, PROVINCE_ORG 990000-xfj
#   LIST_DURATION 10, LIST_CONNECTIONS "1 4", KEEP_DB 0, KEEP_TMP 0
# Everything listens on 127.0.0.1 only. The load generator, nginx, PostgreSQL and the app servers share the cores.
set -euo pipefail
export LC_ALL=C.UTF-8

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
PG_SH=$REPO_DIR/scripts/pg.sh

XINFANG_BIN=${XINFANG_BIN:-$REPO_DIR/build-bench/src/xinfang}
LOADGEN=${LOADGEN:-$(dirname "$(dirname "$XINFANG_BIN")")/bench/xf_loadgen}
NGINX=${NGINX:-/usr/sbin/nginx}
PARTS=${PARTS:-"register lists"}
REGISTER_SETUPS=${REGISTER_SETUPS:-"sqlite pg1 pg1-4offices pg1-nginx pg2-nginx"}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNECTIONS_LIST=${CONNECTIONS_LIST:-"2 4 8 16 32 64"}
FIXED_RATES=${FIXED_RATES:-"1000 200"}
FIXED_RATE_CONNECTIONS=${FIXED_RATE_CONNECTIONS:-16}
PAUSE=${PAUSE:-1}
CASES=${CASES:-1000000}
CHUNK_ROWS=${CHUNK_ROWS:-200000}
YEARS=${YEARS:-2021-2025}
COUNTY_ORG=${COUNTY_ORG:-990101-xfj}
PROVINCE_ORG=${PROVINCE_ORG:-990000-xfj}
LIST_DURATION=${LIST_DURATION:-10}
LIST_CONNECTIONS=${LIST_CONNECTIONS:-"1 4"}
KEEP_DB=${KEEP_DB:-0}
KEEP_TMP=${KEEP_TMP:-0}
REGISTER_TEMPLATE=$SCRIPT_DIR/register_body.json
DEMO_LOGIN='{"login":"registrar","password":"xinfang-demo-2026"}'  # the demo registrar (as run_register_bench.sh)
BENCH_PASSWORD=bench-password-2026
BIG_DB=xf_bench_1m

log() { echo "[$(date +%H:%M:%S)] run_pg_bench: $*" >&2; }
die() {
    log "$*"
    exit 1
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

[[ -x $XINFANG_BIN ]] || die "no xinfang at $XINFANG_BIN (build-bench: see the header; or set XINFANG_BIN)"
[[ -x $LOADGEN ]] || die "no xf_loadgen at $LOADGEN (ninja -C build-bench xf_loadgen; or set LOADGEN)"
[[ -x $NGINX ]] || die "no nginx at $NGINX (apt-get install nginx, or scripts/deps.sh)"
grep -q 'CMAKE_BUILD_TYPE:STRING=Release' "$(dirname "$(dirname "$XINFANG_BIN")")/CMakeCache.txt" 2>/dev/null ||
    log "warning: $XINFANG_BIN does not look like a Release build"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/xf_pg_bench.XXXXXX")
chmod 755 "$TMP"  # nginx's workers (www-data) and the postgres user reach into it when we are root
OWN_PG=0
if [[ -z ${PG_DIR:-} ]]; then
    PG_DIR=$TMP/pg
    OWN_PG=1
fi
export XINFANG_CONFIG_DIR=${XINFANG_CONFIG_DIR:-$REPO_DIR/config}
export XINFANG_LOG_LEVEL=${XINFANG_LOG_LEVEL:-warn}
# Every app server of a PostgreSQL deployment needs the same key; also the importing CLI (personal data is sealed).
XINFANG_SECRET_KEY=${XINFANG_SECRET_KEY:-$(openssl rand -hex 32)}
export XINFANG_SECRET_KEY

APP_PIDS=()
NGINX_DIR=
DBS=()  # databases this run created (dropped at the end)

stop_apps() {
    local pid
    for pid in "${APP_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${APP_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    APP_PIDS=()
}
nginx_cmd() { "$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/logs/error.log" "$@"; }
stop_nginx() {
    if [[ -n $NGINX_DIR && -s $NGINX_DIR/nginx.pid ]]; then
        nginx_cmd -s quit 2>/dev/null || true
        for _ in $(seq 1 100); do
            [[ -s $NGINX_DIR/nginx.pid ]] || break
            sleep 0.1
        done
    fi
}
psql_pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$PG_DIR/port")" -U postgres -d "${PSQL_DB:-postgres}" -At "$@"; }
cleanup() {
    set +e
    stop_nginx
    stop_apps
    if [[ -s $PG_DIR/port ]]; then
        for db in "${DBS[@]}"; do
            if [[ $db == "$BIG_DB" && $KEEP_DB == 1 ]]; then continue; fi
            psql_pg -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
        done
    fi
    if [[ $OWN_PG == 1 ]]; then "$PG_SH" stop "$PG_DIR" >/dev/null 2>&1; fi
    if [[ $KEEP_TMP == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "PostgreSQL cluster in $PG_DIR"
"$PG_SH" start "$PG_DIR" >/dev/null
PG_PORT=$(cat "$PG_DIR/port")
new_pg_db() {  # new_pg_db NAME — a fresh database; prints its URL (the caller adds NAME to DBS)
    psql_pg -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null
    echo "postgresql://postgres@127.0.0.1:$PG_PORT/$1"
}

# start_app N DB_URL [serve flags…] — `xinfang serve` on a free port in the background; sets APP_PORT.
start_app() {
    local n=$1 db=$2 log
    shift 2
    log="$TMP/app$n.log"
    APP_PORT=$(free_port)
    "$XINFANG_BIN" serve --db "$db" --listen "127.0.0.1:$APP_PORT" "$@" </dev/null >"$log" 2>&1 &
    local pid=$!
    APP_PIDS+=("$pid")
    for _ in $(seq 1 1200); do
        grep -qs "http://127.0.0.1:$APP_PORT/" "$log" && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    tail -n 20 "$log" >&2
    die "app server $n did not start (log above)"
}

# start_nginx PORT… — nginx on a free port with one upstream line per app server port; sets PROXY_PORT.
start_nginx() {
    NGINX_DIR=$TMP/nginx
    rm -rf "$NGINX_DIR"
    mkdir -p "$NGINX_DIR/logs" "$NGINX_DIR/temp"
    PROXY_PORT=$(free_port)
    local upstreams="" p user_line=""
    for p in "$@"; do upstreams+="    server 127.0.0.1:$p max_fails=3 fail_timeout=10s;"$'\n'; done
    # The shared template, placeholders replaced as scripts/cluster.sh does.
    UPSTREAMS=${upstreams%$'\n'} LISTEN="127.0.0.1:$PROXY_PORT" SERVER_NAME=localhost \
        python3 - "$REPO_DIR/config/nginx/xinfang.conf.in" "$NGINX_DIR/xinfang.conf" <<'EOF'
import os, sys
text = open(sys.argv[1], encoding="utf-8").read()
for key, env in (("@UPSTREAM_SERVERS@", "UPSTREAMS"), ("@LISTEN@", "LISTEN"), ("@SERVER_NAME@", "SERVER_NAME")):
    text = text.replace(key, os.environ[env])
open(sys.argv[2], "w", encoding="utf-8").write(text)
EOF
    if [[ $(id -u) -eq 0 ]]; then
        user_line="user www-data;"
        chown www-data: "$NGINX_DIR/temp"
    fi
    cat >"$NGINX_DIR/nginx.conf" <<EOF
# Written by bench/run_pg_bench.sh (as scripts/cluster.sh writes its own); the site is xinfang.conf.
$user_line
daemon on;
worker_processes 2;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/logs/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format bench '\$upstream_addr \$status';
    access_log $NGINX_DIR/logs/access.log bench buffer=256k flush=2s;
    client_body_temp_path $NGINX_DIR/temp/client_body;
    proxy_temp_path $NGINX_DIR/temp/proxy;
    fastcgi_temp_path $NGINX_DIR/temp/fastcgi;
    uwsgi_temp_path $NGINX_DIR/temp/uwsgi;
    scgi_temp_path $NGINX_DIR/temp/scgi;
    include $NGINX_DIR/xinfang.conf;
}
EOF
    nginx_cmd -t -q || die "nginx rejected $NGINX_DIR/nginx.conf"
    nginx_cmd
    for _ in $(seq 1 50); do
        curl -sf -o /dev/null "http://127.0.0.1:$PROXY_PORT/healthz" && return 0
        sleep 0.1
    done
    die "no answer through nginx on $PROXY_PORT ($(tail -n 5 "$NGINX_DIR/logs/error.log"))"
}
upstream_shares() {  # "127.0.0.1:P1 n1, 127.0.0.1:P2 n2" from nginx's access log (after nginx quit)
    awk '{ n[$1]++ } END { s = ""; for (u in n) s = s (s ? ", " : "") u " " n[u]; print s }' "$NGINX_DIR/logs/access.log"
}

RESULTS=$TMP/results.jsonl
json_field() { sed -n "s/.*\"$2\":\([0-9.eE+-]*\).*/\1/p" <<<"$1" | head -n 1; }
RUN_INDEX=0
OUT=()

# ---------------------------------------------------------------------------------------------- registrations
register_runs() {  # register_runs SETUP BASE_URL — the run_register_bench.sh series against BASE_URL
    local setup=$1 base=$2 conns rate mode out
    local -a series=()
    for conns in $CONNECTIONS_LIST; do series+=("closed $conns 0"); done
    for rate in $FIXED_RATES; do series+=("open@${rate}/s $FIXED_RATE_CONNECTIONS $rate"); done
    for s in "${series[@]}"; do
        read -r mode conns rate <<<"$s"
        RUN_INDEX=$((RUN_INDEX + 1))
        log "register $setup: $mode, $conns connections"
        out=$("$LOADGEN" --url "$base/api/v1/petitions" --connections "$conns" --rate "$rate" --duration "$DURATION" \
            --warmup "$WARMUP" --body-template "$REGISTER_TEMPLATE" --login /api/v1/session \
            --login-body "$DEMO_LOGIN" --seq-start $((RUN_INDEX * 10000000 + 1)) --json) ||
            die "xf_loadgen failed against $base ($setup)"
        echo "{\"setup\":\"$setup\",\"mode\":\"$mode\",\"result\":$out}" >>"$RESULTS"
        OUT+=("$(printf '| %s | %s | %s | %.0f | %.2f | %.2f | %s | %s | %s |' "$setup" "$mode" "$conns" \
            "$(json_field "$out" rps)" "$(json_field "$out" p50)" "$(json_field "$out" p99)" \
            "$(json_field "$out" non_2xx)" "$(json_field "$out" errors)" "$(json_field "$out" unsent)")")
        sleep "$PAUSE"
    done
}

# The demo tree's other offices with a 信访件编号 counter of their own (region codes 990000, 991000, 991022; the demo
# registrar's 青山县信访局 is 991021): a registrar is added at each for the pg1-4offices setup.
EXTRA_OFFICES="reg_yl:yl-xfj reg_ap:ap-xfj reg_hx:hx-xfj"

register_offices_runs() {  # register_offices_runs SETUP BASE_URL DB_URL — 4 registrars of 4 offices at once
    local setup=$1 base=$2 db=$3 x conns login pw n
    local -a pids
    for x in $EXTRA_OFFICES; do
        "$XINFANG_BIN" user add --db "$db" --login "${x%%:*}" --org "${x#*:}" --roles registrar --scope org \
            --password-stdin <<<"$BENCH_PASSWORD" >/dev/null
    done
    for conns in $CONNECTIONS_LIST; do
        [[ $conns -ge 4 ]] || continue
        RUN_INDEX=$((RUN_INDEX + 1))
        log "register $setup: closed, $conns connections over 4 offices"
        n=0
        pids=()
        for login in registrar reg_yl reg_ap reg_hx; do
            n=$((n + 1))
            if [[ $login == registrar ]]; then pw=xinfang-demo-2026; else pw=$BENCH_PASSWORD; fi
            "$LOADGEN" --url "$base/api/v1/petitions" --connections $((conns / 4)) --duration "$DURATION" \
                --warmup "$WARMUP" --body-template "$REGISTER_TEMPLATE" --login /api/v1/session \
                --login-body "{\"login\":\"$login\",\"password\":\"$pw\"}" \
                --seq-start $((RUN_INDEX * 10000000 + n * 1000000 + 1)) --json >"$TMP/office$n.json" 2>/dev/null &
            pids+=($!)
        done
        wait "${pids[@]}"  # not a bare `wait`: the app server is a child too
        # Requests/s add up; the percentiles cannot be merged from the four summaries: the worst office's is shown.
        OUT+=("$(python3 -c '
import json, sys
r = [json.load(open(f)) for f in sys.argv[3:]]
rps = sum(x["rps"] for x in r)
p50 = max(x["latency_ms"]["p50"] for x in r)
p99 = max(x["latency_ms"]["p99"] for x in r)
bad = sum(x["non_2xx"] for x in r)
err = sum(x["errors"] for x in r)
print("| %s | closed, 4 offices | %s | %.0f | %.2f | %.2f | %d | %d | 0 |" % (sys.argv[1], sys.argv[2], rps, p50, p99, bad, err))
' "$setup" "$conns" "$TMP"/office[1-4].json)")
        cat "$TMP"/office[1-4].json >>"$RESULTS"
        sleep "$PAUSE"
    done
}

part_register() {
    local setup url shares
    DBS+=(xf_bench_register)
    OUT=()
    local -a notes=()
    for setup in $REGISTER_SETUPS; do
        case $setup in
            sqlite)
                start_app 1 "sqlite:$TMP/register.db" --demo --demo-petitions 0
                register_runs "$setup" "http://127.0.0.1:$APP_PORT"
                ;;
            pg1)
                url=$(new_pg_db xf_bench_register)
                start_app 1 "$url" --demo --demo-petitions 0
                register_runs "$setup" "http://127.0.0.1:$APP_PORT"
                ;;
            pg1-4offices)
                url=$(new_pg_db xf_bench_register)
                start_app 1 "$url" --demo --demo-petitions 0
                register_offices_runs "$setup" "http://127.0.0.1:$APP_PORT" "$url"
                notes+=("$setup: four registrars of four offices (four 编号 counters) load the server at once, each with a quarter of the connections; req/s is their sum, p50/p99 the worst of the four")
                ;;
            pg1-nginx | pg2-nginx)
                url=$(new_pg_db xf_bench_register)
                start_app 1 "$url" --demo --demo-petitions 0
                local ports=("$APP_PORT")
                if [[ $setup == pg2-nginx ]]; then
                    start_app 2 "$url"
                    ports+=("$APP_PORT")
                fi
                start_nginx "${ports[@]}"
                register_runs "$setup" "http://127.0.0.1:$PROXY_PORT"
                stop_nginx
                shares=$(upstream_shares)
                notes+=("$setup: requests per app server (nginx log, warm-up and login included): $shares")
                log "$setup: $shares"
                ;;
            *) die "unknown register setup: $setup" ;;
        esac
        stop_apps
        if [[ $setup == sqlite ]]; then rm -f "$TMP"/register.db*; fi
        if [[ $setup == pg* ]]; then psql_pg -c "DROP DATABASE IF EXISTS xf_bench_register WITH (FORCE)" >/dev/null; fi
    done
    echo "### Petition registration — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs shared by everything"
    echo
    echo "${DURATION} s per run after ${WARMUP} s warm-up; POST /api/v1/petitions with register_body.json; latency in ms"
    echo "(open loop: from each request's intended send time). Each setup on a fresh database."
    echo
    echo "| setup | mode | connections | req/s | p50 ms | p99 ms | non-2xx | errors | unsent |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${OUT[@]}"
    echo
    for n in "${notes[@]}"; do echo "- $n"; done
    echo
}

# ---------------------------------------------------------------------------------------------- 1M cases
get_runs() {  # get_runs LABEL PATH — first call, then closed-loop runs; appends rows to OUT
    local label=$1 path=$2 first conns out
    first=$(curl -s -m 300 -o "$TMP/first.json" -w '%{http_code} %{time_total}' -b "$COOKIE_JAR" "$BASE$path")
    [[ ${first%% *} == 200 ]] || die "GET $path: ${first%% *}: $(head -c 300 "$TMP/first.json")"
    local bytes
    bytes=$(wc -c <"$TMP/first.json")
    for conns in $LIST_CONNECTIONS; do
        log "GET $label: $conns connection(s)"
        # A query slower than the window completes nothing (xf_loadgen exits 1): recorded as such, not fatal.
        out=$("$LOADGEN" --url "$BASE$path" --connections "$conns" --duration "$LIST_DURATION" --warmup 1 \
            --timeout 120 --login /api/v1/session --login-body "$LOGIN_BODY" --json) || true
        [[ -n $out ]] || die "xf_loadgen failed on $path"
        echo "{\"query\":\"$label\",\"connections\":$conns,\"result\":$out}" >>"$RESULTS"
        OUT+=("$(printf '| %s | %s | %.0f | %s | %s | %.1f | %.1f | %.1f | %s | %s |' "$label" "$conns" \
            "$(awk -v t="${first#* }" 'BEGIN { print t * 1000 }')" "$bytes" "$(json_field "$out" completed)" \
            "$(json_field "$out" rps)" "$(json_field "$out" p50)" "$(json_field "$out" p99)" \
            "$(json_field "$out" non_2xx)" "$(json_field "$out" abandoned)")")
    done
}

login_as() {  # login_as LOGIN — curl's cookie jar, LOGIN_BODY for xf_loadgen, the user's ORG_ID
    LOGIN_BODY="{\"login\":\"$1\",\"password\":\"$BENCH_PASSWORD\"}"
    COOKIE_JAR=$TMP/cookies.$1
    ORG_ID=$(curl -s -c "$COOKIE_JAR" -H 'Content-Type: application/json' -d "$LOGIN_BODY" "$BASE/api/v1/session" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["org"]["id"])') || die "log-in as $1 failed"
}

part_lists() {
    local url have
    url="postgresql://postgres@127.0.0.1:$PG_PORT/$BIG_DB"
    DBS+=("$BIG_DB")
    local -a steps=()
    have=$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = '$BIG_DB'")
    if [[ -n $have ]]; then have=$(PSQL_DB=$BIG_DB psql_pg -c "SELECT count(*) FROM petitions" 2>/dev/null || echo 0); fi
    python3 "$SCRIPT_DIR/gen_ledger.py" --orgs-only --out-dir "$TMP" >/dev/null
    if [[ ${have:-0} -ge $CASES ]]; then
        log "reusing $BIG_DB ($have cases)"
        steps+=("| import | reused the database $BIG_DB with $have cases | |")
    else
        url=$(new_pg_db "$BIG_DB")
        "$XINFANG_BIN" migrate --db "$url" >/dev/null
        "$XINFANG_BIN" org import --db "$url" "$TMP/orgs.tsv" >/dev/null
        log "generating $CASES ledger rows in files of $CHUNK_ROWS (gen_ledger.py --seed 42)"
        mkdir -p "$TMP/province"
        python3 "$SCRIPT_DIR/gen_ledger.py" --rows "$CASES" --years "$YEARS" --chunk-rows "$CHUNK_ROWS" --seed 42 \
            --out-dir "$TMP/province" >"$TMP/province/files.txt"
        local f k=0 t0 t1 wall own total=0 out
        while read -r f; do
            k=$((k + 1))
            log "import chunk $k: $f"
            t0=$(now)
            out=$("$XINFANG_BIN" petition import --db "$url" "$f" 2>"$TMP/import.err") || {
                cat "$TMP/import.err" >&2
                die "import of $f failed"
            }
            t1=$(now)
            log "$out"
            wall=$(secs "$t0" "$t1")
            own=$(sed -n 's/.*用时 \([0-9.]*\) 秒.*/\1/p' <<<"$out")
            total=$(awk -v a="$total" -v b="$wall" 'BEGIN { printf "%.1f", a + b }')
            steps+=("| import chunk $k ($CHUNK_ROWS rows) | ${wall} s wall (import itself ${own:-?} s) | $(awk -v n="$CHUNK_ROWS" -v s="$wall" 'BEGIN { printf "%.0f", n / s }') rows/s |")
            rm -f "$f"
        done <"$TMP/province/files.txt"
        steps+=("| import, all $k files | ${total} s | $(awk -v n="$CASES" -v s="$total" 'BEGIN { printf "%.0f", n / s }') rows/s |")
        log "VACUUM ANALYZE"
        t0=$(now)
        PSQL_DB=$BIG_DB psql_pg -c "VACUUM (ANALYZE)" >/dev/null
        steps+=("| VACUUM (ANALYZE) after the import | $(secs "$t0" "$(now)") s | |")
    fi
    local size counts
    size=$(psql_pg -c "SELECT pg_size_pretty(pg_database_size('$BIG_DB'))")
    counts=$(PSQL_DB=$BIG_DB psql_pg -c "SELECT (SELECT count(*) FROM petitions) || ' cases, ' ||
        (SELECT count(*) FROM stat_day) || ' stat_day rows, ' || (SELECT count(*) FROM stat_month) || ' stat_month rows'")
    steps+=("| database | $size: $counts | |")
    # The users who ask: a case worker (also statistician) of the county office, and one of the province office.
    local u
    for u in "county_worker $COUNTY_ORG subtree" "province_worker $PROVINCE_ORG all"; do
        set -- $u
        "$XINFANG_BIN" user add --db "$url" --login "$1" --org "$2" --roles handler,approver,statistician \
            --scope "$3" --password-stdin <<<"$BENCH_PASSWORD" >/dev/null 2>&1 || true  # exists on a reused DB
    done

    start_app 1 "$url"
    BASE="http://127.0.0.1:$APP_PORT"
    OUT=()
    local y=${YEARS#*-} from=${YEARS%-*}-01-01
    login_as county_worker
    get_runs "county queue: open cases held by the county office" "/api/v1/petitions?org_id=$ORG_ID&open=1&limit=50"
    get_runs "county: first page of all it sees" "/api/v1/petitions?limit=50"
    get_runs "county: workbench counts" "/api/v1/workbench"
    get_runs "report county $y" "/api/v1/reports/summary?org=$COUNTY_ORG&from=$y-01-01&to=$y-12-31"
    get_runs "report county $y, channel=visit" "/api/v1/reports/summary?org=$COUNTY_ORG&from=$y-01-01&to=$y-12-31&channel=visit"
    login_as province_worker
    get_runs "province: first page (scope all)" "/api/v1/petitions?limit=50"
    get_runs "province: overdue queue" "/api/v1/queues/overdue"
    get_runs "report province $y" "/api/v1/reports/summary?org=$PROVINCE_ORG&from=$y-01-01&to=$y-12-31"
    get_runs "report province ${YEARS%-*}-$y" "/api/v1/reports/summary?org=$PROVINCE_ORG&from=$from&to=$y-12-31"
    get_runs "report province $y, channel=visit" "/api/v1/reports/summary?org=$PROVINCE_ORG&from=$y-01-01&to=$y-12-31&channel=visit"
    stop_apps

    echo "### $CASES cases on PostgreSQL — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs shared by everything"
    echo
    echo "| step | time | rate |"
    echo "|---|---|---:|"
    printf '%s\n' "${steps[@]}"
    echo
    echo "One app server, no proxy. First call: curl right after the server started (its caches cold, PostgreSQL's"
    echo "warm from the import). Then xf_loadgen closed loop, ${LIST_DURATION} s after 1 s warm-up."
    echo
    echo "| query | connections | first call ms | bytes | completed | req/s | p50 ms | p99 ms | non-2xx | abandoned |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${OUT[@]}"
    echo
}

log "xinfang $XINFANG_BIN, xf_loadgen $LOADGEN, temp dir $TMP"
for part in $PARTS; do
    case $part in
        register) part_register ;;
        lists) part_lists ;;
        *) die "unknown part: $part" ;;
    esac
done
echo "machine: $(nproc) cores, $(uname -sr); commit $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?');" \
    "$(psql_pg -c 'SHOW server_version'); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
