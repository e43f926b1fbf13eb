-- 0002: administrative regions (问题属地 picker), calendar days edited in the console (merged over the shipped
-- files), and two more filter columns for the dashboard's rates.
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    parent_code TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL
);

CREATE TABLE calendar_days (
    day  TEXT PRIMARY KEY,   -- YYYY-MM-DD
    kind TEXT NOT NULL,      -- holiday | workday
    name TEXT NOT NULL
);

ALTER TABLE petitions ADD COLUMN rating TEXT;
ALTER TABLE petitions ADD COLUMN replied_on TEXT;
UPDATE petitions SET rating = json_extract(doc, '$.rating'), replied_on = json_extract(doc, '$.replied_on');
CREATE INDEX petitions_received_on ON petitions(received_on);
