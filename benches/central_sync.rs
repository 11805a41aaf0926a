//! Syncing 100,000 changes to the central service over loopback, against the floor of loading the
//! same rows into the same tables with `psql \copy`.
//!
//! 1. The real laptop client on a real store: `fairfloor demo` fills a fresh SQLite store with
//!    about 8,000 synthetic candidates registered, interviewed and offered through the store's own
//!    code (equality answers, status changes, screenings and their answers, offers, documents
//!    seen), and its outbox is cut to its first 100,000 changes (setup, not timed). Then the
//!    timed part: `fairfloor::sync::client::sync` — what `fairfloor sync` runs — reads the outbox,
//!    posts it in batches of 2,000 to the real `fairfloor central serve` on a throwaway
//!    PostgreSQL (tests/support/postgres.rs) over loopback, and marks each acknowledged batch
//!    synced in SQLite.
//! 2. The floor: the rows that sync left in `changes` and in each record table, written out and
//!    loaded with `psql \copy` into a fresh database with the same schema, in the same run.
//!
//! Target: sync within 3× the floor. Run: `cargo bench --bench central_sync`.

#[path = "../tests/support/postgres.rs"]
mod postgres;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fairfloor::central::apply::TABLES;
use fairfloor::store::Store;
use fairfloor::sync::client::{self, SyncOptions};

const BIN: &str = env!("CARGO_BIN_EXE_fairfloor");
const CHANGES: usize = 100_000;
const BATCH: usize = 2_000;
/// `fairfloor demo` writes about 12.5 changes per candidate: a few more than 100,000 in all.
const DEMO_CANDIDATES: &str = "8100";

/// The laptop's database key: a key file, as an unattended laptop would have.
fn key_file() -> &'static std::path::Path {
    static KEY: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        let path = tempfile::tempdir().unwrap().keep().join("laptop.key");
        fairfloor::store::key::Key::generate()
            .unwrap()
            .write_new_file(&path)
            .unwrap();
        path
    })
}

fn run(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .env("FAIRFLOOR_KEY_FILE", key_file())
        .args(args)
        .output()
        .expect("run fairfloor");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn psql(database: &str, script: &str) -> Duration {
    let started = Instant::now();
    let out = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", database, "-c", script])
        .output()
        .expect("psql (install postgresql-client)");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "psql: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

fn main() {
    // The laptop: a real store whose outbox holds the first 100,000 changes of a busy day.
    let dir = tempfile::tempdir().unwrap();
    let laptop = dir.path().join("laptop.db");
    let laptop_arg = laptop.to_str().unwrap();
    run(&["--db", laptop_arg, "demo", "--candidates", DEMO_CANDIDATES]);
    let (changes, bytes) = {
        let conn = rusqlite::Connection::open(&laptop).unwrap();
        let hex = std::fs::read_to_string(key_file()).unwrap();
        conn.pragma_update(None, "key", format!("x'{}'", hex.trim()))
            .unwrap();
        conn.execute_batch(&fairfloor::store::key::Layout::Current.pragmas(None))
            .unwrap();
        conn.execute("DELETE FROM outbox WHERE seq > ?1", [CHANGES as i64])
            .unwrap();
        conn.query_row(
            "SELECT count(*), sum(length(payload)) FROM outbox WHERE synced_at IS NULL",
            [],
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)),
        )
        .unwrap()
    };
    assert_eq!(changes, CHANGES as i64, "the demo wrote too few changes");
    fairfloor::store::key::use_key(fairfloor::store::key::Key::read_file(key_file()).unwrap());
    let mut store = Store::open(&laptop).unwrap();

    // 1. The real service, and the real client pushing the outbox to it.
    let synced_db = postgres::fresh_database();
    let token = run(&[
        "central",
        "add-device",
        "--database",
        &synced_db,
        "--label",
        "bench",
    ])
    .lines()
    .last()
    .unwrap()
    .to_string();
    let mut server = Command::new(BIN)
        .args([
            "central",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database",
            &synced_db,
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the service");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .expect("the listening line")
        .to_string();
    let options = SyncOptions {
        batch_size: BATCH,
        ..SyncOptions::default()
    };
    let started = Instant::now();
    let report = client::sync(&mut store, &base, &token, &options, &mut |_| {}).expect("sync");
    let sync_time = started.elapsed();
    assert_eq!(report.sent, CHANGES as u64);
    assert_eq!(report.rejected, 0);
    let status = store.outbox_status().unwrap();
    assert_eq!((status.waiting, status.rejected), (0, 0));
    let _ = server.kill();
    let _ = server.wait();

    // 2. The floor: the same rows into the same tables of a fresh database, with psql \copy.
    let floor_db = postgres::fresh_database();
    run(&["central", "devices", "--database", &floor_db]); // applies the schema
    let mut copies = Vec::new();
    let changes_file = dir.path().join("changes.csv");
    psql(
        &synced_db,
        &format!(
            "\\copy (SELECT device_id, seq, entity, record_id, op, payload, at FROM changes ORDER BY seq) TO '{}' WITH (FORMAT csv)",
            changes_file.display()
        ),
    );
    copies.push(format!(
        "\\copy changes (device_id, seq, entity, record_id, op, payload, at) FROM '{}' WITH (FORMAT csv)",
        changes_file.display()
    ));
    let mut rows = 0_i64;
    let mut check = ::postgres::Client::connect(&synced_db, ::postgres::NoTls).unwrap();
    for table in TABLES {
        let file = dir.path().join(format!("{table}.csv"));
        psql(
            &synced_db,
            &format!(
                "\\copy (SELECT id, record, device_id, applied_seq FROM {table}) TO '{}' WITH (FORMAT csv)",
                file.display()
            ),
        );
        copies.push(format!(
            "\\copy {table} (id, record, device_id, applied_seq) FROM '{}' WITH (FORMAT csv)",
            file.display()
        ));
        let n: i64 = check
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .unwrap()
            .get(0);
        rows += n;
    }
    let floor_time: Duration = copies.iter().map(|copy| psql(&floor_db, copy)).sum();
    let mut floor_check = ::postgres::Client::connect(&floor_db, ::postgres::NoTls).unwrap();
    let floor_changes: i64 = floor_check
        .query_one("SELECT count(*) FROM changes", &[])
        .unwrap()
        .get(0);
    assert_eq!(floor_changes, CHANGES as i64);

    let ratio = sync_time.as_secs_f64() / floor_time.as_secs_f64();
    println!(
        "central sync: {CHANGES} changes from a fairfloor demo store ({:.1} MB of payload JSON, {} batches of {BATCH}) -> {rows} records",
        bytes as f64 / 1e6,
        report.batches
    );
    println!(
        "  fairfloor sync over loopback (SQLite outbox -> central serve -> marked synced): {:.2} s ({:.0} changes/s)",
        sync_time.as_secs_f64(),
        CHANGES as f64 / sync_time.as_secs_f64()
    );
    println!(
        "  floor, psql \\copy of the same rows: {:.2} s",
        floor_time.as_secs_f64()
    );
    println!(
        "  ratio: {ratio:.2}x (target <= 3x) {}",
        if ratio <= 3.0 { "OK" } else { "OVER TARGET" }
    );
}
