#!/usr/bin/env bash
# Throw-away local PostgreSQL 15 clusters for tests, trials and drills, from Debian's postgresql-15 package.
# Each cluster lives in one directory: DIR/data (the cluster), DIR/postgres.log, DIR/port, and the Unix socket
# (DIR/.s.PGSQL.PORT). It listens on 127.0.0.1 only and trusts every local connection: never use it for real data.
#
#   scripts/pg.sh start DIR [PORT]                      initdb if needed, start, print the URL (no PORT: a free one)
#   scripts/pg.sh replica [--sync] PRIMARY_DIR DIR [PORT] hot standby of a running primary (pg_basebackup -R)
#   scripts/pg.sh sync PRIMARY_DIR on|off               synchronous_standby_names = '*' or '' on the primary, reloaded
#   scripts/pg.sh promote DIR                           promote a standby to primary (pg_ctl promote -w)
#   scripts/pg.sh stop DIR                              fast shutdown; no error when it is not running
#   scripts/pg.sh url DIR [DBNAME]                      print postgresql://postgres@127.0.0.1:PORT/DBNAME
#   scripts/pg.sh createdb DIR NAME                     create database NAME (if missing) and print its URL
#   scripts/pg.sh status DIR                            running / stopped, primary / standby
#
# initdb and postgres refuse to run as root; as root (this machine, CI) the server-side binaries run as the
# `postgres` system user that the postgresql-15 package creates, and DIR is given to that user.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

die() {
  echo "pg.sh: $*" >&2
  exit 1
}

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2
  exit 2
}

args() {  # args MIN MAX COUNT — usage unless MIN <= COUNT <= MAX
  if [ "$3" -lt "$1" ] || [ "$3" -gt "$2" ]; then usage; fi
}

