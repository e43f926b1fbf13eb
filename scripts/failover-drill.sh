#!/usr/bin/env bash
# Failover drill: does every registration that was acknowledged (HTTP 201) survive the sudden loss of the
# primary database? (docs/deploy.md, "Promotion".)
#
#   1. PostgreSQL primary + hot standby with synchronous replication (synchronous_standby_names = '*'):
#      a commit returns only once the standby has it too.
#   2. One `xinfang serve` against the primary (demo users only); a write load of registrations
#      (POST /api/v1/petitions) as `registrar` from several threads; every 201 is recorded (id, 编号).
#   3. kill -9 of the primary's postmaster (then of its children: the machine is gone), mid-load.
#   4. scripts/pg.sh promote on the standby; the xinfang server is restarted against the promoted standby;
#      the load goes on for a few seconds there.
#   5. Every acknowledged registration is read back (GET /api/v1/petitions/{id}: 200 and the same 编号), and
#      no 编号 was handed out twice. Summary: acknowledged N, survived N, lost 0 — exit 1 when any was lost.
#
#   scripts/failover-drill.sh [DIR]      DIR defaults to data/failover-drill; it is emptied first (only if an
#                                        earlier drill made it) and kept afterwards with the logs.
# Environment: DRILL_THREADS (4), DRILL_BEFORE_SECONDS (4: load before the kill), DRILL_AFTER_SECONDS (4: load
# after the restart), DRILL_SYNC (on; `off` runs the same drill with asynchronous replication, to see what the
# synchronous kind protects against: acknowledged registrations may then be lost), XINFANG_BIN (default
# ${BUILD_DIR:-build}/src/xinfang).
# Needs postgresql-15 and python3 (standard library only).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PG="$ROOT/scripts/pg.sh"
BIN=${XINFANG_BIN:-$ROOT/${BUILD_DIR:-build}/src/xinfang}
THREADS=${DRILL_THREADS:-4}
BEFORE=${DRILL_BEFORE_SECONDS:-4}
AFTER=${DRILL_AFTER_SECONDS:-4}
SYNC=${DRILL_SYNC:-on}

die() {
  echo "failover-drill: $*" >&2
  exit 1
}
say() { echo "==> $*"; }

[ $# -le 1 ] || die "usage: scripts/failover-drill.sh [DIR]"
case "$SYNC" in on | off) ;; *) die "DRILL_SYNC must be on or off" ;; esac
[ -x "$BIN" ] || die "$BIN is missing: build first (scripts/build.sh)"
DIR=$(realpath -m -- "${1:-$ROOT/data/failover-drill}")

# Never wipe a directory that an earlier drill did not make.
if [ -d "$DIR" ] && [ -n "$(ls -A -- "$DIR")" ]; then
  [ -f "$DIR/.failover-drill" ] || die "$DIR is not empty and was not made by this drill: choose another DIR"
  "$PG" stop "$DIR/primary" 2>/dev/null || true
  "$PG" stop "$DIR/replica" 2>/dev/null || true
  rm -rf -- "$DIR"
fi
mkdir -p "$DIR"
touch "$DIR/.failover-drill"

