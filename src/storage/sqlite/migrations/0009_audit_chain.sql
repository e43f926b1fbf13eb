-- The audit log becomes tamper-evident (domain/audit.hpp): each record is linked into a hash chain, the chain's head
-- is kept in audit_chains, and records can no longer be updated, nor deleted except by retention pruning (which
-- inserts a row into audit_prune_permit inside its own transaction and deletes it before committing).
-- Records written before this migration keep chain NULL: `xinfang audit verify` counts them as not covered.
ALTER TABLE audit ADD COLUMN chain INTEGER;
ALTER TABLE audit ADD COLUMN seq INTEGER;
ALTER TABLE audit ADD COLUMN prev_hash TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_chain_seq ON audit(chain, seq);
CREATE INDEX audit_at ON audit(at);

CREATE TABLE audit_chains (
    chain       INTEGER PRIMARY KEY,
    seq         INTEGER NOT NULL,
    hash        TEXT NOT NULL,
    pruned_seq  INTEGER NOT NULL DEFAULT 0,
    pruned_hash TEXT NOT NULL DEFAULT '',
    pruned_at   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE audit_prune_permit (id INTEGER PRIMARY KEY);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit)
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
