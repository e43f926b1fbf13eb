-- 0011: on SQLite the repeat-petition keys moved to an FTS5 index (sqlite/migrations/0011). PostgreSQL keeps its
-- petition_keys table; this step only keeps the two schemas' version numbers equal (db copy requires it).
SELECT 1;
