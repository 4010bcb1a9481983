//! Password hashing (Argon2id), verification and the password policy.
//!
//! Hashes are PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) that carry their own
//! parameters, so the parameters can be raised later: [`needs_rehash`] tells the caller when a
//! successful sign-in should store a fresh hash.
//!
//! Passwords are normalised to Unicode NFKC before hashing, as NIST SP 800-63B asks, so a
//! password typed with a composed `é` on one keyboard and a decomposed one on another is the same.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use unicode_normalization::UnicodeNormalization;

use super::{AuthError, UserName, random_bytes};

/// Argon2 memory cost in KiB: 19 MiB, the OWASP Password Storage Cheat Sheet's first Argon2id
/// setting (m=19456, t=2, p=1). It costs about as much as the stronger settings there while
/// keeping one sign-in to ~19 MiB, so a burst of sign-ins cannot exhaust a small server.
pub const M_COST_KIB: u32 = 19_456;
/// Argon2 passes over memory (OWASP: 2 with 19 MiB).
pub const T_COST: u32 = 2;
/// Argon2 lanes (OWASP: 1).
pub const P_COST: u32 = 1;

/// Shortest password accepted, in characters (Unicode scalar values after NFKC).
///
/// NIST SP 800-63B asks for at least 8 and recommends allowing at least 64; 12 is this project's
/// floor. No composition rules (digits, symbols) are imposed: the NIST guidance is that they do
/// not help and push people towards predictable patterns.
pub const MIN_CHARS: usize = 12;
/// Longest password accepted, in UTF-8 bytes: long enough for any passphrase, short enough to
/// bound the work of hashing an attacker's input.
pub const MAX_BYTES: usize = 1024;

/// A hash with the current parameters of a password nobody knows, for [`verify_dummy`].
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$ZGF0ZWxpbmUtZHVtbXktc2FsdA$\
    uLFNch1ja2z5xJgu/xBKyTP20tdcTlQIWcOHg6tlaFs";

/// The largest parameters [`verify`] will run, so a tampered stored hash cannot make one
/// sign-in allocate gigabytes: 256 MiB, 10 passes, 8 lanes.
const MAX_VERIFY_M_KIB: u32 = 256 * 1024;
const MAX_VERIFY_T: u32 = 10;
const MAX_VERIFY_P: u32 = 8;

fn hasher() -> Argon2<'static> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None)
        .expect("the constant Argon2 parameters are within Argon2's limits");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn normalise(password: &str) -> String {
    password.nfkc().collect()
}

/// Hashes a password with Argon2id and a fresh 16-byte random salt.
///
/// Call [`check_policy`] first for a new password; this function hashes whatever it is given.
///
/// # Errors
/// [`AuthError::Random`] when the OS random source fails, [`AuthError::Hash`] if Argon2 fails.
///
/// # Runtime
/// Deliberately slow: tens of milliseconds and 19 MiB of memory. Run it off the async executor
/// (`tokio::task::spawn_blocking`).
pub fn hash(password: &str) -> Result<String, AuthError> {
    let salt_bytes: [u8; 16] = random_bytes()?;
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| AuthError::Hash(e.to_string()))?;
    hasher()
        .hash_password(normalise(password).as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// Whether `password` matches the PHC string `phc`.
///
/// Returns `false`, never panics, on a malformed hash, on another algorithm than Argon2id, on
/// parameters above a sane ceiling, and on a password longer than [`MAX_BYTES`] (no such password
/// can have been set). The comparison of the digests is constant-time (done by `password-hash`).
///
/// # Runtime
/// As slow as [`hash`]; run it off the async executor.
pub fn verify(password: &str, phc: &str) -> bool {
    if password.len() > MAX_BYTES {
        return false;
    }
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    if parsed.algorithm != Algorithm::Argon2id.ident() {
        return false;
    }
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if params.m_cost() > MAX_VERIFY_M_KIB
        || params.t_cost() > MAX_VERIFY_T
        || params.p_cost() > MAX_VERIFY_P
    {
        return false;
    }
    hasher()
        .verify_password(normalise(password).as_bytes(), &parsed)
        .is_ok()
}

/// Spends the same time as [`verify`] against a real hash, then returns `false`.
///
/// Call it when the user name is unknown, so a sign-in for an unknown account takes as long as
/// one for a known account with a wrong password (no user enumeration by timing).
pub fn verify_dummy(password: &str) -> bool {
    // Evaluate for its cost; the dummy password is not a credential for anything.
    let _ = verify(password, DUMMY_HASH);
    false
}

/// Whether a stored hash was made with other parameters than today's (weaker or merely older),
/// so the caller should store [`hash`] of the password after a successful sign-in.
/// A malformed hash also needs replacing.
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    let current = (M_COST_KIB, T_COST, P_COST);
    parsed.algorithm != Algorithm::Argon2id.ident()
        || Params::try_from(&parsed)
            .map_or(true, |p| (p.m_cost(), p.t_cost(), p.p_cost()) != current)
}

