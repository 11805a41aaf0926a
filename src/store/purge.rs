//! `fairfloor purge --synced`: once the centre holds a laptop's records, the laptop keeps only what
//! its figures need. Names, contact details, adjustments, equality answers, interview notes and
//! feedback, override and offer-status reasons, offer links and share codes go, and so do the copies
//! of them in synced outbox payloads. Statuses, times, decisions and roles stay, so the day's
//! dashboard reads the same before and after.
//!
//! Nothing is purged while any change waits to sync, and a candidate any of whose records the centre
//! rejected is kept whole for a person to look at (`fairfloor doctor` lists those). Purging is an
//! audited act but not a synced one: it writes an audit row and no outbox row, because the centre's
//! copy is the one that must survive.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde_json::json;

use super::Store;
use super::change::{Actor, Change};
use super::error::StoreError;
use super::time::rfc3339;

/// Why a purge did not happen.
#[derive(Debug, thiserror::Error)]
pub enum PurgeError {
    #[error(
        "{waiting} change{} waiting to sync, so nothing was purged: personal data leaves this laptop only once the central service holds it",
        if *waiting == 1 { " is" } else { "s are" }
    )]
    Unsynced { waiting: i64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for PurgeError {
    fn from(error: rusqlite::Error) -> Self {
        PurgeError::Store(error.into())
    }
}

/// What a purge removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Candidates whose personal data was removed.
    pub candidates: usize,
    /// Equality-monitoring answers deleted.
    pub equality_answers: usize,
    /// Synced outbox entries whose payloads were emptied.
    pub outbox_payloads: usize,
    /// Candidates kept whole because the centre rejected one of their records.
    pub kept_for_review: usize,
    /// Whether the file was rewritten with no old copy of a purged row left in it or its log;
    /// false when another fairfloor on the same file prevented that (purge again once it is closed).
    pub file_cleared: bool,
}

impl Store {
    /// Purges candidates registered before `older_than` (all of them when `None`); see the
    /// module docs for what goes and what stays.
    pub fn purge_synced(
        &mut self,
        older_than: Option<DateTime<Utc>>,
        actor: &Actor,
    ) -> Result<PurgeReport, PurgeError> {
        // Deleted and overwritten bytes are zeroed on disk, not just unlinked.
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        let result = purge(self, older_than, actor);
        let _ = self.conn.pragma_update(None, "secure_delete", "OFF");
        let mut report = result?;
        report.file_cleared = self.rewrite_file_without_old_copies();
        Ok(report)
    }

    /// Rewrites the database file so no old copy of a purged row survives anywhere in it.
    ///
    /// Zeroing what the purge deletes is not enough: an earlier update (a candidate marked as
    /// arrived, say) left the row as it was before in the free space of its page, written while
    /// `secure_delete` was off. `VACUUM` rebuilds every page from the live rows only (its
    /// scratch copy kept in memory, so no temporary file holds the data), and the checkpoint then
    /// moves the new pages into the file and empties the write-ahead log, which held the old ones.
    /// Returns false when another fairfloor on this file (a kiosk) kept the log from emptying.
    fn rewrite_file_without_old_copies(&mut self) -> bool {
        let rewritten = self
            .conn
            .execute_batch("PRAGMA temp_store = MEMORY; VACUUM; PRAGMA temp_store = DEFAULT;")
            .is_ok();
        // (busy, log pages, pages checkpointed): busy = 1 means a reader held the log.
        let checkpoint = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| {
                row.get::<_, i64>(0)
            });
        rewritten && matches!(checkpoint, Ok(0))
    }
}

