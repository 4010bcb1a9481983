//! API tokens for scripts (`Authorization: Bearer dl_…`).
//!
//! A token is `dl_` followed by 64 hex digits (32 random bytes, 256 bits). Only its SHA-256 is
//! stored: with 256 bits of entropy a fast hash is enough (nobody can guess a preimage), and a
//! lookup by hash does not leak the secret through timing. The first characters are kept in clear
//! so `dateline token list` can show which token is which.

use super::{AuthError, random_hex, sha256_hex};

/// What every token starts with, so it can be recognised (and found by secret scanners).
pub const TOKEN_PREFIX: &str = "dl_";
/// Random bytes in a token.
const SECRET_BYTES: usize = 32;
/// Characters of a token kept in clear: the `dl_` and 8 hex digits (32 bits, enough to tell a
/// user's tokens apart, useless to guess the rest).
pub const SHOWN_CHARS: usize = TOKEN_PREFIX.len() + 8;

/// What the store keeps of a token: never the secret itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSecret {
    /// The first [`SHOWN_CHARS`] characters of the token, e.g. `dl_3f9a0c1d`, for listings.
    pub prefix: String,
    /// SHA-256 of the whole token as lower-case hex; look tokens up by this.
    pub hash: String,
}

/// Namespace for creating API tokens.
pub struct ApiToken;

impl ApiToken {
    /// Creates a token: the secret to show the user once, and what to store.
    ///
    /// # Errors
    /// [`AuthError::Random`] when the OS random source fails.
    pub fn generate() -> Result<(String, StoredSecret), AuthError> {
        let secret = format!("{TOKEN_PREFIX}{}", random_hex::<SECRET_BYTES>()?);
        let stored = StoredSecret {
            prefix: secret[..SHOWN_CHARS].to_string(),
            hash: hash_secret(&secret),
        };
        Ok((secret, stored))
    }
}

/// The stored form of a token presented by a client (SHA-256, lower-case hex).
pub fn hash_secret(secret: &str) -> String {
    sha256_hex(secret.as_bytes())
}

/// Whether `s` has the shape of a token (`dl_` and 64 lower-case hex digits), so malformed
/// `Authorization` headers are refused before any lookup.
pub fn looks_like_token(s: &str) -> bool {
    s.strip_prefix(TOKEN_PREFIX).is_some_and(|hex| {
        hex.len() == 2 * SECRET_BYTES
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_token_has_the_documented_shape_and_matches_its_hash() {
        let (secret, stored) = ApiToken::generate().expect("random source");
        assert_eq!(secret.len(), 3 + 64);
        assert!(looks_like_token(&secret), "{secret}");
        assert!(secret.starts_with(&stored.prefix));
        assert_eq!(stored.prefix.len(), SHOWN_CHARS);
        assert_eq!(stored.hash, hash_secret(&secret));
        assert_eq!(stored.hash.len(), 64);
        assert!(!stored.hash.contains(&secret[3..]));
    }

    #[test]
    fn tokens_differ() {
        let a = ApiToken::generate().expect("random source").0;
        let b = ApiToken::generate().expect("random source").0;
        assert_ne!(a, b);
    }

    #[test]
    fn hash_secret_is_sha256_hex() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn only_well_formed_tokens_look_like_tokens() {
        let hex64 = "0123456789abcdef".repeat(4);
        let cases = [
            (format!("dl_{hex64}"), true),
            (format!("dl_{}", hex64.to_uppercase()), false),
            (format!("DL_{hex64}"), false),
            (format!("dl_{}", &hex64[1..]), false),
            (format!("dl_{hex64}0"), false),
            (format!("dl_{}g", &hex64[1..]), false),
            (format!(" dl_{hex64}"), false),
            (hex64.clone(), false),
            ("dl_".into(), false),
            (String::new(), false),
        ];
        for (s, want) in cases {
            assert_eq!(looks_like_token(&s), want, "{s:?}");
        }
    }
}
