//! The one way state changes are recorded: an `audit_log` row (hash-chained) and, for records the
//! central service keeps, an `outbox` row, both inside the caller's transaction.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::error::Result;
use super::time::rfc3339;
use crate::records::Synced;

/// The hash that comes before the first audit row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The actor of demo data (`fairfloor demo`, the first run's demo fair), whose times are made up.
pub const DEMO_ACTOR: &str = "demo";

/// Who made a change and when.
#[derive(Debug, Clone)]
pub struct Actor {
    /// `kiosk`, `cli`, `import`, `demo` or `staff:<id>`.
    pub name: String,
    pub at: DateTime<Utc>,
    /// Whether `at` was read from this laptop's clock. Demo data recorded at times it makes up
    /// (interviews spread over the day) is not, so the clock checks leave it alone.
    pub from_clock: bool,
}

impl Actor {
    pub fn new(name: impl Into<String>, at: DateTime<Utc>) -> Self {
        let name = name.into();
        Self {
            from_clock: name != DEMO_ACTOR,
            name,
            at,
        }
    }

    pub fn staff(staff_id: &str, at: DateTime<Utc>) -> Self {
        Self::new(format!("staff:{staff_id}"), at)
    }

    /// The same actor at a time that was made up, not read from the clock.
    pub fn at_made_up_time(mut self) -> Self {
        self.from_clock = false;
        self
    }
}

/// One change to record. `detail` goes into the audit log, which is never purged, so it must hold
/// no personal data; `synced` carries the record (built from its [`crate::records`] struct) to
/// the outbox for the central service, under its own entity and id.
pub struct Change<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub detail: Value,
    pub synced: Option<Synced>,
}

/// A write transaction on this laptop's file (taken with the lock, see `Store::write`), which
/// records each change as this laptop's. It reads like the transaction it holds.
pub struct Writing<'a> {
    tx: Transaction<'a>,
    device_id: &'a str,
    pack_version: Option<&'a str>,
}

impl<'a> Writing<'a> {
    pub(super) fn new(
        tx: Transaction<'a>,
        device_id: &'a str,
        pack_version: Option<&'a str>,
    ) -> Self {
        Self {
            tx,
            device_id,
            pack_version,
        }
    }

    /// This laptop's device id.
    pub fn device_id(&self) -> &'a str {
        self.device_id
    }

    /// The fair pack's version the screens work under ([`super::Store::use_pack`]), which
    /// interviews and offers record.
    pub fn pack_version(&self) -> Option<&'a str> {
        self.pack_version
    }

    /// Records `change`, made by `actor`, as this laptop's (see [`record`]).
    pub fn record(&self, actor: &Actor, change: Change<'_>) -> Result<()> {
        record(&self.tx, self.device_id, actor, change)
    }

    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

impl<'a> std::ops::Deref for Writing<'a> {
    type Target = Transaction<'a>;

    fn deref(&self) -> &Transaction<'a> {
        &self.tx
    }
}

/// The fields an audit row's hash covers, in order.
pub struct AuditFields<'a> {
    pub prev_hash: &'a str,
    pub id: &'a str,
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub detail: &'a str,
}

