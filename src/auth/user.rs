//! User names and roles.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::AuthError;

/// Longest user name, in characters (all ASCII, so also bytes).
pub const MAX_NAME_CHARS: usize = 64;

/// What a user may do.
///
/// Editors write drafts, publish and unpublish; admins also manage users and tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Writes, edits and publishes sources, events and maps.
    Editor,
    /// An editor who also manages users and API tokens.
    Admin,
}

impl Role {
    /// Every role, for help texts and tests.
    pub const ALL: [Role; 2] = [Role::Editor, Role::Admin];

    /// The role's name as stored and shown: `editor` or `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = AuthError;

    /// Parses `editor` or `admin`, ignoring ASCII case and surrounding spaces.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| AuthError::UnknownRole(t.chars().take(32).collect()))
    }
}

/// A valid user name, case-folded: 1–64 ASCII letters, digits, `.`, `_` or `-`, starting with a
/// letter or digit.
///
/// Parsing lower-cases the name, so `Alice` and `alice` are one account and sign-in ignores case.
/// Only ASCII is allowed so that two names cannot look alike (Latin `a` and Cyrillic `а`) in
/// revision histories; display names with any script belong in a separate field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UserName(String);

impl UserName {
    /// The rule, as stated in errors and help texts.
    pub const RULE: &'static str = "must be 1–64 characters: ASCII letters, digits, `.`, `_` or `-`, \
         starting with a letter or digit";

    /// Parses and case-folds a user name; surrounding whitespace is removed.
    ///
    /// # Errors
    /// [`AuthError::UserName`] stating the rule when the name is empty, too long, holds another
    /// character or starts with `.`, `_` or `-`.
    pub fn parse(s: &str) -> Result<UserName, AuthError> {
        let t = s.trim();
        let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        let valid = !t.is_empty()
            && t.len() <= MAX_NAME_CHARS
            && t.chars().all(ok_char)
            && t.starts_with(|c: char| c.is_ascii_alphanumeric());
        if valid {
            Ok(UserName(t.to_ascii_lowercase()))
        } else {
            Err(AuthError::UserName(Self::RULE))
        }
    }

    /// The case-folded name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for UserName {
    type Err = AuthError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        UserName::parse(s)
    }
}

impl<'de> Deserialize<'de> for UserName {
    /// Deserializes through [`UserName::parse`], so a stored or posted name is always valid.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        UserName::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_parse_to_their_case_folded_form() {
        let cases: &[(&str, Option<&str>)] = &[
            ("alice", Some("alice")),
            ("Alice", Some("alice")),
            ("  bob.smith  ", Some("bob.smith")),
            ("j_doe-2", Some("j_doe-2")),
            ("7up", Some("7up")),
            ("a", Some("a")),
            (&"x".repeat(64), Some(&"x".repeat(64))),
            (&"x".repeat(65), None),
            ("", None),
            ("   ", None),
            ("-rf", None),
            (".hidden", None),
            ("_x", None),
            ("al ice", None),
            ("alice@example.com", None),
            ("josé", None),
            ("аlice", None), // Cyrillic а
            ("a/b", None),
            ("a\u{0}b", None),
        ];
        for (input, want) in cases {
            let got = UserName::parse(input);
            match want {
                Some(w) => assert_eq!(got.as_ref().map(UserName::as_str), Ok(*w), "{input:?}"),
                None => assert_eq!(got, Err(AuthError::UserName(UserName::RULE)), "{input:?}"),
            }
        }
    }

    #[test]
    fn the_user_name_error_states_the_rule() {
        let e = UserName::parse("no spaces").expect_err("space is refused");
        assert!(e.to_string().contains("1–64 characters"), "{e}");
    }

    #[test]
    fn user_names_deserialize_only_when_valid() {
        let ok: UserName = serde_json::from_str("\"Carol\"").expect("valid name");
        assert_eq!(ok.as_str(), "carol");
        assert!(serde_json::from_str::<UserName>("\"bad name\"").is_err());
        assert_eq!(serde_json::to_string(&ok).expect("serializes"), "\"carol\"");
    }

    #[test]
    fn roles_round_trip_through_text_and_serde() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
            assert_eq!(r.to_string(), r.as_str());
            let json = serde_json::to_string(&r).expect("serializes");
            assert_eq!(json, format!("\"{}\"", r.as_str()));
            assert_eq!(serde_json::from_str::<Role>(&json).expect("parses"), r);
        }
        assert_eq!(" ADMIN ".parse::<Role>(), Ok(Role::Admin));
        assert_eq!(
            "owner".parse::<Role>(),
            Err(AuthError::UnknownRole("owner".into()))
        );
        assert!(serde_json::from_str::<Role>("\"owner\"").is_err());
    }
}
