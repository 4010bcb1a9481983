-- Dateline's store, version 1: the data desk's sources, events and claims, editor places,
-- mention decisions, maps, accounts, and the append-only revision log.
-- Entities keep their TOML fields as a JSON document (`doc`) beside the columns queries use.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
-- The data version: incremented by every committed write (ETags and published maps cite it).
INSERT INTO meta (key, value) VALUES ('data_version', '0');

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL UNIQUE,
    label       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
) STRICT;

CREATE TABLE sources (
    id          TEXT PRIMARY KEY,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    revision    INTEGER NOT NULL,
    doc         TEXT NOT NULL,            -- the source's metadata (source.toml fields) as JSON
    text        TEXT,                     -- the full text claims' spans refer to
    text_sha256 TEXT,
    upload_name TEXT,
    upload_type TEXT,
    position    INTEGER NOT NULL          -- order of the sources
) STRICT;

CREATE TABLE events (
    id       TEXT PRIMARY KEY,
    status   TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    revision INTEGER NOT NULL,
    file     TEXT NOT NULL,               -- the dataset file it came from (`<source-id>/events.toml`)
    doc      TEXT NOT NULL,               -- the event's fields but its claims, as JSON
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE claims (
    id        INTEGER PRIMARY KEY,
    event_id  TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    source_id TEXT NOT NULL,
    position  INTEGER NOT NULL,           -- order within the event
    span_start INTEGER,
    span_end   INTEGER,
    quote     TEXT NOT NULL,
    revision  INTEGER NOT NULL,
    doc       TEXT NOT NULL               -- every field of the claim as JSON
) STRICT;
CREATE INDEX claims_event ON claims (event_id, position);
CREATE INDEX claims_source ON claims (source_id);

CREATE TABLE editor_places (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    geometry   TEXT NOT NULL,             -- GeoJSON geometry, (lon, lat)
    precision  TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    revision   INTEGER NOT NULL
) STRICT;

CREATE TABLE mention_decisions (
    source_id  TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    span_start INTEGER NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'resolved')),
    place_id   TEXT,                      -- a gazetteer or editor place when re-resolved
    decided_by INTEGER REFERENCES users (id),
    decided_at TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    PRIMARY KEY (source_id, span_start)
) STRICT;

CREATE TABLE maps (
    slug        TEXT PRIMARY KEY,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    revision    INTEGER NOT NULL,
    doc         TEXT NOT NULL             -- title, description, credit, selection, view, names
) STRICT;

-- Append-only: every change, deletes included, with who, when, the entity and before/after.
CREATE TABLE revisions (
    n            INTEGER PRIMARY KEY,
    data_version INTEGER NOT NULL,
    at           TEXT NOT NULL,
    user_id      INTEGER REFERENCES users (id),
    entity       TEXT NOT NULL,           -- e.g. `event:<id>`, `source:<id>`, `map:<slug>`
    action       TEXT NOT NULL,           -- create, update, delete, publish, unpublish, restore, seed
    before       TEXT,                    -- JSON, NULL on create
    after        TEXT                     -- JSON, NULL on delete
) STRICT;
CREATE INDEX revisions_entity ON revisions (entity, n);
CREATE TRIGGER revisions_append_only_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'the revision log is append-only'); END;
CREATE TRIGGER revisions_append_only_delete BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'the revision log is append-only'); END;
