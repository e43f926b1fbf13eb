-- 0007: the citizen portal (issue #7). 领导接访日 and 预约接访 (domain/reception.hpp), the notification outbox
-- (domain/outbox.hpp) and portal one-time codes. Times are seconds since the epoch; dates 'YYYY-MM-DD'.
CREATE TABLE reception_days (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    day          TEXT NOT NULL,
    start_minute INTEGER NOT NULL,
    end_minute   INTEGER NOT NULL,
    slot_minutes INTEGER NOT NULL,
    per_slot     INTEGER NOT NULL,
    place        TEXT NOT NULL,
    leader_name  TEXT NOT NULL,
    leader_title TEXT NOT NULL,
    topics       TEXT NOT NULL,
    published    INTEGER NOT NULL,
    cancelled    INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    created_by   INTEGER NOT NULL
);
CREATE INDEX reception_days_day ON reception_days(day, start_minute);

-- A booking is kept for its day and the case it leads to; the person's phone and 证件号 are sealed.
CREATE TABLE reception_bookings (
    id                INTEGER PRIMARY KEY,
    day_id            INTEGER NOT NULL REFERENCES reception_days(id),
    slot_minute       INTEGER NOT NULL,
    confirmation_code TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    phone_sealed      TEXT NOT NULL,
    id_number_sealed  TEXT NOT NULL,
    region_code       TEXT NOT NULL,
    summary           TEXT NOT NULL,
    status            TEXT NOT NULL,
    petition_id       INTEGER,
    created_at        INTEGER NOT NULL,
    version           INTEGER NOT NULL
);
CREATE INDEX reception_bookings_day ON reception_bookings(day_id, slot_minute);

-- Messages to petitioners, written in the transaction of the event they announce; `lease_owner`/`lease_until`:
-- the sender that claimed the message and until when no other sender may.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    key              TEXT NOT NULL UNIQUE,
    channel          TEXT NOT NULL,
    recipient_sealed TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    topic            TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    lease_owner      TEXT NOT NULL DEFAULT '',
    lease_until      INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    sent_at          INTEGER
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';

CREATE TABLE portal_otps (
    query_code    TEXT PRIMARY KEY,
    code_hash     TEXT NOT NULL,
    expires_at    INTEGER NOT NULL,
    attempts_left INTEGER NOT NULL
);
