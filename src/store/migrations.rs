//! Bringing a database file to the schema this binary expects, tracked by `PRAGMA user_version`.
//!
//! The schema is the numbered steps in `migrations/`, run in order: a new file gets every step, a
//! file from an older release the steps after its version. When the schema changes, add the next
//! step; never edit a step once released.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use super::error::{Result, StoreError};

/// Step N takes a database from version N-1 to N (version 0 is an empty file), in order. Never
/// edit one once released.
const STEPS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_screening.sql"),
    include_str!("migrations/0003_offers.sql"),
    include_str!("migrations/0004_purge.sql"),
    include_str!("migrations/0005_pin_failures.sql"),
    include_str!("migrations/0006_arrival_seq.sql"),
    include_str!("migrations/0007_fewer_pages.sql"),
    include_str!("migrations/0008_demo.sql"),
    include_str!("migrations/0009_pack_version.sql"),
    include_str!("migrations/0010_documents_seen_index.sql"),
    include_str!("migrations/0011_arrival_seq_per_event.sql"),
    include_str!("migrations/0012_candidate_merged_into.sql"),
];

/// The version a database has after every step.
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

pub fn migrate(conn: &mut Connection, path: &std::path::Path) -> Result<()> {
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| classify_open_error(e, path))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    let steps: Vec<M> = STEPS.iter().map(|sql| M::up(sql)).collect();
    Migrations::new(steps).to_latest(conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::from(err),
        other => StoreError::Corrupt(other.to_string()),
    })
}

