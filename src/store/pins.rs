//! Wrong PINs, counted in the file (`pin_failures`) per member of staff and per laptop, so the
//! pauses and locks of [`PinPolicy`](crate::domain::staff::PinPolicy) survive a restart. The rules
//! live in `service::pin`; this is the SQL.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::{Value, json};

use super::Store;
use super::change::{Actor, Change, Writing};
use super::error::{Result, StoreError};
use super::time::{parse, rfc3339};
use crate::domain::staff::PinFailures;

pub(super) const STAFF: &str = "staff";
const DEVICE: &str = "device";

/// One audit row about a PIN: no PIN and no personal data, only who (as an id), what and counts.
pub struct PinAudit<'a> {
    pub actor: &'a Actor,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub detail: Value,
}

/// The counts a PIN attempt starts from (before it is counted) and ends with (after).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub laptop: PinFailures,
    pub person: Option<PinFailures>,
}

impl Store {
    /// Wrong PINs in a row on this laptop.
    pub fn laptop_pin_failures(&self) -> Result<PinFailures> {
        read(&self.conn, DEVICE, &self.device_id)
    }

    /// Wrong PINs in a row for one member of staff.
    pub fn staff_pin_failures(&self, staff_id: &str) -> Result<PinFailures> {
        read(&self.conn, STAFF, staff_id)
    }

    /// In one write transaction: reads the laptop's (and the person's) wrong PINs, lets `refuse`
    /// turn the attempt away, and otherwise counts it as wrong *before* the PIN is checked, so
    /// stopping the program mid-check cannot dodge the count; [`Store::pin_accepted`] forgives it.
    /// Answers the counts after this attempt, or what `refuse` said.
    pub fn begin_pin_attempt<R>(
        &mut self,
        staff_id: Option<&str>,
        at: DateTime<Utc>,
        refuse: impl FnOnce(&Attempt) -> Option<R>,
    ) -> Result<Result<Attempt, R>> {
        let tx = self.write()?;
        let before = Attempt {
            laptop: read(&tx, DEVICE, tx.device_id())?,
            person: staff_id.map(|id| read(&tx, STAFF, id)).transpose()?,
        };
        if let Some(refusal) = refuse(&before) {
            return Ok(Err(refusal));
        }
        let after = Attempt {
            laptop: count(&tx, DEVICE, tx.device_id(), at)?,
            person: staff_id.map(|id| count(&tx, STAFF, id, at)).transpose()?,
        };
        tx.commit()?;
        Ok(Ok(after))
    }

    /// The PIN was right: forgets this person's and this laptop's wrong PINs, and audits it.
    pub fn pin_accepted(&mut self, staff_id: &str, audit: PinAudit<'_>) -> Result<()> {
        let tx = self.write()?;
        tx.execute(
            "DELETE FROM pin_failures WHERE (scope = ?1 AND subject_id = ?2) OR (scope = ?3 AND subject_id = ?4)",
            params![STAFF, staff_id, DEVICE, tx.device_id()],
        )?;
        record(&tx, audit)?;
        tx.commit()
    }

    /// The PIN was refused (already counted): audits it, and when `lock` names a member of staff,
    /// locks their PIN until a coordinator clears it, with its own audit row.
    pub fn pin_refused(&mut self, audit: PinAudit<'_>, lock: Option<&str>) -> Result<()> {
        let at = audit.actor.at;
        let actor = audit.actor.clone();
        let tx = self.write()?;
        record(&tx, audit)?;
        if let Some(staff_id) = lock {
            tx.execute(
                "UPDATE pin_failures SET locked_at = ?3
                 WHERE scope = ?1 AND subject_id = ?2 AND locked_at IS NULL",
                params![STAFF, staff_id, rfc3339(at)],
            )?;
            record(
                &tx,
                PinAudit {
                    actor: &actor,
                    action: "staff.pin_locked",
                    entity: "staff",
                    entity_id: staff_id,
                    detail: json!({}),
                },
            )?;
        }
        tx.commit()
    }

    /// Clears a member of staff's lock and wrong PINs; `actor` is the coordinator who did it.
    /// Answers whether there was anything to clear (it is audited either way).
    pub fn unlock_staff_pin(&mut self, staff_id: &str, actor: &Actor) -> Result<bool> {
        let tx = self.write()?;
        let exists: Option<String> = tx
            .query_row("SELECT id FROM staff WHERE id = ?1", [staff_id], |row| {
                row.get(0)
            })
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::StaffNotFound(staff_id.to_string()));
        }
        let was_locked: bool = tx
            .query_row(
                "SELECT locked_at IS NOT NULL FROM pin_failures WHERE scope = ?1 AND subject_id = ?2",
                params![STAFF, staff_id],
                |row| row.get(0),
            )
            .optional()?
            .unwrap_or(false);
        tx.execute(
            "DELETE FROM pin_failures WHERE scope = ?1 AND subject_id = ?2",
            params![STAFF, staff_id],
        )?;
        record(
            &tx,
            PinAudit {
                actor,
                action: "staff.pin_unlocked",
                entity: "staff",
                entity_id: staff_id,
                detail: json!({ "was_locked": was_locked }),
            },
        )?;
        tx.commit()?;
        Ok(was_locked)
    }
}

fn read(conn: &rusqlite::Connection, scope: &str, id: &str) -> Result<PinFailures> {
    let row: Option<(i64, Option<String>, Option<String>)> = conn
        .prepare_cached(
            "SELECT failures, last_failure_at, locked_at FROM pin_failures
             WHERE scope = ?1 AND subject_id = ?2",
        )?
        .query_row(params![scope, id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    let Some((failures, last_at, locked_at)) = row else {
        return Ok(PinFailures::default());
    };
    Ok(PinFailures {
        count: u32::try_from(failures)
            .map_err(|_| StoreError::Corrupt(format!("wrong PIN count {failures}")))?,
        last_at: last_at.as_deref().map(parse).transpose()?,
        locked_at: locked_at.as_deref().map(parse).transpose()?,
    })
}

fn count(tx: &Transaction<'_>, scope: &str, id: &str, at: DateTime<Utc>) -> Result<PinFailures> {
    tx.prepare_cached(
        "INSERT INTO pin_failures (scope, subject_id, failures, last_failure_at) VALUES (?1, ?2, 1, ?3)
         ON CONFLICT (scope, subject_id) DO UPDATE
         SET failures = failures + 1, last_failure_at = excluded.last_failure_at",
    )?
    .execute(params![scope, id, rfc3339(at)])?;
    read(tx, scope, id)
}

fn record(tx: &Writing<'_>, audit: PinAudit<'_>) -> Result<()> {
    tx.record(
        audit.actor,
        Change {
            action: audit.action,
            entity: audit.entity,
            entity_id: audit.entity_id,
            detail: audit.detail,
            synced: None,
        },
    )
}
