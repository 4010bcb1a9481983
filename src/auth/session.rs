//! Server-side sessions and the session cookie.
//!
//! The cookie holds 32 random bytes (hex); the store keeps only their SHA-256 ([`StoredSession::
//! id_hash`]), so a copy of the database does not let anyone sign in. Each session carries its
//! own CSRF token (see [`super::csrf`]) that the front end sends back in a header.
//!
//! Expiry: a session ends [`IDLE_TIMEOUT`] after its last use or [`ABSOLUTE_TIMEOUT`] after
//! sign-in, whichever comes first.

use chrono::{DateTime, TimeDelta, Utc};

use super::{AuthError, random_hex, sha256_hex};

/// The cookie's name over plain HTTP.
pub const SESSION_COOKIE: &str = "dateline_session";
/// The cookie's name over HTTPS. The `__Host-` prefix makes browsers insist on `Secure`,
/// `Path=/` and no `Domain`, so a sibling subdomain cannot plant a session cookie for us.
pub const SECURE_SESSION_COOKIE: &str = "__Host-dateline_session";

/// A session unused for this long has ended (12 hours: a working day with breaks).
pub const IDLE_TIMEOUT: TimeDelta = TimeDelta::hours(12);
/// A session ends this long after sign-in however busy it is (7 days).
pub const ABSOLUTE_TIMEOUT: TimeDelta = TimeDelta::days(7);
/// [`StoredSession::needs_touch`] asks for a `last_seen_at` update at most this often, so reads
/// do not become writes.
pub const TOUCH_INTERVAL: TimeDelta = TimeDelta::minutes(5);

/// Random bytes in a session id and in a CSRF token.
const SECRET_BYTES: usize = 32;

/// What the store keeps of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// SHA-256 (hex) of the cookie value; look sessions up by [`hash_id`] of the cookie.
    pub id_hash: String,
    /// The token the front end must send with every state-changing request (64 hex digits).
    pub csrf_token: String,
    /// When the user signed in.
    pub created_at: DateTime<Utc>,
    /// When the session was last used (updated when [`StoredSession::needs_touch`] says so).
    pub last_seen_at: DateTime<Utc>,
    /// The absolute end of the session.
    pub expires_at: DateTime<Utc>,
}

/// Namespace for starting sessions.
pub struct Session;

impl Session {
    /// Starts a session at `now` lasting `ttl` (clamped to 1 s ..= [`ABSOLUTE_TIMEOUT`]):
    /// the cookie value, and what to store.
    ///
    /// # Errors
    /// [`AuthError::Random`] when the OS random source fails.
    pub fn generate(
        now: DateTime<Utc>,
        ttl: TimeDelta,
    ) -> Result<(String, StoredSession), AuthError> {
        let ttl = ttl.clamp(TimeDelta::seconds(1), ABSOLUTE_TIMEOUT);
        let value = random_hex::<SECRET_BYTES>()?;
        let stored = StoredSession {
            id_hash: hash_id(&value),
            csrf_token: random_hex::<SECRET_BYTES>()?,
            created_at: now,
            last_seen_at: now,
            expires_at: now + ttl,
        };
        Ok((value, stored))
    }
}

impl StoredSession {
    /// Whether the session may be used at `now`: before its absolute end, within
    /// [`IDLE_TIMEOUT`] of its last use and within [`ABSOLUTE_TIMEOUT`] of sign-in.
    pub fn is_valid(&self, now: DateTime<Utc>) -> bool {
        now < self.expires_at
            && now < self.last_seen_at + IDLE_TIMEOUT
            && now < self.created_at + ABSOLUTE_TIMEOUT
    }

    /// Whether `last_seen_at` is old enough (≥ [`TOUCH_INTERVAL`]) that the store should set it
    /// to `now`.
    pub fn needs_touch(&self, now: DateTime<Utc>) -> bool {
        now - self.last_seen_at >= TOUCH_INTERVAL
    }

    /// Seconds until the absolute end, for the cookie's `Max-Age` (0 when over).
    pub fn max_age_s(&self, now: DateTime<Utc>) -> u64 {
        u64::try_from((self.expires_at - now).num_seconds()).unwrap_or(0)
    }
}

/// The stored form of a cookie value presented by a client (SHA-256, lower-case hex).
pub fn hash_id(cookie_value: &str) -> String {
    sha256_hex(cookie_value.as_bytes())
}

/// The cookie's name: [`SECURE_SESSION_COOKIE`] when `secure`, else [`SESSION_COOKIE`].
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// A complete `Set-Cookie` header value that sets the session cookie.
///
/// `HttpOnly` (no script can read it), `SameSite=Lax` (not sent on cross-site subrequests or
/// form posts; still sent when following a link to the desk, which `Strict` would not),
/// `Path=/`, `Max-Age`, and `Secure` with the `__Host-` name when `secure` (the request came over
/// TLS).
pub fn cookie(value: &str, secure: bool, max_age_s: u64) -> String {
    let mut c = format!(
        "{}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_s}",
        cookie_name(secure)
    );
    if secure {
        c.push_str("; Secure");
    }
    c
}

