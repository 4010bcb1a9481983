-- Dateline's store, version 1: the desk's sources, events and claims, editor places,
-- mention decisions, maps, accounts, and the append-only revision log.
-- Entities keep their fields (the dataset TOML's) as a JSON document (`doc`) beside the
-- columns that queries and GIS clients use. Every entity has a `revision`, incremented by each
-- write (the HTTP layer's ETag and If-Match).

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
    id_hash      TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    prefix      TEXT NOT NULL,
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
    text        TEXT,                     -- the full text claims' spans refer to (immutable)
    upload_name TEXT,
    upload_type TEXT,
    position    INTEGER NOT NULL          -- order of the sources
) STRICT;

CREATE TABLE events (
    id       TEXT PRIMARY KEY,
    status   TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    revision INTEGER NOT NULL,
    file     TEXT NOT NULL,               -- the dataset file it belongs to (`<source-id>/events.toml`)
    doc      TEXT NOT NULL,               -- the event's fields but its claims, as JSON
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE claims (
    id         INTEGER PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    source_id  TEXT NOT NULL,
    position   INTEGER NOT NULL,          -- order within the event
    span_start INTEGER,
    span_end   INTEGER,
    quote      TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    doc        TEXT NOT NULL              -- every field of the claim as JSON
) STRICT;
CREATE INDEX claims_event ON claims (event_id, position);
CREATE INDEX claims_source ON claims (source_id);

-- Maps, editor places and mention decisions: a key, a status, a revision and the document.
-- A mention decision's key is `<source-id>@<byte start>`.
CREATE TABLE maps (
    key      TEXT PRIMARY KEY,
    status   TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    revision INTEGER NOT NULL,
    doc      TEXT NOT NULL,               -- slug, title, description, credit, selection, view, names
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE editor_places (
    key      TEXT PRIMARY KEY,
    status   TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    revision INTEGER NOT NULL,
    doc      TEXT NOT NULL,               -- name, GeoJSON geometry (lon, lat), precision, added by
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE mention_decisions (
    key      TEXT PRIMARY KEY,
    status   TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    revision INTEGER NOT NULL,
    doc      TEXT NOT NULL,               -- decision (accepted, rejected, resolved), place id
    position INTEGER NOT NULL
) STRICT;

-- Append-only: every change, deletes included, with who, when, the entity and before/after.
CREATE TABLE revisions (
    n            INTEGER PRIMARY KEY,
    data_version INTEGER NOT NULL,
    at           TEXT NOT NULL,
    user_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    user_name    TEXT,                    -- kept when the user is removed
    kind         TEXT NOT NULL,           -- source, event, claim, map, place, mention
    entity_id    TEXT NOT NULL,
    action       TEXT NOT NULL,           -- create, update, delete, publish, unpublish, restore, seed
    before       TEXT,                    -- JSON, NULL on create
    after        TEXT                     -- JSON, NULL on delete
) STRICT;
CREATE INDEX revisions_entity ON revisions (kind, entity_id, n);
CREATE TRIGGER revisions_append_only_update BEFORE UPDATE ON revisions
WHEN NOT (OLD.user_id IS NOT NULL AND NEW.user_id IS NULL
          AND OLD.n = NEW.n AND OLD.before IS NEW.before AND OLD.after IS NEW.after)
BEGIN SELECT RAISE(ABORT, 'the revision log is append-only'); END;
CREATE TRIGGER revisions_append_only_delete BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'the revision log is append-only'); END;
