//! `fairfloor doctor`: a plain health report on this laptop's database and its sync, with what to
//! do about each finding. Read-only.

use std::fmt::Write as _;

use crate::store::change::ChainBreak;
use crate::store::identity::Reidentified;
use crate::store::sync::{OutboxStatus, RejectedEntry, SyncState};

/// Everything the doctor looked at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Findings {
    pub database: String,
    /// Whether the file is encrypted (SQLCipher); false for a file from an earlier release.
    pub encrypted: bool,
    /// SQLite's `integrity_check` and `foreign_key_check` complaints; empty when sound.
    pub integrity: Vec<String>,
    /// Parts of the report that could not be read (a damaged file), each with its error.
    pub unreadable: Vec<String>,
    pub audit_rows: i64,
    pub chain_break: Option<ChainBreak>,
    pub outbox: OutboxStatus,
    pub rejected: Vec<RejectedEntry>,
    pub sync: Vec<SyncState>,
    /// The central URL `fairfloor sync` will use without `--central`.
    pub central_url: Option<String>,
    /// When the centre showed this database to be a copy and it took a new device id.
    pub reidentified: Option<Reidentified>,
    /// This laptop's ticket prefix now.
    pub ticket_prefix: String,
    /// What this laptop noticed about its clock (a jump, or a difference with the centre), worded
    /// for staff; `None` when nothing is wrong with it.
    pub clock: Option<String>,
}

/// What happened when a sync found this database to be a copy, in plain words.
pub fn reidentified_text(done: &Reidentified) -> String {
    format!(
        "This database was copied from (or restored from) another laptop's file: the central service already knows its device id {} as another laptop's. So that nothing is lost, this laptop now sends its changes as a new laptop (device id {}); {} moved to the new id. Give this laptop its own ticket prefix so its tickets do not clash with the other laptop's {}-numbers: fairfloor event --device-prefix X (with letters no other laptop at the fair uses).",
        done.old_device_id,
        done.new_device_id,
        changes(done.changes),
        done.ticket_prefix
    )
}

impl Findings {
    /// What needs a person, each with what to do; empty when all is well.
    pub fn attention(&self) -> Vec<String> {
        let mut items = Vec::new();
        if !self.encrypted {
            items.push(format!(
                "the database is not encrypted, so a copy of the file shows every candidate's details: encrypt it with fairfloor key encrypt --db {} (give the key with --key-file PATH, or type a new passphrase)",
                self.database
            ));
        }
        if !self.integrity.is_empty() {
            items.push(
                "the database file is damaged: copy it somewhere safe, then restore the last backup"
                    .to_string(),
            );
        }
        if !self.unreadable.is_empty() && self.integrity.is_empty() {
            items.push(
                "parts of the database could not be read (listed above): copy the file somewhere safe and send this report to whoever supports fairfloor"
                    .to_string(),
            );
        }
        if let Some(broken) = &self.chain_break {
            items.push(format!(
                "the audit log was altered at entry {} ({}): keep this laptop's database as evidence and tell the coordinator",
                broken.seq, broken.reason
            ));
        }
        if self.outbox.waiting > 0 {
            items.push(format!(
                "{} waiting to sync: run fairfloor sync",
                changes(self.outbox.waiting)
            ));
        }
        if !self.rejected.is_empty() {
            items.push(format!(
                "the central service rejected {} (listed above): they are kept on this laptop; send this report to whoever supports fairfloor",
                changes(self.rejected.len() as i64)
            ));
        }
        if let Some(error) = self.sync.first().and_then(|s| s.last_error.as_ref()) {
            items.push(format!("the last sync failed: {error}"));
        }
        if self.clock.is_some() {
            items.push(
                "this laptop's clock looks wrong (see Clock above): set the right date and time; the next fairfloor sync checks it against the central service"
                    .to_string(),
            );
        }
        if let Some(done) = &self.reidentified
            && done.ticket_prefix == self.ticket_prefix
        {
            items.push(format!(
                "this database is a copy of another laptop's and still numbers tickets {}-…, as that laptop does: give it its own prefix with fairfloor event --device-prefix X",
                self.ticket_prefix
            ));
        }
        items
    }