/// The first read of a file is where "this is not a database" shows up.
pub fn classify_open_error(error: rusqlite::Error, path: &std::path::Path) -> StoreError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
            }
        }
        _ => StoreError::from(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_gets_every_table_and_the_current_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        for table in [
            "events",
            "devices",
            "staff",
            "candidates",
            "equality_monitoring",
            "audit_log",
            "outbox",
            "sync_state",
        ] {
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "table {table}");
        }
        // Opening again is a no-op, not an error.
        migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
    }

    /// Columns and indexes of every table, as SQLite reports them.
    fn shape(conn: &Connection) -> Vec<String> {
        let mut shape = Vec::new();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for table in tables {
            let columns: Vec<String> = conn
                .prepare(&format!("PRAGMA table_info({table})"))
                .unwrap()
                .query_map([], |r| {
                    Ok(format!(
                        "{table}.{}: {} notnull={} default={:?} pk={}",
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, i64>(5)?
                    ))
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            shape.extend(columns);
        }
        let indexes: Vec<String> = conn
            .prepare(
                "SELECT tbl_name || ' ' || name FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY 1",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        shape.extend(indexes);
        shape
    }

    #[test]
    fn upgrading_a_version_1_file_gives_the_same_schema_as_a_new_one() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh, std::path::Path::new("fresh")).unwrap();
        let mut old = Connection::open_in_memory().unwrap();
        // The schema exactly as version 1 shipped it.
        old.execute_batch(STEPS[0]).unwrap();
        old.pragma_update(None, "user_version", 1).unwrap();
        migrate(&mut old, std::path::Path::new("old")).unwrap();
        let version: i64 = old
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        assert_eq!(shape(&old), shape(&fresh));
    }

    #[test]
    fn upgrading_gives_people_who_arrived_a_place_in_the_order_they_were_shown() {
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(STEPS[0]).unwrap();
        old.pragma_update(None, "user_version", 1).unwrap();
        old.execute_batch(
            "INSERT INTO events (id, name, venue, event_date, created_at)
                 VALUES ('e', 'Fair', 'Hall', '2026-11-23', '2026-11-23T08:00:00.000Z');
             INSERT INTO devices (id, label, ticket_prefix, is_self, created_at)
                 VALUES ('d', 'laptop', 'A', 1, '2026-11-23T08:00:00.000Z');
             INSERT INTO candidates (id, event_id, device_id, ticket, ticket_number, given_name,
                 family_name, source, status, registered_at, arrived_at, updated_at) VALUES
               ('late', 'e', 'd', 'A-001', 1, 'L', 'L', 'kiosk', 'waiting',
                '2026-11-23T09:10:00.000Z', '2026-11-23T09:10:00.000Z', '2026-11-23T09:10:00.000Z'),
               ('booked', 'e', 'd', 'A-002', 2, 'B', 'B', 'import', 'booked',
                '2026-11-23T08:00:00.000Z', NULL, '2026-11-23T08:00:00.000Z'),
               ('early', 'e', 'd', 'A-003', 3, 'E', 'E', 'walk_in', 'no_show',
                '2026-11-23T09:00:00.000Z', '2026-11-23T09:00:00.000Z', '2026-11-23T09:20:00.000Z');",
        )
        .unwrap();
        migrate(&mut old, std::path::Path::new("old")).unwrap();
        let seqs: Vec<(String, Option<i64>)> = old
            .prepare("SELECT id, arrival_seq FROM candidates ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            seqs,
            [
                ("booked".to_string(), None),
                ("early".to_string(), Some(1)),
                ("late".to_string(), Some(2)),
            ]
        );
    }

    /// Every row of `table`, in order, as text.
    fn rows(conn: &Connection, table: &str, order: &str) -> Vec<String> {
        conn.prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))
            .unwrap()
            .query_map([], |r| {
                let n = r.as_ref().column_count();
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn version_7_keeps_every_outbox_audit_and_equality_row_and_the_audit_log_append_only() {
        let mut old = Connection::open_in_memory().unwrap();
        for step in &STEPS[..6] {
            old.execute_batch(step).unwrap();
        }
        old.pragma_update(None, "user_version", 6).unwrap();
        old.execute_batch(
            "INSERT INTO events (id, name, venue, event_date, created_at)
                 VALUES ('e', 'Fair', 'Hall', '2026-11-23', 't');
             INSERT INTO devices (id, label, ticket_prefix, is_self, created_at)
                 VALUES ('d', 'laptop', 'A', 1, 't');
             INSERT INTO candidates (id, event_id, device_id, ticket, ticket_number, given_name,
                 family_name, source, status, registered_at, updated_at)
                 VALUES ('c', 'e', 'd', 'A-001', 1, 'G', 'F', 'kiosk', 'waiting', 't', 't');
             INSERT INTO equality_monitoring (id, candidate_id, question, answer, recorded_at)
                 VALUES ('q1', 'c', 'age_group', '25_34', 't'), ('q2', 'c', 'sex', 'female', 't');
             INSERT INTO audit_log (id, at, actor, action, entity, entity_id, detail, prev_hash, hash)
                 VALUES ('a1', 't', 'x', 'event.create', 'event', 'e', '', '', 'h1'),
                        ('a2', 't', 'x', 'candidate.register', 'candidate', 'c', '', 'h1', 'h2');
             INSERT INTO outbox (id, device_id, entity, entity_id, op, payload, at, synced_at)
                 VALUES ('o1', 'd', 'event', 'e', 'upsert', '{}', 't', 't'),
                        ('o2', 'd', 'candidate', 'c', 'upsert', '{}', 't', NULL);",
        )
        .unwrap();
        let audit = rows(&old, "audit_log", "seq");
        let equality: Vec<String> = rows(&old, "equality_monitoring", "id")
            .iter()
            // id, candidate_id, question, answer, recorded_at -> the new column order.
            .map(|r| {
                let f: Vec<&str> = r.split('|').collect();
                [f[1], f[2], f[0], f[3], f[4]].join("|")
            })
            .collect();
        let outbox: Vec<String> = rows(&old, "outbox", "seq")
            .iter()
            // The unread id column goes.
            .map(|r| {
                let mut f: Vec<&str> = r.split('|').collect();
                f.remove(1);
                f.join("|")
            })
            .collect();

        migrate(&mut old, std::path::Path::new("old")).unwrap();
        assert_eq!(rows(&old, "audit_log", "seq"), audit);
        assert_eq!(rows(&old, "equality_monitoring", "id"), equality);
        assert_eq!(rows(&old, "outbox", "seq"), outbox);
        // The next entry follows the last, as AUTOINCREMENT numbered them.
        old.execute(
            "INSERT INTO outbox (device_id, entity, entity_id, op, payload, at)
             VALUES ('d', 'candidate', 'c', 'upsert', '{}', 't')",
            [],
        )
        .unwrap();
        assert_eq!(old.last_insert_rowid(), 3);
        for refused in ["UPDATE audit_log SET detail = 'x'", "DELETE FROM audit_log"] {
            let err = old.execute(refused, []).unwrap_err();
            assert!(err.to_string().contains("append-only"), "{refused}: {err}");
        }
    }

    /// A laptop seeded by an earlier release's first run keeps its demo staff, whose PINs are in
    /// the README: version 8 marks them (and the demo event) from the audit log, so they no
    /// longer open the real event made on the same file.
    #[test]
    fn version_8_marks_what_an_earlier_demo_made_and_nothing_else() {
        let mut old = Connection::open_in_memory().unwrap();
        for step in &STEPS[..7] {
            old.execute_batch(step).unwrap();
        }
        old.pragma_update(None, "user_version", 7).unwrap();
        old.execute_batch(
            "INSERT INTO events (id, name, venue, event_date, created_at) VALUES
                 ('demo-fair', 'Demo recruitment fair', 'Demo venue', '2026-11-23', 't'),
                 ('real-fair', 'Leeds Fair', 'Arena', '2026-11-24', 't');
             INSERT INTO staff (id, name, role, pin_hash, created_at) VALUES
                 ('demo-rec', 'Demo Recruiter', 'recruiter', 'h', 't'),
                 ('sam', 'Sam Lead', 'coordinator', 'h', 't');
             INSERT INTO audit_log (id, at, actor, action, entity, entity_id, detail, prev_hash, hash)
             VALUES ('a1', 't', 'demo', 'event.create', 'event', 'demo-fair', '', '', 'h1'),
                    ('a2', 't', 'demo', 'staff.add', 'staff', 'demo-rec', '', 'h1', 'h2'),
                    ('a3', 't', 'cli', 'event.create', 'event', 'real-fair', '', 'h2', 'h3'),
                    ('a4', 't', 'cli', 'staff.add', 'staff', 'sam', '', 'h3', 'h4');",
        )
        .unwrap();
        migrate(&mut old, std::path::Path::new("old")).unwrap();
        let marked: Vec<(String, bool)> = old
            .prepare("SELECT id, demo FROM events UNION ALL SELECT id, demo FROM staff ORDER BY 1")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            marked,
            [
                ("demo-fair".to_string(), true),
                ("demo-rec".to_string(), true),
                ("real-fair".to_string(), false),
                ("sam".to_string(), false),
            ]
        );
    }

    #[test]
    fn a_database_from_a_newer_release_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn, std::path::Path::new("x.db")).unwrap_err();
        assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    }
}
