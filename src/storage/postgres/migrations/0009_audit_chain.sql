-- The audit log becomes tamper-evident (domain/audit.hpp): each record is linked into a hash chain, the chains'
-- heads are kept in audit_chains (created as app servers need them, up to 16, so that concurrent transactions do
-- not queue on one head), and records can no longer be updated, nor deleted except by retention pruning (which
-- inserts a row into audit_prune_permit inside its own transaction and deletes it before committing).
-- Records written before this migration keep chain NULL: `xinfang audit verify` counts them as not covered.
ALTER TABLE audit ADD COLUMN chain integer;
ALTER TABLE audit ADD COLUMN seq bigint;
ALTER TABLE audit ADD COLUMN prev_hash text;
ALTER TABLE audit ADD COLUMN hash text;
CREATE UNIQUE INDEX audit_chain_seq ON audit(chain, seq);
CREATE INDEX audit_at ON audit(at);

CREATE TABLE audit_chains (
    chain       integer PRIMARY KEY,
    seq         bigint NOT NULL,
    hash        text NOT NULL,
    pruned_seq  bigint NOT NULL DEFAULT 0,
    pruned_hash text NOT NULL DEFAULT '',
    pruned_at   bigint NOT NULL DEFAULT 0
);
CREATE TABLE audit_prune_permit (id bigint PRIMARY KEY);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_prune_permit) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit records are append-only';
END
$$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
