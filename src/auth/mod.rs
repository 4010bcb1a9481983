//! Accounts: users, roles, password hashes, sessions, API tokens, CSRF defences and sign-in
//! rate limiting.
//!
//! This is the domain only: no HTTP framework types and no SQL. The store persists what these
//! types produce ([`session::StoredSession`], [`token::StoredSecret`], PHC strings from
//! [`password::hash`]); the HTTP layer turns the strings here into headers and errors into
//! status codes. Secrets are shown once and stored only as hashes.
//!
//! - [`user`]: [`Role`] and [`UserName`] (parsed and case-folded).
//! - [`password`]: Argon2id hashing, verification, the policy, a dummy hash against timing.
//! - [`token`]: API tokens (`dl_…`) for `Authorization: Bearer`.
//! - [`session`]: server-side sessions, their expiry, the cookie.
//! - [`csrf`]: the Origin check and constant-time CSRF token comparison.
//! - [`ratelimit`]: failed sign-ins per account and per address.
//!
//! Changes from the interface first sketched for the desk:
//! - Everything that draws randomness returns `Result<_, AuthError>` (`ApiToken::generate`,
//!   `Session::generate`), rather than panicking if the OS random source fails.
//! - `password::check_policy(password, &UserName)` takes the user, to refuse the user's name.
//! - `session::parse_cookie_header(header, secure)` takes `secure`: over HTTPS only the
//!   `__Host-` cookie counts. `session::cookie_name(secure)` gives the name in use.
//! - `StoredSession` also has `last_seen_at` (idle expiry); `needs_touch(now)` says when to
//!   update it, `max_age_s(now)` gives the cookie's `Max-Age`, `session::hash_id` the lookup key.
//! - `SignInLimiter::success(account)` takes no address: success does not clear an address.
//! - `password::needs_rehash(phc)` says when to re-hash after a sign-in.
//! - Session TTLs are `chrono::TimeDelta`; rate-limit times are `std::time::Instant`.

pub mod csrf;
mod error;
pub mod password;
pub mod ratelimit;
pub mod session;
pub mod token;
pub mod user;

pub use error::AuthError;
pub use ratelimit::{Limits, SignInLimiter};
pub use user::{Role, UserName};

pub(crate) use crate::events::validate::sha256_hex;

/// `N` bytes from the operating system's random source.
fn random_bytes<const N: usize>() -> Result<[u8; N], AuthError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| AuthError::Random(e.to_string()))?;
    Ok(buf)
}

/// `N` random bytes as `2 N` lower-case hex digits.
fn random_hex<const N: usize>() -> Result<String, AuthError> {
    Ok(random_bytes::<N>()?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_hex_has_the_right_length_and_alphabet_and_varies() {
        let a = random_hex::<32>().expect("random source");
        let b = random_hex::<32>().expect("random source");
        assert_eq!(a.len(), 64);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
    }

    #[test]
    fn errors_never_echo_secrets() {
        let e = password::check_policy("short", &UserName::parse("u").expect("valid"))
            .expect_err("too short");
        assert!(!e.to_string().contains("short,"), "{e}");
        assert!(e.to_string().contains("at least 12"), "{e}");
    }
}
