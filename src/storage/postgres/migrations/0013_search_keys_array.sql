-- 0013 (issue #10): a smaller search index on PostgreSQL, measured at 100,000 generated cases (docs/performance.md).
--
-- The repeat keys move from petition_keys (one row of (key, case) each, about ten a case, a B-tree of random keys
-- plus an index by case: ≈ 1 KB a case) to a sorted bigint[] on the case's search row with a GIN index, as SQLite
-- moved them to an FTS5 index in its 0011. The keys are carried over here, so that repeat detection works at once.
ALTER TABLE petition_search ADD COLUMN keys bigint[] NOT NULL DEFAULT '{}';
UPDATE petition_search s SET keys = k.keys
FROM (SELECT petition_id, array_agg(DISTINCT key ORDER BY key) AS keys FROM petition_keys GROUP BY petition_id) k
WHERE k.petition_id = s.petition_id;
DROP TABLE petition_keys;
CREATE INDEX petition_search_keys ON petition_search USING gin (keys);

-- The tsvector no longer holds the character under each bigram (storage/postgres/pg_search: a query matches a
-- single character as a prefix of its bigram): half the lexemes. Vectors written before still answer every query
-- the same way, but rank differently (more lexemes), so the next start rebuilds them (app/services ReindexSearch,
-- which runs when this setting differs from the tokenizer's version).
UPDATE settings SET value = 'rebuild: postgresql 0013' WHERE key = 'search.index_version';
