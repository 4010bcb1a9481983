//! Rate limiting of failed sign-ins, per account and per client address, in memory.
//!
//! A sliding window: an account (or address) that has failed [`Limits::per_account`] (or
//! [`Limits::per_address`]) times within [`Limits::window`] is refused until its oldest failure
//! in the window is older than the window. Unknown account names count like known ones, so the
//! limiter's answers do not tell which accounts exist.
//!
//! Memory is bounded: at most [`Limits::max_keys`] accounts and as many addresses are tracked,
//! each with at most its limit of timestamps. When full, expired entries are dropped first, then
//! the entry whose last failure is oldest. (An attacker could evict a target's record only by
//! failing sign-ins for `max_keys` other names, which the per-address limit slows to
//! `per_address` a window per address.) Time is passed in, so tests need no sleeps.
//!
//! IPv6 addresses are counted per /64, the block a single customer usually holds.
//! A success clears the account's failures but not the address's: otherwise an attacker could
//! reset their address's count by signing into an account of their own between guesses.
//! Being in memory, counts are per replica and reset on restart.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The limits; [`Limits::default`] is 5 per account and 20 per address per 15 minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Failures allowed per account within the window.
    pub per_account: usize,
    /// Failures allowed per client address (IPv6: per /64) within the window.
    pub per_address: usize,
    /// The sliding window.
    pub window: Duration,
    /// Most accounts tracked, and most addresses tracked.
    pub max_keys: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_account: 5,
            per_address: 20,
            window: Duration::from_secs(15 * 60),
            max_keys: 10_000,
        }
    }
}

/// Longest account key kept, in bytes: longer input is truncated (user names are ≤ 64).
const MAX_ACCOUNT_KEY: usize = 128;

/// Recent failures of one key, oldest first.
type Failures = VecDeque<Instant>;

/// One table of keys → failures, with its limit.
#[derive(Debug)]
struct Table<K> {
    limit: usize,
    entries: HashMap<K, Failures>,
}

impl<K: std::hash::Hash + Eq + Clone> Table<K> {
    fn new(limit: usize) -> Self {
        Table {
            limit,
            entries: HashMap::new(),
        }
    }

    /// How long `key` must wait at `now`, if it is at its limit.
    fn wait(&self, key: &K, now: Instant, window: Duration) -> Option<Duration> {
        let f = self.entries.get(key)?;
        let in_window: Vec<&Instant> = f.iter().filter(|t| now < **t + window).collect();
        if in_window.len() < self.limit.max(1) {
            return None;
        }
        let oldest = *in_window[in_window.len() - self.limit.max(1)];
        Some((oldest + window).saturating_duration_since(now))
    }

    fn record(&mut self, key: K, now: Instant, window: Duration, max_keys: usize) {
        if !self.entries.contains_key(&key) && self.entries.len() >= max_keys.max(1) {
            self.entries
                .retain(|_, f| f.back().is_some_and(|last| now < *last + window));
            if self.entries.len() >= max_keys.max(1) {
                let oldest = self
                    .entries
                    .iter()
                    .min_by_key(|(_, f)| f.back().copied())
                    .map(|(k, _)| k.clone());
                if let Some(k) = oldest {
                    self.entries.remove(&k);
                }
            }
        }
        let f = self.entries.entry(key).or_default();
        while f.front().is_some_and(|t| now >= *t + window) {
            f.pop_front();
        }
        f.push_back(now);
        while f.len() > self.limit.max(1) {
            f.pop_front();
        }
    }
}

#[derive(Debug)]
struct Inner {
    limits: Limits,
    accounts: Table<String>,
    addresses: Table<IpAddr>,
}

/// Counts failed sign-ins and says when to refuse the next attempt.
///
/// Thread-safe; cloning is cheap and clones share one state (an `Arc<Mutex<…>>` inside).
#[derive(Debug, Clone)]
pub struct SignInLimiter {
    inner: Arc<Mutex<Inner>>,
}

impl Default for SignInLimiter {
    fn default() -> Self {
        SignInLimiter::new(Limits::default())
    }
}

