-- 0014: SQLite's FTS5 indexes changed their merge setting (sqlite/migrations/0014); PostgreSQL's GIN index has no
-- such setting. This step only keeps the two schemas' version numbers equal (db copy requires it).
SELECT 1;
