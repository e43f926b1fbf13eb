#!/usr/bin/env bash
# A newcomer's trial of the production layout on one machine (docs/deploy.md):
#   PostgreSQL primary  ──streaming, synchronous──►  hot-standby replica
#         ▲ writes                                       ▲ read-only reports (--db-replica)
#   xinfang serve #1 … #N  (stateless, same XINFANG_SECRET_KEY)
#         ▲
#   nginx: round-robin, passive health checks, gzip  ◄── browser
#
#   scripts/cluster.sh up [DIR]       start everything (idempotent) and print the URL and the demo log-ins
#   scripts/cluster.sh down [DIR]     stop everything
#   scripts/cluster.sh status [DIR]   what runs
#
# DIR defaults to data/cluster. Environment: XINFANG_APP_SERVERS (default 2), XINFANG_CLUSTER_PORT (nginx's port;
# default 8080, or a free port when 8080 is taken), XINFANG_DEMO_PETITIONS (petitions in the demo data set;
# default: the binary's), XINFANG_START_TIMEOUT (seconds an app server may take to start, demo loading
# included; default 900), XINFANG_BIN (default ${BUILD_DIR:-build}/src/xinfang).
# Every process listens on 127.0.0.1 only and the databases trust local connections: a trial, not a deployment.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PG="$ROOT/scripts/pg.sh"
BIN=${XINFANG_BIN:-$ROOT/${BUILD_DIR:-build}/src/xinfang}
NGINX=${NGINX:-/usr/sbin/nginx}
APPS=${XINFANG_APP_SERVERS:-2}

die() {
  echo "cluster.sh: $*" >&2
  exit 1
}
say() { echo "==> $*" >&2; }

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2
  exit 2
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_is_free() {
  python3 -c 'import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$1"
}

# alive PIDFILE COMM — the pid in PIDFILE is a live (not zombie) process named COMM. Checking the name guards
# against a stale pid file whose number was reused.
alive() {
  local pid stat comm
  [ -s "$1" ] || return 1
  pid=$(cat -- "$1")
  read -r stat comm < <(ps -o stat=,comm= -p "$pid" 2>/dev/null) || return 1
  [[ $stat != Z* ]] && [ "$comm" = "$2" ]
}

# stop_pid PIDFILE COMM — SIGTERM (xinfang finishes the requests in flight), SIGKILL after 20 s.
stop_pid() {
  local f=$1 comm=$2 pid
  if alive "$f" "$comm"; then
    pid=$(cat -- "$f")
    kill -TERM "$pid"
    for _ in $(seq 1 200); do
      alive "$f" "$comm" || break
      sleep 0.1
    done
    if alive "$f" "$comm"; then
      echo "cluster.sh: $comm $pid did not stop in 20 s: SIGKILL" >&2
      kill -KILL "$pid" || true
    fi
  fi
  rm -f -- "$f"
}

# A port kept in FILE, so a second `up` reuses it; a free one picked the first time.
port_in() {
  local f=$1 want=${2:-0}
  if [ ! -s "$f" ]; then
    if [ "$want" != 0 ] && port_is_free "$want"; then echo "$want" >"$f"; else free_port >"$f"; fi
  fi
  cat -- "$f"
}

# serve_flags → the `xinfang serve` database flags. --db-replica sends read-only reports to the standby; a
# binary built before that flag existed gets --db alone (and says so).
serve_db_flags() {
  local primary_url=$1 replica_url=$2
  printf '%s\n' --db "$primary_url"
  if "$BIN" serve --help 2>/dev/null | grep -q -- '--db-replica'; then
    printf '%s\n' --db-replica "$replica_url"
  else
    echo "cluster.sh: warning: this xinfang has no --db-replica: reports read from the primary" >&2
  fi
}