/// Checks a new password against the policy: at least [`MIN_CHARS`] characters, at most
/// [`MAX_BYTES`] bytes, and not the user's own name (ignoring case). No composition rules.
///
/// # Errors
/// [`AuthError::PasswordTooShort`], [`AuthError::PasswordTooLong`] or
/// [`AuthError::PasswordIsUserName`].
pub fn check_policy(password: &str, user: &UserName) -> Result<(), AuthError> {
    if password.len() > MAX_BYTES {
        return Err(AuthError::PasswordTooLong { max: MAX_BYTES });
    }
    let n = normalise(password);
    let got = n.chars().count();
    if got < MIN_CHARS {
        return Err(AuthError::PasswordTooShort {
            min: MIN_CHARS,
            got,
        });
    }
    if n.trim().eq_ignore_ascii_case(user.as_str()) {
        return Err(AuthError::PasswordIsUserName);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(s: &str) -> UserName {
        UserName::parse(s).expect("valid test name")
    }

    #[test]
    fn a_hash_verifies_its_password_and_nothing_else() {
        let h = hash("correct horse battery staple").expect("hashes");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery staple", &h));
        for wrong in [
            "",
            "correct horse battery stapl",
            "Correct horse battery staple",
            "correct horse battery staple ",
        ] {
            assert!(!verify(wrong, &h), "{wrong:?}");
        }
        assert!(!needs_rehash(&h));
    }

    #[test]
    fn two_hashes_of_one_password_differ_by_salt() {
        let a = hash("same password here").expect("hashes");
        let b = hash("same password here").expect("hashes");
        assert_ne!(a, b);
        assert!(verify("same password here", &a) && verify("same password here", &b));
    }

    #[test]
    fn composed_and_decomposed_accents_are_one_password() {
        let composed = "caf\u{e9} au lait, s'il vous pla\u{ee}t";
        let decomposed = "cafe\u{301} au lait, s'il vous plai\u{302}t";
        let h = hash(composed).expect("hashes");
        assert!(verify(decomposed, &h));
    }

    #[test]
    fn verify_is_false_on_malformed_or_foreign_hashes() {
        let good = hash("a long enough password").expect("hashes");
        let cases = [
            String::new(),
            "not a hash".into(),
            "$argon2id$".into(),
            good[..good.len() - 5].to_string(),
            good.replace("argon2id", "argon2i"),
            good.replace("m=19456", "m=4000000"),
            good.replace("t=2", "t=4000"),
            "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW".into(),
        ];
        for phc in &cases {
            assert!(!verify("a long enough password", phc), "{phc:?}");
        }
        for garbage in [
            "",
            "not a hash",
            "$argon2id$",
            &good.replace("argon2id", "argon2i"),
        ] {
            assert!(needs_rehash(garbage), "{garbage:?}");
        }
    }

    #[test]
    fn verify_refuses_passwords_over_the_limit_without_hashing() {
        let long = "x".repeat(MAX_BYTES + 1);
        assert!(!verify(&long, DUMMY_HASH));
    }

    #[test]
    fn the_dummy_hash_uses_todays_parameters_and_never_matches() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(
            !needs_rehash(DUMMY_HASH),
            "update DUMMY_HASH with the parameters"
        );
        assert!(
            verify("dateline dummy password", DUMMY_HASH),
            "the dummy is a real hash"
        );
        assert!(!verify_dummy("dateline dummy password"));
        assert!(!verify_dummy("anything else"));
    }

    #[test]
    fn weaker_or_other_parameters_need_a_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8, 1, 1, None).expect("valid params"),
        );
        let salt = SaltString::encode_b64(b"0123456789abcdef").expect("salt");
        let h = weak
            .hash_password(b"some password", &salt)
            .expect("hashes")
            .to_string();
        assert!(verify("some password", &h), "old hashes still verify");
        assert!(needs_rehash(&h));
    }

    #[test]
    fn the_policy_checks_length_and_the_user_name_only() {
        let alice = user("alice");
        let longname = user("alexandrovich");
        let cases: &[(&str, &UserName, Result<(), AuthError>)] = &[
            ("twelve chars", &alice, Ok(())),
            ("alllowercaseletters", &alice, Ok(())),
            ("ñandú ñandú!", &alice, Ok(())),
            (
                "eleven char",
                &alice,
                Err(AuthError::PasswordTooShort { min: 12, got: 11 }),
            ),
            (
                "",
                &alice,
                Err(AuthError::PasswordTooShort { min: 12, got: 0 }),
            ),
            // Twelve bytes, but six characters.
            (
                "éééééé",
                &alice,
                Err(AuthError::PasswordTooShort { min: 12, got: 6 }),
            ),
            (
                "Alexandrovich",
                &longname,
                Err(AuthError::PasswordIsUserName),
            ),
            (
                " alexandrovich ",
                &longname,
                Err(AuthError::PasswordIsUserName),
            ),
            ("alexandrovich1", &longname, Ok(())),
        ];
        for (pw, u, want) in cases {
            assert_eq!(check_policy(pw, u), *want, "{pw:?}");
        }
        assert_eq!(check_policy(&"x".repeat(MAX_BYTES), &alice), Ok(()));
        assert_eq!(
            check_policy(&"x".repeat(MAX_BYTES + 1), &alice),
            Err(AuthError::PasswordTooLong { max: MAX_BYTES })
        );
    }
}