APP_PID=""
LOAD_PID=""
PRIMARY_CHILDREN=""
# Whatever happens, stop what this drill started: the load, the app server, the databases (and any child of
# the killed postmaster that has not noticed its death yet).
cleanup() {
  local rc=$?
  touch "$DIR/stop-load"
  if [ -n "$LOAD_PID" ]; then wait "$LOAD_PID" 2>/dev/null || true; fi
  stop_app
  local c
  for c in $PRIMARY_CHILDREN; do kill -KILL "$c" 2>/dev/null || true; done
  "$PG" stop "$DIR/primary" >/dev/null 2>&1 || true
  "$PG" stop "$DIR/replica" >/dev/null 2>&1 || true
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # so that an interrupted drill cleans up too

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pid_running() { [ -n "$1" ] && ps -o stat= -p "$1" 2>/dev/null | grep -qv '^Z'; }

# start_app DB_URL LOG [FLAGS…] — xinfang serve on $APP_PORT; waits for its start line.
start_app() {
  local db=$1 log=$2
  shift 2
  XINFANG_SECRET_KEY=$(cat -- "$DIR/secret.key") XINFANG_CONFIG_DIR="$ROOT/config" XINFANG_LOG_LEVEL=warn \
    "$BIN" serve --db "$db" --listen "127.0.0.1:$APP_PORT" "$@" </dev/null >"$log" 2>&1 &
  APP_PID=$!
  local deadline=$((SECONDS + 300))
  until grep -qs "http://127.0.0.1:$APP_PORT/" "$log"; do
    pid_running "$APP_PID" || {
      tail -n 30 -- "$log" >&2
      die "xinfang exited (log: $log)"
    }
    [ $SECONDS -lt $deadline ] || die "xinfang did not start (log: $log)"
    sleep 0.2
  done
}

# SIGTERM; a server whose database vanished may hang on it: SIGKILL after 10 s.
stop_app() {
  [ -n "$APP_PID" ] || return 0
  if pid_running "$APP_PID"; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do
      pid_running "$APP_PID" || break
      sleep 0.1
    done
    if pid_running "$APP_PID"; then kill -KILL "$APP_PID" 2>/dev/null || true; fi
  fi
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

acked() { if [ -f "$DIR/acked.tsv" ]; then wc -l <"$DIR/acked.tsv"; else echo 0; fi; }

say "primary and hot standby, synchronous replication $SYNC ($DIR)"
"$PG" start "$DIR/primary" >/dev/null
PRIMARY_URL=$("$PG" createdb "$DIR/primary" xinfang)
"$BIN" migrate --db "$PRIMARY_URL" >"$DIR/migrate.log" 2>&1 || {
  cat -- "$DIR/migrate.log" >&2
  die "xinfang migrate failed"
}
"$PG" replica "$DIR/primary" "$DIR/replica" >/dev/null
"$PG" sync "$DIR/primary" "$SYNC"
REPLICA_URL=$("$PG" url "$DIR/replica" xinfang)

(umask 077 && openssl rand -hex 32 >"$DIR/secret.key")
APP_PORT=$(free_port)
say "xinfang serve against the primary on 127.0.0.1:$APP_PORT (demo users, no demo petitions)"
start_app "$PRIMARY_URL" "$DIR/app-primary.log" --demo --demo-petitions 0

say "write load: $THREADS threads registering petitions as registrar"
# The load: standard library only. Each 201 is appended (id, 编号, time) and flushed before the next request,
# so the file holds exactly what the server acknowledged. Connection errors and 5xx while the database is
# away are counted and retried after a pause; 401 (session gone) means log in again.
python3 - "$APP_PORT" "$DIR" "$THREADS" >"$DIR/load.log" 2>&1 <<'EOF' &
import http.client, json, os, sys, threading, time

port, d, threads = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
lock = threading.Lock()
acked = open(os.path.join(d, "acked.tsv"), "a", encoding="utf-8")
session = {"cookie": None, "csrf": None}
counts = {"acked": 0, "errors": 0, "status": {}}


def request(method, path, body=None, cookie=None, csrf=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    h = {"Content-Type": "application/json"}
    if cookie:
        h["Cookie"] = cookie
    if csrf:
        h["X-CSRF-Token"] = csrf
    try:
        conn.request(method, path, body=json.dumps(body, ensure_ascii=False).encode() if body else None, headers=h)
        r = conn.getresponse()
        data = r.read()
        return r.status, (json.loads(data) if data else None), r
    finally:
        conn.close()


def login():
    status, doc, r = request("POST", "/api/v1/session", {"login": "registrar", "password": "xinfang-demo-2026"})
    if status != 200:
        raise RuntimeError(f"login: {status} {doc}")
    session["cookie"] = r.getheader("Set-Cookie").split(";")[0]
    session["csrf"] = doc["csrf_token"]


def worker(t):
    k = 0
    while not os.path.exists(os.path.join(d, "stop-load")):
        k += 1
        body = {"channel": "letter", "purpose": "complaint", "category_code": "0402", "region_code": "991021",
                "title": f"故障切换演练 {t}-{k}", "content": "演练用信访件：拖欠工资，请求协调解决。",
                "petitioners": [{"name": f"演练信访人{t}"}]}
        try:
            with lock:
                if session["cookie"] is None:
                    login()
                cookie, csrf = session["cookie"], session["csrf"]
            status, doc, _ = request("POST", "/api/v1/petitions", body, cookie, csrf)
        except Exception as e:  # connection refused or reset, timeout, a login that failed
            status, doc = type(e).__name__, None
        if status == 201:
            with lock:
                acked.write(f"{doc['id']}\t{doc['number']}\t{time.time():.3f}\n")
                acked.flush()
                counts["acked"] += 1
            continue
        with lock:
            counts["errors"] += 1
            counts["status"][str(status)] = counts["status"].get(str(status), 0) + 1
            if status in (401, 403):
                session["cookie"] = None
        time.sleep(0.2)


ts = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
for x in ts:
    x.start()
for x in ts:
    x.join()
print(json.dumps(counts, ensure_ascii=False))
EOF
LOAD_PID=$!

sleep "$BEFORE"
[ "$(acked)" -gt 0 ] ||
  die "no registration was acknowledged before the failover (see $DIR/load.log, $DIR/app-primary.log)"
PM=$(head -n 1 -- "$DIR/primary/data/postmaster.pid")
PRIMARY_CHILDREN=$(pgrep -P "$PM" | tr '\n' ' ' || true)
ACKED_BEFORE=$(acked)
date +%s.%N >"$DIR/killed_at"
say "kill -9 primary postmaster $PM (acknowledged so far: $ACKED_BEFORE)"
kill -KILL "$PM"
# The whole database machine is gone: its backends and WAL sender too, not only the postmaster.
for c in $PRIMARY_CHILDREN; do kill -KILL "$c" 2>/dev/null || true; done

say "promote the standby"
"$PG" promote "$DIR/replica" >/dev/null
"$PG" status "$DIR/replica"

say "restart xinfang against the promoted standby ($REPLICA_URL)"
stop_app
start_app "$REPLICA_URL" "$DIR/app-promoted.log"
date +%s.%N >"$DIR/restarted_at"
sleep "$AFTER"
touch "$DIR/stop-load"
wait "$LOAD_PID" || die "the load failed: $(tail -n 5 "$DIR/load.log")"
LOAD_PID=""
say "load: $(tail -n 1 "$DIR/load.log")"

say "verify every acknowledged registration on the promoted database"
python3 - "$APP_PORT" "$DIR" <<'EOF'
import http.client, json, os, sys

port, d = int(sys.argv[1]), sys.argv[2]
killed_at = float(open(os.path.join(d, "killed_at")).read())
restarted_at = float(open(os.path.join(d, "restarted_at")).read())


def request(method, path, body=None, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = {"Content-Type": "application/json"}
    if cookie:
        h["Cookie"] = cookie
    conn.request(method, path, body=json.dumps(body).encode() if body else None, headers=h)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, (json.loads(data) if data else None), r


status, doc, r = request("POST", "/api/v1/session", {"login": "registrar", "password": "xinfang-demo-2026"})
assert status == 200, (status, doc)
cookie = r.getheader("Set-Cookie").split(";")[0]

rows = [line.split("\t") for line in open(os.path.join(d, "acked.tsv"), encoding="utf-8") if line.strip()]
survived, lost, before, after, between = 0, [], 0, 0, 0
for pid, number, t in rows:
    t = float(t)
    if t < killed_at:
        before += 1
    elif t >= restarted_at:
        after += 1
    else:
        between += 1  # answered by the old server after the kill: must have reached the standby too
    status, doc, _ = request("GET", f"/api/v1/petitions/{pid}", cookie=cookie)
    if status == 200 and doc.get("number") == number:
        survived += 1
    else:
        lost.append((pid, number, status, doc.get("number") if isinstance(doc, dict) else doc))
numbers = [n for _, n, _ in rows]
dup_numbers = len(numbers) - len(set(numbers))
dup_ids = len(rows) - len({p for p, _, _ in rows})

for x in lost[:20]:
    print("  lost:", *x)
print(f"acknowledged {len(rows)} (before the kill {before}, between kill and restart {between}, "
      f"after the restart {after}), survived {survived}, lost {len(lost)}")
if dup_numbers or dup_ids:
    print(f"编号 handed out twice: {dup_numbers}; ids twice: {dup_ids}")
sys.exit(1 if lost or dup_numbers or dup_ids else 0)
EOF
