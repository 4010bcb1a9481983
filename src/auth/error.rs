//! The one error type of the accounts domain.
//!
//! Messages name the rule that was broken, so the CLI and the HTTP layer can show them to the
//! person who typed the value. None of them contains a password or a secret.

/// Everything that can go wrong in [`crate::auth`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// Occurs when a user name breaks the naming rule; the message states the rule.
    #[error("user name {0}")]
    UserName(&'static str),
    /// Occurs when a role is neither `editor` nor `admin`.
    #[error("unknown role `{0}`: expected `editor` or `admin`")]
    UnknownRole(String),
    /// Occurs when a new password is shorter than [`crate::auth::password::MIN_CHARS`] characters.
    #[error("password must be at least {min} characters long (it has {got})")]
    PasswordTooShort {
        /// The minimum, in characters.
        min: usize,
        /// The length given, in characters.
        got: usize,
    },
    /// Occurs when a new password is longer than [`crate::auth::password::MAX_BYTES`] bytes.
    #[error("password must be at most {max} bytes long")]
    PasswordTooLong {
        /// The maximum, in bytes (UTF-8).
        max: usize,
    },
    /// Occurs when a new password is the user's own name (ignoring case).
    #[error("password must not be the user name")]
    PasswordIsUserName,
    /// Occurs when Argon2 refuses to hash (it should not with the fixed parameters used here).
    #[error("password hashing failed: {0}")]
    Hash(String),
    /// Occurs when the operating system's random source fails.
    #[error("the system random source failed: {0}")]
    Random(String),
}
