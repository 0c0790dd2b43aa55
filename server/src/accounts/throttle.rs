//! Failed sign-ins slow the next ones, per account name and per client address.
//!
//! Each counts failures: after [`FREE_PER_ACCOUNT`] (or [`FREE_PER_ADDRESS`])
//! of them, the next attempt must wait one second after the last failure,
//! then two, four, and so on up to [`MAX_WAIT`]. An attempt counts as a
//! failure from the moment it starts, so attempts sent all at once are slowed
//! like attempts sent one by one; a success takes its attempt back and clears
//! the account's count (not the address's, so one good account does not
//! unlock guessing at others). A count is forgotten [`FORGET_AFTER`] its last
//! failure. The counts live in memory, in the server's state.

use atlas_model::account::MAX_NAME_BYTES;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Failures of one account name before attempts must wait.
pub const FREE_PER_ACCOUNT: u32 = 5;
/// Failures from one address before attempts must wait: more than per
/// account, since many people may share one address.
pub const FREE_PER_ADDRESS: u32 = 20;
/// The longest wait, in seconds.
pub const MAX_WAIT: u64 = 15 * 60;
/// How long after its last failure a count is forgotten, in seconds.
pub const FORGET_AFTER: u64 = 60 * 60;
/// The most counts kept of each kind; past it, the stalest is dropped.
const MAX_ENTRIES: usize = 10_000;

/// The failure counts of one server (shared by its workers).
#[derive(Debug, Clone, Default)]
pub struct SignInThrottle {
    counts: Arc<Mutex<Counts>>,
}

#[derive(Debug, Default)]
struct Counts {
    accounts: HashMap<String, Failures>,
    addresses: HashMap<Option<IpAddr>, Failures>,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: u64,
}

impl Failures {
    /// Seconds until another attempt may start at `now`; 0 when it may now.
    fn wait(self, free: u32, now: u64) -> u64 {
        if self.count < free {
            return 0;
        }
        let wait = 1u64
            .checked_shl(self.count - free)
            .unwrap_or(MAX_WAIT)
            .min(MAX_WAIT);
        (self.last + wait).saturating_sub(now)
    }
}

/// An attempt let through: report how it went with [`SignInThrottle::succeeded`].
#[derive(Debug)]
pub struct Attempt {
    account: String,
    address: Option<IpAddr>,
}

impl SignInThrottle {
    /// Starts an attempt to sign in as `name` from `address` at `now` (Unix
    /// seconds), counting it as a failure; `Err(seconds)` to wait first.
    pub fn begin(&self, name: &str, address: Option<IpAddr>, now: u64) -> Result<Attempt, u64> {
        // No account's name is longer: a longer one is kept only as long as
        // that, so made-up names cannot fill memory.
        let account: String = name
            .chars()
            .take(MAX_NAME_BYTES + 1)
            .collect::<String>()
            .to_ascii_lowercase();
        let mut counts = self.lock();
        let wait = counts
            .accounts
            .get(&account)
            .map_or(0, |f| f.wait(FREE_PER_ACCOUNT, now))
            .max(
                counts
                    .addresses
                    .get(&address)
                    .map_or(0, |f| f.wait(FREE_PER_ADDRESS, now)),
            );
        if wait > 0 {
            return Err(wait);
        }
        fail(&mut counts.accounts, account.clone(), now);
        fail(&mut counts.addresses, address, now);
        Ok(Attempt { account, address })
    }

