//! The local SQLite store: the one place fairfloor reads and writes the laptop's database.
//!
//! Durability first: WAL with `synchronous=FULL`, so a registration acknowledged on screen survives
//! a power cut; every change is one transaction with its audit and outbox rows (see [`change`]).
//! Several processes can share one file (kiosk and staff screens), so writes take the lock up front
//! (`BEGIN IMMEDIATE`) and readers poll `PRAGMA data_version` to notice each other's commits.

pub mod candidates;
pub mod change;
pub mod clock;
mod error;
pub mod exports;
pub mod identity;
pub mod key;
pub mod migrations;
pub mod offers;
pub mod pins;
pub mod purge;
pub mod reports;
mod rows;
pub mod screenings;
pub mod staff;
pub mod sync;
pub mod time;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::json;

use crate::domain::event::TicketPrefix;
use crate::domain::{Event, NewEvent, Staff, StaffRole};
use crate::records::{self, Synced};
pub use candidates::{CandidateDetail, QueueRow, RegisterOutcome};
pub use change::{Actor, Change};
pub use error::{Result, StoreError};
use time::rfc3339;

/// The ticket prefix a laptop gets until `init --device-prefix` says otherwise.
pub const DEFAULT_TICKET_PREFIX: &str = "A";

/// The settings key naming the event this laptop is working.
const CURRENT_EVENT: &str = "current_event";

