-- 0008: official documents and attachments (issue #8; domain/document.hpp). Template versions, the documents
-- produced for cases (immutable; the PDF bytes are in the content store under `sha256`) and case attachments.
CREATE TABLE document_templates (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    version       INTEGER NOT NULL,
    title         TEXT NOT NULL,
    addressee     TEXT NOT NULL,
    body          TEXT NOT NULL,
    number_format TEXT NOT NULL,
    note          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    created_by    INTEGER NOT NULL,
    UNIQUE (kind, version)
);

CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,
    petition_id      INTEGER NOT NULL REFERENCES petitions(id),
    kind             TEXT NOT NULL,
    revision         INTEGER NOT NULL,
    template_id      INTEGER NOT NULL REFERENCES document_templates(id),
    template_version INTEGER NOT NULL,
    doc_number       TEXT NOT NULL,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    fields_json      TEXT NOT NULL,
    content_json     TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    size             INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    created_by       INTEGER NOT NULL,
    UNIQUE (petition_id, kind, revision)
);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    petition_id   INTEGER NOT NULL REFERENCES petitions(id),
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    media_type    TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    source        TEXT NOT NULL,
    uploaded_at   INTEGER NOT NULL,
    uploaded_by   INTEGER NOT NULL,
    deleted_at    INTEGER,
    deleted_by    INTEGER NOT NULL DEFAULT 0,
    delete_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_petition ON attachments(petition_id);
