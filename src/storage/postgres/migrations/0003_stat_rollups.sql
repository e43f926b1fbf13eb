-- 0003: statistics rollups (twin of the SQLite migration 0003; see there and domain/stats.hpp).
ALTER TABLE petitions ADD COLUMN stats text NOT NULL DEFAULT '';

CREATE TABLE stat_day (
    org_id  bigint NOT NULL,
    dim     integer NOT NULL,
    day     integer NOT NULL,
    key     text COLLATE "C" NOT NULL,
    batches bigint NOT NULL,
    persons bigint NOT NULL,
    PRIMARY KEY (org_id, dim, day, key)
);

CREATE TABLE stat_month (
    org_id  bigint NOT NULL,
    dim     integer NOT NULL,
    month   integer NOT NULL,
    key     text COLLATE "C" NOT NULL,
    batches bigint NOT NULL,
    persons bigint NOT NULL,
    PRIMARY KEY (org_id, dim, month, key)
);