/// An open database file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    device_id: String,
    ticket_prefix: TicketPrefix,
    encrypted: bool,
    /// The fair pack's version interviews and offers are made under, once a shell says.
    pack_version: Option<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::fsperm::create_private_dir_all(parent).map_err(|source| {
                StoreError::CreateDir {
                    path: parent.to_path_buf(),
                    source,
                }
            })?;
        }
        let state = key::file_state(path);
        if state == key::FileState::New {
            // Private before SQLite opens it, so its -wal and -shm files are made private too.
            crate::fsperm::create_database(path);
        }
        let mut conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let encrypted = apply_key(&mut conn, state, path, || Connection::open(path))?;
        configure(&conn).map_err(|e| migrations::classify_open_error(e, path))?;
        // Before anything is written: a damaged file is refused whole, not written around.
        let problems = match damage(&conn) {
            Ok(problems) => problems,
            // The check itself can stop at a page too damaged to read.
            Err(error)
                if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) =>
            {
                vec![error.to_string()]
            }
            Err(error) => return Err(migrations::classify_open_error(error, path)),
        };
        if let Some(problem) = problems.into_iter().next() {
            return Err(StoreError::Damaged {
                path: path.to_path_buf(),
                problem,
            });
        }
        migrations::migrate(&mut conn, path)?;
        let (device_id, ticket_prefix) = ensure_device(&mut conn)?;
        // Now known to be a database: narrow what an older release left readable by others.
        crate::fsperm::make_database_private(path);
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            device_id,
            ticket_prefix,
            encrypted,
            pack_version: None,
        })
    }

    /// Opens a file only to report on it (`fairfloor doctor`): read-only, with no check and no
    /// schema change, so a damaged file can still be looked at. Reads of damaged parts fail
    /// one by one instead of the whole open.
    pub fn open_for_inspection(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                source: rusqlite::Error::InvalidPath(path.to_path_buf()),
            });
        }
        let read_only = || {
            Connection::open_with_flags(
                path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        };
        let mut conn = read_only().map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let encrypted = apply_key(&mut conn, key::file_state(path), path, read_only)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let (device_id, prefix): (String, String) = conn
            .query_row(
                "SELECT id, ticket_prefix FROM devices WHERE is_self = 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap_or_else(|_| ("unknown".into(), DEFAULT_TICKET_PREFIX.into()));
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            device_id,
            ticket_prefix: TicketPrefix::parse(&prefix)
                .or_else(|_| TicketPrefix::parse(DEFAULT_TICKET_PREFIX))
                .map_err(|_| StoreError::Corrupt(format!("ticket prefix '{prefix}'")))?,
            encrypted,
            pack_version: None,
        })
    }

    /// Whether the file is encrypted (false only for a file from a release before encryption).
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    /// SQLite's full integrity check and the foreign-key check, as sentences; empty when sound.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut problems: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        problems.retain(|line| line != "ok");
        let dangling: Vec<String> = self
            .conn
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| {
                Ok(format!(
                    "a row of {} (row {}) points at a missing {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        problems.extend(dangling);
        Ok(problems)
    }

    /// How many rows the audit log holds.
    pub fn audit_rows(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    pub fn ticket_prefix(&self) -> &TicketPrefix {
        &self.ticket_prefix
    }

    /// The raw connection, for tests and benchmarks that check what was written.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Changes whenever another connection commits to the file; cheap enough to poll.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |row| row.get(0))?)
    }

    /// A write transaction, its lock taken up front (`BEGIN IMMEDIATE`).
    fn write(&mut self) -> Result<change::Writing<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(change::Writing::new(
            tx,
            &self.device_id,
            self.pack_version.as_deref(),
        ))
    }

    /// Says which version of the fair pack (`Content::pack_version`) this laptop's screens work
    /// under: every interview and offer made from now on records it.
    pub fn use_pack(&mut self, version: &str) {
        self.pack_version = Some(version.to_string());
    }

    /// Sets the letters in front of this laptop's ticket numbers.
    pub fn set_ticket_prefix(&mut self, prefix: TicketPrefix, actor: &Actor) -> Result<()> {
        let tx = self.write()?;
        let device_id = tx.device_id();
        tx.execute(
            "UPDATE devices SET ticket_prefix = ?1 WHERE id = ?2",
            params![prefix.as_str(), device_id],
        )?;
        tx.record(
            actor,
            Change {
                action: "device.prefix",
                entity: "device",
                entity_id: device_id,
                detail: json!({ "ticket_prefix": prefix.as_str() }),
                synced: None,
            },
        )?;
        tx.commit()?;
        self.ticket_prefix = prefix;
        Ok(())
    }

    // --- events -------------------------------------------------------------------------------

    /// Creates an event and makes it this laptop's current one.
    pub fn create_event(&mut self, event: &NewEvent, actor: &Actor) -> Result<Event> {
        let id = uuid::Uuid::now_v7().to_string();
        let date = event.date.format("%Y-%m-%d").to_string();
        let tx = self.write()?;
        let exists: Option<String> = tx
            .query_row(
                "SELECT id FROM events WHERE name = ?1 AND event_date = ?2",
                params![event.name, date],
                |row| row.get(0),
            )
            .optional()?;
        if exists.is_some() {
            return Err(StoreError::DuplicateEvent {
                name: event.name.clone(),
                date,
            });
        }
        tx.execute(
            "INSERT INTO events (id, name, venue, event_date, timezone, created_at, demo)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                event.name,
                event.venue,
                date,
                event.timezone.name(),
                rfc3339(actor.at),
                event.demo
            ],
        )?;
        set_setting(&tx, CURRENT_EVENT, &id)?;
        let synced = Synced::of(&records::Event {
            id: id.clone(),
            name: event.name.clone(),
            venue: event.venue.clone(),
            event_date: date,
            timezone: event.timezone.name().to_string(),
        })?;
        tx.record(
            actor,
            Change {
                action: "event.create",
                entity: "event",
                entity_id: &id,
                // The event holds no personal data: the audit row keeps all of it.
                detail: synced.payload.clone(),
                synced: Some(synced),
            },
        )?;
        tx.commit()?;
        Ok(Event {
            id,
            name: event.name.clone(),
            venue: event.venue.clone(),
            date: event.date,
            timezone: event.timezone,
            demo: event.demo,
        })
    }

    /// Makes `event` a demo event, for `fairfloor demo` to fill: its screens, slips and exports
    /// say DEMO from now on, and demo staff may sign in while it is current.
    pub fn make_demo_event(&mut self, event: &Event, actor: &Actor) -> Result<Event> {
        let tx = self.write()?;
        tx.execute("UPDATE events SET demo = 1 WHERE id = ?1", [&event.id])?;
        tx.record(
            actor,
            Change {
                action: "event.demo",
                entity: "event",
                entity_id: &event.id,
                detail: json!({}),
                synced: None,
            },
        )?;
        tx.commit()?;
        Ok(Event {
            demo: true,
            ..event.clone()
        })
    }

    /// The event this laptop is working, if any.
    pub fn current_event(&self) -> Result<Option<Event>> {
        let id: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [CURRENT_EVENT],
                |row| row.get(0),
            )
            .optional()?;
        let Some(id) = id else { return Ok(None) };
        let mut stmt = self.conn.prepare(
            "SELECT id, name, venue, event_date, timezone, demo FROM events WHERE id = ?1",
        )?;
        rows::optional_row(&mut stmt, [&id], |row| {
            let (date, timezone): (String, String) = (row.get(3)?, row.get(4)?);
            Ok(Event {
                id: row.get(0)?,
                name: row.get(1)?,
                venue: row.get(2)?,
                date: NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                    .map_err(|_| StoreError::Corrupt(format!("event date '{date}'")))?,
                timezone: timezone
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("time zone '{timezone}'")))?,
                demo: row.get(5)?,
            })
        })
    }

    /// The current event, or the message saying how to create one.
    pub fn require_event(&self) -> Result<Event> {
        self.current_event()?.ok_or(StoreError::NoEvent)
    }

    // --- staff --------------------------------------------------------------------------------

    /// Adds a member of staff with an already-hashed PIN.
    pub fn add_staff(
        &mut self,
        name: &str,
        role: StaffRole,
        pin_hash: &str,
        actor: &Actor,
    ) -> Result<Staff> {
        self.insert_staff(name, role, pin_hash, false, actor)
    }

    /// Adds a demo member of staff, who signs in only while the current event is a demo event.
    pub fn add_demo_staff(
        &mut self,
        name: &str,
        role: StaffRole,
        pin_hash: &str,
        actor: &Actor,
    ) -> Result<Staff> {
        self.insert_staff(name, role, pin_hash, true, actor)
    }

    fn insert_staff(
        &mut self,
        name: &str,
        role: StaffRole,
        pin_hash: &str,
        demo: bool,
        actor: &Actor,
    ) -> Result<Staff> {
        let id = uuid::Uuid::now_v7().to_string();
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO staff (id, name, role, pin_hash, created_at, demo)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, name, role.as_ref(), pin_hash, rfc3339(actor.at), demo],
        )?;
        tx.record(
            actor,
            Change {
                action: "staff.add",
                entity: "staff",
                entity_id: &id,
                detail: json!({ "role": role.as_ref(), "demo": demo }),
                synced: Some(Synced::of(&records::Staff {
                    id: id.clone(),
                    name: name.to_string(),
                    role,
                    active: true,
                    created_at: rfc3339(actor.at),
                })?),
            },
        )?;
        tx.commit()?;
        Ok(Staff {
            id,
            name: name.to_string(),
            role,
        })
    }

    /// Active staff with their PIN hashes (for signing in): recruiters first, as the people
    /// signing in most often at a fair, then by name.
    pub fn staff_with_pins(&self) -> Result<Vec<(Staff, String)>> {
        // Demo staff's PINs are printed in the README: they open only a demo event.
        let mut stmt = self.conn.prepare(
            "SELECT id, name, role, pin_hash FROM staff
             WHERE active = 1
               AND (demo = 0 OR EXISTS (SELECT 1 FROM events e JOIN settings s ON s.value = e.id
                                        WHERE s.key = ?1 AND e.demo = 1))
             ORDER BY role = 'coordinator', name COLLATE NOCASE, id",
        )?;
        let rows = stmt.query_map([CURRENT_EVENT], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut staff = Vec::new();
        for row in rows {
            let (id, name, role, pin_hash) = row?;
            let role = role
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("staff role '{role}'")))?;
            staff.push((Staff { id, name, role }, pin_hash));
        }
        Ok(staff)
    }

    /// Records a staff action that changes no table, such as signing in or unlocking the kiosk.
    pub fn audit(
        &mut self,
        actor: &Actor,
        action: &str,
        entity: &str,
        entity_id: &str,
    ) -> Result<()> {
        let tx = self.write()?;
        tx.record(
            actor,
            Change {
                action,
                entity,
                entity_id,
                detail: json!({}),
                synced: None,
            },
        )?;
        tx.commit()
    }

    /// A local setting, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Sets a local setting. Settings are this laptop's own and are not synced.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = self.write()?;
        set_setting(&tx, key, value)?;
        tx.commit()
    }

    /// Checks the audit log's hash chain; `None` means every row is as written.
    pub fn verify_audit_chain(&self) -> Result<Option<change::ChainBreak>> {
        change::verify_chain(&self.conn)
    }

    /// How many changes are waiting to go to the central service.
    pub fn unsynced_changes(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            &format!(
                "SELECT count(*) FROM outbox WHERE seq > {} AND synced_at IS NULL",
                sync::LAST_SYNCED_SEQ
            ),
            [],
            |row| row.get(0),
        )?)
    }
}

