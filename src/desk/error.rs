//! The desk's errors: each names what the HTTP layer turns into a status.

use crate::store::{StoreError, Stored};

/// What a desk operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// Occurs when the entity named does not exist.
    #[error("no {0}")]
    NotFound(String),
    /// Occurs when a field breaks a rule of `dateline validate` (or of the write API).
    #[error("field `{field}`: {message}")]
    Invalid {
        /// The field, e.g. `place_id` or `claim[0].start`.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// Occurs when a write expected another revision: the entity as it is now.
    #[error("{} {} is at revision {}", .0.kind.as_str(), .0.id, .0.revision)]
    Conflict(Box<Stored>),
    /// Occurs when an id or slug is taken.
    #[error("{0} exists already")]
    Exists(String),
    /// Occurs when an entity cannot be deleted or restored as asked (e.g. claims cite it).
    #[error("{0}")]
    InUse(String),
    /// Occurs when the store fails.
    #[error(transparent)]
    Store(StoreError),
}

impl DeskError {
    /// An invalid field.
    pub fn invalid(field: &str, message: impl Into<String>) -> DeskError {
        DeskError::Invalid {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

impl From<StoreError> for DeskError {
    fn from(e: StoreError) -> DeskError {
        match e {
            StoreError::Conflict { entity, current } => DeskError::InUse(match current {
                Some(r) => format!("{entity} changed meanwhile (now at revision {r}): reload it"),
                None => format!("{entity} was deleted meanwhile"),
            }),
            StoreError::Exists(what) => DeskError::Exists(what),
            StoreError::NotFound(what) => DeskError::NotFound(what),
            e => DeskError::Store(e),
        }
    }
}
