//! Syncing 100,000 changes to the central service over loopback, against the floor of loading the
//! same rows into the same tables with `psql \copy`.
//!
//! 1. The real `fairfloor central serve` on a throwaway PostgreSQL (tests/support/postgres.rs);
//!    a laptop's worth of realistic outbox entries (candidates with equality answers and status
//!    changes, screenings started, answered and decided, offers and documents seen) posted in
//!    batches of 2,000 with ureq, as `fairfloor sync` does.
//! 2. The floor: the rows that sync left in `changes` and in each record table, written out and
//!    loaded with `psql \copy` into a fresh database with the same schema, in the same run.
//!
//! Target: sync within 3× the floor. Run: `cargo bench --bench central_sync`.

#[path = "../tests/support/postgres.rs"]
mod postgres;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fairfloor::sync::protocol::{BatchAck, ChangeBatch, OutboxEntry};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_fairfloor");
const CHANGES: usize = 100_000;
const BATCH: usize = 2_000;
const DEVICE: &str = "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

const TABLES: [&str; 8] = [
    "events",
    "staff",
    "candidates",
    "equality_monitoring",
    "screenings",
    "screening_answers",
    "offers",
    "documents_seen",
];

/// A laptop's outbox on a very busy day, in the shapes `src/store` writes.
fn push(out: &mut Vec<OutboxEntry>, entity: &str, id: &str, payload: Value, at: &str) {
    let seq = out.len() as i64 + 1;
    out.push(OutboxEntry {
        device_id: DEVICE.into(),
        seq,
        entity: entity.into(),
        id: id.into(),
        op: "upsert".into(),
        payload,
        at: at.into(),
    });
}

