//! The values the store reads and writes: entities as [`Record`]s, the [`Change`]s a
//! transaction applies, [`Revision`]s of the log, and accounts.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The kinds of entity the desk writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A source (metadata and its text).
    Source,
    /// An event (its fields but its claims).
    Event,
    /// A claim of an event (its parent).
    Claim,
    /// A published (or draft) map.
    Map,
    /// A place added by an editor.
    Place,
    /// An editor's decision about a geoparsed mention (`<source-id>@<byte start>`).
    Mention,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 6] = [
        Kind::Source,
        Kind::Event,
        Kind::Claim,
        Kind::Map,
        Kind::Place,
        Kind::Mention,
    ];

    /// The name used in revisions and the API (`source`, `event`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Source => "source",
            Kind::Event => "event",
            Kind::Claim => "claim",
            Kind::Map => "map",
            Kind::Place => "place",
            Kind::Mention => "mention",
        }
    }

    /// The kind named `s`.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Whether readers see an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Seen by signed-in editors only.
    #[default]
    Draft,
    /// Seen by everyone.
    Published,
}

impl Visibility {
    /// `draft` or `published`.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Draft => "draft",
            Visibility::Published => "published",
        }
    }

    /// The visibility named `s` (anything else is a draft: never published by mistake).
    pub fn parse(s: &str) -> Visibility {
        if s == "published" {
            Visibility::Published
        } else {
            Visibility::Draft
        }
    }
}

/// The state of one entity, as stored and as revisions record it before and after a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Draft or published (claims follow their source and event: always `published`).
    pub status: Visibility,
    /// The entity's fields, as the dataset's TOML has them, in JSON.
    pub doc: Value,
    /// A source's full text (immutable once stored; revisions of updates leave it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// A claim's event id; an event's dataset file (`<source-id>/events.toml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// A source's uploaded file: its name and media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload: Option<Upload>,
}

/// An uploaded file a source's text came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    /// The file's name as uploaded.
    pub name: String,
    /// Its media type (`text/plain`, `application/pdf`).
    pub media_type: String,
}

/// One stored entity with its id and revision.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    /// Its kind.
    pub kind: Kind,
    /// Its id (a claim's is a number).
    pub id: String,
    /// Incremented by every write of it; the HTTP layer's ETag.
    pub revision: i64,
    /// Its state.
    pub record: Record,
}

/// What a change expects of the stored entity; a failed expectation aborts the transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// It does not exist (a create).
    Absent,
    /// It is at this revision (`If-Match`).
    Revision(i64),
    /// Whatever is stored (writes by the system, e.g. restores of a missing entity).
    Any,
}

/// One change of a transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The kind of entity.
    pub kind: Kind,
    /// Its id; empty for a new claim (the store numbers it).
    pub id: String,
    /// What must hold of the stored entity.
    pub expect: Expect,
    /// The entity afterwards; None deletes it.
    pub after: Option<Record>,
    /// The action logged (`create`, `update`, `delete`, `publish`, `unpublish`, `restore`);
    /// derived from before and after when None.
    pub action: Option<&'static str>,
}

/// What a committed transaction did.
#[derive(Debug, Clone, PartialEq)]
pub struct Committed {
    /// The new data version.
    pub data_version: i64,
    /// Each change's entity: kind, id (a new claim's number) and new revision (0 when
    /// deleted), in the order of the changes.
    pub entities: Vec<(Kind, String, i64)>,
    /// The numbers of the revisions logged.
    pub revisions: Vec<i64>,
}

/// One entry of the append-only revision log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    /// Its number (increasing).
    pub n: i64,
    /// The data version the change made.
    pub data_version: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who (None: the system, e.g. the seed).
    pub user: Option<String>,
    /// The entity's kind.
    pub kind: Kind,
    /// The entity's id.
    pub entity_id: String,
    /// create, update, delete, publish, unpublish, restore or seed.
    pub action: String,
    /// Before (None on create).
    pub before: Option<Record>,
    /// After (None on delete).
    pub after: Option<Record>,
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Its number.
    pub id: i64,
    /// Its name (case-folded).
    pub name: String,
    /// Its role.
    pub role: crate::auth::Role,
    /// When it was added.
    pub created_at: String,
}

/// An API token as listed (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// Its number (for `token revoke`).
    pub id: i64,
    /// Its user.
    pub user: String,
    /// Its first characters.
    pub prefix: String,
    /// What it is for.
    pub label: String,
    /// When it was made.
    pub created_at: String,
    /// When it was revoked.
    pub revoked_at: Option<String>,
}

/// The JSON text of `v` (our own values always serialise).
pub(crate) fn to_json(v: &impl Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

/// A stored JSON value, or the error naming its entity.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(
    entity: &str,
    doc: &str,
) -> Result<T, super::StoreError> {
    serde_json::from_str(doc).map_err(|error| super::StoreError::Document {
        entity: entity.to_owned(),
        error,
    })
}
