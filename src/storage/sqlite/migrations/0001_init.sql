-- 0001: the core schema. Forward-only; applied once in a transaction.
CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES orgs(id),
    name        TEXT NOT NULL,
    level       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    region_code TEXT NOT NULL,
    path        TEXT NOT NULL
);
CREATE INDEX orgs_path ON orgs(path);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    roles         INTEGER NOT NULL,
    scope         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE categories (
    code   TEXT PRIMARY KEY,
    parent TEXT NOT NULL DEFAULT '',
    name   TEXT NOT NULL
);

-- One row per case. `doc` holds every field (storage/codec); the other columns are copies for filtering.
CREATE TABLE petitions (
    id                INTEGER PRIMARY KEY,
    version           INTEGER NOT NULL,
    number            TEXT NOT NULL UNIQUE,
    query_code        TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL,
    parent_case_id    INTEGER REFERENCES petitions(id),
    channel           TEXT NOT NULL,
    purpose           TEXT NOT NULL,
    state             TEXT NOT NULL,
    is_open           INTEGER NOT NULL,
    received_at       INTEGER NOT NULL,
    received_on       TEXT NOT NULL,
    registered_org_id INTEGER NOT NULL REFERENCES orgs(id),
    current_org_id    INTEGER NOT NULL REFERENCES orgs(id),
    accused_org_id    INTEGER REFERENCES orgs(id),
    category_code     TEXT NOT NULL,
    region_code       TEXT NOT NULL,
    persons           INTEGER NOT NULL,
    next_due          TEXT,
    doc               TEXT NOT NULL
);
CREATE INDEX petitions_recent ON petitions(received_at DESC, id DESC);
CREATE INDEX petitions_current ON petitions(current_org_id, state);
CREATE INDEX petitions_due ON petitions(next_due) WHERE next_due IS NOT NULL;
CREATE INDEX petitions_category ON petitions(category_code, received_on);
CREATE INDEX petitions_region ON petitions(region_code, received_on);

-- Which orgs and users have held or acted on a case: the facts behind data scopes.
CREATE TABLE petition_orgs (
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    PRIMARY KEY (petition_id, org_id)
) WITHOUT ROWID;
CREATE INDEX petition_orgs_org ON petition_orgs(org_id, petition_id);

CREATE TABLE petition_users (
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    user_id     INTEGER NOT NULL,
    PRIMARY KEY (petition_id, user_id)
) WITHOUT ROWID;
CREATE INDEX petition_users_user ON petition_users(user_id, petition_id);

CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    petition_id   INTEGER NOT NULL REFERENCES petitions(id),
    at            INTEGER NOT NULL,
    action        TEXT NOT NULL,
    actor_user_id INTEGER NOT NULL,
    actor_kind    TEXT NOT NULL,
    org_id        INTEGER NOT NULL,
    target_org_id INTEGER,
    public_text   TEXT NOT NULL,
    internal_note TEXT NOT NULL,
    detail        TEXT NOT NULL,
    is_public     INTEGER NOT NULL
);
CREATE INDEX events_petition ON events(petition_id, id);

CREATE TABLE audit (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    actor_user_id INTEGER NOT NULL,
    actor_kind    TEXT NOT NULL,
    action        TEXT NOT NULL,
    object_type   TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    detail        TEXT NOT NULL,
    request_id    TEXT NOT NULL,
    remote_addr   TEXT NOT NULL
);
CREATE INDEX audit_object ON audit(object_type, object_id, id);

CREATE TABLE sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