fn account_key(account: &str) -> String {
    let mut end = account.len().min(MAX_ACCOUNT_KEY);
    while !account.is_char_boundary(end) {
        end -= 1;
    }
    account[..end].trim().to_lowercase()
}

fn address_key(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(bits.into())
            }
        },
        v4 => v4,
    }
}

impl SignInLimiter {
    /// A limiter with the given limits.
    pub fn new(limits: Limits) -> Self {
        SignInLimiter {
            inner: Arc::new(Mutex::new(Inner {
                limits,
                accounts: Table::new(limits.per_account),
                addresses: Table::new(limits.per_address),
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves at worst a partly updated count; keep going.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a sign-in for `account` from `addr` may be tried at `now`.
    ///
    /// # Errors
    /// `Err(retry_after)` when the account or the address is at its limit: how long until the
    /// next attempt would be allowed (for a `Retry-After` header). Check before verifying the
    /// password, so a refused attempt costs no hashing.
    pub fn check(&self, account: &str, addr: IpAddr, now: Instant) -> Result<(), Duration> {
        let g = self.lock();
        let w = g.limits.window;
        let a = g.accounts.wait(&account_key(account), now, w);
        let b = g.addresses.wait(&address_key(addr), now, w);
        match a.max(b) {
            Some(d) => Err(d.max(Duration::from_secs(1))),
            None => Ok(()),
        }
    }

    /// Records a failed sign-in (wrong password or unknown account) at `now`.
    pub fn failure(&self, account: &str, addr: IpAddr, now: Instant) {
        let mut g = self.lock();
        let (w, max) = (g.limits.window, g.limits.max_keys);
        g.accounts.record(account_key(account), now, w, max);
        g.addresses.record(address_key(addr), now, w, max);
    }

    /// Records a successful sign-in: forgets the account's failures (not the address's; see
    /// the module docs).
    pub fn success(&self, account: &str) {
        self.lock().accounts.entries.remove(&account_key(account));
    }

    /// How many accounts and addresses are tracked, for tests and metrics.
    pub fn tracked(&self) -> (usize, usize) {
        let g = self.lock();
        (g.accounts.entries.len(), g.addresses.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("valid test address")
    }

    #[test]
    fn an_account_is_refused_after_five_failures_until_the_oldest_leaves_the_window() {
        let l = SignInLimiter::default();
        let t0 = Instant::now();
        for i in 0..5 {
            let at = t0 + MIN * i;
            assert_eq!(l.check("alice", ip("10.0.0.1"), at), Ok(()), "attempt {i}");
            l.failure("alice", ip("10.0.0.1"), at);
        }
        // Five failures at minutes 0..4: refused until minute 15, from any address.
        let at = t0 + MIN * 5;
        assert_eq!(l.check("alice", ip("10.0.0.1"), at), Err(MIN * 10));
        assert_eq!(l.check("ALICE", ip("192.0.2.9"), at), Err(MIN * 10));
        assert_eq!(l.check("bob", ip("10.0.0.1"), at), Ok(()));
        assert!(
            l.check(
                "alice",
                ip("10.0.0.1"),
                t0 + MIN * 15 - Duration::from_secs(1)
            )
            .is_err()
        );
        assert_eq!(l.check("alice", ip("10.0.0.1"), t0 + MIN * 15), Ok(()));
        // One more failure at minute 15 refuses again until the next oldest (minute 1) expires.
        l.failure("alice", ip("10.0.0.1"), t0 + MIN * 15);
        assert_eq!(l.check("alice", ip("10.0.0.1"), t0 + MIN * 15), Err(MIN));
    }

    #[test]
    fn an_address_is_refused_after_twenty_failures_across_accounts() {
        let l = SignInLimiter::default();
        let t0 = Instant::now();
        for i in 0..20 {
            l.failure(&format!("user{i}"), ip("198.51.100.7"), t0);
        }
        assert_eq!(l.check("new", ip("198.51.100.7"), t0), Err(MIN * 15));
        assert_eq!(l.check("new", ip("198.51.100.8"), t0), Ok(()));
    }

    #[test]
    fn ipv6_addresses_count_per_slash_64_and_mapped_v4_as_v4() {
        let l = SignInLimiter::new(Limits {
            per_address: 2,
            ..Limits::default()
        });
        let t0 = Instant::now();
        l.failure("a", ip("2001:db8:1:2::1"), t0);
        l.failure("b", ip("2001:db8:1:2:ffff::9"), t0);
        assert!(l.check("c", ip("2001:db8:1:2::abcd"), t0).is_err());
        assert_eq!(l.check("c", ip("2001:db8:1:3::1"), t0), Ok(()));
        l.failure("a", ip("::ffff:203.0.113.5"), t0);
        l.failure("b", ip("203.0.113.5"), t0);
        assert!(l.check("c", ip("203.0.113.5"), t0).is_err());
    }

    #[test]
    fn success_clears_the_account_but_not_the_address() {
        let l = SignInLimiter::new(Limits {
            per_account: 2,
            per_address: 3,
            ..Limits::default()
        });
        let t0 = Instant::now();
        let addr = ip("10.1.1.1");
        l.failure("alice", addr, t0);
        l.failure("alice", addr, t0);
        assert!(l.check("alice", ip("10.9.9.9"), t0).is_err());
        l.success("Alice");
        assert_eq!(l.check("alice", ip("10.9.9.9"), t0), Ok(()));
        l.failure("mallory", addr, t0);
        assert!(
            l.check("alice", addr, t0).is_err(),
            "the address keeps its count"
        );
    }

    #[test]
    fn retry_after_is_at_least_a_second() {
        let l = SignInLimiter::new(Limits {
            per_account: 1,
            window: Duration::from_millis(10),
            ..Limits::default()
        });
        let t0 = Instant::now();
        l.failure("a", ip("10.0.0.1"), t0);
        assert_eq!(
            l.check("a", ip("10.0.0.1"), t0),
            Err(Duration::from_secs(1))
        );
    }

    #[test]
    fn memory_is_bounded_and_the_oldest_entry_is_evicted() {
        let l = SignInLimiter::new(Limits {
            per_account: 1,
            per_address: 1000,
            max_keys: 3,
            ..Limits::default()
        });
        let t0 = Instant::now();
        let addr = |i: u8| IpAddr::from([10, 0, 0, i]);
        for (i, name) in ["a", "b", "c", "d"].iter().enumerate() {
            let i = u8::try_from(i).expect("small");
            l.failure(name, addr(i), t0 + MIN * u32::from(i));
        }
        assert_eq!(l.tracked(), (3, 3));
        let at = t0 + MIN * 4;
        assert_eq!(l.check("a", addr(9), at), Ok(()), "oldest evicted");
        for name in ["b", "c", "d"] {
            assert!(l.check(name, addr(9), at).is_err(), "{name} kept");
        }
        // Expired entries go before live ones.
        let later = t0 + MIN * 17; // b (minute 1) and c (minute 2) have expired
        l.failure("e", addr(20), later);
        l.failure("f", addr(21), later);
        assert!(l.check("d", addr(9), later).is_err(), "d is still live");
        for _ in 0..10_000 {
            l.failure("g", addr(22), later);
        }
        assert_eq!(l.tracked().0, 3);
    }

    #[test]
    fn long_account_names_are_truncated_and_do_not_panic() {
        let l = SignInLimiter::default();
        let t0 = Instant::now();
        let long = "é".repeat(1000);
        for _ in 0..5 {
            l.failure(&long, ip("10.0.0.1"), t0);
        }
        assert!(l.check(&long, ip("10.0.0.2"), t0).is_err());
    }

    #[test]
    fn clones_share_state_across_threads() {
        let l = SignInLimiter::default();
        let t0 = Instant::now();
        let handles: Vec<_> = (0..5)
            .map(|_| {
                let l = l.clone();
                std::thread::spawn(move || l.failure("shared", ip("10.0.0.1"), t0))
            })
            .collect();
        for h in handles {
            h.join().expect("thread finished");
        }
        assert!(l.check("shared", ip("10.0.0.2"), t0).is_err());
    }
}
