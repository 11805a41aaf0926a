//! Enrolling laptops: each gets a random bearer token, of which only the SHA-256 is stored. A
//! token is bound to the first device id that uses it and can be revoked; a device id is bound to
//! at most one token, ever.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use tokio_postgres::GenericClient;

use super::error::{CentralError, Result};

/// One enrolled laptop, as `fairfloor central devices` lists it (`--json`: these fields, times
/// in RFC 3339, absent ones null).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Device {
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The laptop's own id, once it has used the token.
    pub device_id: Option<String>,
}

/// A new random token: 256 bits from the operating system, as 64 hex digits.
pub fn new_token() -> Result<String> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| CentralError::Random(error.to_string()))?;
    Ok(hex::encode(bytes))
}

/// What is stored in place of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

fn check_label(label: &str) -> Result<&str> {
    let label = label.trim();
    if label.is_empty() || label.chars().any(char::is_control) {
        return Err(CentralError::BadLabel);
    }
    Ok(label)
}

/// Enrols a laptop and returns its token (shown once; only its hash is kept).
pub async fn add(client: &impl GenericClient, label: &str) -> Result<String> {
    let label = check_label(label)?;
    let token = new_token()?;
    let inserted = client
        .execute(
            "INSERT INTO device_tokens (label, token_hash) VALUES ($1, $2)
             ON CONFLICT (label) WHERE revoked_at IS NULL DO NOTHING",
            &[&label, &token_hash(&token)],
        )
        .await?;
    if inserted == 0 {
        return Err(CentralError::LabelTaken(label.to_string()));
    }
    Ok(token)
}

/// Revokes the live token with this label; its laptop gets 401 from then on.
pub async fn revoke(client: &impl GenericClient, label: &str) -> Result<()> {
    let label = check_label(label)?;
    let revoked = client
        .execute(
            "UPDATE device_tokens SET revoked_at = now() WHERE label = $1 AND revoked_at IS NULL",
            &[&label],
        )
        .await?;
    if revoked == 0 {
        return Err(CentralError::NoSuchDevice(label.to_string()));
    }
    Ok(())
}

/// Every token ever issued, oldest first.
pub async fn list(client: &impl GenericClient) -> Result<Vec<Device>> {
    let rows = client
        .query(
            "SELECT label, created_at, last_seen_at, revoked_at, device_id
             FROM device_tokens ORDER BY created_at, id",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| Device {
            label: row.get(0),
            created_at: row.get(1),
            last_seen_at: row.get(2),
            revoked_at: row.get(3),
            device_id: row.get(4),
        })
        .collect())
}

/// Whether a token may send a batch for a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    Granted,
    /// No such token, or revoked.
    Unknown,
    /// The token belongs to another laptop (its bound device id).
    OtherDevice(String),
    /// The token is unused, but the device id is already bound to another token (live or
    /// revoked, labelled `label`): this laptop's database is a copy of that laptop's.
    EnrolledElsewhere {
        label: String,
    },
}

/// Checks a token for `device_id` and, on first use, binds it to that device. Run inside the
/// batch's transaction, so a refused batch binds nothing.
pub async fn authorise(
    client: &impl GenericClient,
    token: &str,
    device_id: &str,
) -> Result<Access> {
    let row = client
        .query_opt(
            "SELECT id, device_id FROM device_tokens
             WHERE token_hash = $1 AND revoked_at IS NULL FOR UPDATE",
            &[&token_hash(token)],
        )
        .await?;
    let Some(row) = row else {
        return Ok(Access::Unknown);
    };
    let id: i64 = row.get(0);
    let bound: Option<String> = row.get(1);
    match bound {
        Some(bound) if bound != device_id => return Ok(Access::OtherDevice(bound)),
        Some(_) => {}
        None => {
            // A device id belongs to one enrolment for ever: two tokens on one id would let two
            // databases send as one laptop, and the centre would take one's changes for the
            // other's resends. (The unique index of migration 0002 holds the same rule against
            // two first uses at once.)
            let taken = client
                .query_opt(
                    "SELECT label FROM device_tokens WHERE device_id = $1 AND id <> $2",
                    &[&device_id, &id],
                )
                .await?;
            if let Some(row) = taken {
                return Ok(Access::EnrolledElsewhere { label: row.get(0) });
            }
        }
    }
    let updated = client
        .execute(
            "UPDATE device_tokens SET device_id = $2, last_seen_at = now() WHERE id = $1",
            &[&id, &device_id],
        )
        .await;
    match updated {
        Ok(_) => Ok(Access::Granted),
        // Another unused token bound this device id in the same moment and won.
        Err(error) if error.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) => {
            Ok(Access::EnrolledElsewhere {
                label: "another laptop".into(),
            })
        }
        Err(error) => Err(error.into()),
    }
}

/// Whether a token is live at all (for requests that carry no device id).
pub async fn is_live(client: &impl GenericClient, token: &str) -> Result<Option<Option<String>>> {
    Ok(client
        .query_opt(
            "SELECT device_id FROM device_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
            &[&token_hash(token)],
        )
        .await?
        .map(|row| row.get(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_random_bits_and_stored_only_as_a_hash() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&format!(" {a}\n")));
    }

    #[test]
    fn a_label_must_be_printable_text() {
        assert!(check_label("  ").is_err());
        assert!(check_label("Laptop\u{7}").is_err());
        assert_eq!(check_label(" Laptop B ").unwrap(), "Laptop B");
    }
}