/// Keys a new connection, before anything else reads the file, and checks that the key opens it.
/// A plain SQLite file from a release before encryption is opened as it is (returns false). A
/// file that does not open with fairfloor's page layout is tried once more, on a new connection
/// from `reopen`, with the layout of the first encrypting release.
fn apply_key(
    conn: &mut Connection,
    state: key::FileState,
    path: &Path,
    reopen: impl Fn() -> rusqlite::Result<Connection>,
) -> Result<bool> {
    if state == key::FileState::Plain {
        return Ok(false);
    }
    // Unit tests run on encrypted files too, with a fixed raw key (no key derivation to wait for).
    #[cfg(test)]
    let _ = key::use_key(key::Key::Raw(zeroize::Zeroizing::new([7; 32])));
    let Some(key) = key::current() else {
        return Err(if state == key::FileState::New {
            StoreError::KeyNeeded
        } else if key::looks_encrypted(path) {
            StoreError::NoKey {
                path: path.to_path_buf(),
            }
        } else {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
            }
        });
    };
    let not_a_database =
        |e: &rusqlite::Error| e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase);
    let mut unlocked = key::unlock(conn, key, key::Layout::Current);
    if matches!(&unlocked, Err(e) if not_a_database(e)) && state == key::FileState::Opaque {
        let older = reopen().map_err(|e| migrations::classify_open_error(e, path))?;
        unlocked = key::unlock(&older, key, key::Layout::Sqlcipher4);
        if unlocked.is_ok() {
            *conn = older;
        }
    }
    match unlocked {
        Ok(()) => Ok(true),
        Err(error) if not_a_database(&error) && key::looks_encrypted(path) => {
            Err(StoreError::WrongKey {
                path: path.to_path_buf(),
            })
        }
        Err(error) => Err(migrations::classify_open_error(error, path)),
    }
}