fn purge(
    store: &mut Store,
    older_than: Option<DateTime<Utc>>,
    actor: &Actor,
) -> Result<PurgeReport, PurgeError> {
    let now = rfc3339(actor.at);
    let cutoff = older_than.map(rfc3339);
    let tx = store.write()?;
    let waiting: i64 = tx.query_row(
        "SELECT count(*) FROM outbox WHERE synced_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    if waiting > 0 {
        return Err(PurgeError::Unsynced { waiting });
    }
    // Every record id that belongs to a candidate, so rejections and payloads can be matched.
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS purge_owned (record_id TEXT PRIMARY KEY, candidate_id TEXT NOT NULL);
         DELETE FROM temp.purge_owned;
         CREATE TEMP TABLE IF NOT EXISTS purge_candidates (id TEXT PRIMARY KEY);
         DELETE FROM temp.purge_candidates;
         INSERT OR IGNORE INTO temp.purge_owned
            SELECT id, id FROM candidates
            UNION ALL SELECT id, candidate_id FROM equality_monitoring
            UNION ALL SELECT id, candidate_id FROM screenings
            UNION ALL SELECT a.id, s.candidate_id FROM screening_answers a JOIN screenings s ON s.id = a.screening_id
            UNION ALL SELECT id, candidate_id FROM offers
            UNION ALL SELECT d.id, o.candidate_id FROM documents_seen d JOIN offers o ON o.id = d.offer_id;",
    )?;
    let eligible = "purged_at IS NULL AND (?1 IS NULL OR registered_at < ?1)";
    let kept_for_review = tx.query_row(
        &format!(
            "SELECT count(*) FROM candidates WHERE {eligible} AND id IN (
                SELECT p.candidate_id FROM outbox o JOIN temp.purge_owned p ON p.record_id = o.entity_id
                WHERE o.rejected_reason IS NOT NULL)"
        ),
        params![cutoff],
        |r| r.get::<_, i64>(0),
    )? as usize;
    tx.execute(
        &format!(
            "INSERT INTO temp.purge_candidates SELECT id FROM candidates WHERE {eligible} AND id NOT IN (
                SELECT p.candidate_id FROM outbox o JOIN temp.purge_owned p ON p.record_id = o.entity_id
                WHERE o.rejected_reason IS NOT NULL)"
        ),
        params![cutoff],
    )?;
    let candidates = tx.execute(
        "UPDATE candidates SET given_name = '', family_name = '', email = NULL, phone = NULL,
            postcode = NULL, adjustments = '', purged_at = ?1
         WHERE id IN temp.purge_candidates",
        [&now],
    )?;
    let equality_answers = tx.execute(
        "DELETE FROM equality_monitoring WHERE candidate_id IN temp.purge_candidates",
        [],
    )?;
    tx.execute_batch(
        "UPDATE screening_answers SET notes = ''
            WHERE screening_id IN (SELECT id FROM screenings WHERE candidate_id IN temp.purge_candidates);
         UPDATE screenings SET feedback = '',
                override_reason = CASE WHEN override_reason IS NULL THEN NULL ELSE '' END
            WHERE candidate_id IN temp.purge_candidates;
         UPDATE documents_seen SET share_code = NULL
            WHERE offer_id IN (SELECT id FROM offers WHERE candidate_id IN temp.purge_candidates);
         -- The token is unique and required; its replacement can open nothing.
         UPDATE offers SET token = 'purged:' || id, onboarding_url = '',
                status_reason = CASE WHEN status_reason IS NULL THEN NULL ELSE '' END
            WHERE candidate_id IN temp.purge_candidates;",
    )?;
    let outbox_payloads = tx.execute(
        "UPDATE outbox SET payload = json_object('purged_at', ?1)
         WHERE synced_at IS NOT NULL AND rejected_reason IS NULL
           AND entity_id IN (SELECT record_id FROM temp.purge_owned
                             WHERE candidate_id IN temp.purge_candidates)",
        [&now],
    )?;
    let report = PurgeReport {
        candidates,
        equality_answers,
        outbox_payloads,
        kept_for_review,
        file_cleared: false,
    };
    tx.record(
        actor,
        Change {
            action: "data.purge",
            entity: "device",
            entity_id: tx.device_id(),
            detail: json!({
                "candidates": candidates,
                "equality_answers": equality_answers,
                "outbox_payloads": outbox_payloads,
                "kept_for_review": kept_for_review,
                "older_than": cutoff,
            }),
            synced: None,
        },
    )?;
    tx.execute_batch("DROP TABLE temp.purge_owned; DROP TABLE temp.purge_candidates;")?;
    tx.commit()?;
    Ok(report)
}

