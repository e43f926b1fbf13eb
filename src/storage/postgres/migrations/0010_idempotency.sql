-- Idempotency keys of registrations (Idempotency-Key header): a retried POST returns the first reply instead of
-- registering the petition twice. `reply_sealed` holds that reply encrypted (it carries the 查询码 and secret).
CREATE TABLE idempotency_keys (
    scope        text NOT NULL,
    key          text NOT NULL,
    fingerprint  text NOT NULL,
    petition_id  bigint NOT NULL REFERENCES petitions(id),
    reply_sealed text NOT NULL,
    created_at   bigint NOT NULL,
    PRIMARY KEY (scope, key)
);