/// Durability and sharing settings, applied to every connection.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    let mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    debug_assert_eq!(mode.to_lowercase(), "wal");
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// What SQLite's quick check finds wrong with the file (empty when sound). It reads every page
/// once, so it costs about as much as reading the file.
fn damage(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut problems: Vec<String> = conn
        .prepare("PRAGMA quick_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    problems.retain(|line| line != "ok");
    Ok(problems)
}

/// Makes sure this file knows which laptop it is on; the first open names it.
fn ensure_device(conn: &mut Connection) -> Result<(String, TicketPrefix)> {
    let existing: Option<(String, String)> = conn
        .query_row(
            "SELECT id, ticket_prefix FROM devices WHERE is_self = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let (id, prefix) = match existing {
        Some(found) => found,
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            let label = hostname_label();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO devices (id, label, ticket_prefix, is_self, created_at) VALUES (?1, ?2, ?3, 1, ?4)",
                params![id, label, DEFAULT_TICKET_PREFIX, rfc3339(Utc::now())],
            )?;
            tx.commit()?;
            (id, DEFAULT_TICKET_PREFIX.to_string())
        }
    };
    let prefix = TicketPrefix::parse(&prefix)
        .map_err(|_| StoreError::Corrupt(format!("ticket prefix '{prefix}'")))?;
    Ok((id, prefix))
}

