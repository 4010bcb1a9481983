//! Cross-site request forgery defences: the Origin check and the per-session token.
//!
//! Every state-changing request authenticated by the session cookie must pass both: its
//! `Origin` (or, failing that, `Referer`) must be this server, and it must carry the session's
//! CSRF token. Requests with an `Authorization: Bearer` API token need neither, as browsers never
//! attach those on their own.

use subtle::ConstantTimeEq;

/// Whether the CSRF token a request carries equals the session's, in constant time.
///
/// Empty tokens never match.
pub fn tokens_match(expected: &str, given: &str) -> bool {
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

/// Scheme, host and port of a URL, lower-cased, the port made explicit.
#[derive(Debug, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    }
}

/// Splits `host[:port]` (IPv6 in brackets); `None` on an empty host or a bad port.
fn split_authority(authority: &str) -> Option<(String, Option<u16>)> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (h, after) = rest.split_once(']')?;
        match after {
            "" => (format!("[{h}]"), None),
            p => (format!("[{h}]"), Some(p.strip_prefix(':')?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.to_string(), None),
        }
    };
    let valid_host = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
        None => {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b))
        }
    };
    if !valid_host {
        return None;
    }
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse().ok()?),
        Some(_) => return None,
    };
    Some((host.to_ascii_lowercase(), port))
}

/// Parses the origin of an `http`/`https` URL; `None` for anything else (`null`, other schemes,
/// user info, garbage).
fn parse_origin(url: &str) -> Option<Origin> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default = default_port(&scheme)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return None;
    }
    let (host, port) = split_authority(authority)?;
    Some(Origin {
        scheme,
        host,
        port: port.unwrap_or(default),
    })
}

/// Whether a cookie-authenticated, state-changing request comes from this server's own pages.
///
/// The request's origin is its `Origin` header, or when that is absent the origin of its
/// `Referer`. It must equal (scheme, host and port; ports made explicit, case ignored):
/// - the origin of `public_url` when the server has one configured, else
/// - the request's `Host` (host and port; the scheme cannot be known from `Host`, and a `Host`
///   without a port matches the default port of the origin's scheme).
///
/// Refused: `Origin: null` (sandboxed frames, some redirects), a present but foreign `Origin`
/// even if `Referer` matches, both headers missing, and anything that does not parse.
pub fn origin_allowed(
    origin: Option<&str>,
    referer: Option<&str>,
    host: &str,
    public_url: Option<&str>,
) -> bool {
    let claimed = match (origin, referer) {
        (Some(o), _) => o,
        (None, Some(r)) => r,
        (None, None) => return false,
    };
    let Some(claimed) = parse_origin(claimed) else {
        return false;
    };
    match public_url {
        Some(url) => parse_origin(url).is_some_and(|ours| ours == claimed),
        None => split_authority(host.trim()).is_some_and(|(h, port)| {
            h == claimed.host
                && port.or_else(|| default_port(&claimed.scheme)) == Some(claimed.port)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_only_when_equal_and_non_empty() {
        let t = "0123456789abcdef".repeat(4);
        assert!(tokens_match(&t, &t));
        assert!(!tokens_match(&t, &t[..63]));
        assert!(!tokens_match(&t, &t.to_uppercase()));
        assert!(!tokens_match(&t, ""));
        assert!(!tokens_match("", ""));
        assert!(!tokens_match(&t, &format!("{t}0")));
    }

    #[test]
    fn origins_are_checked_against_the_public_url() {
        let public = Some("https://example.com/dateline/");
        let cases: &[(Option<&str>, Option<&str>, bool)] = &[
            (Some("https://example.com"), None, true),
            (Some("https://EXAMPLE.com"), None, true),
            (Some("https://example.com:443"), None, true),
            (Some("http://example.com"), None, false),
            (Some("https://example.com:8443"), None, false),
            (Some("https://evil-example.com"), None, false),
            (Some("https://example.com.evil.net"), None, false),
            (Some("https://sub.example.com"), None, false),
            (Some("https://example.co"), None, false),
            (Some("https://example.com@evil.net"), None, false),
            (Some("null"), None, false),
            (Some(""), None, false),
            (Some("null"), Some("https://example.com/desk"), false),
            (
                Some("https://evil.net"),
                Some("https://example.com/desk"),
                false,
            ),
            (None, Some("https://example.com/desk/edit?id=3#x"), true),
            (None, Some("https://example.com"), true),
            (None, Some("https://example.com.evil.net/"), false),
            (None, Some("http://example.com/desk"), false),
            (None, None, false),
            (Some("javascript://example.com"), None, false),
            (Some("https://example.com:99999"), None, false),
            (Some("https://example.com:"), None, false),
            (Some("https://"), None, false),
        ];
        for (origin, referer, want) in cases {
            assert_eq!(
                origin_allowed(*origin, *referer, "ignored.example", public),
                *want,
                "origin {origin:?}, referer {referer:?}"
            );
        }
    }

    #[test]
    fn without_a_public_url_origins_are_checked_against_host() {
        let cases: &[(&str, &str, bool)] = &[
            ("http://localhost:8080", "localhost:8080", true),
            ("http://LOCALHOST:8080", "localhost:8080", true),
            ("http://localhost:8081", "localhost:8080", false),
            ("http://localhost", "localhost:8080", false),
            ("http://localhost:8080", "localhost", false),
            ("https://example.com", "example.com", true),
            ("http://example.com", "example.com", true),
            ("https://example.com:443", "example.com", true),
            ("https://evil-example.com", "example.com", false),
            ("https://example.com.evil.net", "example.com", false),
            ("https://example.com", "example.com.evil.net", false),
            ("http://127.0.0.1:3000", "127.0.0.1:3000", true),
            ("http://127.0.0.2:3000", "127.0.0.1:3000", false),
            ("http://[::1]:3000", "[::1]:3000", true),
            ("http://[::1]:3001", "[::1]:3000", false),
            ("http://[::1]", "[::1]:3000", false),
            ("http://localhost:8080", "", false),
            ("http://localhost:8080", "localhost:8080, evil.net", false),
            ("http://[::1]:3000", "[not-v6]:3000", false),
            ("http://[::1:3000", "[::1]:3000", false),
            ("http://a:b:3000", "a:b:3000", false),
            ("http://ex ample.com", "ex ample.com", false),
        ];
        for (origin, host, want) in cases {
            assert_eq!(
                origin_allowed(Some(origin), None, host, None),
                *want,
                "origin {origin:?}, host {host:?}"
            );
        }
    }

    #[test]
    fn a_malformed_public_url_refuses_everything() {
        assert!(!origin_allowed(
            Some("https://example.com"),
            None,
            "example.com",
            Some("example.com")
        ));
    }
}
