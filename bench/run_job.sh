#!/usr/bin/env bash
# One scheduled job, alone, on an existing SQLite database (e.g. the file bench/run_scale.sh kept with KEEP=1), and
# its wall time: every other job's next run is moved a day ahead, JOB is made due, and `xinfang jobs` runs it.
# The rollup check starts from org CURSOR, so that two builds can be compared on the same orgs.
#
#   bench/run_job.sh /var/tmp/xf10m/scale.db conclude_lapsed
#   XINFANG_BIN=/var/tmp/old/xinfang CURSOR=12 bench/run_job.sh /var/tmp/xf10m/scale.db stats_sample_check
#
# It writes to the database (the jobs table, the cursor, the job's own audit record): use a scratch copy.
set -euo pipefail
(($# == 2)) || { echo "usage: $0 DB_FILE JOB" >&2; exit 2; }
db=$1 job=$2
bin=${XINFANG_BIN:-${BUILD_DIR:-build}/src/xinfang}
cursor=${CURSOR:-8}
[[ -f $db ]] || { echo "$db: no such file" >&2; exit 2; }
[[ $job =~ ^[a-z_]+$ && $cursor =~ ^[0-9]+$ ]] || { echo "bad JOB or CURSOR" >&2; exit 2; }
sqlite3 "$db" "UPDATE jobs SET next_run_at = strftime('%s', 'now') + 86400;
               UPDATE jobs SET next_run_at = 0 WHERE name = '$job';
               INSERT OR REPLACE INTO settings(key, value) VALUES ('stats_check.next_org', '$cursor');"
[[ $(sqlite3 "$db" "SELECT count(*) FROM jobs WHERE name = '$job'") == 1 ]] || { echo "no job $job in $db" >&2; exit 2; }
t0=$(date +%s.%N)
"$bin" jobs --db "sqlite:$db"
t1=$(date +%s.%N)
printf '%s: %.2f s (%s)\n' "$job" "$(echo "$t1 - $t0" | bc)" "$bin"
