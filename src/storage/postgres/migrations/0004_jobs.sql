-- 0004: scheduled jobs claimed through the database (twin of the SQLite migration 0004): a claim locks the job's
-- row with FOR UPDATE SKIP LOCKED, so of several app servers asking at once exactly one gets it.
CREATE TABLE jobs (
    name             text PRIMARY KEY,
    next_run_at      bigint NOT NULL,
    owner            text NOT NULL DEFAULT '',
    last_started_at  bigint,
    last_finished_at bigint,
    last_result      text NOT NULL DEFAULT ''
);
