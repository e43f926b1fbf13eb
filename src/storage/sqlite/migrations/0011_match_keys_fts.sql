-- 0011: the repeat-petition keys (domain/repeat MatchKeys) move from a B-tree to an FTS5 index (issue #10).
-- The keys are random 64-bit hashes, so every new case wrote about ten leaves at random places of a B-tree that grows
-- with the database: a 10,000-case import batch dirtied most of its pages, and at 500,000 cases each 100,000-case
-- chunk took 10 s longer than the one before (docs/performance.md). FTS5 is log-structured: a batch's keys are
-- written as one new segment and merged later, in order. One row per case (rowid = petition id); its text is the
-- keys as tokens 'k' + 16 hex digits of the 64-bit value; detail=none: a key is only ever looked up whole.
CREATE VIRTUAL TABLE petition_match USING fts5(keys, content='', detail=none, columnsize=0, tokenize='ascii');
INSERT INTO petition_match(rowid, keys)
    SELECT petition_id, group_concat(printf('k%016x', key), ' ') FROM petition_keys GROUP BY petition_id;
DROP TABLE petition_keys;
-- Both FTS5 indexes merge 16 segments of a level at a time instead of 4: each posting is rewritten about half as
-- often as the index grows (log16 instead of log4 of its size). Importing 100,000 cases into a 400,000-case file spent
-- 17 s instead of 29 s in the full-text index; a query looks at a few more segments.
INSERT INTO petition_fts(petition_fts, rank) VALUES ('automerge', 16);
INSERT INTO petition_match(petition_match, rank) VALUES ('automerge', 16);
