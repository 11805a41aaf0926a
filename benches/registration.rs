//! Durable registration commit against the floor: a raw SQLite insert of the same row, in its own
//! transaction, on a file with the same pragmas (WAL, synchronous=FULL). Both pay one fsync per
//! commit; the ratio shows what fairfloor adds (ticket number, duplicate check, audit hash chain,
//! outbox, equality rows). Target: at most 1.5× the floor.
//!
//! Encryption at rest: the same registrations also go to a fairfloor store on an unencrypted file
//! (as an earlier release left it), so the cost of SQLCipher shows as the ratio of the encrypted
//! store (the default, keyed with a raw 256-bit key as from a key file) to the unencrypted one.
//! Target: at most 1.25×.
//!
//! Run: `cargo bench --bench registration` (FAIRFLOOR_BENCH_N sets the commits per side).

use std::time::{Duration, Instant};

use chrono::Utc;
use fairfloor::domain::{
    CareExperience, ContractType, NewEvent, Registration, RightToWork, Source, WorkPattern,
};
use fairfloor::store::{Actor, Store};
use rusqlite::{Connection, params};

fn registration(i: usize) -> Registration {
    Registration {
        given_name: "Amara".into(),
        family_name: "Okafor".into(),
        email: Some(format!("amara.okafor.{i}@example.com")),
        phone: Some(format!("+4477009{i:05}")),
        postcode: Some("LS1 4DY".into()),
        roles: vec!["hcsw".into(), "porter".into()],
        contract_types: vec![ContractType::FullTime],
        work_patterns: vec![WorkPattern::Days],
        right_to_work: Some(RightToWork::Yes),
        care_experience: Some(CareExperience::Unpaid),
        adjustments: String::new(),
        equality: vec![("age_group".into(), "25_34".into())],
        privacy_version: Some("v1".into()),
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let n: usize = std::env::var("FAIRFLOOR_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let dir = tempfile::tempdir().expect("temp dir");

    // fairfloor's path, on an encrypted file (every file fairfloor creates).
    fairfloor::store::key::use_key(fairfloor::store::key::Key::generate().expect("a key"));
    let new_event =
        || NewEvent::parse("Bench Fair", "Hall", "2026-11-23", "Europe/London").unwrap();
    let mut store = Store::open(&dir.path().join("fairfloor.db")).expect("open store");
    assert!(store.is_encrypted());
    let event = store
        .create_event(&new_event(), &Actor::new("bench", Utc::now()))
        .unwrap();

    // The same on an unencrypted file: a plain SQLite file is opened as an earlier release's.
    let plain_path = dir.path().join("plain.db");
    Connection::open(&plain_path)
        .and_then(|c| c.pragma_update(None, "journal_mode", "WAL"))
        .expect("a plain file");
    let mut plain = Store::open(&plain_path).expect("open plain store");
    assert!(!plain.is_encrypted());
    let plain_event = plain
        .create_event(&new_event(), &Actor::new("bench", Utc::now()))
        .unwrap();

    // The floor: the same schema and pragmas, one plain INSERT per transaction.
    let floor_path = dir.path().join("floor.db");
    let mut floor = Connection::open(&floor_path).unwrap();
    floor.pragma_update(None, "journal_mode", "WAL").unwrap();
    floor.pragma_update(None, "synchronous", "FULL").unwrap();
    floor.pragma_update(None, "foreign_keys", "ON").unwrap();
    fairfloor::store::migrations::migrate(&mut floor, &floor_path).unwrap();
    floor
        .execute_batch(
            "INSERT INTO events (id, name, venue, event_date, created_at) VALUES ('e', 'Bench', 'Hall', '2026-11-23', 'now');
             INSERT INTO devices (id, label, ticket_prefix, is_self, created_at) VALUES ('d', 'bench', 'A', 1, 'now');",
        )
        .unwrap();

    let mut ours = Vec::with_capacity(n);
    let mut raw = Vec::with_capacity(n);
    let mut unencrypted = Vec::with_capacity(n);
    // Interleaved, so both sides see the same disk and the same background load.
    for i in 0..n {
        let reg = registration(i);
        let start = Instant::now();
        store
            .register(
                &event,
                &reg,
                Source::Kiosk,
                &Actor::new("kiosk", Utc::now()),
            )
            .expect("register");
        ours.push(start.elapsed());

        let start = Instant::now();
        plain
            .register(
                &plain_event,
                &reg,
                Source::Kiosk,
                &Actor::new("kiosk", Utc::now()),
            )
            .expect("register on the unencrypted file");
        unencrypted.push(start.elapsed());

        let start = Instant::now();
        floor
            .execute(
                "INSERT INTO candidates (id, event_id, device_id, ticket, ticket_number, given_name,
                    family_name, email, phone, postcode, roles, source, status, registered_at, updated_at)
                 VALUES (?1, 'e', 'd', ?2, ?3, 'Amara', 'Okafor', ?4, ?5, 'LS1 4DY', '[\"hcsw\"]',
                    'kiosk', 'waiting', 'now', 'now')",
                params![
                    uuid::Uuid::now_v7().to_string(),
                    format!("A-{i:03}"),
                    i as i64,
                    reg.email,
                    reg.phone
                ],
            )
            .expect("raw insert");
        raw.push(start.elapsed());
    }
    let (ours, raw, unencrypted) = (median(ours), median(raw), median(unencrypted));
    let ratio = ours.as_secs_f64() / raw.as_secs_f64();
    let cipher = ours.as_secs_f64() / unencrypted.as_secs_f64();
    println!("registration commit, median of {n}:");
    println!("  floor (raw SQLite insert, same pragmas, unencrypted): {raw:?}");
    println!(
        "  fairfloor register (candidate + equality + audit + outbox), encrypted file: {ours:?}"
    );
    println!(
        "  ratio: {ratio:.2}x (target <= 1.5x) {}",
        if ratio <= 1.5 { "OK" } else { "OVER TARGET" }
    );
    println!("  fairfloor register on an unencrypted file: {unencrypted:?}");
    println!(
        "  encryption at rest: {cipher:.2}x the unencrypted file (target <= 1.25x) {}",
        if cipher <= 1.25 { "OK" } else { "OVER TARGET" }
    );
}