    /// The report as `fairfloor doctor` prints it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Database: {}", self.database);
        if self.encrypted {
            let _ = writeln!(out, "  encryption: encrypted at rest (SQLCipher)");
        } else {
            let _ = writeln!(out, "  encryption: NOT encrypted");
        }
        if self.integrity.is_empty() {
            let _ = writeln!(out, "  file: sound (integrity and foreign-key checks pass)");
        } else {
            let _ = writeln!(out, "  file: DAMAGED");
            for problem in self.integrity.iter().take(20) {
                let _ = writeln!(out, "    {problem}");
            }
        }
        for part in &self.unreadable {
            let _ = writeln!(
                out,
                "  could not read {}",
                crate::domain::text::visible(part)
            );
        }
        let audit_read = !self
            .unreadable
            .iter()
            .any(|part| part.starts_with("the audit"));
        match &self.chain_break {
            None if !audit_read => {}
            None => {
                let _ = writeln!(
                    out,
                    "  audit log: {} entries, chain intact",
                    grouped(self.audit_rows)
                );
            }
            Some(broken) => {
                let _ = writeln!(
                    out,
                    "  audit log: {} entries, BROKEN at entry {}: {}",
                    grouped(self.audit_rows),
                    broken.seq,
                    broken.reason
                );
            }
        }
        let _ = writeln!(
            out,
            "Outbox: {} in all, {} waiting to sync, {} rejected",
            grouped(self.outbox.total),
            grouped(self.outbox.waiting),
            grouped(self.outbox.rejected)
        );
        for entry in &self.rejected {
            let _ = writeln!(
                out,
                "  rejected: seq {}  {} {}  reason: {}",
                entry.seq,
                entry.entity,
                entry.entity_id,
                crate::domain::text::visible(&entry.reason)
            );
        }
        if self.sync.is_empty() {
            let _ = writeln!(
                out,
                "Sync: never synced (run fairfloor sync --central URL --token TOKEN)"
            );
        }
        for state in &self.sync {
            let last = state
                .last_sync_at
                .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|| "never".into());
            let _ = writeln!(
                out,
                "Sync with {}: last good sync {last}, changes up to {} acknowledged",
                state.central_url,
                grouped(state.acked_seq)
            );
            if let Some(error) = &state.last_error {
                let _ = writeln!(out, "  last error: {}", crate::domain::text::visible(error));
            }
        }
        if let Some(url) = &self.central_url {
            let _ = writeln!(out, "  fairfloor sync uses {url} unless told otherwise");
        }
        if let Some(done) = &self.reidentified {
            let _ = writeln!(
                out,
                "Device: a copy of another laptop's database, found by the sync on {}; it now sends as device id {} (was {})",
                done.at.format("%Y-%m-%d %H:%M UTC"),
                done.new_device_id,
                done.old_device_id
            );
            let _ = writeln!(out, "  why: {}", crate::domain::text::visible(&done.reason));
        }
        if let Some(clock) = &self.clock {
            let _ = writeln!(out, "{clock}");
        }
        let attention = self.attention();
        if attention.is_empty() {
            let _ = writeln!(out, "Nothing needs attention.");
        } else {
            let _ = writeln!(out, "Needs attention:");
            for item in attention {
                let _ = writeln!(out, "  - {item}");
            }
        }
        out
    }
}

/// "1 change" or "12,345 changes".
pub fn changes(n: i64) -> String {
    if n == 1 {
        "1 change".into()
    } else {
        format!("{} changes", grouped(n))
    }
}

