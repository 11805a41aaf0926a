//! Which laptop this database file speaks for at the centre, and what happens when the centre
//! shows it is a copy.
//!
//! A file names its laptop once, on first open (`devices.is_self`). Copying the file to a second
//! laptop (`cp D.db E.db`, a common way to set up ten laptops) or restoring an old backup makes
//! two files speak as one device; the centre then refuses the copy (`device_enrolled_elsewhere`,
//! or `seq_conflict` for the same change number with other content). [`Store::reidentify`] gives
//! the copy a new device id so everything it holds still reaches the centre.
//!
//! Wire sequence numbers: the centre wants each device's `seq` contiguous from 1, but
//! `outbox.seq` counts for the whole file. So a file keeps, in `settings`, the number of outbox
//! entries that came before its current device id ([`SEQ_BASE_SETTING`], 0 until a new id is
//! taken); an entry's wire seq is `outbox.seq - base`. Everything unsynced lies above the base
//! (acknowledgements mark whole prefixes), so the new device's wire seqs run 1, 2, 3… with no gap.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::error::{Result, StoreError};
use super::time::rfc3339;
use super::{Actor, Change, Store, change};

/// The settings key holding how many outbox entries precede this file's current device id.
pub const SEQ_BASE_SETTING: &str = "sync.seq_base";
/// The settings key holding the last [`Reidentified`], as JSON, for `doctor`.
pub const REIDENTIFIED_SETTING: &str = "sync.reidentified";

/// Records whose `device_id` column names the laptop that created them, by the outbox entities
/// that carry them.
const OWNED_TABLES: [(&str, &[&str]); 3] = [
    ("candidates", &["candidate", "candidate_status"]),
    ("screenings", &["screening"]),
    ("offers", &["offer"]),
];

/// What [`Store::reidentify`] did, kept for `doctor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reidentified {
    pub old_device_id: String,
    pub new_device_id: String,
    pub at: DateTime<Utc>,
    /// Why, in the centre's words.
    pub reason: String,
    /// Unsynced changes moved to the new id.
    pub changes: i64,
    /// The ticket prefix when it happened: the same prefix as the original laptop, until changed.
    pub ticket_prefix: String,
}

impl Store {
    /// Gives this file a new device id because the centre showed that another file speaks as the
    /// current one. In one transaction, with an audit row: a new `devices` row becomes this
    /// file's own (the old one stays, no longer self); every unsynced outbox entry, and the
    /// records that never reached the centre in any form, move to the new id (the `device_id`
    /// column and the `device_id` field of the payloads); and the wire seqs restart at 1.
    /// Records the centre already has stay the old id's, as the centre sees them.
    pub fn reidentify(&mut self, reason: &str, actor: &Actor) -> Result<Reidentified> {
        let old = self.device_id.clone();
        let new = uuid::Uuid::now_v7().to_string();
        let tx = self.write()?;
        let current: String =
            tx.query_row("SELECT id FROM devices WHERE is_self = 1", [], |r| r.get(0))?;
        if current != old {
            // Another fairfloor on this laptop gave the file a new id since this one opened it:
            // use that one rather than make a third.
            drop(tx);
            self.device_id = current;
            if let Some(done) = self.reidentified()? {
                return Ok(done);
            }
            return Err(StoreError::Corrupt(format!(
                "this laptop's device id changed from {old} to {} with no record of why",
                self.device_id
            )));
        }
        let now = rfc3339(actor.at);
        tx.execute("UPDATE devices SET is_self = 0 WHERE id = ?1", [&old])?;
        tx.execute(
            "INSERT INTO devices (id, label, ticket_prefix, is_self, created_at)
             SELECT ?2, label, ticket_prefix, 1, ?3 FROM devices WHERE id = ?1",
            params![old, new, now],
        )?;
        for (table, entities) in OWNED_TABLES {
            let entities = entities
                .iter()
                .map(|e| format!("'{e}'"))
                .collect::<Vec<_>>()
                .join(", ");
            // Only records no change of which was ever acknowledged: the centre holds the others
            // as the old id's, and only the old id may change them there.
            tx.execute(
                &format!(
                    "UPDATE {table} SET device_id = ?2
                     WHERE device_id = ?1
                       AND id IN (SELECT entity_id FROM outbox
                                  WHERE synced_at IS NULL AND entity IN ({entities}))
                       AND id NOT IN (SELECT entity_id FROM outbox
                                      WHERE synced_at IS NOT NULL AND entity IN ({entities}))"
                ),
                params![old, new],
            )?;
        }
        let moved = tx.execute(
            "UPDATE outbox SET device_id = ?2,
                 payload = CASE WHEN json_valid(payload) AND json_extract(payload, '$.device_id') = ?1
                                THEN json_set(payload, '$.device_id', ?2) ELSE payload END
             WHERE synced_at IS NULL",
            params![old, new],
        )?;
        let base: i64 = tx.query_row(
            "SELECT COALESCE((SELECT min(seq) FROM outbox WHERE synced_at IS NULL) - 1,
                             (SELECT max(seq) FROM outbox), 0)",
            [],
            |r| r.get(0),
        )?;
        super::set_setting(&tx, SEQ_BASE_SETTING, &base.to_string())?;
        let prefix: String = tx.query_row(
            "SELECT ticket_prefix FROM devices WHERE id = ?1",
            [&new],
            |r| r.get(0),
        )?;
        let done = Reidentified {
            old_device_id: old.clone(),
            new_device_id: new.clone(),
            at: actor.at,
            reason: reason.to_string(),
            changes: i64::try_from(moved).unwrap_or(i64::MAX),
            ticket_prefix: prefix,
        };
        super::set_setting(
            &tx,
            REIDENTIFIED_SETTING,
            &serde_json::to_string(&done).expect("plain fields serialise"),
        )?;
        change::record(
            &tx,
            &new,
            actor,
            Change {
                action: "device.reidentify",
                entity: "device",
                entity_id: &new,
                detail: json!({
                    "old_device_id": old,
                    "new_device_id": new,
                    "changes": done.changes,
                    "seq_base": base,
                    "reason": reason,
                }),
                synced: None,
            },
        )?;
        tx.commit()?;
        self.device_id = new;
        Ok(done)
    }

    /// The last time this file took a new device id, if it ever did.
    pub fn reidentified(&self) -> Result<Option<Reidentified>> {
        let Some(text) = self.setting(REIDENTIFIED_SETTING)? else {
            return Ok(None);
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|_| StoreError::Corrupt(format!("setting {REIDENTIFIED_SETTING}")))
    }

    /// This file's device id as the database says now (another fairfloor on this laptop may have
    /// changed it since this one opened the file), and the outbox seq its wire seqs count from.
    pub(crate) fn wire_identity(&self) -> Result<(String, i64)> {
        wire_identity(&self.conn)
    }
}