fn hostname_label() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this laptop".to_string())
}

fn set_setting(tx: &rusqlite::Transaction<'_>, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Shared by tests across the crate: a store in a fresh temporary file with one event.
#[cfg(test)]
pub(crate) fn test_store() -> (tempfile::TempDir, Store, Event) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("test.db")).unwrap();
    let event = test_event(&mut store);
    (dir, store, event)
}

/// Creates the tests' event (Leeds Fair, 29 March 2026) in `store`.
#[cfg(test)]
pub(crate) fn test_event(store: &mut Store) -> Event {
    store
        .create_event(
            &NewEvent::parse("Leeds Fair", "Arena", "2026-03-29", "Europe/London").unwrap(),
            &Actor::new("test", test_time()),
        )
        .unwrap()
}

/// Alters audit row `seq` as an attacker would: the append-only trigger out of the way first.
#[cfg(test)]
pub(crate) fn alter_audit_row(store: &Store, seq: i64) {
    store
        .conn
        .execute_batch(&format!(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET actor = 'someone else' WHERE seq = {seq};"
        ))
        .unwrap();
}

/// Adds a synthetic demo day of `candidates` people (always the same ones) to `event`.
#[cfg(test)]
pub(crate) fn add_test_demo(store: &mut Store, event: &Event, candidates: usize) {
    let content = crate::content::Content::load().unwrap();
    let options = crate::demo::DemoOptions {
        candidates,
        seed: 7,
    };
    crate::demo::add_demo(store, event, &content, &options).unwrap();
}

#[cfg(test)]
pub(crate) fn test_time() -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-03-29T09:30:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_sets_the_durability_pragmas() {
        let (_dir, store, _) = test_store();
        let conn = store.connection();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        let sync: i64 = conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        let fk: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
    }

    #[test]
    fn the_current_event_survives_reopening() {
        let (dir, store, event) = test_store();
        drop(store);
        let store = Store::open(&dir.path().join("test.db")).unwrap();
        assert_eq!(store.current_event().unwrap(), Some(event));
    }

    #[test]
    fn the_same_event_twice_is_refused() {
        let (_dir, mut store, _) = test_store();
        let again = NewEvent::parse("Leeds Fair", "Arena", "2026-03-29", "Europe/London").unwrap();
        let err = store
            .create_event(&again, &Actor::new("test", test_time()))
            .unwrap_err();
        assert!(matches!(err, StoreError::DuplicateEvent { .. }), "{err}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        let junk = "These are my notes, not a database. ".repeat(200);
        std::fs::write(&path, &junk).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
        // The command line adds "Choose another file with --db PATH" (cli::words).
        assert_eq!(std::fs::read_to_string(&path).unwrap(), junk);
    }

    #[test]
    fn the_audit_chain_detects_an_edited_row() {
        let (_dir, mut store, _) = test_store();
        let actor = Actor::new("test", test_time());
        store.audit(&actor, "staff.sign_in", "staff", "s1").unwrap();
        store
            .audit(&actor, "staff.sign_out", "staff", "s1")
            .unwrap();
        assert_eq!(store.verify_audit_chain().unwrap(), None);
        alter_audit_row(&store, 2);
        let broken = store.verify_audit_chain().unwrap().expect("break found");
        assert_eq!(broken.seq, 2);
    }

    #[test]
    fn the_audit_log_refuses_updates_and_deletes() {
        let (_dir, store, _) = test_store();
        let conn = store.connection();
        assert!(
            conn.execute("UPDATE audit_log SET actor = 'x'", [])
                .is_err()
        );
        assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    }
}