impl AuditFields<'_> {
    pub fn hash(&self) -> String {
        let mut hasher = Sha256::new();
        for field in [
            self.prev_hash,
            self.id,
            self.at,
            self.actor,
            self.action,
            self.entity,
            self.entity_id,
            self.detail,
        ] {
            // Length-prefixed, so no two different rows hash the same bytes.
            hasher.update((field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
        hex::encode(hasher.finalize())
    }
}

/// Appends the audit row and, when the change is synced, the outbox row. A clock that jumped
/// since the last recorded change (see [`crate::domain::clock`]) is noted first, as a warning
/// with its own audit row: the change itself is never refused for it.
pub fn record(
    tx: &Transaction<'_>,
    device_id: &str,
    actor: &Actor,
    change: Change<'_>,
) -> Result<()> {
    let at = rfc3339(actor.at);
    let mut prev_hash: String = tx
        .prepare_cached("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |row| row.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS_HASH.to_string());
    // Demo data is written at times it makes up, not read from the clock: it is neither checked
    // nor compared with.
    let last_read: Option<String> = if !actor.from_clock {
        None
    } else {
        tx.prepare_cached("SELECT at FROM audit_log WHERE actor <> ?1 ORDER BY seq DESC LIMIT 1")?
            .query_row([DEMO_ACTOR], |row| row.get(0))
            .optional()?
    };
    if let Some(last_at) = &last_read
        && let Some(jump) = super::clock::notice_jump(tx, change.action, last_at, actor.at)?
    {
        prev_hash = append_audit(
            tx,
            &prev_hash,
            &at,
            &actor.name,
            "clock.jump",
            "clock",
            device_id,
            &serde_json::json!({ "from": rfc3339(jump.from), "to": rfc3339(jump.to) }).to_string(),
        )?;
    }
    let detail = change.detail.to_string();
    append_audit(
        tx,
        &prev_hash,
        &at,
        &actor.name,
        change.action,
        change.entity,
        change.entity_id,
        &detail,
    )?;
    if let Some(synced) = &change.synced {
        // The audit row and the outbox row name the same record.
        debug_assert_eq!(
            (synced.entity.as_ref(), synced.id.as_str()),
            (change.entity, change.entity_id)
        );
        enqueue(tx, device_id, synced, &at)?;
    }
    Ok(())
}

/// Appends one audit row after `prev_hash` and returns its hash.
#[allow(clippy::too_many_arguments)]
fn append_audit(
    tx: &Transaction<'_>,
    prev_hash: &str,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    detail: &str,
) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let fields = AuditFields {
        prev_hash,
        id: &id,
        at,
        actor,
        action,
        entity,
        entity_id,
        detail,
    };
    let hash = fields.hash();
    tx.prepare_cached(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id, at, actor, action, entity, entity_id, detail, prev_hash, hash
    ])?;
    Ok(hash)
}

/// Appends a record to the outbox only. For records written as part of a change that already
/// has its audit row (a registration's equality answers), so the audit log gets one row per
/// thing a person did, not one per table row.
pub fn enqueue(tx: &Transaction<'_>, device_id: &str, synced: &Synced, at: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO outbox (device_id, entity, entity_id, op, payload, at)
         VALUES (?1, ?2, ?3, 'upsert', ?4, ?5)",
    )?
    .execute(params![
        device_id,
        synced.entity.as_ref(),
        synced.id,
        synced.payload.to_string(),
        at
    ])?;
    Ok(())
}

/// A SHA-256 fingerprint of free text (an override or withdrawal reason) for the audit log, which
/// is never purged and so must not hold the text itself: the centre has the text, and the
/// fingerprint shows it was not changed since.
pub fn fingerprint(text: &str) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(text.as_bytes())))
}

/// Where the audit chain first breaks, if it does.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: &'static str,
}

/// Walks the whole audit log and checks every link. `None` means intact.
pub fn verify_chain(conn: &rusqlite::Connection) -> Result<Option<ChainBreak>> {
    let mut stmt = conn.prepare(
        "SELECT seq, id, at, actor, action, entity, entity_id, detail, prev_hash, hash
         FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS_HASH.to_string();
    let mut expected_seq = 1_i64;
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let text = |i: usize| row.get::<_, String>(i);
        let (id, at, actor, action, entity, entity_id, detail, prev_hash, hash) = (
            text(1)?,
            text(2)?,
            text(3)?,
            text(4)?,
            text(5)?,
            text(6)?,
            text(7)?,
            text(8)?,
            text(9)?,
        );
        if seq != expected_seq {
            return Ok(Some(ChainBreak {
                seq: expected_seq,
                reason: "a row is missing",
            }));
        }
        if prev_hash != expected_prev {
            return Ok(Some(ChainBreak {
                seq,
                reason: "the link to the previous row does not match",
            }));
        }
        let fields = AuditFields {
            prev_hash: &prev_hash,
            id: &id,
            at: &at,
            actor: &actor,
            action: &action,
            entity: &entity,
            entity_id: &entity_id,
            detail: &detail,
        };
        if fields.hash() != hash {
            return Ok(Some(ChainBreak {
                seq,
                reason: "the row was changed after it was written",
            }));
        }
        expected_prev = hash;
        expected_seq += 1;
    }
    Ok(None)
}
