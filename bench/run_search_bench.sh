#!/usr/bin/env bash
# Benchmark of 信访件检索 and 疑似重复信访 (issue #6). Builds nothing: build first, e.g.
#
#   cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo && ninja -C build xf_search_bench
#   bench/run_search_bench.sh                                # 1,000,000 cases on SQLite, ~40 min on 2 cores
#   SEARCH_DB=/var/tmp/xf_search.db bench/run_search_bench.sh  # keep (or reuse) the database there
#   CASES=100000 bench/run_search_bench.sh                    # smaller
#   DB_URL=postgresql://… bench/run_search_bench.sh            # PostgreSQL (an empty database)
#
# Steps (bench/search_bench.cpp has the details of each):
#   build    generate CASES synthetic petitions (100–400 Chinese characters, ~6% repeats of an earlier matter),
#            indexed as they are inserted — skipped when SEARCH_DB already holds cases
#   reindex  ClearSearchIndex + ReindexSearch over every case, timed: the index build
#   size     the index's share of the file (SQLite: dbstat)
#   query    count + facets + first page (relevance and newest) for 1- to 4-character terms, names and villages,
#            for the whole province and for one county's scope: p50 / p99 over REPS terms each
#   repeat   DRAFTS drafts (half edited copies of existing cases, half fresh): lookup + ranking p50 / p99,
#            precision and recall
# Results are printed as markdown; copy them into docs/performance.md.
set -euo pipefail
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=${BENCH:-$REPO_DIR/build/bench/xf_search_bench}
[[ -x "$BENCH" ]] || { echo "no xf_search_bench at $BENCH (ninja -C build xf_search_bench)" >&2; exit 2; }
CASES=${CASES:-1000000}
REPS=${REPS:-100}
DRAFTS=${DRAFTS:-2000}
TMP=""
if [[ -z "${DB_URL:-}" ]]; then
    if [[ -z "${SEARCH_DB:-}" ]]; then
        TMP=$(mktemp -d)
        trap 'rm -rf "$TMP"' EXIT
        SEARCH_DB=$TMP/search.db
    fi
    DB_URL=sqlite:$SEARCH_DB
fi
echo "## xf_search_bench on $DB_URL ($(nproc) cores)"
if [[ "$DB_URL" == sqlite:* && -s "${DB_URL#sqlite:}" ]]; then
    echo "(reusing $DB_URL)"
else
    "$BENCH" build --db "$DB_URL" --cases "$CASES"
fi
"$BENCH" reindex --db "$DB_URL"
if [[ "$DB_URL" == sqlite:* ]]; then
    echo
    echo "| part | MiB |"
    echo "|---|---|"
    sqlite3 "${DB_URL#sqlite:}" "SELECT CASE WHEN name LIKE 'petition_fts%' THEN 'full-text index (petition_fts*)'
        WHEN name LIKE 'petition_match%' THEN 'repeat keys (petition_match*)'
        WHEN name LIKE 'petition_search%' OR name = 'petitions_search_narrow' THEN 'signatures + narrow index'
        WHEN name = 'petitions' THEN 'cases (petitions)' ELSE 'everything else' END AS part,
        printf('%.0f', sum(pgsize) / 1048576.0) FROM dbstat GROUP BY part ORDER BY sum(pgsize) DESC" |
        sed 's/^/| /; s/|/ | /; s/$/ |/'
    echo
fi
"$BENCH" query --db "$DB_URL" --reps "$REPS"
"$BENCH" repeat --db "$DB_URL" --drafts "$DRAFTS"
