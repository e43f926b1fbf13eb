-- 0013: on PostgreSQL the repeat keys moved to an array with a GIN index and the tsvector lost its colocated
-- characters (postgres/migrations/0013). SQLite moved its keys in 0011, and its FTS5 index keeps the colocated
-- characters for now. This step only keeps the two schemas' version numbers equal (db copy requires it).
SELECT 1;
