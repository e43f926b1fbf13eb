#!/usr/bin/env bash
# Issue #9, "load held": CONNECTIONS concurrent clients for DURATION seconds of mixed traffic (registrations, workflow
# actions, case lists and queues, searches, summary reports) against a throw-away server on SQLite and on PostgreSQL.
# Passes when no request failed (error rate 0: every non-2xx, socket error or timeout counts) and, in a long run
# (DURATION >= 300 s), when the server's memory stayed flat. Builds nothing:
#
#   cmake --build build --target xinfang xf_loadgen
#   bench/run_load_held.sh > load.md                          # SQLite then PostgreSQL, 64 connections, 10 min each
#   DURATION=30 CONNECTIONS=16 BACKENDS=sqlite bench/run_load_held.sh    # the short mode of ctest load_held_test
#
# For each backend: a fresh database with the demo data (`serve --demo`: the 云岭省 org tree, its demo users and
# DEMO_PETITIONS cases), plus the logins of two more offices (安平市河西区 and 安平市, made with `xinfang user add`);
# then `xf_loadgen --scenario mixed` with three desks (青山县, 河西区, 安平市: connection i works for desk i mod 3), and
# the server's VmRSS (and open file descriptors) read from /proc/PID every SAMPLE_S seconds. Afterwards the server is
# stopped and `xinfang stats verify` checks that the statistics rollups still equal a recount.
#
# Memory rule (long runs): with T = WARMUP + DURATION seconds of load, "minute 2" is the samples taken in
# [T/10, T/5) and "minute 10" those in [9T/10, T] (for T = 600 s exactly the 2nd and the 10th minute). Memory held
# if max(minute 10) <= max(minute 2) x (1 + RSS_GROWTH_PCT/100) + RSS_SLACK_MB MiB (defaults 10 % and 8 MiB).
#
# Markdown on stdout, progress on stderr. Exit status 0 only if every backend passed.
#
# Settings (environment):
#   BUILD_DIR (build)  XINFANG_BIN ($BUILD_DIR/src/xinfang)  LOADGEN ($BUILD_DIR/bench/xf_loadgen)
#   BACKENDS "sqlite pg"   DURATION 600   WARMUP 5   CONNECTIONS 64   SAMPLE_S 5   THINK_MS 0 (xf_loadgen --think)
#   MIX ""  (xf_loadgen --mix, e.g. "report=0.5,search=4")   DEMO_PETITIONS (server default)   TIMEOUT 10 (s)
#   CHECK_MEMORY (1 when DURATION >= 300, else 0)   RSS_GROWTH_PCT 10   RSS_SLACK_MB 8
#   PG_DIR  a scripts/pg.sh cluster to use (started if need be, left running; a database is made and dropped in it);
#           default XINFANG_TEST_PG_DIR if set, else a throw-away cluster in the temp dir
#   XINFANG_LOG_LEVEL (warn)   KEEP_TMP 0 (1 keeps the temp dir: server logs, RSS samples, xf_loadgen JSON)
set -euo pipefail
export LC_ALL=C.UTF-8

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
PG_SH=$REPO_DIR/scripts/pg.sh

BUILD_DIR=${BUILD_DIR:-$REPO_DIR/build}
XINFANG_BIN=${XINFANG_BIN:-$BUILD_DIR/src/xinfang}
LOADGEN=${LOADGEN:-$(dirname "$(dirname "$XINFANG_BIN")")/bench/xf_loadgen}
BACKENDS=${BACKENDS:-"sqlite pg"}
DURATION=${DURATION:-600}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-64}
SAMPLE_S=${SAMPLE_S:-5}
THINK_MS=${THINK_MS:-0}
MIX=${MIX:-}
DEMO_PETITIONS=${DEMO_PETITIONS:-}
TIMEOUT=${TIMEOUT:-10}
if [[ -z ${CHECK_MEMORY:-} ]]; then
    CHECK_MEMORY=$(awk -v d="$DURATION" 'BEGIN { print (d >= 300) ? 1 : 0 }')
