-- 0012: the open cases, in the order the queues list them (issue #10). The index on (current_org_id, state) holds
-- every case a unit ever handled, so a county's open-case queue at 2,000,000 imported cases read and sorted its
-- whole history (≈ 100,000 rows, 267 ms p50). Open cases are a small part of a decade's ledger; these partial indexes
-- hold only them. The store writes `is_open = 1` as a literal so that SQLite can use them.
CREATE INDEX petitions_open_current ON petitions(current_org_id, received_at DESC, id DESC) WHERE is_open = 1;
CREATE INDEX petitions_open_recent ON petitions(received_at DESC, id DESC) WHERE is_open = 1;
-- The planner needs their statistics to prefer them (sampled: well under a second at millions of cases).
PRAGMA analysis_limit=1000;
ANALYZE petitions;
