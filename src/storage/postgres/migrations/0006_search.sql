-- 0006: full-text search and repeat-petition keys (twin of the SQLite migration 0006, which keeps the same tokens
-- in an FTS5 table). Both tables are derived from the cases: the store writes them on Insert and on an Update that
-- changes `sig` (domain/search IndexSignature), and rebuilds them with ClearSearchIndex / ReindexSearch — at
-- start-up when the setting search.index_version differs from the tokenizer's version, and after `db copy`,
-- which never copies them. Cases already present when this migration runs are indexed by that rebuild.

-- One row per case: the tokens of title (weight A), people (B) and content (D) as a tsvector written by
-- storage/postgres/pg_search (TsVectorText), matched with a tsquery of phrases (TsQueryText).
CREATE TABLE petition_search (
    petition_id bigint PRIMARY KEY REFERENCES petitions(id),
    sig         text NOT NULL,
    search      tsvector NOT NULL
);
CREATE INDEX petition_search_gin ON petition_search USING gin (search);

-- The lookup keys of a case (domain/repeat MatchKeys): 证件号, name + phone and MinHash bands.
CREATE TABLE petition_keys (
    key         bigint NOT NULL,
    petition_id bigint NOT NULL REFERENCES petitions(id),
    PRIMARY KEY (key, petition_id)
);
CREATE INDEX petition_keys_petition ON petition_keys(petition_id);