    /// The attempt succeeded: it was no failure, and the account starts afresh.
    pub fn succeeded(&self, attempt: Attempt) {
        let mut counts = self.lock();
        counts.accounts.remove(&attempt.account);
        if let Some(failures) = counts.addresses.get_mut(&attempt.address) {
            failures.count = failures.count.saturating_sub(1);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        // The counts stay consistent whatever a panicking holder did: each change is one step.
        self.counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Counts a failure of `key` at `now`, forgetting stale counts when the map is full.
fn fail<K: std::hash::Hash + Eq + Clone>(map: &mut HashMap<K, Failures>, key: K, now: u64) {
    if map.len() >= MAX_ENTRIES && !map.contains_key(&key) {
        map.retain(|_, f| now.saturating_sub(f.last) < FORGET_AFTER);
        if map.len() >= MAX_ENTRIES
            && let Some(stalest) = map
                .iter()
                .min_by_key(|(_, f)| f.last)
                .map(|(k, _)| k.clone())
        {
            map.remove(&stalest);
        }
    }
    let failures = map.entry(key).or_insert(Failures {
        count: 0,
        last: now,
    });
    if now.saturating_sub(failures.last) >= FORGET_AFTER {
        failures.count = 0;
    }
    failures.count += 1;
    failures.last = now;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_waits_after_its_free_failures_twice_as_long_each_time() {
        let throttle = SignInThrottle::default();
        for _ in 0..FREE_PER_ACCOUNT {
            assert!(throttle.begin("Ada", None, 1000).is_ok());
        }
        assert_eq!(throttle.begin("ada", None, 1000).err(), Some(1));
        assert!(throttle.begin("ada", None, 1001).is_ok());
        assert_eq!(throttle.begin("ada", None, 1001).err(), Some(2));
        assert!(
            throttle.begin("other", None, 1001).is_ok(),
            "another account is not slowed"
        );
    }

    #[test]
    fn a_success_clears_the_account_but_not_the_address() {
        let throttle = SignInThrottle::default();
        let address = Some(IpAddr::from([192, 0, 2, 1]));
        for _ in 0..FREE_PER_ACCOUNT {
            assert!(throttle.begin("ada", address, 1000).is_ok());
        }
        // The account waits one second; then a right password clears it.
        let attempt = throttle
            .begin("ada", address, 1001)
            .expect("after the wait");
        throttle.succeeded(attempt);
        assert!(throttle.begin("ada", address, 1001).is_ok());
    }

    #[test]
    fn an_address_guessing_at_many_accounts_is_slowed() {
        let throttle = SignInThrottle::default();
        let address = Some(IpAddr::from([192, 0, 2, 1]));
        for i in 0..FREE_PER_ADDRESS {
            assert!(throttle.begin(&format!("user{i}"), address, 1000).is_ok());
        }
        assert_eq!(throttle.begin("fresh", address, 1000).err(), Some(1));
        assert!(
            throttle
                .begin("fresh", Some(IpAddr::from([192, 0, 2, 2])), 1000)
                .is_ok()
        );
    }

    #[test]
    fn made_up_names_are_counted_by_their_first_characters_only() {
        let throttle = SignInThrottle::default();
        let long = "x".repeat(10_000);
        for _ in 0..FREE_PER_ACCOUNT {
            assert!(throttle.begin(&long, None, 1000).is_ok());
        }
        assert_eq!(
            throttle
                .begin(&"x".repeat(MAX_NAME_BYTES + 1), None, 1000)
                .err(),
            Some(1)
        );
        let counts = throttle.lock();
        assert!(
            counts
                .accounts
                .keys()
                .all(|k| k.len() <= MAX_NAME_BYTES + 1)
        );
    }

    #[test]
    fn waits_stop_growing_and_counts_are_forgotten() {
        let throttle = SignInThrottle::default();
        let mut now = 0;
        let mut waits = Vec::new();
        while waits.last() != Some(&MAX_WAIT) {
            if let Err(wait) = throttle.begin("ada", None, now) {
                assert!(wait <= MAX_WAIT);
                waits.push(wait);
                now += wait;
            }
        }
        assert_eq!(waits[..4], [1, 2, 4, 8]);
        assert!(throttle.begin("ada", None, now + FORGET_AFTER).is_ok());
        assert!(throttle.begin("ada", None, now + FORGET_AFTER).is_ok());
    }
}