need_pg() {
  [ -x "$PG_BIN/initdb" ] || die "$PG_BIN/initdb is missing: install postgresql-15: scripts/deps.sh"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a server-side PostgreSQL binary: as the postgres user when we are root. `cd /` first, because the
# caller's working directory (e.g. /root) may not be readable by that user and postgres would complain.
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Absolute path without requiring it to exist: the port file, log and socket are addressed from other cwd's.
abspath() { realpath -m -- "$1"; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Creates DIR for the postgres user. As root, the postgres user must be able to reach DIR: every parent needs
# the search (x) bit for "others" — a `mktemp -d` directory is 0700 root, for example. Only the missing bit is
# added, and we say so, rather than opening whole trees.
prepare_dir() {
  local dir=$1
  mkdir -p -- "$dir"
  if is_root; then
    getent passwd postgres >/dev/null || die "no 'postgres' user: install postgresql-15: scripts/deps.sh"
    local p
    p=$(dirname -- "$dir")
    while [ "$p" != "/" ]; do
      if ! runuser -u postgres -- test -x "$p"; then
        echo "pg.sh: chmod o+x $p (so the postgres user can reach $dir)" >&2
        chmod o+x -- "$p"
      fi
      p=$(dirname -- "$p")
    done
    chown postgres: -- "$dir"
  fi
  # A Unix socket path is limited to 107 bytes; postgres would fail with a less obvious message.
  [ "${#dir}" -le 90 ] || die "DIR path too long for the Unix socket (${#dir} > 90 characters): $dir"
}

# Is the postmaster of DIR alive? Read from postmaster.pid rather than `pg_ctl status`: a postmaster killed
# with -9 stays a zombie until PID 1 reaps it, and pg_ctl (kill -0) would call that running — and `pg_ctl stop`
# would then wait for it in vain.
pg_running() {
  local pidfile="$1/data/postmaster.pid" pid stat comm
  [ -f "$pidfile" ] || return 1
  pid=$(head -n 1 -- "$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  read -r stat comm < <(ps -o stat=,comm= -p "$pid" 2>/dev/null) || return 1
  [[ $stat != Z* ]] && [[ $comm == postgres* ]]
}

port_of() {
  [ -s "$1/port" ] || die "$1/port missing: is $1 a cluster made by scripts/pg.sh start?"
  cat -- "$1/port"
}

url_of() { echo "postgresql://postgres@127.0.0.1:$(port_of "$1")/${2:-postgres}"; }

psql_at() {  # psql_at DIR SQL… — as a client over TCP (client tools run fine as root)
  local dir=$1
  shift
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(port_of "$dir")" -U postgres -d postgres -At "$@"
}

# Settings that differ per cluster (a replica copies the primary's postgresql.conf with pg_basebackup, then
# rewrites this file): port, socket directory, name shown in pg_stat_replication.
write_local_conf() {
  local dir=$1 port=$2
  local f="$dir/data/local.conf"
  cat >"$f" <<EOF
# Written by scripts/pg.sh for this cluster only (included last from postgresql.conf).
port = $port
unix_socket_directories = '$dir'
cluster_name = '$(basename -- "$dir")'
EOF
  if is_root; then chown postgres: -- "$f"; fi
  echo "$port" >"$dir/port"
}

# Settings for tests and replication, appended once after initdb.
write_conf() {
  local data=$1
  cat >>"$data/postgresql.conf" <<'EOF'

# ---- scripts/pg.sh: a throw-away cluster for tests and replication trials ----
listen_addresses = '127.0.0.1'
max_connections = 200
shared_buffers = 128MB
# fsync and synchronous_commit stay on: the drills test durability, which they would otherwise fake.
fsync = on
synchronous_commit = on
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
wal_keep_size = 512MB          # lets a standby that fell behind catch up without an archive
hot_standby = on
hot_standby_feedback = on      # long report queries on the standby are not cancelled by vacuum on the primary
wal_log_hints = on             # allows pg_rewind of a failed primary
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
include_if_exists = 'local.conf'
EOF
  cat >"$data/pg_hba.conf" <<'EOF'
# scripts/pg.sh: trust on the socket and on 127.0.0.1 only, replication included. Never for real data.
local   all           all                  trust
local   replication   all                  trust
host    all           all   127.0.0.1/32   trust
host    replication   all   127.0.0.1/32   trust
EOF
}

start_cluster() {  # start_cluster DIR — pg_ctl start -w with the log in DIR/postgres.log
  local dir=$1
  # A stale postmaster.pid (after kill -9) is handled by postgres itself; -w waits until it accepts connections.
  if ! as_pg "$PG_BIN/pg_ctl" start -w -t 120 -D "$dir/data" -l "$dir/postgres.log" >/dev/null; then
    tail -n 20 -- "$dir/postgres.log" >&2 || true
    die "could not start the cluster in $dir (log: $dir/postgres.log)"
  fi
}

cmd_start() {
  args 1 2 "$#"
  need_pg
  local dir port=${2:-0}
  dir=$(abspath "$1")
  if pg_running "$dir"; then
    url_of "$dir"
    return
  fi
  prepare_dir "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      --data-checksums >"$dir/initdb.log" 2>&1 || {
      cat -- "$dir/initdb.log" >&2
      die "initdb failed in $dir/data"
    }
    write_conf "$dir/data"
  fi
  # Restarting a stopped cluster keeps its port (URLs handed out stay valid) unless a port is given.
  if [ "$port" = 0 ] && [ -s "$dir/port" ]; then port=$(cat -- "$dir/port"); fi
  if [ "$port" = 0 ]; then port=$(free_port); fi
  write_local_conf "$dir" "$port"
  start_cluster "$dir"
  url_of "$dir"
}

cmd_replica() {
  local sync=false
  if [ "${1:-}" = "--sync" ]; then
    sync=true
    shift
  fi
  args 2 3 "$#"
  need_pg
  local primary dir port=${3:-0}
  primary=$(abspath "$1")
  dir=$(abspath "$2")
  if pg_running "$dir"; then
    url_of "$dir"
    return
  fi
  pg_running "$primary" || die "the primary in $primary is not running (scripts/pg.sh start $primary)"
  prepare_dir "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    # -R writes standby.signal and primary_conninfo; -X stream copies the WAL written during the copy;
    # -c fast starts with an immediate checkpoint instead of waiting for the next one.
    as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$(port_of "$primary")" -U postgres -D "$dir/data" \
      -R -X stream -c fast >"$dir/basebackup.log" 2>&1 || {
      cat -- "$dir/basebackup.log" >&2
      die "pg_basebackup from $primary failed"
    }
    # The copy carries the primary's postgresql.auto.conf: a synchronous_standby_names set there by `sync on`
    # would make this server, once promoted, wait forever for a standby of its own.
    sed -i '/^synchronous_standby_names/d' "$dir/data/postgresql.auto.conf"
    if is_root; then chown postgres: -- "$dir/data/postgresql.auto.conf"; fi  # sed -i made a new, root-owned file
    rm -f -- "$dir/data/postmaster.pid" "$dir/data/postmaster.opts"
  fi
  [ -f "$dir/data/standby.signal" ] || echo "pg.sh: note: $dir is no longer a standby (promoted earlier)" >&2
  if [ "$port" = 0 ] && [ -s "$dir/port" ]; then port=$(cat -- "$dir/port"); fi
  if [ "$port" = 0 ]; then port=$(free_port); fi
  write_local_conf "$dir" "$port"
  start_cluster "$dir"
  if $sync; then cmd_sync "$primary" on >&2; fi
  url_of "$dir"
}

cmd_sync() {
  [ $# -eq 2 ] || usage
  local dir value
  dir=$(abspath "$1")
  case "$2" in
    on) value='*' ;;
    off) value='' ;;
    *) usage ;;
  esac
  pg_running "$dir" || die "the primary in $dir is not running"
  psql_at "$dir" -c "ALTER SYSTEM SET synchronous_standby_names = '$value'" -c "SELECT pg_reload_conf()" >/dev/null
  if [ "$2" = on ]; then
    # With no synchronous standby connected every commit would hang: wait until one is, and say so if none.
    local state=""
    for _ in $(seq 1 60); do
      state=$(psql_at "$dir" -c "SELECT string_agg(application_name || '=' || sync_state, ',')
                                 FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum')")
      [ -n "$state" ] && break
      sleep 0.5
    done
    [ -n "$state" ] ||
      die "synchronous_standby_names='*' set, but no standby is connected: commits on $dir wait until one is"
    echo "synchronous replication on ($state)"
  else
    echo "synchronous replication off"
  fi
}