fn entries() -> Vec<OutboxEntry> {
    let mut out = Vec::with_capacity(CHANGES + 32);
    let event = "0199a1b2-0000-7000-8000-000000000001";
    let at = "2026-03-14T09:00:00Z";
    push(
        &mut out,
        "event",
        event,
        json!({"id": event, "name": "Leeds Jobs Fair", "venue": "First Direct Arena",
               "event_date": "2026-03-14", "timezone": "Europe/London"}),
        at,
    );
    let staff: Vec<String> = (0..12)
        .map(|i| format!("0199a1b2-0000-7000-9000-{i:012}"))
        .collect();
    for (i, id) in staff.iter().enumerate() {
        push(
            &mut out,
            "staff",
            id,
            json!({"id": id, "name": format!("Recruiter {i}"), "role": "recruiter", "active": true, "created_at": at}),
            at,
        );
    }
    let mut person = 0_usize;
    while out.len() < CHANGES {
        person += 1;
        let minute = person % 600;
        let time = format!(
            "2026-03-14T{:02}:{:02}:{:02}Z",
            9 + minute / 60,
            minute % 60,
            person % 60
        );
        let candidate = format!("0199a1b2-1111-7000-8000-{person:012}");
        let ticket = format!("A-{person:03}");
        push(
            &mut out,
            "candidate",
            &candidate,
            json!({
                "id": candidate, "event_id": event, "device_id": DEVICE, "ticket": ticket,
                "ticket_number": person, "given_name": "Amara", "family_name": format!("Okafor-{person}"),
                "email": format!("amara.{person}@example.com"), "phone": format!("+4477009{person:05}"),
                "postcode": "LS1 4AP", "roles": ["hcsw", "porter"], "contract_types": ["permanent"],
                "work_patterns": ["days", "nights"], "right_to_work": "yes", "care_experience": "some",
                "adjustments": null, "source": "kiosk", "status": "waiting", "consent_at": time,
                "privacy_version": "2026-01", "duplicate_of": null, "registered_at": time, "arrived_at": time,
            }),
            &time,
        );
        for (q, answer) in [
            ("age", "25-34"),
            ("ethnicity", "prefer_not_to_say"),
            ("disability", "no"),
        ] {
            let id = format!("0199a1b2-2222-7{q:.3}-8000-{person:012}");
            push(
                &mut out,
                "equality_monitoring",
                &id,
                json!({"id": id, "candidate_id": candidate, "question": q, "answer": answer, "recorded_at": time}),
                &time,
            );
        }
        push(
            &mut out,
            "candidate_status",
            &candidate,
            json!({"id": candidate, "status": "in_interview", "arrived_at": time, "updated_at": time}),
            &time,
        );
        let screening = format!("0199a1b2-3333-7000-8000-{person:012}");
        let recruiter = &staff[person % staff.len()];
        push(
            &mut out,
            "screening",
            &screening,
            json!({"id": screening, "event_id": event, "candidate_id": candidate, "device_id": DEVICE,
                   "staff_id": recruiter, "script_id": "hcsw-values", "script_version": 3,
                   "script_hash": "9f2c1e4b7a", "blind": false, "status": "in_progress",
                   "started_at": time, "updated_at": time}),
            &time,
        );
        for question in 0..5 {
            let id = format!("0199a1b2-4444-7000-8{question:03}-{person:012}");
            push(
                &mut out,
                "screening_answer",
                &id,
                json!({"id": id, "screening_id": screening, "question_id": format!("q{question}"),
                       "kind": "values", "answer": "Told us about caring for a neighbour through a long illness.",
                       "score": 3 + (person + question) % 3, "notes": null, "answered_at": time}),
                &time,
            );
        }
        push(
            &mut out,
            "screening",
            &screening,
            json!({"id": screening, "status": "completed", "completed_at": time, "total": 19,
                   "max_total": 25, "recommendation": "offer", "decision": "offer",
                   "override_reason": null, "feedback": "Warm and clear.", "signposts": [], "updated_at": time}),
            &time,
        );
        if person.is_multiple_of(2) {
            let offer = format!("0199a1b2-5555-7000-8000-{person:012}");
            push(
                &mut out,
                "offer",
                &offer,
                json!({"id": offer, "event_id": event, "candidate_id": candidate, "screening_id": screening,
                       "device_id": DEVICE, "staff_id": recruiter, "kind": "conditional", "role_code": "hcsw",
                       "site": "St James's", "contract": "permanent", "hours": 37.5,
                       "conditions": ["dbs", "references"], "expires_on": "2026-03-28",
                       "token": format!("tok{person:020}"), "reference": format!("LJF-{person:05}"),
                       "onboarding_url": format!("https://onboard.example/o/tok{person:020}"),
                       "status": "made", "created_at": time, "updated_at": time}),
                &time,
            );
            let seen = format!("0199a1b2-6666-7000-8000-{person:012}");
            push(
                &mut out,
                "document_seen",
                &seen,
                json!({"id": seen, "offer_id": offer, "check_id": "right_to_work", "document": "passport",
                       "share_code": null, "seen_by": recruiter, "seen_at": time}),
                &time,
            );
        }
        push(
            &mut out,
            "candidate_status",
            &candidate,
            json!({"id": candidate, "status": "done", "updated_at": time}),
            &time,
        );
    }
    out.truncate(CHANGES);
    out
}

fn run(args: &[&str]) -> String {
    let out = Command::new(BIN)
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
    let entries = entries();
    let batches: Vec<String> = entries
        .chunks(BATCH)
        .map(|chunk| {
            serde_json::to_string(&ChangeBatch {
                changes: chunk.to_vec(),
            })
            .unwrap()
        })
        .collect();
    let bytes: usize = batches.iter().map(String::len).sum();

    // 1. The real service.
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
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    let started = Instant::now();
    let mut acked = 0;
    for body in &batches {
        let ack: BatchAck = agent
            .post(&format!("{base}/v1/changes"))
            .header("Authorization", &format!("Bearer {token}"))
            .content_type("application/json")
            .send(body.as_str())
            .expect("POST a batch")
            .body_mut()
            .read_json()
            .expect("a BatchAck");
        acked = ack.acked_seq;
    }
    let sync_time = started.elapsed();
    assert_eq!(acked, CHANGES as i64);
    let _ = server.kill();
    let _ = server.wait();

    // 2. The floor: the same rows into the same tables of a fresh database, with psql \copy.
    let floor_db = postgres::fresh_database();
    run(&["central", "devices", "--database", &floor_db]); // applies the schema
    let dir = tempfile::tempdir().unwrap();
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
        "central sync: {CHANGES} changes ({:.1} MB of JSON, {} batches of {BATCH}) -> {rows} records",
        bytes as f64 / 1e6,
        batches.len()
    );
    println!(
        "  sync over loopback: {:.2} s ({:.0} changes/s)",
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
