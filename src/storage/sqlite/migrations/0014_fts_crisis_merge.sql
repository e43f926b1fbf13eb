-- 0014: both FTS5 indexes merge a level's segments a little at a time, not all at once (issue #10).
-- FTS5 merges incrementally from `automerge` (16, migration 0011) segments on a level, a few pages after each write,
-- and merges a level whole, inside the write that made its `crisismerge`-th segment (default 16). With both at 16
-- every merge was such a whole-level merge, and on a large index a high level's merge held up every registration of
-- its group commit for seconds. From 64, crisis merges only happen when the incremental ones fall behind: on the
-- 2,000,000-case file, registrations offered at 1,000/s were answered with p99 41–42 ms instead of 80–146 ms
-- (docs/performance.md, "Registrations on a large SQLite file").
INSERT INTO petition_fts(petition_fts, rank) VALUES ('crisismerge', 64);
INSERT INTO petition_match(petition_match, rank) VALUES ('crisismerge', 64);