# start_app DIR N PORT [--demo…] — one `xinfang serve` in the background; waits until it prints its URL.
start_app() {
  local dir=$1 n=$2 port=$3
  shift 3
  local log="$dir/app$n.log" pidf="$dir/app$n.pid"
  if alive "$pidf" xinfang; then
    say "app server $n already running (pid $(cat -- "$pidf"))"
    return
  fi
  local -a db_flags
  mapfile -t db_flags < <(serve_db_flags "$PRIMARY_URL" "$REPLICA_URL")
  say "app server $n on 127.0.0.1:$port ($log)"
  # nohup + </dev/null: the servers outlive this script and the terminal it ran in. The key and the config
  # directories come through the environment (config/xinfang.example.toml lists the variables).
  XINFANG_SECRET_KEY=$(cat -- "$dir/secret.key") \
    XINFANG_CONFIG_DIR="$ROOT/config" \
    XINFANG_FILES_DIR="$dir/files" \
    XINFANG_STATIC_DIR="$ROOT/web/dist" \
    XINFANG_TRUSTED_PROXIES=127.0.0.1 \
    nohup "$BIN" serve "${db_flags[@]}" --listen "127.0.0.1:$port" "$@" </dev/null >"$log" 2>&1 &
  echo $! >"$pidf"
  # The first server may load the demo data set first: that takes a while on a fresh database.
  local deadline=$((SECONDS + ${XINFANG_START_TIMEOUT:-900}))
  local pid
  pid=$(cat -- "$pidf")
  until grep -qs "http://127.0.0.1:$port/" "$log"; do
    # Not `alive`: until the background child has exec'd, it is still a copy of this shell, not `xinfang`.
    if ! ps -o stat= -p "$pid" 2>/dev/null | grep -qv '^Z'; then
      tail -n 30 -- "$log" >&2
      die "app server $n exited (log: $log)"
    fi
    [ $SECONDS -lt $deadline ] || die "app server $n did not start in time (log: $log)"
    sleep 0.5
  done
}

write_nginx_conf() {
  local dir=$1 port=$2
  local ng="$dir/nginx"
  mkdir -p "$ng/logs" "$ng/temp"
  local upstreams="" n
  for n in $(seq 1 "$APPS"); do
    upstreams+="    server 127.0.0.1:$(cat -- "$dir/app$n.port") max_fails=3 fail_timeout=10s;"$'\n'
  done
  # The shared template (also the production starting point); placeholders replaced literally.
  UPSTREAMS=${upstreams%$'\n'} LISTEN="127.0.0.1:$port" SERVER_NAME=localhost \
    python3 - "$ROOT/config/nginx/xinfang.conf.in" "$ng/xinfang.conf" <<'EOF'
import os, sys
text = open(sys.argv[1], encoding="utf-8").read()
for key, env in (("@UPSTREAM_SERVERS@", "UPSTREAMS"), ("@LISTEN@", "LISTEN"), ("@SERVER_NAME@", "SERVER_NAME")):
    text = text.replace(key, os.environ[env])
open(sys.argv[2], "w", encoding="utf-8").write(text)
EOF
  # The main file: everything nginx writes (pid, logs, temp files) stays under DIR/nginx.
  local user_line=""
  if [ "$(id -u)" -eq 0 ]; then
    # A root master runs its workers as an unprivileged user; they must reach DIR/nginx/temp (pg.sh made
    # DIR's parents traversable already).
    user_line="user www-data;"
    chown www-data: "$ng/temp"
  fi
  cat >"$ng/nginx.conf" <<EOF
# Written by scripts/cluster.sh for the one-machine trial; the site itself is xinfang.conf (from
# config/nginx/xinfang.conf.in).
$user_line
daemon on;
worker_processes 2;
pid $ng/nginx.pid;
error_log $ng/logs/error.log warn;

events {
    worker_connections 512;
}

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    # Which app server answered each request, to watch the round-robin and a server being left out.
    log_format trial '\$remote_addr [\$time_local] "\$request" \$status \$body_bytes_sent '
                     '-> \$upstream_addr \$upstream_status \$upstream_response_time';
    access_log $ng/logs/access.log trial;
    client_body_temp_path $ng/temp/client_body;
    proxy_temp_path $ng/temp/proxy;
    fastcgi_temp_path $ng/temp/fastcgi;
    uwsgi_temp_path $ng/temp/uwsgi;
    scgi_temp_path $ng/temp/scgi;
    include $ng/xinfang.conf;
}
EOF
}

nginx_cmd() {  # -e: even before reading the config nginx must not try /var/log/nginx
  "$NGINX" -p "$1/nginx" -c "$1/nginx/nginx.conf" -e "$1/nginx/logs/error.log" "${@:2}"
}

