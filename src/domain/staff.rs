//! Staff who sign in to the staff screens or unlock the kiosk, and their PINs.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

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

#[cfg(test)]
mod tests {
    use super::*;

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
