//! Staff who sign in to the staff screens or unlock the kiosk, their PINs, and how wrong PINs
//! are slowed down ([`PinPolicy`]).

use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Utc};

stored_enum! {
    /// What a member of staff may do. Coordinators see everything recruiters see, and more.
    pub enum StaffRole {
        Recruiter,
        Coordinator,
    }
}

/// A member of staff as the screens know them (never with the PIN hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: String,
    pub name: String,
    pub role: StaffRole,
}

/// Hashing a PIN failed; only possible if the OS random source is unavailable.
#[derive(Debug, thiserror::Error)]
#[error("could not hash the PIN: {0}")]
pub struct PinHashError(String);

/// Hashes a PIN as an argon2id PHC string with a fresh random salt.
pub fn hash_pin(pin: &str) -> Result<String, PinHashError> {
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| PinHashError(e.to_string()))
}

/// True when `pin` matches the stored hash. A stored hash that cannot be parsed matches nothing.
pub fn verify_pin(pin: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Wrong PINs in a row for one member of staff, or on one laptop, as the database keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinFailures {
    /// Wrong PINs since the last right one.
    pub count: u32,
    /// When the last wrong PIN was typed.
    pub last_at: Option<DateTime<Utc>>,
    /// When too many wrong PINs locked this member of staff; cleared only by a coordinator.
    pub locked_at: Option<DateTime<Utc>>,
}

/// How wrong PINs are slowed down: a few are free (everyone mistypes), then each one doubles the
/// wait before the next PIN is even checked, up to a cap; for a person, enough of them lock the
/// PIN until a coordinator clears it. Waits run from the stored time of the last wrong PIN, so
/// they survive closing the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinPolicy {
    /// Wrong PINs in a row with no wait.
    pub free: u32,
    /// The wait after the first wrong PIN past the free ones; each one after doubles it.
    pub first_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
    /// Wrong PINs in a row that lock the PIN, if any.
    pub lock_after: Option<u32>,
}

impl PinPolicy {
    /// One member of staff: 3 free, then 30 s, 1, 2, 4, 8, 15 minutes; the 10th locks.
    pub const PERSON: PinPolicy = PinPolicy {
        free: 3,
        first_delay: Duration::from_secs(30),
        max_delay: Duration::from_secs(15 * 60),
        lock_after: Some(10),
    };

    /// One laptop, across every name and the kiosk: 5 free, then 30 s doubling to 5 minutes.
    /// Never a lock, so nobody can shut every member of staff out of a laptop.
    pub const LAPTOP: PinPolicy = PinPolicy {
        free: 5,
        first_delay: Duration::from_secs(30),
        max_delay: Duration::from_secs(5 * 60),
        lock_after: None,
    };

    /// The wait after `failures` wrong PINs in a row, before the next PIN is checked.
    pub fn delay_after(&self, failures: u32) -> Duration {
        if failures <= self.free {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free - 1).min(31);
        self.first_delay
            .checked_mul(1 << doublings)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    /// Until when the next PIN waits, if it does. A last failure "in the future" (the clock was
    /// put back) counts from now, so a wrong clock never makes the wait longer than the policy's.
    pub fn paused_until(
        &self,
        failures: &PinFailures,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let last = failures.last_at?.min(now);
        let delay = chrono::Duration::from_std(self.delay_after(failures.count)).ok()?;
        let until = last + delay;
        (until > now).then_some(until)
    }

    /// Whether this many wrong PINs in a row lock the PIN.
    pub fn locks_at(&self, failures: u32) -> bool {
        self.lock_after.is_some_and(|n| failures >= n)
    }

    /// Wrong PINs that can still be typed, after `failures`, before the first wait.
    pub fn free_left(&self, failures: u32) -> u32 {
        self.free.saturating_sub(failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-29T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + chrono::Duration::seconds(seconds)
    }

    #[test]
    fn the_delay_is_none_for_three_then_doubles_up_to_a_cap() {
        let person = PinPolicy::PERSON;
        let waits: Vec<u64> = (0..=12).map(|n| person.delay_after(n).as_secs()).collect();
        assert_eq!(
            waits,
            [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900, 900]
        );
        assert_eq!(person.delay_after(u32::MAX).as_secs(), 900, "no overflow");
        let laptop = PinPolicy::LAPTOP;
        let waits: Vec<u64> = (0..=9).map(|n| laptop.delay_after(n).as_secs()).collect();
        assert_eq!(waits, [0, 0, 0, 0, 0, 0, 30, 60, 120, 240]);
        assert_eq!(laptop.delay_after(10).as_secs(), 300);
        assert!(person.locks_at(10) && !person.locks_at(9));
        assert!(!laptop.locks_at(u32::MAX));
    }

    #[test]
    fn the_wait_runs_from_the_last_wrong_pin() {
        let person = PinPolicy::PERSON;
        let four = PinFailures {
            count: 4,
            last_at: Some(at(0)),
            locked_at: None,
        };
        assert_eq!(person.paused_until(&four, at(10)), Some(at(30)));
        assert_eq!(person.paused_until(&four, at(30)), None);
        let three = PinFailures {
            count: 3,
            ..four.clone()
        };
        assert_eq!(person.paused_until(&three, at(1)), None);
        // The clock was put back an hour: the wait is the policy's, from now, not an hour more.
        assert_eq!(person.paused_until(&four, at(-3600)), Some(at(-3570)));
        assert_eq!(person.paused_until(&PinFailures::default(), at(0)), None);
    }

    #[test]
    fn a_pin_verifies_against_its_own_hash_only() {
        let hash = hash_pin("4821").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_pin("4821", &hash));
        assert!(!verify_pin("4822", &hash));
        assert!(!verify_pin("4821", "not a hash"));
        assert_ne!(
            hash,
            hash_pin("4821").unwrap(),
            "each hash has its own salt"
        );
    }
}
