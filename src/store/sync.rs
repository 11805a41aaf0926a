//! The laptop's side of sync, in the store: reading the outbox in `seq` order, marking what the
//! centre acknowledged (and what it held but rejected), and remembering where the centre is.
//!
//! Meaning of the columns (the dashboard reads them too): `outbox.synced_at` is set when the centre
//! acknowledged the entry; `rejected_reason` (with `synced_at`) when it held it but could not apply
//! it. `sync_state` keeps, per central URL, the highest acknowledged `seq`, the last good sync and
//! the last error.
//!
//! The centre numbers each device's changes from 1; this file's outbox numbers all its entries.
//! They are the same until the file takes a new device id (see [`super::identity`]): from then on
//! an entry's wire seq is `outbox.seq` less the file's seq base. `outbox_batch` and `mark_synced`
//! speak wire seqs; `sync_state.acked_seq`, `doctor` and the rejected list speak `outbox.seq`.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::Store;
use super::error::{Result, StoreError};
use super::time::{parse, rfc3339};
use crate::records::wire::{OutboxEntry, Rejection};

/// The settings key holding the central service's URL, remembered after the first sync.
pub const CENTRAL_URL_SETTING: &str = "sync.central_url";
/// The settings key holding this laptop's device token for the centre.
pub const TOKEN_SETTING: &str = "sync.token";
/// The settings key holding the extra certificate file given with `--ca-cert`.
pub const CA_CERT_SETTING: &str = "sync.ca_cert";
/// The settings key holding the proxy choice given with `--proxy` (a URL, or `direct`).
pub const PROXY_SETTING: &str = "sync.proxy";

/// How this laptop reaches the central service, as remembered from its last sync, so that a
/// bare `fairfloor sync` and the dashboard's sync key connect the way the first sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CentralSettings {
    pub url: Option<String>,
    pub token: Option<String>,
    /// A PEM file of certificate authorities to trust besides the system's and the bundled ones.
    pub ca_cert: Option<std::path::PathBuf>,
    /// `direct`, or a proxy URL; unset means the environment's (`HTTPS_PROXY`, ...).
    pub proxy: Option<String>,
}

/// How the outbox stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct OutboxStatus {
    /// Entries the centre has not acknowledged yet.
    pub waiting: i64,
    /// Entries the centre held but rejected.
    pub rejected: i64,
    /// Every entry ever written.
    pub total: i64,
    /// The lowest `seq` still waiting, if any.
    pub first_waiting_seq: Option<i64>,
}

/// An entry the centre rejected, for a person to look at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RejectedEntry {
    pub seq: i64,
    pub entity: String,
    pub entity_id: String,
    pub reason: String,
}

/// Where sync with one central URL stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SyncState {
    pub central_url: String,
    pub acked_seq: i64,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// The outcome of recording an acknowledgement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marked {
    /// Entries newly marked as synced (rejected ones included).
    pub synced: usize,
    /// Of those, entries marked as rejected.
    pub rejected: usize,
}

/// The seq of the newest synced entry (0 when none is), read back from the newest entry.
///
/// Synced entries are always a prefix of the outbox: [`Store::mark_synced`] marks every entry up
/// to the centre's acknowledgement, rejected ones included, and nothing unmarks one. So what waits
/// is the range after this seq, found without an index that every new entry would have to write.
pub(super) const LAST_SYNCED_SEQ: &str = "coalesce((SELECT seq FROM outbox
    WHERE synced_at IS NOT NULL ORDER BY seq DESC LIMIT 1), 0)";