pub use crate::domain::text::grouped;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Source;
    use crate::service::doctor::{examine, examine_at};
    use crate::store::candidates::tests::zoe;
    use crate::store::{Actor, alter_audit_row, test_store, test_time};
    use crate::sync::protocol::Rejection;

    #[test]
    fn changes_are_counted_in_plain_english() {
        assert_eq!(changes(1), "1 change");
        assert_eq!(changes(2000), "2,000 changes");
    }

    #[test]
    fn a_new_laptop_with_changes_waiting_is_told_to_sync() {
        let (_dir, store, _) = test_store();
        let findings = examine(&store);
        assert!(findings.integrity.is_empty());
        assert_eq!(findings.chain_break, None);
        assert_eq!(findings.outbox.waiting, 1);
        assert_eq!(
            findings.attention(),
            vec!["1 change waiting to sync: run fairfloor sync".to_string()]
        );
        let text = findings.to_text();
        assert!(text.contains("chain intact"), "{text}");
        assert!(text.contains("never synced"), "{text}");
    }

    /// Issue 11: nothing warned about the clock. `doctor` says what was noticed and what to do.
    #[test]
    fn a_clock_that_went_back_is_reported_with_what_to_do() {
        let (_dir, mut store, event) = test_store();
        let back = Actor::new("kiosk", test_time() - chrono::Duration::minutes(65));
        store
            .register(&event, &zoe(), Source::Kiosk, &back)
            .unwrap();
        let text = examine_at(&store, back.at + chrono::Duration::minutes(5)).to_text();
        assert!(
            text.contains("\nClock went back 1 h 05 min at 09:25: check the time\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "  - this laptop's clock looks wrong (see Clock above): set the right date and time"
            ),
            "{text}"
        );
        // Half a day later, with nothing new noticed, it is no longer news.
        let text = examine_at(&store, back.at + chrono::Duration::hours(13)).to_text();
        assert!(!text.contains("Clock"), "{text}");
    }

    #[test]
    fn a_synced_laptop_needs_nothing() {
        let (_dir, mut store, _) = test_store();
        store
            .mark_synced("http://central.test", 1, &[], test_time())
            .unwrap();
        let findings = examine(&store);
        assert_eq!(findings.attention(), Vec::<String>::new());
        let text = findings.to_text();
        assert!(text.contains("Nothing needs attention."), "{text}");
        assert!(
            text.contains("Sync with http://central.test: last good sync 2026-03-29 09:30 UTC"),
            "{text}"
        );
    }

    #[test]
    fn rejected_entries_and_the_last_error_are_listed() {
        let (_dir, mut store, event) = test_store();
        let rejected = [Rejection {
            seq: 1,
            reason: "unknown entity 'event'".into(),
        }];
        store
            .mark_synced("http://central.test", 1, &rejected, test_time())
            .unwrap();
        store
            .record_sync_error("http://central.test", "connection refused")
            .unwrap();
        let findings = examine(&store);
        let text = findings.to_text();
        assert!(
            text.contains(&format!(
                "rejected: seq 1  event {}  reason: unknown entity 'event'",
                event.id
            )),
            "{text}"
        );
        assert!(text.contains("last error: connection refused"), "{text}");
        let attention = findings.attention();
        assert_eq!(attention.len(), 2, "{attention:?}");
        assert!(attention[0].contains("rejected 1 change"));
        assert!(attention[1].contains("connection refused"));
    }

    #[test]
    fn an_altered_audit_log_is_reported() {
        let (_dir, mut store, _) = test_store();
        store
            .audit(
                &Actor::new("test", test_time()),
                "staff.sign_in",
                "staff",
                "s1",
            )
            .unwrap();
        alter_audit_row(&store, 2);
        let findings = examine(&store);
        assert_eq!(findings.chain_break.as_ref().map(|b| b.seq), Some(2));
        assert!(findings.to_text().contains("BROKEN at entry 2"));
        assert!(findings.attention()[0].contains("audit log was altered at entry 2"));
    }
}