pub(crate) fn wire_identity(conn: &rusqlite::Connection) -> Result<(String, i64)> {
    let id: String =
        conn.query_row("SELECT id FROM devices WHERE is_self = 1", [], |r| r.get(0))?;
    let base: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [SEQ_BASE_SETTING],
            |r| r.get(0),
        )
        .optional()?;
    let base = match base {
        None => 0,
        Some(text) => text
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("setting {SEQ_BASE_SETTING} '{text}'")))?,
    };
    Ok((id, base))
}

/// The same, inside a write transaction.
pub(crate) fn wire_base(tx: &Transaction<'_>) -> Result<i64> {
    Ok(wire_identity(tx)?.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::candidate::Source;
    use crate::records::wire::Rejection;
    use crate::store::candidates::tests::zoe;
    use crate::store::{test_store, test_time};

    const URL: &str = "http://central.test";

    #[test]
    fn a_new_id_takes_every_unsynced_change_and_the_records_only_it_carries() {
        let (_dir, mut store, event) = test_store();
        let actor = Actor::new("kiosk", test_time());
        // Zoë is registered and synced under the first id; Amir after that, unsynced.
        store
            .register(&event, &zoe(), Source::Kiosk, &actor)
            .unwrap();
        let synced = store.outbox_batch(0, 100).unwrap().len() as i64;
        store.mark_synced(URL, synced, &[], test_time()).unwrap();
        let mut amir = zoe();
        amir.given_name = "Amir".into();
        amir.email = Some("amir@example.com".into());
        amir.phone = None;
        store
            .register(&event, &amir, Source::Kiosk, &actor)
            .unwrap();
        let old = store.device_id().to_string();

        let done = store.reidentify("seq_conflict", &actor).unwrap();
        assert_eq!(done.old_device_id, old);
        assert_eq!(done.changes, 2, "Amir's candidate and equality answers");
        assert_eq!(store.device_id(), done.new_device_id);
        let new = done.new_device_id.clone();

        // On the wire: the new id, seqs from 1, the payload's device_id rewritten.
        let batch = store.outbox_batch(0, 100).unwrap();
        assert_eq!(batch.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2]);
        assert!(batch.iter().all(|e| e.device_id == new));
        assert_eq!(batch[0].payload["device_id"], new.as_str());
        assert_eq!(batch[0].payload["given_name"], "Amir");

        let conn = store.connection();
        let owner = |name: &str| -> String {
            conn.query_row(
                "SELECT device_id FROM candidates WHERE given_name = ?1",
                [name],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(owner("Zoë"), old, "the centre has Zoë as the old id's");
        assert_eq!(owner("Amir"), new);
        let selves: Vec<(String, i64)> = conn
            .prepare("SELECT id, is_self FROM devices ORDER BY is_self")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(selves, vec![(old.clone(), 0), (new.clone(), 1)]);
        assert_eq!(store.verify_audit_chain().unwrap(), None);
        assert_eq!(store.reidentified().unwrap(), Some(done));

        // The next ticket follows on from the file's own, whatever id they were made under.
        let mut third = zoe();
        third.email = Some("third@example.com".into());
        third.phone = None;
        let outcome = store
            .register(&event, &third, Source::Kiosk, &actor)
            .unwrap();
        assert_eq!(outcome.ticket, "A-003");

        // Acknowledgements come in wire seqs and mark the right entries.
        store.mark_synced(URL, 2, &[], test_time()).unwrap();
        let left = store.outbox_batch(0, 100).unwrap();
        assert_eq!(left.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![3, 4]);
        let rejected = [Rejection {
            seq: 3,
            reason: "belongs to another laptop".into(),
        }];
        store.mark_synced(URL, 4, &rejected, test_time()).unwrap();
        assert_eq!(store.outbox_status().unwrap().waiting, 0);
        let entries = store.rejected_entries().unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].seq, synced + 2 + 1, "listed by its outbox seq");
    }

    #[test]
    fn a_second_process_finding_the_same_copy_takes_the_id_the_first_one_made() {
        let (dir, mut first, _) = test_store();
        let mut second = Store::open(&dir.path().join("test.db")).unwrap();
        let actor = Actor::new("sync", test_time());
        let done = first.reidentify("seq_conflict", &actor).unwrap();
        let again = second.reidentify("seq_conflict", &actor).unwrap();
        assert_eq!(again, done);
        assert_eq!(second.device_id(), done.new_device_id);
        let selves: i64 = second
            .connection()
            .query_row("SELECT count(*) FROM devices", [], |r| r.get(0))
            .unwrap();
        assert_eq!(selves, 2, "no third id");
    }
}
