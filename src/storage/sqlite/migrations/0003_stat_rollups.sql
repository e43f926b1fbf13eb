-- 0003: statistics rollups (SPEC §5). Each case keeps the entries it contributes (`petitions.stats`, see
-- domain/stats.hpp); the rollups hold their sums per org subtree (the org and every ancestor), per day and per
-- month, updated in the same transaction as the case. `day` counts days since 1970-01-01; `month` is YYYYMM.
-- Existing cases are counted by the rebuild that runs when the stored rules version differs (settings key
-- stats.rules_version).
ALTER TABLE petitions ADD COLUMN stats TEXT NOT NULL DEFAULT '';

CREATE TABLE stat_day (
    org_id  INTEGER NOT NULL,
    dim     INTEGER NOT NULL,
    day     INTEGER NOT NULL,
    key     TEXT NOT NULL,
    batches INTEGER NOT NULL,
    persons INTEGER NOT NULL,
    PRIMARY KEY (org_id, dim, day, key)
) WITHOUT ROWID;

CREATE TABLE stat_month (
    org_id  INTEGER NOT NULL,
    dim     INTEGER NOT NULL,
    month   INTEGER NOT NULL,
    key     TEXT NOT NULL,
    batches INTEGER NOT NULL,
    persons INTEGER NOT NULL,
    PRIMARY KEY (org_id, dim, month, key)
) WITHOUT ROWID;
