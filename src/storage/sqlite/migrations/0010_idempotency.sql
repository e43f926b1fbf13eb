-- Idempotency keys of registrations (Idempotency-Key header): a retried POST returns the first reply instead of
-- registering the petition twice. `reply_sealed` holds that reply encrypted (it carries the 查询码 and secret).
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    petition_id  INTEGER NOT NULL REFERENCES petitions(id),
    reply_sealed TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
