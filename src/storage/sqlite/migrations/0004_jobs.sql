-- 0004: scheduled jobs claimed through the database, so that several app servers run each job once
-- (domain/ports.hpp JobRepository). `next_run_at` (seconds since the epoch): nobody else may start the job before it.
CREATE TABLE jobs (
    name             TEXT PRIMARY KEY,
    next_run_at      INTEGER NOT NULL,
    owner            TEXT NOT NULL DEFAULT '',
    last_started_at  INTEGER,
    last_finished_at INTEGER,
    last_result      TEXT NOT NULL DEFAULT ''
);