/// A `Set-Cookie` header value that deletes the session cookie (sign-out).
pub fn clear_cookie(secure: bool) -> String {
    cookie("", secure, 0)
}

/// Finds the session cookie's value in a `Cookie:` header value (`a=1; dateline_session=…`).
///
/// Looks for [`cookie_name`]`(secure)` only: over HTTPS a plain `dateline_session` planted by
/// another site on the same domain is ignored. Returns the first non-empty match.
pub fn parse_cookie_header(header: &str, secure: bool) -> Option<&str> {
    let name = cookie_name(secure);
    header.split(';').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        let v = v.trim().trim_matches('"');
        (k.trim() == name && !v.is_empty()).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T09:00:00Z")
            .expect("valid date")
            .to_utc()
    }

    #[test]
    fn a_new_session_stores_only_the_hash_of_its_cookie() {
        let (value, s) = Session::generate(t0(), TimeDelta::days(1)).expect("random source");
        assert_eq!(value.len(), 64);
        assert_eq!(s.id_hash, hash_id(&value));
        assert_ne!(s.id_hash, value);
        assert_eq!(s.csrf_token.len(), 64);
        assert_ne!(s.csrf_token, value);
        assert_eq!(s.created_at, t0());
        assert_eq!(s.expires_at, t0() + TimeDelta::days(1));
        assert_eq!(s.max_age_s(t0()), 86_400);
        let (other, _) = Session::generate(t0(), TimeDelta::days(1)).expect("random source");
        assert_ne!(value, other);
    }

    #[test]
    fn the_ttl_is_clamped_to_the_absolute_timeout() {
        let (_, long) = Session::generate(t0(), TimeDelta::days(365)).expect("random source");
        assert_eq!(long.expires_at, t0() + ABSOLUTE_TIMEOUT);
        let (_, neg) = Session::generate(t0(), TimeDelta::seconds(-5)).expect("random source");
        assert_eq!(neg.expires_at, t0() + TimeDelta::seconds(1));
    }

    #[test]
    fn sessions_end_when_idle_or_at_their_absolute_end() {
        let (_, mut s) = Session::generate(t0(), ABSOLUTE_TIMEOUT).expect("random source");
        let h = TimeDelta::hours;
        // (last seen after sign-in, now after sign-in, valid)
        let cases = [
            (h(0), h(0), true),
            (h(0), h(11) + TimeDelta::minutes(59), true),
            (h(0), h(12), false),
            (h(100), h(111), true),
            (h(160), h(167) + TimeDelta::minutes(59), true),
            (h(160), h(168), false),
        ];
        for (seen, now, want) in cases {
            s.last_seen_at = t0() + seen;
            assert_eq!(s.is_valid(t0() + now), want, "seen +{seen}, now +{now}");
        }
        let (_, short) = Session::generate(t0(), h(1)).expect("random source");
        assert!(short.is_valid(t0() + TimeDelta::minutes(59)));
        assert!(!short.is_valid(t0() + h(1)));
        assert_eq!(short.max_age_s(t0() + h(2)), 0);
    }

    #[test]
    fn touch_is_asked_for_at_most_every_interval() {
        let (_, s) = Session::generate(t0(), TimeDelta::days(1)).expect("random source");
        assert!(!s.needs_touch(t0() + TimeDelta::minutes(4)));
        assert!(s.needs_touch(t0() + TOUCH_INTERVAL));
    }

    #[test]
    fn cookies_carry_the_required_attributes() {
        assert_eq!(
            cookie("abc", false, 3600),
            "dateline_session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=3600"
        );
        assert_eq!(
            cookie("abc", true, 60),
            "__Host-dateline_session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=60; Secure"
        );
        let cleared = clear_cookie(true);
        assert!(
            cleared.starts_with("__Host-dateline_session=;"),
            "{cleared}"
        );
        assert!(cleared.contains("Max-Age=0") && cleared.ends_with("; Secure"));
        assert!(!clear_cookie(false).contains("Secure"));
        // `__Host-` cookies must not carry a Domain attribute.
        assert!(!cookie("v", true, 1).contains("Domain"));
    }

    #[test]
    fn the_session_cookie_is_found_in_a_cookie_header() {
        let cases: &[(&str, bool, Option<&str>)] = &[
            ("dateline_session=abc", false, Some("abc")),
            ("a=1; dateline_session=abc; b=2", false, Some("abc")),
            ("a=1;dateline_session=abc", false, Some("abc")),
            ("dateline_session=\"abc\"", false, Some("abc")),
            (
                "dateline_session=; dateline_session=def",
                false,
                Some("def"),
            ),
            ("xdateline_session=abc", false, None),
            ("dateline_sessionx=abc", false, None),
            ("dateline_session", false, None),
            ("", false, None),
            ("__Host-dateline_session=abc", true, Some("abc")),
            (
                "dateline_session=evil; __Host-dateline_session=abc",
                true,
                Some("abc"),
            ),
            ("dateline_session=evil", true, None),
            ("__Host-dateline_session=abc", false, None),
            ("a=b=c; dateline_session=x=y", false, Some("x=y")),
        ];
        for (header, secure, want) in cases {
            assert_eq!(parse_cookie_header(header, *secure), *want, "{header:?}");
        }
    }
}