fi
RSS_GROWTH_PCT=${RSS_GROWTH_PCT:-10}
RSS_SLACK_MB=${RSS_SLACK_MB:-8}
KEEP_TMP=${KEEP_TMP:-0}
PG_DIR=${PG_DIR:-${XINFANG_TEST_PG_DIR:-}}
PASSWORD=xinfang-demo-2026  # the demo's password; the extra logins get the same
TEMPLATE=$SCRIPT_DIR/load_register_body.json

export XINFANG_CONFIG_DIR=${XINFANG_CONFIG_DIR:-$REPO_DIR/config}
export XINFANG_LOG_LEVEL=${XINFANG_LOG_LEVEL:-warn}
XINFANG_SECRET_KEY=${XINFANG_SECRET_KEY:-$(openssl rand -hex 32)}  # PostgreSQL: personal data is sealed with it
export XINFANG_SECRET_KEY

log() { echo "[$(date +%H:%M:%S)] run_load_held: $*" >&2; }
die() {
    log "$*"
    exit 2
}
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

[[ -x $XINFANG_BIN ]] || die "no xinfang at $XINFANG_BIN (set BUILD_DIR or XINFANG_BIN)"
[[ -x $LOADGEN ]] || die "no xf_loadgen at $LOADGEN (cmake --build \$BUILD_DIR --target xf_loadgen; or set LOADGEN)"
[[ -r $TEMPLATE ]] || die "cannot read $TEMPLATE"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/xf_load_held.XXXXXX")
chmod 755 "$TMP"
OWN_PG=0
SERVER_PID=
SAMPLER_PID=
PG_DB=
psql_pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$PG_DIR/port")" -U postgres -d postgres -At "$@"; }
stop_server() {
    if [[ -n $SAMPLER_PID ]]; then
        kill "$SAMPLER_PID" 2>/dev/null || true
        wait "$SAMPLER_PID" 2>/dev/null || true
        SAMPLER_PID=
    fi
    if [[ -n $SERVER_PID ]]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
cleanup() {
    set +e
    stop_server
    if [[ -n $PG_DB && -s $PG_DIR/port ]]; then psql_pg -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1; fi
    if [[ $OWN_PG == 1 ]]; then "$PG_SH" stop "$PG_DIR" >/dev/null 2>&1; fi
    if [[ $KEEP_TMP == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The extra offices' logins: name, org, roles, data scope (the demo has users only in 青山县 and above).
EXTRA_USERS=(
    "hx_registrar hx-xfj registrar org"
    "hx_handler hx-xfj handler,registrar org"
    "hx_dept hx-rsj handler org"
    "hx_stats hx-xfj statistician subtree"
    "ap_registrar ap-xfj registrar org"
    "ap_handler ap-xfj handler,registrar org"
    "ap_dept ap-rsj handler org"
    "ap_stats ap-xfj statistician subtree"
)
DESKS=(
    "registrar=registrar,handler=handler,dept=dept_handler,stats=statistician,dept_org=qs-rsj,report_org=qs-xfj,region=991021"
    "registrar=hx_registrar,handler=hx_handler,dept=hx_dept,stats=hx_stats,dept_org=hx-rsj,report_org=hx-xfj,region=991022"
    "registrar=ap_registrar,handler=ap_handler,dept=ap_dept,stats=ap_stats,dept_org=ap-rsj,report_org=ap-xfj,region=991000"
)

SUMMARY=()  # one markdown row per backend
FAILED=0

# run_backend NAME DB_URL
run_backend() {
    local name=$1 db=$2 dir=$TMP/$1 port u
    mkdir -p "$dir"
    port=$(free_port)
    local serve=(serve --db "$db" --listen "127.0.0.1:$port" --demo)
    [[ -n $DEMO_PETITIONS ]] && serve+=(--demo-petitions "$DEMO_PETITIONS")
    log "$name: $XINFANG_BIN ${serve[*]}"
    "$XINFANG_BIN" "${serve[@]}" </dev/null >"$dir/server.log" 2>&1 &
    SERVER_PID=$!
    local i
    for ((i = 0; i < 3000; i++)); do  # the demo data (2,000 cases) takes a while on a busy machine
        curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
        kill -0 "$SERVER_PID" 2>/dev/null || {
            tail -n 20 "$dir/server.log" >&2
            die "$name: the server exited during start-up"
        }
        sleep 0.1
    done
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" || die "$name: the server did not come up in 300 s"
    for u in "${EXTRA_USERS[@]}"; do
        set -- $u
        "$XINFANG_BIN" user add --db "$db" --login "$1" --org "$2" --roles "$3" --scope "$4" --password-stdin \
            <<<"$PASSWORD" >>"$dir/setup.log" 2>&1 || {
            cat "$dir/setup.log" >&2
            die "$name: user add $1 failed"
        }
    done

    # Every SAMPLE_S s: "seconds-since-load-start VmRSS-kB fds RssAnon-kB Pss-kB WAL-kB". VmRSS counts a file mapped
    # by several threads once per mapping; RssAnon is the heap, Pss shares pages out fairly; WAL-kB is the size of
    # SQLite's -wal file (0 on PostgreSQL).
    local t0 wal_file=
    [[ $db == sqlite:* ]] && wal_file="${db#sqlite:}-wal"
    t0=$(date +%s.%N)
    (
        while kill -0 "$SERVER_PID" 2>/dev/null; do
            mem=$(awk '/^VmRSS:/ { r = $2 } /^RssAnon:/ { a = $2 } END { print r, a }' \
                "/proc/$SERVER_PID/status" 2>/dev/null) || break
            pss=$(awk '/^Pss:/ { print $2 }' "/proc/$SERVER_PID/smaps_rollup" 2>/dev/null) || pss=0
            fds=$(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
            wal=0
            [[ -n $wal_file ]] && wal=$(($(stat -c %s "$wal_file" 2>/dev/null || echo 0) / 1024))
            set -- $mem
            echo "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') $1 $fds $2 ${pss:-0} $wal"
            sleep "$SAMPLE_S"
        done
    ) >"$dir/rss.txt" &
    SAMPLER_PID=$!

    local args=(--scenario mixed --url "http://127.0.0.1:$port" --connections "$CONNECTIONS" --duration "$DURATION"
        --warmup "$WARMUP" --timeout "$TIMEOUT" --body-template "$TEMPLATE" --password "$PASSWORD"
        --progress 60 --json)
    for u in "${DESKS[@]}"; do args+=(--desk "$u"); done
    [[ $THINK_MS != 0 ]] && args+=(--think "$THINK_MS")
    [[ -n $MIX ]] && args+=(--mix "$MIX")
    local load_before load_after rc=0
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    log "$name: xf_loadgen ${args[*]}"
    "$LOADGEN" "${args[@]}" >"$dir/result.json" 2> >(tee "$dir/loadgen.log" >&2) || rc=$?
    load_after=$(cut -d' ' -f1-3 /proc/loadavg)
    local alive=1
    kill -0 "$SERVER_PID" 2>/dev/null || alive=0
    sleep 0.2
    stop_server
    [[ $rc == 0 && -s $dir/result.json ]] || log "$name: xf_loadgen exited with $rc"
    local verify_rc=0
    "$XINFANG_BIN" stats verify --db "$db" >"$dir/verify.log" 2>&1 || verify_rc=$?
    log "$name: stats verify exit $verify_rc: $(tail -n 1 "$dir/verify.log")"

    local row
    row=$(python3 - "$name" "$dir" "$DURATION" "$WARMUP" "$CHECK_MEMORY" "$RSS_GROWTH_PCT" "$RSS_SLACK_MB" \
        "$alive" "$verify_rc" "$rc" "$load_before" "$load_after" "$CONNECTIONS" <<'PY'
import json, os, sys
name, d, duration, warmup, check_mem, pct, slack, alive, verify_rc, lg_rc, load_before, load_after, conns = sys.argv[1:]
duration, warmup, pct, slack = float(duration), float(warmup), float(pct), float(slack)
check_mem, alive, verify_rc, lg_rc = check_mem == "1", alive == "1", int(verify_rc), int(lg_rc)
try:
    r = json.load(open(os.path.join(d, "result.json")))
except Exception:
    r = None
samples = []
for line in open(os.path.join(d, "rss.txt")):
    parts = line.split()
    if len(parts) >= 5:
        samples.append((float(parts[0]), int(parts[1]) / 1024.0, int(parts[2]), int(parts[3]) / 1024.0,
                        int(parts[4]) / 1024.0, int(parts[5]) / 1024.0 if len(parts) > 5 else 0.0))
T = warmup + duration
w2 = [s[1] for s in samples if T / 10 <= s[0] < T / 5]
w10 = [s[1] for s in samples if 0.9 * T <= s[0] <= T]
during = [s for s in samples if s[0] <= T]
rss = [s[1] for s in during] or [0]
fds = [s[2] for s in during] or [0]
anon = [s[3] for s in during] or [0]
pss = [s[4] for s in during] or [0]
a2 = [s[3] for s in samples if T / 10 <= s[0] < T / 5]
a10 = [s[3] for s in samples if 0.9 * T <= s[0] <= T]
mem_ok, mem_note = True, "not checked (short run)"
if w2 and w10:
    limit = max(w2) * (1 + pct / 100) + slack
    grew = max(w10) > limit
    mem_note = (f"max {max(w10):.1f} MiB in [{0.9*T:.0f} s, {T:.0f} s] vs max {max(w2):.1f} MiB in "
                f"[{T/10:.0f} s, {T/5:.0f} s): limit {limit:.1f} MiB → {'GREW' if grew else 'flat'}")
    if check_mem:
        mem_ok = not grew
    else:
        mem_note += " (not asserted)"
elif check_mem:
    mem_ok, mem_note = False, "too few RSS samples for the rule"

print(f"#### {name}: {conns} connections, {warmup:g} s warm-up + {duration:g} s, mixed scenario", file=sys.stderr)
out = []
if r is None:
    ok = False
    out.append(f"xf_loadgen gave no result (exit {lg_rc}); see {d}/loadgen.log")
    failures = completed = -1
else:
    kinds = r["kinds"]
    failures = r["failures"]
    completed = r["completed"]
    total_err_base = completed + r["errors"]
    out.append("| kind | requests | failed | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for k, v in kinds.items():
        if v["completed"] == 0 and v["failures"] == 0:
            continue
        l = v["latency_ms"]
        out.append(f"| {k} | {v['completed']} | {v['failures']} | {v['rps']:.1f} | {l['p50']:.1f} | {l['p95']:.1f} | "
                   f"{l['p99']:.1f} | {l['max']:.1f} |")
    l = r["latency_ms"]
    out.append(f"| **all** | {completed} | {failures} | {r['rps']:.1f} | {l['p50']:.1f} | {l['p95']:.1f} | "
               f"{l['p99']:.1f} | {l['max']:.1f} |")
    ok = failures == 0 and lg_rc == 0
    rate = failures / total_err_base if total_err_base else 0
    out.append("")
    out.append(f"- error rate: {failures} of {total_err_base} = {rate:.4%} "
               f"(non-2xx {r['non_2xx']}, socket errors/timeouts {r['errors']}, unusable 2xx {r['unusable']}); "
               f"case steps skipped after a failure: {r['skipped']}; in flight at the end (not counted): "
               f"{r['abandoned']}; statuses {r['status_counts']}")
    for k, v in kinds.items():
        if "first_non_2xx" in v:
            out.append(f"- first non-2xx of {k}: HTTP {v['first_non_2xx']['status']}: "
                       f"{v['first_non_2xx']['body'][:300]}")
        if "first_error" in v:
            out.append(f"- first error of {k}: {v['first_error']}")
out.append(f"- server RSS ({len(during)} samples every few s): min {min(rss):.1f} MiB, max {max(rss):.1f} MiB; "
           f"minute 2 vs minute 10: {mem_note}")
out.append(f"- server RssAnon (heap) min {min(anon):.1f}, max {max(anon):.1f} MiB"
           + (f" (minute 2 max {max(a2):.1f} → minute 10 max {max(a10):.1f})" if a2 and a10 else "")
           + f"; Pss min {min(pss):.1f}, max {max(pss):.1f} MiB")
wal = [s[5] for s in during]
if wal and max(wal) > 0:
    out.append(f"- SQLite -wal file: max {max(wal):.1f} MiB, at the end {wal[-1]:.1f} MiB")
out.append(f"- server open file descriptors: min {min(fds)}, max {max(fds)}")
out.append(f"- server alive at the end: {'yes' if alive else 'NO'}; `xinfang stats verify` after the run: "
           f"{'ok' if verify_rc == 0 else 'FAILED (exit %d)' % verify_rc}")
out.append(f"- load average (1/5/15 min) before: {load_before}; after: {load_after}")
ok = ok and mem_ok and alive and verify_rc == 0
out.append(f"- verdict: **{'PASS' if ok else 'FAIL'}**")
open(os.path.join(d, "section.md"), "w").write("\n".join(out) + "\n")
if r is not None:
    l = r["latency_ms"]
    row = (f"| {name} | {conns} | {warmup:g}+{duration:g} s | {completed} | {r['rps']:.0f} | {failures} | "
           f"{l['p50']:.1f} | {l['p99']:.1f} | {l['max']:.1f} | {min(rss):.0f}–{max(rss):.0f} | "
           f"{(max(w2) if w2 else 0):.0f} → {(max(w10) if w10 else 0):.0f} | {'PASS' if ok else 'FAIL'} |")
else:
    row = f"| {name} | {conns} | {warmup:g}+{duration:g} s | – | – | – | – | – | – | {min(rss):.0f}–{max(rss):.0f} | – | FAIL |"
print(("PASS " if ok else "FAIL ") + row)
PY
)
    SECTIONS+=("$dir/section.md")
    SECTION_NAMES+=("$name")
    [[ $row == PASS* ]] || FAILED=1
    SUMMARY+=("${row#* }")
    log "$name: ${row%% *}"
}

SECTIONS=()
SECTION_NAMES=()
for backend in $BACKENDS; do
    case $backend in
        sqlite)
            run_backend sqlite "sqlite:$TMP/load.db"
            ;;
        pg)
            if [[ -z $PG_DIR ]]; then
                PG_DIR=$TMP/pg
                OWN_PG=1
            fi
            "$PG_SH" start "$PG_DIR" >/dev/null
            PG_DB=xf_load_held_$$
            psql_pg -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB" >/dev/null
            run_backend pg "postgresql://postgres@127.0.0.1:$(cat "$PG_DIR/port")/$PG_DB"
            psql_pg -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
            PG_DB=
            ;;
        *) die "unknown backend '$backend' (sqlite, pg)" ;;
    esac
done

rev=$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')
echo "### Load held — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $rev, $(nproc) CPUs shared by client, server and database"
echo
echo "\`DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS THINK_MS=$THINK_MS MIX='$MIX' BACKENDS='$BACKENDS'" \
    "bench/run_load_held.sh\` — xf_loadgen --scenario mixed, closed loop, 3 desks (青山县, 河西区, 安平市)," \
    "one demo database per backend."
echo
echo "| backend | connections | load | requests | req/s | failed | p50 ms | p99 ms | max ms | RSS MiB min–max | RSS max, minute 2 → minute 10 | verdict |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|---|"
printf '%s\n' "${SUMMARY[@]}"
echo
for i in "${!SECTIONS[@]}"; do
    echo "#### ${SECTION_NAMES[$i]}"
    echo
    cat "${SECTIONS[$i]}"
    echo
done
exit $FAILED