impl Store {
    /// Up to `limit` unacknowledged entries with wire `seq > after_seq`, in `seq` order, as they
    /// travel: under this file's current device id, with wire seqs.
    pub fn outbox_batch(&self, after_seq: i64, limit: usize) -> Result<Vec<OutboxEntry>> {
        // Read fresh: another fairfloor on this laptop may have given the file a new id.
        let (current, base) = self.wire_identity()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq - ?3, entity, entity_id, op, payload, at FROM outbox
             WHERE synced_at IS NULL AND seq > ?1 + ?3 ORDER BY seq LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![after_seq, limit, base], |row| {
            Ok((
                current.clone(),
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (device_id, seq, entity, id, op, payload, at) = row?;
            let payload = serde_json::from_str(&payload).map_err(|_| {
                StoreError::Corrupt(format!("outbox entry {seq} has a payload that is not JSON"))
            })?;
            entries.push(OutboxEntry {
                device_id,
                seq,
                entity,
                id,
                op,
                payload,
                at,
            });
        }
        Ok(entries)
    }

    /// Records the centre's acknowledgement in one transaction: every entry up to `acked_seq` is
    /// synced, the rejected ones with their reasons, and `url`'s sync state moves on. An
    /// acknowledgement beyond this laptop's last entry marks what there is and no more. Seqs are
    /// wire seqs, as the centre sent them.
    pub fn mark_synced(
        &mut self,
        url: &str,
        acked_seq: i64,
        rejected: &[Rejection],
        at: DateTime<Utc>,
    ) -> Result<Marked> {
        let now = rfc3339(at);
        let tx = self.write()?;
        let base = super::identity::wire_base(&tx)?;
        let wire_acked = acked_seq;
        let acked_seq = acked_seq.saturating_add(base);
        // Read before any entry is marked: a rejection marked first would move it.
        let last_synced: i64 =
            tx.query_row(&format!("SELECT {LAST_SYNCED_SEQ}"), [], |r| r.get(0))?;
        let mut marked = Marked::default();
        for rejection in rejected.iter().filter(|r| r.seq <= wire_acked) {
            // A rejection the centre repeats for an entry already marked keeps the first reason.
            marked.rejected += tx.execute(
                "UPDATE outbox SET synced_at = ?1, rejected_reason = ?2
                 WHERE seq = ?3 AND synced_at IS NULL",
                params![now, rejection.reason, rejection.seq.saturating_add(base)],
            )?;
        }
        marked.synced = marked.rejected
            + tx.execute(
                "UPDATE outbox SET synced_at = ?1
                 WHERE seq > ?3 AND seq <= ?2 AND synced_at IS NULL",
                params![now, acked_seq, last_synced],
            )?;
        tx.execute(
            "INSERT INTO sync_state (id, central_url, acked_seq, last_sync_at, last_error)
             VALUES (?1, ?2, ?3, ?4, NULL)
             ON CONFLICT (central_url) DO UPDATE SET
                acked_seq = max(acked_seq, excluded.acked_seq),
                last_sync_at = excluded.last_sync_at,
                last_error = NULL",
            params![uuid::Uuid::now_v7().to_string(), url, acked_seq, now],
        )?;
        tx.commit()?;
        Ok(marked)
    }

    /// Remembers why the last sync with `url` failed (shown on the dashboard and by `doctor`).
    pub fn record_sync_error(&mut self, url: &str, error: &str) -> Result<()> {
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO sync_state (id, central_url, last_error) VALUES (?1, ?2, ?3)
             ON CONFLICT (central_url) DO UPDATE SET last_error = excluded.last_error",
            params![uuid::Uuid::now_v7().to_string(), url, error],
        )?;
        tx.commit()
    }

    /// Waiting, rejected and total outbox entries.
    pub fn outbox_status(&self) -> Result<OutboxStatus> {
        Ok(self.conn.query_row(
            "SELECT count(*) FILTER (WHERE synced_at IS NULL),
                    count(*) FILTER (WHERE rejected_reason IS NOT NULL),
                    count(*),
                    min(seq) FILTER (WHERE synced_at IS NULL)
             FROM outbox",
            [],
            |r| {
                Ok(OutboxStatus {
                    waiting: r.get(0)?,
                    rejected: r.get(1)?,
                    total: r.get(2)?,
                    first_waiting_seq: r.get(3)?,
                })
            },
        )?)
    }

    /// Every rejected entry, in `seq` order.
    pub fn rejected_entries(&self) -> Result<Vec<RejectedEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, entity, entity_id, rejected_reason FROM outbox
             WHERE rejected_reason IS NOT NULL ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(RejectedEntry {
                seq: r.get(0)?,
                entity: r.get(1)?,
                entity_id: r.get(2)?,
                reason: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sync state for every central URL this laptop has talked to, most recent first.
    pub fn sync_states(&self) -> Result<Vec<SyncState>> {
        let mut stmt = self.conn.prepare(
            "SELECT central_url, acked_seq, last_sync_at, last_error FROM sync_state
             ORDER BY last_sync_at IS NULL, last_sync_at DESC, central_url",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut states = Vec::new();
        for row in rows {
            let (central_url, acked_seq, last_sync_at, last_error) = row?;
            states.push(SyncState {
                central_url,
                acked_seq,
                last_sync_at: last_sync_at.as_deref().map(parse).transpose()?,
                last_error,
            });
        }
        Ok(states)
    }

    /// How the last sync reached the centre, each part if set.
    pub fn central_settings(&self) -> Result<CentralSettings> {
        Ok(CentralSettings {
            url: self.setting(CENTRAL_URL_SETTING)?,
            token: self.setting(TOKEN_SETTING)?,
            ca_cert: self.setting(CA_CERT_SETTING)?.map(Into::into),
            proxy: self.setting(PROXY_SETTING)?,
        })
    }

    /// Remembers how to reach the centre for the next sync, in one transaction. A connection
    /// setting that is `None` is forgotten.
    pub fn remember_central(&mut self, settings: &CentralSettings) -> Result<()> {
        let tx = self.write()?;
        let parts = [
            (CENTRAL_URL_SETTING, settings.url.clone()),
            (TOKEN_SETTING, settings.token.clone()),
            (
                CA_CERT_SETTING,
                settings
                    .ca_cert
                    .as_ref()
                    .map(|path| path.to_string_lossy().into_owned()),
            ),
            (PROXY_SETTING, settings.proxy.clone()),
        ];
        for (key, value) in parts {
            match value {
                Some(value) => super::set_setting(&tx, key, &value)?,
                None => {
                    tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
                }
            }
        }
        tx.commit()
    }

    /// The highest `seq` any central URL acknowledged, for `doctor`.
    pub fn acked_seq(&self, url: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT acked_seq FROM sync_state WHERE central_url = ?1",
                [url],
                |r| r.get(0),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StaffRole;
    use crate::store::{Actor, test_store, test_time};

    const URL: &str = "http://central.test";

    /// A store whose outbox holds the event plus `n` staff records.
    fn store_with_changes(n: usize) -> (tempfile::TempDir, Store) {
        let (dir, mut store, _) = test_store();
        for i in 0..n {
            store
                .add_staff(
                    &format!("Staff {i}"),
                    StaffRole::Recruiter,
                    "hash",
                    &Actor::new("test", test_time()),
                )
                .unwrap();
        }
        (dir, store)
    }

    #[test]
    fn a_batch_is_unsynced_entries_in_seq_order_after_the_given_seq() {
        let (_dir, store) = store_with_changes(5);
        let all = store.outbox_batch(0, 100).unwrap();
        assert_eq!(
            all.iter().map(|e| e.seq).collect::<Vec<_>>(),
            vec![1, 2, 3, 4, 5, 6]
        );
        assert_eq!(all[0].entity, "event");
        assert_eq!(all[1].entity, "staff");
        assert_eq!(all[1].payload["name"], "Staff 0");
        assert_eq!(all[1].device_id, store.device_id());
        let page = store.outbox_batch(2, 2).unwrap();
        assert_eq!(page.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![3, 4]);
    }

    #[test]
    fn marking_synced_moves_the_batch_on_and_keeps_rejections_with_their_reason() {
        let (_dir, mut store) = store_with_changes(5);
        let rejected = vec![Rejection {
            seq: 3,
            reason: "unknown entity".into(),
        }];
        let marked = store.mark_synced(URL, 4, &rejected, test_time()).unwrap();
        assert_eq!(
            marked,
            Marked {
                synced: 4,
                rejected: 1
            }
        );
        let left = store.outbox_batch(0, 100).unwrap();
        assert_eq!(left.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![5, 6]);
        let status = store.outbox_status().unwrap();
        assert_eq!((status.waiting, status.rejected, status.total), (2, 1, 6));
        assert_eq!(status.first_waiting_seq, Some(5));
        let entries = store.rejected_entries().unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].seq, 3);
        assert_eq!(entries[0].entity, "staff");
        assert_eq!(entries[0].reason, "unknown entity");
        // The dashboard's reading agrees.
        let dashboard = store.sync_status().unwrap();
        assert_eq!((dashboard.unsynced, dashboard.rejected), (2, 1));
        assert_eq!(dashboard.last_sync_at, Some(test_time()));
    }

    /// Waiting entries are found as the range after the last synced one; a rejection anywhere
    /// in an acknowledged batch must not leave an earlier entry waiting.
    #[test]
    fn what_waits_is_counted_the_same_as_a_scan_of_every_entry_after_each_acknowledgement() {
        let (_dir, mut store) = store_with_changes(9);
        let scan = |store: &Store| -> i64 {
            store
                .connection()
                .query_row(
                    "SELECT count(*) FROM outbox WHERE synced_at IS NULL",
                    [],
                    |r| r.get(0),
                )
                .unwrap()
        };
        let reject = |seq| Rejection {
            seq,
            reason: "refused".into(),
        };
        for (acked, rejected) in [(2, vec![reject(2)]), (6, vec![reject(5)]), (10, vec![])] {
            store
                .mark_synced(URL, acked, &rejected, test_time())
                .unwrap();
            assert_eq!(
                store.unsynced_changes().unwrap(),
                scan(&store),
                "after {acked}"
            );
            assert_eq!(store.unsynced_changes().unwrap(), 10 - acked);
        }
    }

    #[test]
    fn an_acknowledgement_beyond_the_last_entry_marks_everything_and_no_more() {
        let (_dir, mut store) = store_with_changes(2);
        let marked = store.mark_synced(URL, 99, &[], test_time()).unwrap();
        assert_eq!(marked.synced, 3);
        assert_eq!(store.outbox_status().unwrap().waiting, 0);
        assert_eq!(store.acked_seq(URL).unwrap(), Some(99));
        // A later, smaller acknowledgement (a replayed answer) never moves the mark back.
        store.mark_synced(URL, 1, &[], test_time()).unwrap();
        assert_eq!(store.acked_seq(URL).unwrap(), Some(99));
    }

    #[test]
    fn the_same_acknowledgement_twice_changes_nothing_the_second_time() {
        let (_dir, mut store) = store_with_changes(3);
        let rejected = vec![Rejection {
            seq: 2,
            reason: "first".into(),
        }];
        store.mark_synced(URL, 4, &rejected, test_time()).unwrap();
        let again = vec![Rejection {
            seq: 2,
            reason: "second".into(),
        }];
        let marked = store.mark_synced(URL, 4, &again, test_time()).unwrap();
        assert_eq!(marked, Marked::default());
        assert_eq!(store.rejected_entries().unwrap()[0].reason, "first");
    }

    #[test]
    fn an_error_is_remembered_until_the_next_good_sync() {
        let (_dir, mut store) = store_with_changes(1);
        store.record_sync_error(URL, "the centre is down").unwrap();
        let states = store.sync_states().unwrap();
        assert_eq!(states[0].last_error.as_deref(), Some("the centre is down"));
        assert_eq!(states[0].last_sync_at, None);
        assert_eq!(
            store.sync_status().unwrap().last_error.as_deref(),
            Some("the centre is down")
        );
        store.mark_synced(URL, 2, &[], test_time()).unwrap();
        let states = store.sync_states().unwrap();
        assert_eq!(states[0].last_error, None);
        assert_eq!(states[0].acked_seq, 2);
    }

    #[test]
    fn how_to_reach_the_centre_is_remembered_and_a_cleared_part_forgotten() {
        let (dir, mut store) = store_with_changes(0);
        assert_eq!(
            store.central_settings().unwrap(),
            CentralSettings::default()
        );
        let first = CentralSettings {
            url: Some(URL.to_string()),
            token: Some("tok-1".to_string()),
            ca_cert: Some("/etc/fairfloor/centre-ca.pem".into()),
            proxy: Some("http://proxy.trust.nhs.uk:8080".to_string()),
        };
        store.remember_central(&first).unwrap();
        drop(store);
        let mut store = Store::open(&dir.path().join("test.db")).unwrap();
        assert_eq!(store.central_settings().unwrap(), first);
        let without_proxy = CentralSettings {
            proxy: None,
            ..first.clone()
        };
        store.remember_central(&without_proxy).unwrap();
        assert_eq!(store.central_settings().unwrap(), without_proxy);
    }
}
