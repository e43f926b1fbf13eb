-- 0006: full-text search and repeat-petition keys (issue #6).
-- The index holds tokens only (content=''): the text stays in petitions.doc. Columns: 标题, 内容, and 信访人姓名 +
-- 被反映人/单位. The store keeps it current in the transaction that writes the case (storage/sqlite, domain/search).
CREATE VIRTUAL TABLE petition_fts USING fts5(title, body, people, content='', tokenize='xf_cjk');
-- What the index and the keys were built from (domain/search IndexSignature): rewritten only when it changes.
CREATE TABLE petition_search (
    petition_id INTEGER PRIMARY KEY REFERENCES petitions(id),
    sig         TEXT NOT NULL
);
-- domain/repeat MatchKeys: keyed hashes of 证件号 and name + phone, MinHash bands of the text per county.
CREATE TABLE petition_keys (
    key         INTEGER NOT NULL,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    PRIMARY KEY (key, petition_id)
) WITHOUT ROWID;
-- The columns a search reads from each candidate case (Art. 30 exclusion, facets, common filters), so that walking
-- 2,000 candidates does not read 2,000 case documents (docs/performance.md: 4-7x faster counts at 1M cases).
CREATE INDEX petitions_search_narrow ON petitions(id, purpose, accused_org_id, category_code, persons, state,
                                                  received_on);