cmd_promote() {
  [ $# -eq 1 ] || usage
  need_pg
  local dir
  dir=$(abspath "$1")
  pg_running "$dir" || die "no server running in $dir"
  [ -f "$dir/data/standby.signal" ] || {
    echo "pg.sh: $dir is already a primary" >&2
    url_of "$dir"
    return
  }
  as_pg "$PG_BIN/pg_ctl" promote -w -t 120 -D "$dir/data" >/dev/null
  url_of "$dir"
}

cmd_stop() {
  [ $# -eq 1 ] || usage
  need_pg
  local dir
  dir=$(abspath "$1")
  [ -f "$dir/data/PG_VERSION" ] || return 0
  if pg_running "$dir"; then
    as_pg "$PG_BIN/pg_ctl" stop -w -t 120 -m fast -D "$dir/data" >/dev/null
  fi
}

cmd_url() {
  args 1 2 "$#"
  url_of "$(abspath "$1")" "${2:-postgres}"
}

cmd_createdb() {
  [ $# -eq 2 ] || usage
  need_pg
  local dir name=$2
  dir=$(abspath "$1")
  [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "database name must be a plain identifier: $name"
  pg_running "$dir" || die "no server running in $dir"
  # Idempotent, so scripts that call it may be run again.
  if [ -z "$(psql_at "$dir" -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$(port_of "$dir")" -U postgres "$name"
  fi
  url_of "$dir" "$name"
}

cmd_status() {
  [ $# -eq 1 ] || usage
  local dir
  dir=$(abspath "$1")
  if ! pg_running "$dir"; then
    echo "stopped"
    return 3
  fi
  if [ "$(psql_at "$dir" -c 'SELECT pg_is_in_recovery()')" = t ]; then
    echo "running standby $(url_of "$dir")"
  else
    echo "running primary $(url_of "$dir")"
  fi
}

[ $# -ge 1 ] || usage
sub=$1
shift
case "$sub" in
  start) cmd_start "$@" ;;
  replica) cmd_replica "$@" ;;
  sync) cmd_sync "$@" ;;
  promote) cmd_promote "$@" ;;
  stop) cmd_stop "$@" ;;
  url) cmd_url "$@" ;;
  createdb) cmd_createdb "$@" ;;
  status) cmd_status "$@" ;;
  -h | --help | help) usage ;;
  *) usage ;;
esac