/// Reads `7d`, `12h` or `30m` (a whole number and a unit) as a length of time.
pub fn parse_age(text: &str) -> Result<chrono::Duration, String> {
    let text = text.trim();
    let bad = || {
        format!("'{text}' is not an age: give a whole number and d, h or m, like --older-than 7d")
    };
    // The unit is the last character, which may take more than one byte ("7é").
    let Some(unit) = text.chars().next_back() else {
        return Err(bad());
    };
    let number = &text[..text.len() - unit.len_utf8()];
    let amount: i64 = number.parse().map_err(|_| bad())?;
    if amount < 0 {
        return Err(bad());
    }
    match unit {
        'd' => chrono::Duration::try_days(amount),
        'h' => chrono::Duration::try_hours(amount),
        'm' => chrono::Duration::try_minutes(amount),
        _ => None,
    }
    .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::wire::Rejection;
    use crate::report::day::figures;
    use crate::store::{add_test_demo, test_event, test_store, test_time};

    fn demo_store() -> (tempfile::TempDir, Store, crate::domain::Event) {
        let (dir, mut store, event) = test_store();
        add_test_demo(&mut store, &event, 120);
        (dir, store, event)
    }

    /// The demo day on an unencrypted file (as an earlier release made), whose pages can be read
    /// as they are on disk.
    fn plain_demo_store() -> (tempfile::TempDir, Store, crate::domain::Event) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.db");
        rusqlite::Connection::open(&path)
            .and_then(|c| c.pragma_update(None, "journal_mode", "WAL"))
            .unwrap();
        let mut store = Store::open(&path).unwrap();
        assert!(!store.is_encrypted());
        let event = test_event(&mut store);
        add_test_demo(&mut store, &event, 120);
        (dir, store, event)
    }

    fn later() -> DateTime<Utc> {
        test_time() + chrono::Duration::days(10)
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn purging_is_refused_while_anything_waits_to_sync() {
        let (_dir, mut store, _) = demo_store();
        let waiting = store.outbox_status().unwrap().waiting;
        let before = count(
            &store,
            "SELECT count(*) FROM candidates WHERE email IS NOT NULL",
        );
        let err = store
            .purge_synced(None, &Actor::new("test", later()))
            .unwrap_err();
        assert!(matches!(err, PurgeError::Unsynced { waiting: w } if w == waiting));
        assert!(err.to_string().contains(&waiting.to_string()), "{err}");
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM candidates WHERE email IS NOT NULL"
            ),
            before
        );
    }

    #[test]
    fn purging_keeps_the_days_figures_and_removes_the_personal_data() {
        let (_dir, mut store, event) = demo_store();
        store
            .mark_synced("http://c", i64::MAX, &[], test_time())
            .unwrap();
        let now = test_time() + chrono::Duration::hours(8);
        let before = figures(&store.day_rows(&event).unwrap(), now, event.timezone);
        assert!(before.registered > 50 && before.offers > 0 && before.screened > 0);
        let outbox_before = count(&store, "SELECT count(*) FROM outbox");
        let audit_before = count(&store, "SELECT count(*) FROM audit_log");

        let report = store
            .purge_synced(None, &Actor::new("test", later()))
            .unwrap();

        let after = figures(&store.day_rows(&event).unwrap(), now, event.timezone);
        assert_eq!(after, before);
        assert_eq!(report.candidates, 120);
        assert!(report.equality_answers > 0 && report.outbox_payloads > 0);
        // No new outbox row; one audit row saying what was done.
        assert_eq!(count(&store, "SELECT count(*) FROM outbox"), outbox_before);
        assert_eq!(
            count(&store, "SELECT count(*) FROM audit_log"),
            audit_before + 1
        );
        assert_eq!(store.verify_audit_chain().unwrap(), None);
        for (what, sql) in [
            (
                "names and contacts",
                "SELECT count(*) FROM candidates WHERE given_name <> '' OR family_name <> ''
                 OR email IS NOT NULL OR phone IS NOT NULL OR postcode IS NOT NULL OR adjustments <> ''
                 OR purged_at IS NULL",
            ),
            ("equality answers", "SELECT count(*) FROM equality_monitoring"),
            ("notes", "SELECT count(*) FROM screening_answers WHERE notes <> ''"),
            (
                "feedback",
                "SELECT count(*) FROM screenings WHERE feedback <> '' OR override_reason <> ''",
            ),
            (
                "offer links",
                "SELECT count(*) FROM offers WHERE onboarding_url <> '' OR token NOT LIKE 'purged:%'
                 OR status_reason <> ''",
            ),
            (
                "share codes",
                "SELECT count(*) FROM documents_seen WHERE share_code IS NOT NULL",
            ),
            (
                "candidate payloads",
                "SELECT count(*) FROM outbox WHERE entity IN ('candidate', 'candidate_status',
                 'equality_monitoring', 'screening', 'screening_answer', 'offer', 'document_seen')
                 AND payload NOT LIKE '{\"purged_at\":%'",
            ),
        ] {
            assert_eq!(count(&store, sql), 0, "{what} left after the purge");
        }
        // A second purge finds nothing more to do.
        let again = store
            .purge_synced(None, &Actor::new("test", later()))
            .unwrap();
        assert_eq!((again.candidates, again.outbox_payloads), (0, 0));
    }

    /// Every personal value the demo wrote that is long enough to find by itself in raw bytes.
    fn personal_values(store: &Store) -> Vec<String> {
        let mut stmt = store
            .connection()
            .prepare(
                "SELECT email FROM candidates UNION ALL SELECT phone FROM candidates
                 UNION ALL SELECT postcode FROM candidates
                 UNION ALL SELECT given_name || family_name FROM candidates
                 UNION ALL SELECT adjustments FROM candidates
                 UNION ALL SELECT notes FROM screening_answers
                 UNION ALL SELECT feedback FROM screenings
                 UNION ALL SELECT token FROM offers
                 UNION ALL SELECT share_code FROM documents_seen",
            )
            .unwrap();
        let values: Vec<Option<String>> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        values
            .into_iter()
            .flatten()
            .filter(|value| value.len() >= 6)
            .collect()
    }

    /// The values of `values` found anywhere in the database file, its log or its shared memory.
    fn found_on_disk(db: &std::path::Path, values: &[String]) -> Vec<String> {
        let mut bytes = Vec::new();
        for suffix in ["", "-wal", "-shm"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            if let Ok(file) = std::fs::read(std::path::PathBuf::from(name)) {
                bytes.extend(file);
            }
        }
        // Every value is UTF-8 text, which a lossy reading keeps byte for byte.
        let bytes = String::from_utf8_lossy(&bytes);
        values
            .iter()
            .filter(|value| bytes.contains(value.as_str()))
            .cloned()
            .collect()
    }

    #[test]
    fn an_encrypted_file_shows_no_personal_value_even_before_a_purge() {
        let (dir, store, _) = demo_store();
        assert!(store.is_encrypted());
        let values = personal_values(&store);
        assert!(values.len() > 300, "{}", values.len());
        assert_eq!(
            found_on_disk(&dir.path().join("test.db"), &values),
            Vec::<String>::new()
        );
    }

    /// What a purge promises is about the pages themselves (what someone holding the key would
    /// read in free space), so it is checked on an unencrypted file, whose pages are on disk as
    /// they are.
    #[test]
    fn no_purged_value_is_left_anywhere_in_the_files() {
        let (dir, mut store, event) = plain_demo_store();
        // Updates before the purge leave the old row in its page's free space: the case that
        // strings(1) found after a purge.
        let ids: Vec<String> = store
            .candidates(&event)
            .unwrap()
            .into_iter()
            .map(|row| row.id)
            .collect();
        let actor = Actor::new("test", test_time());
        for id in &ids {
            store
                .set_status(&event, id, crate::domain::candidate::Status::NoShow, &actor)
                .unwrap();
        }
        store
            .connection()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        store
            .mark_synced("http://c", i64::MAX, &[], test_time())
            .unwrap();
        let values = personal_values(&store);
        assert!(values.len() > 300, "{}", values.len());
        let db = dir.path().join("test.db");
        assert!(
            !found_on_disk(&db, &values).is_empty(),
            "the scan finds values before"
        );

        let report = store
            .purge_synced(None, &Actor::new("test", later()))
            .unwrap();
        assert!(report.file_cleared);
        let left = found_on_disk(&db, &values);
        assert!(
            left.is_empty(),
            "{} left, such as {:?}",
            left.len(),
            &left[..left.len().min(3)]
        );
        drop(store);
        assert!(found_on_disk(&db, &values).is_empty());
    }

    #[test]
    fn only_candidates_older_than_the_cutoff_are_purged() {
        let (_dir, mut store, _) = demo_store();
        store
            .mark_synced("http://c", i64::MAX, &[], test_time())
            .unwrap();
        // Everyone registered on the day, so a cutoff before it purges nobody.
        let report = store
            .purge_synced(
                Some(test_time() - chrono::Duration::days(30)),
                &Actor::new("test", later()),
            )
            .unwrap();
        assert_eq!(report.candidates, 0);
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM candidates WHERE purged_at IS NULL"
            ),
            120
        );
    }

    #[test]
    fn a_candidate_with_a_rejected_record_is_kept_for_review() {
        let (_dir, mut store, _) = demo_store();
        let (seq, candidate_id): (i64, String) = store
            .connection()
            .query_row(
                "SELECT seq, entity_id FROM outbox WHERE entity = 'candidate' ORDER BY seq LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let rejected = [Rejection {
            seq,
            reason: "test".into(),
        }];
        store
            .mark_synced("http://c", i64::MAX, &rejected, test_time())
            .unwrap();
        let report = store
            .purge_synced(None, &Actor::new("test", later()))
            .unwrap();
        assert_eq!((report.candidates, report.kept_for_review), (119, 1));
        let (name, payload): (String, String) = store
            .connection()
            .query_row(
                "SELECT c.given_name, o.payload FROM candidates c JOIN outbox o ON o.entity_id = c.id
                 WHERE c.id = ?1 AND o.seq = ?2",
                params![candidate_id, seq],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert!(!name.is_empty());
        assert!(payload.contains("given_name"), "{payload}");
    }

    #[test]
    fn ages_read_as_days_hours_or_minutes() {
        assert_eq!(parse_age("7d").unwrap(), chrono::Duration::days(7));
        assert_eq!(parse_age(" 12h ").unwrap(), chrono::Duration::hours(12));
        assert_eq!(parse_age("0m").unwrap(), chrono::Duration::zero());
        for bad in [
            "",
            "d",
            "7",
            "7w",
            "-1d",
            "x7d",
            "99999999999999999d",
            "7é",
            "é",
        ] {
            let err = parse_age(bad).unwrap_err();
            assert!(err.contains("--older-than 7d"), "{bad}: {err}");
        }
    }
}
