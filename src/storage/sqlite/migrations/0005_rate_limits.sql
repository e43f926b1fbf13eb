-- 0005: attempt counters for log-in and 查询码 look-ups (domain/ports.hpp RateLimitRepository), kept in the
-- database so that every app server counts the same attempts. Fixed windows; a row is only a key, a window start
-- (seconds since the epoch) and a count: no history.
CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL
);
