-- 0012: the open cases, in the order the queues list them (issue #10; sqlite/migrations/0012 has the reasons).
-- The store writes `is_open = 1` as a literal so that the planner can use them.
CREATE INDEX petitions_open_current ON petitions(current_org_id, received_at DESC, id DESC) WHERE is_open = 1;
CREATE INDEX petitions_open_recent ON petitions(received_at DESC, id DESC) WHERE is_open = 1;
ANALYZE petitions;