cmd_up() {
  local dir=$1
  [ -x "$BIN" ] || die "$BIN is missing: build first (scripts/build.sh)"
  [ -x "$NGINX" ] || die "$NGINX is missing: apt-get install nginx (scripts/deps.sh)"
  [[ $APPS =~ ^[1-9][0-9]*$ ]] || die "XINFANG_APP_SERVERS must be a positive number"
  mkdir -p "$dir"

  say "PostgreSQL primary ($dir/primary)"
  "$PG" start "$dir/primary" >/dev/null
  PRIMARY_URL=$("$PG" createdb "$dir/primary" xinfang)
  say "schema: xinfang migrate"
  "$BIN" migrate --db "$PRIMARY_URL" >&2
  # The standby is copied after the schema exists; synchronous: a commit is acknowledged only once the
  # standby has it too (docs/deploy.md: no acknowledged petition lost when the primary's machine dies).
  say "PostgreSQL hot-standby replica ($dir/replica), synchronous"
  "$PG" replica --sync "$dir/primary" "$dir/replica" >/dev/null
  REPLICA_URL=$("$PG" url "$dir/replica" xinfang)

  if [ ! -s "$dir/secret.key" ]; then
    # Every app server must use the same key: personal data written by one is read by the others.
    (umask 077 && openssl rand -hex 32 >"$dir/secret.key")
  fi

  local n port demo_flags=(--demo)
  if [ -n "${XINFANG_DEMO_PETITIONS:-}" ]; then demo_flags+=(--demo-petitions "$XINFANG_DEMO_PETITIONS"); fi
  for n in $(seq 1 "$APPS"); do
    port=$(port_in "$dir/app$n.port")
    # The demo data set is loaded once, by the first server, before the others start.
    if [ "$n" = 1 ]; then start_app "$dir" "$n" "$port" "${demo_flags[@]}"; else start_app "$dir" "$n" "$port"; fi
  done

  port=$(port_in "$dir/nginx.port" "${XINFANG_CLUSTER_PORT:-8080}")
  say "nginx on 127.0.0.1:$port"
  write_nginx_conf "$dir" "$port"
  nginx_cmd "$dir" -t -q || die "nginx rejected $dir/nginx/nginx.conf"
  if alive "$dir/nginx/nginx.pid" nginx; then
    nginx_cmd "$dir" -s reload
  else
    nginx_cmd "$dir"
  fi
  for _ in $(seq 1 50); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.2
  done
  curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" || die "no answer through nginx on port $port"

  echo
  echo "xinfang cluster: http://127.0.0.1:$port/   (nginx → $APPS app servers → primary + standby)"
  echo "  primary  $PRIMARY_URL"
  echo "  replica  $REPLICA_URL"
  # The log-ins as the first server printed them: the 演示账号 line and the indented lines after it. A server
  # started on a database that has the demo data already lists none, so the first list is kept.
  local logins
  logins=$(awk '/演示账号/ { p = 1; print; next } p && /^  / { print; next } p { exit }' "$dir/app1.log")
  if [ "$(grep -c '^  ' <<<"$logins")" -gt 0 ]; then echo "$logins" >"$dir/demo-logins.txt"; fi
  if [ -s "$dir/demo-logins.txt" ]; then cat -- "$dir/demo-logins.txt"; else echo "$logins"; fi
  echo "stop with: scripts/cluster.sh down ${dir}"
}

cmd_down() {
  local dir=$1 n
  [ -d "$dir" ] || return 0
  if alive "$dir/nginx/nginx.pid" nginx; then
    say "nginx"
    nginx_cmd "$dir" -s quit || true
    for _ in $(seq 1 100); do
      alive "$dir/nginx/nginx.pid" nginx || break
      sleep 0.1
    done
  fi
  for f in "$dir"/app*.pid; do
    [ -e "$f" ] || continue
    n=$(basename -- "$f" .pid)
    say "$n"
    stop_pid "$f" xinfang
  done
  # The primary first (the usual order): its shutdown checkpoint still reaches the standby.
  say "PostgreSQL"
  "$PG" stop "$dir/primary"
  "$PG" stop "$dir/replica"
}

cmd_status() {
  local dir=$1 f
  for f in "$dir"/app*.pid; do
    [ -e "$f" ] || continue
    if alive "$f" xinfang; then
      echo "$(basename -- "$f" .pid): running (pid $(cat -- "$f"))"
    else
      echo "$(basename -- "$f" .pid): stopped"
    fi
  done
  if alive "$dir/nginx/nginx.pid" nginx; then
    echo "nginx: http://127.0.0.1:$(cat -- "$dir/nginx.port")/"
  else
    echo "nginx: stopped"
  fi
  echo "primary: $("$PG" status "$dir/primary" || true)"
  echo "replica: $("$PG" status "$dir/replica" || true)"
}

if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
# DIR relative to where the caller stands; the default relative to the repository.
DIR=$(realpath -m -- "${2:-$ROOT/data/cluster}")
PRIMARY_URL=""
REPLICA_URL=""
case "$1" in
  up) cmd_up "$DIR" ;;
  down) cmd_down "$DIR" ;;
  status) cmd_status "$DIR" ;;
  *) usage ;;
esac
