-- 0005: attempt counters for log-in and 查询码 look-ups (twin of the SQLite migration 0005).
CREATE TABLE rate_limits (
    key          text PRIMARY KEY,
    window_start bigint NOT NULL,
    hits         bigint NOT NULL
);
