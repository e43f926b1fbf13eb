-- 0002: administrative regions, calendar days edited in the console, and two more filter columns (twin of the
-- SQLite migration 0002; a PostgreSQL database starts empty, so there are no documents to back-fill).
CREATE TABLE regions (
    code        text COLLATE "C" PRIMARY KEY,
    parent_code text COLLATE "C" NOT NULL DEFAULT '',
    name        text NOT NULL
);

CREATE TABLE calendar_days (
    day  text COLLATE "C" PRIMARY KEY,   -- YYYY-MM-DD
    kind text NOT NULL,                  -- holiday | workday
    name text NOT NULL
);

ALTER TABLE petitions ADD COLUMN rating text COLLATE "C";
ALTER TABLE petitions ADD COLUMN replied_on text COLLATE "C";
CREATE INDEX petitions_received_on ON petitions(received_on);
