//! The central service end to end: the real `fairfloor central serve` binary on a free port, a
//! real throwaway PostgreSQL (tests/support/postgres.rs), real HTTP.

#[path = "support/postgres.rs"]
mod postgres;
mod support;

use std::process::Command;

use fairfloor::sync::protocol::{ChangeBatch, OutboxEntry, ServiceInfo};
use serde_json::{Value, json};
use support::central::{Central, add_device, agent, central, outbox};
use support::{BIN, Workspace};

fn pg(database: &str) -> ::postgres::Client {
    ::postgres::Client::connect(database, ::postgres::NoTls).expect("connect to the test database")
}

fn count(db: &mut ::postgres::Client, table: &str) -> i64 {
    db.query_one(&format!("SELECT count(*) FROM {table}"), &[])
        .unwrap()
        .get(0)
}

fn entry(device: &str, seq: i64, entity: &str, id: &str, payload: Value) -> OutboxEntry {
    OutboxEntry::upsert(device, seq, entity, id, payload, "2026-03-14T09:00:00Z")
}

/// `n` staff records from seq `first` on.
fn staff_entries(device: &str, first: i64, n: i64) -> Vec<OutboxEntry> {
    (first..first + n)
        .map(|seq| {
            let id = format!("{device}-staff-{seq}");
            entry(device, seq, "staff", &id, json!({"id": id, "name": format!("Person {seq}"), "role": "recruiter", "active": true}))
        })
        .collect()
}

fn record(db: &mut ::postgres::Client, table: &str, id: &str) -> Value {
    db.query_one(&format!("SELECT record FROM {table} WHERE id = $1"), &[&id])
        .unwrap()
        .get(0)
}

#[test]
fn info_names_the_service_and_its_api_version() {
    let server = Central::start(&postgres::fresh_database());
    let info: ServiceInfo = agent()
        .get(&format!("{}/v1/info", server.base))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    assert_eq!(info.service, "fairfloor-central");
    assert_eq!(info.api_version, fairfloor::sync::protocol::API_VERSION);
}

#[test]
fn only_a_live_token_may_push_and_a_revoked_one_is_refused() {
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);
    let batch = serde_json::to_string(&ChangeBatch {
        changes: staff_entries("dev-a", 1, 2),
    })
    .unwrap();

    let missing = server.refused(None, &batch, 401);
    assert!(missing.contains("Authorization: Bearer"), "{missing}");
    let wrong = server.refused(Some(&"0".repeat(64)), &batch, 401);
    assert!(wrong.contains("not valid"), "{wrong}");
    assert_eq!(count(&mut pg(&database), "changes"), 0);

    let ack = server.push(&token, &staff_entries("dev-a", 1, 2));
    assert_eq!(ack.acked_seq, 2);

    // The same label cannot be enrolled twice while live.
    let again = central(&["add-device", "--label", "Laptop A"], &database);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already enrolled"));

    let revoked = central(&["revoke-device", "--label", "Laptop A"], &database);
    assert!(
        revoked.status.success(),
        "{}",
        String::from_utf8_lossy(&revoked.stderr)
    );
    server.refused(Some(&token), &batch, 401);
    let unknown = central(&["revoke-device", "--label", "Laptop Z"], &database);
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr)
            .contains("no enrolled device is labelled 'Laptop Z'")
    );

    let listing = central(&["devices"], &database);
    let listing = String::from_utf8(listing.stdout).unwrap();
    let row = listing
        .lines()
        .find(|line| line.starts_with("Laptop A"))
        .expect(&listing);
    assert!(row.contains("dev-a"), "bound device id shown: {listing}");
    assert_eq!(
        row.matches("UTC").count(),
        3,
        "created, last seen, revoked: {listing}"
    );

    // The same for a script (issue 17): every device, times in RFC 3339, absent ones null.
    let listing = central(&["devices", "--json"], &database);
    assert!(listing.status.success());
    let devices: serde_json::Value = serde_json::from_slice(&listing.stdout).unwrap();
    let a = devices
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["label"] == "Laptop A")
        .expect("Laptop A listed");
    assert_eq!(a["device_id"], "dev-a");
    for at in ["created_at", "last_seen_at", "revoked_at"] {
        let text = a[at].as_str().expect(at);
        assert!(
            chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            "{at}: {text}"
        );
    }
}

#[test]
fn a_token_bound_to_one_laptop_is_refused_for_another() {
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);
    server.push(&token, &staff_entries("dev-a", 1, 1));
    let other = serde_json::to_string(&ChangeBatch {
        changes: staff_entries("dev-b", 1, 3),
    })
    .unwrap();
    let message = server.refused(Some(&token), &other, 403);
    assert!(
        message.contains("dev-a") && message.contains("dev-b"),
        "{message}"
    );
    let mut db = pg(&database);
    assert_eq!(count(&mut db, "staff"), 1);
    assert_eq!(count(&mut db, "changes"), 1);
}

#[test]
fn a_malformed_batch_is_refused_whole_and_changes_nothing() {
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);

    let not_json = server.refused(Some(&token), "{\"changes\": [", 400);
    assert!(not_json.contains("not valid JSON"), "{not_json}");
    let missing_field = server.refused(
        Some(&token),
        r#"{"changes": [{"device_id": "dev-a", "seq": 1, "entity": "staff", "id": "s1", "op": "upsert", "payload": {"id": "s1"}}]}"#,
        400,
    );
    assert!(
        missing_field.contains("missing field `at`"),
        "{missing_field}"
    );
    let mut mixed = staff_entries("dev-a", 1, 2);
    mixed.push(staff_entries("dev-b", 3, 1).remove(0));
    let mixed = server.refused(
        Some(&token),
        &serde_json::to_string(&ChangeBatch { changes: mixed }).unwrap(),
        400,
    );
    assert!(mixed.contains("send them separately"), "{mixed}");
    let mut twice = staff_entries("dev-a", 1, 2);
    twice[1].seq = 1;
    let twice = server.refused(
        Some(&token),
        &serde_json::to_string(&ChangeBatch { changes: twice }).unwrap(),
        400,
    );
    assert!(twice.contains("seq 1 appears twice"), "{twice}");

    let mut db = pg(&database);
    assert_eq!(count(&mut db, "changes"), 0);
    assert_eq!(count(&mut db, "staff"), 0);
    let bound: Option<String> = db
        .query_one("SELECT device_id FROM device_tokens", &[])
        .unwrap()
        .get(0);
    assert_eq!(bound, None, "a refused batch binds no device");
}

#[test]
fn the_same_batch_twice_gives_the_same_rows_and_the_same_ack() {
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);
    let batch = staff_entries("dev-a", 1, 50);
    let first = server.push(&token, &batch);
    let mut db = pg(&database);
    let rows_after_first: Vec<(String, Value)> = db
        .query("SELECT id, record FROM staff ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    let second = server.push(&token, &batch);
    assert_eq!(first, second);
    assert_eq!(first.acked_seq, 50);
    let rows_after_second: Vec<(String, Value)> = db
        .query("SELECT id, record FROM staff ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert_eq!(rows_after_first, rows_after_second);
    assert_eq!(rows_after_second.len(), 50);
    assert_eq!(count(&mut db, "changes"), 50);
}

#[test]
fn a_later_batch_first_is_held_until_the_gap_fills() {
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);
    let all = staff_entries("dev-a", 1, 200);
    let ack = server.push(&token, &all[100..]);
    assert_eq!(ack.acked_seq, 0, "seq 1..100 are missing");
    let mut db = pg(&database);
    assert_eq!(count(&mut db, "changes"), 100);
    assert_eq!(count(&mut db, "staff"), 0, "nothing applied past a gap");
    let ack = server.push(&token, &all[..100]);
    assert_eq!(ack.acked_seq, 200);
    assert_eq!(count(&mut db, "staff"), 200);
    // A gap in the middle stops the ack just before it.
    let more = staff_entries("dev-a", 201, 10);
    let ack = server.push(&token, &[more[0].clone(), more[1].clone(), more[5].clone()]);
    assert_eq!(ack.acked_seq, 202);
}

#[test]
fn partial_updates_merge_in_seq_order_even_when_the_later_one_arrives_first() {
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);
    let candidate = entry(
        "dev-a",
        1,
        "candidate",
        "c1",
        json!({"id": "c1", "event_id": "e1", "ticket": "A-001", "given_name": "Amara",
               "status": "waiting", "arrived_at": "2026-03-14T09:00:00Z", "updated_at": "2026-03-14T09:00:00Z"}),
    );
    let called = entry(
        "dev-a",
        2,
        "candidate_status",
        "c1",
        json!({"id": "c1", "status": "called", "arrived_at": "2026-03-14T09:00:00Z", "updated_at": "2026-03-14T09:10:00Z"}),
    );
    let screening = entry(
        "dev-a",
        3,
        "screening",
        "s1",
        json!({"id": "s1", "candidate_id": "c1", "status": "in_progress", "started_at": "2026-03-14T09:11:00Z"}),
    );
    let decided = entry(
        "dev-a",
        4,
        "screening",
        "s1",
        json!({"id": "s1", "status": "completed", "total": 17, "decision": "offer"}),
    );
    let done = entry(
        "dev-a",
        5,
        "candidate_status",
        "c1",
        json!({"id": "c1", "status": "done", "updated_at": "2026-03-14T09:30:00Z"}),
    );
    // Newest first, then the rest out of order.
    assert_eq!(server.push(&token, &[done, decided]).acked_seq, 0);
    assert_eq!(server.push(&token, &[called, screening]).acked_seq, 0);
    assert_eq!(server.push(&token, &[candidate]).acked_seq, 5);

    let mut db = pg(&database);
    let c1 = record(&mut db, "candidates", "c1");
    assert_eq!(c1["status"], "done");
    assert_eq!(c1["given_name"], "Amara");
    assert_eq!(c1["ticket"], "A-001");
    assert_eq!(c1["updated_at"], "2026-03-14T09:30:00Z");
    let s1 = record(&mut db, "screenings", "s1");
    assert_eq!(s1["status"], "completed");
    assert_eq!(s1["candidate_id"], "c1");
    assert_eq!(s1["total"], 17);
    let typed: (String, String) = {
        let row = db
            .query_one(
                "SELECT status, event_id FROM candidates WHERE id = 'c1'",
                &[],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!(typed, ("done".to_string(), "e1".to_string()));
}

#[test]
fn an_entry_that_cannot_be_applied_is_reported_and_does_not_block_the_rest() {
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);
    let changes = vec![
        entry("dev-a", 1, "gadget", "g1", json!({"id": "g1"})),
        entry("dev-a", 2, "offer", "o1", json!({"status": "made"})),
        entry(
            "dev-a",
            3,
            "offer",
            "o2",
            json!({"id": "o2", "status": "made", "reference": "OF-2"}),
        ),
    ];
    let ack = server.push(&token, &changes);
    assert_eq!(ack.acked_seq, 3);
    let rejected: Vec<i64> = ack.rejected.iter().map(|r| r.seq).collect();
    assert_eq!(rejected, vec![1, 2]);
    assert!(
        ack.rejected[0].reason.contains("unknown entity 'gadget'"),
        "{:?}",
        ack.rejected
    );
    assert!(
        ack.rejected[1].reason.contains("no id"),
        "{:?}",
        ack.rejected
    );
    let mut db = pg(&database);
    assert_eq!(count(&mut db, "offers"), 1);
    let reasons: i64 = db
        .query_one(
            "SELECT count(*) FROM changes WHERE rejected_reason IS NOT NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(reasons, 2);
    // Sent again, the same rejections come back and nothing changes.
    assert_eq!(server.push(&token, &changes), ack);
}

#[test]
fn two_laptops_interleaved_give_the_union_without_duplicates() {
    let database = postgres::fresh_database();
    let server = Central::start(&database);
    let token_a = add_device(&database, "Laptop A");
    let token_b = add_device(&database, "Laptop B");
    let a = staff_entries("dev-a", 1, 120);
    let b = staff_entries("dev-b", 1, 90);
    for round in 0..4 {
        let ack_a = server.push(
            &token_a,
            &a[(round * 30).min(120)..((round + 1) * 30).min(120)],
        );
        assert_eq!(ack_a.device_id, "dev-a");
        if round * 30 < 90 {
            let ack_b = server.push(&token_b, &b[round * 30..(round + 1) * 30]);
            assert_eq!(ack_b.device_id, "dev-b");
        }
    }
    // A resend of an old batch in between changes nothing.
    server.push(&token_b, &b[..30]);
    let mut db = pg(&database);
    assert_eq!(count(&mut db, "staff"), 210);
    let acks: Vec<(String, i64)> = db
        .query(
            "SELECT device_id, acked_seq FROM device_progress ORDER BY device_id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert_eq!(
        acks,
        vec![("dev-a".to_string(), 120), ("dev-b".to_string(), 90)]
    );
}

/// A demo fair with 200 candidates in a real SQLite file.
fn demo_fair() -> Workspace {
    let workspace = Workspace::new();
    workspace.ok(
        &support::init_args("Leeds Jobs Fair", "First Direct Arena", "2026-03-14"),
        "",
    );
    workspace.ok(&["demo", "--candidates", "200"], "");
    workspace
}

fn local_rows(workspace: &Workspace, sql: &str) -> Vec<Vec<String>> {
    let conn = support::open_sqlite(&workspace.db);
    let mut stmt = conn.prepare(sql).unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |row| {
        (0..width)
            .map(|i| {
                row.get::<_, Option<String>>(i)
                    .map(Option::unwrap_or_default)
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn central_rows(db: &mut ::postgres::Client, sql: &str) -> Vec<Vec<String>> {
    db.query(sql, &[])
        .unwrap()
        .iter()
        .map(|row| {
            (0..row.len())
                .map(|i| row.get::<_, Option<String>>(i).unwrap_or_default())
                .collect()
        })
        .collect()
}

#[test]
fn a_demo_fair_pushed_in_batches_matches_the_laptop_row_for_row() {
    let workspace = demo_fair();
    let entries = outbox(&workspace.db);
    assert!(
        entries.len() > 1000,
        "a demo fair has plenty to sync: {}",
        entries.len()
    );
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);
    let mut acked = 0;
    for batch in entries.chunks(300) {
        let ack = server.push(&token, batch);
        assert!(ack.rejected.is_empty(), "{:?}", ack.rejected);
        acked = ack.acked_seq;
    }
    assert_eq!(acked, entries.last().unwrap().seq);

    let mut db = pg(&database);
    for table in fairfloor::central::apply::TABLES {
        let on_laptop: i64 = support::open_sqlite(&workspace.db)
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })
            .unwrap();
        assert_eq!(count(&mut db, table), on_laptop, "{table}");
        assert!(
            on_laptop > 0 || table == "documents_seen",
            "{table} is empty on the laptop"
        );
    }
    assert_eq!(
        central_rows(
            &mut db,
            "SELECT id, reference, status, candidate_id FROM offers ORDER BY id"
        ),
        local_rows(
            &workspace,
            "SELECT id, reference, status, candidate_id FROM offers ORDER BY id"
        )
    );
    assert_eq!(
        central_rows(
            &mut db,
            "SELECT id, ticket, status, record->>'family_name' FROM candidates ORDER BY id"
        ),
        local_rows(
            &workspace,
            "SELECT id, ticket, status, family_name FROM candidates ORDER BY id"
        )
    );
    assert_eq!(
        central_rows(
            &mut db,
            "SELECT id, status, record->>'decision' FROM screenings ORDER BY id"
        ),
        local_rows(
            &workspace,
            "SELECT id, status, decision FROM screenings ORDER BY id"
        )
    );
}

/// A self-signed certificate for localhost and 127.0.0.1 in `dir`: its PEM file and its key's.
fn localhost_certificate(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    support::self_signed(
        dir,
        "/CN=localhost",
        &["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        "key.pem",
        "cert.pem",
    );
    (dir.join("cert.pem"), dir.join("key.pem"))
}

/// `GET /v1/info` with curl, trusting `cert` only.
fn info_over_https(base: &str, cert: &std::path::Path) -> ServiceInfo {
    let out = Command::new("curl")
        .args(["--silent", "--show-error", "--cacert"])
        .arg(cert)
        .arg(format!("{base}/v1/info"))
        .output()
        .expect("curl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn serve_speaks_https_with_the_given_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = localhost_certificate(dir.path());
    let database = postgres::fresh_database();
    let server = Central::start_tls(&database, &cert, &key);
    assert!(
        server.base.starts_with("https://127.0.0.1:"),
        "{}",
        server.base
    );
    assert_eq!(
        info_over_https(&server.base, &cert).service,
        "fairfloor-central"
    );
    // Without the certificate as a root, the client refuses it: the service really is TLS.
    let untrusted = Command::new("curl")
        .args(["--silent", &format!("{}/v1/info", server.base)])
        .output()
        .unwrap();
    assert!(!untrusted.status.success());
}

/// Issue 17: the package's unit runs a bare `fairfloor central serve` with its settings in
/// /etc/default/fairfloor-central, so every setting must come through the environment.
#[test]
fn serve_takes_every_setting_from_the_environment_as_the_packaged_unit_gives_them() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = localhost_certificate(dir.path());
    let database = postgres::fresh_database();
    let mut child = Command::new(BIN)
        .args(["central", "serve"])
        .env("FAIRFLOOR_CENTRAL_DATABASE", &database)
        .env("FAIRFLOOR_CENTRAL_LISTEN", "127.0.0.1:0")
        .env("FAIRFLOOR_CENTRAL_TLS_CERT", &cert)
        .env("FAIRFLOOR_CENTRAL_TLS_KEY", &key)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    // Killed when dropped, whatever the assertions below say.
    let server = Central {
        base: line.trim().trim_start_matches("listening on ").to_string(),
        child,
    };
    assert!(server.base.starts_with("https://127.0.0.1:"), "{line:?}");
    assert_eq!(
        info_over_https(&server.base, &cert).service,
        "fairfloor-central"
    );
}

#[test]
fn a_database_it_cannot_reach_is_a_clear_message_and_exit_1() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = Command::new(BIN)
        .args(["central", "serve", "--listen", "127.0.0.1:0", "--database"])
        .arg(format!("postgres://fair:secret@127.0.0.1:{port}/central"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "cannot reach the database at 127.0.0.1:{port}/central"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("secret"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let database = postgres::fresh_database();
    let mut server = Central::start(&database);
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

#[test]
fn central_export_of_the_days_offers_matches_the_laptop_row_for_row() {
    let workspace = demo_fair();
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);
    for batch in outbox(&workspace.db).chunks(500) {
        server.push(&token, batch);
    }

    let csv_out = central(&["export", "offers", "--date", "2026-03-14"], &database);
    assert!(
        csv_out.status.success(),
        "{}",
        String::from_utf8_lossy(&csv_out.stderr)
    );
    let mut reader = csv::Reader::from_reader(&csv_out.stdout[..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, fairfloor::central::export::column_names());
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let picked = [
        "reference",
        "kind",
        "status",
        "expires_on",
        "ticket",
        "given_name",
        "family_name",
        "email",
        "phone",
        "role_code",
        "site",
        "contract",
        "hours",
        "onboarding_url",
        "staff_name",
    ];
    let exported: Vec<Vec<String>> = reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            picked
                .iter()
                .map(|name| record[column(name)].to_string())
                .collect()
        })
        .collect();
    let on_laptop = local_rows(
        &workspace,
        "SELECT o.reference, o.kind, o.status, o.expires_on, c.ticket, c.given_name, c.family_name,
                c.email, c.phone, o.role_code, o.site, o.contract, o.hours, o.onboarding_url, st.name
         FROM offers o JOIN candidates c ON c.id = o.candidate_id JOIN staff st ON st.id = o.staff_id
         ORDER BY o.created_at, o.reference",
    );
    assert!(!on_laptop.is_empty(), "the demo makes offers");
    assert_eq!(exported, on_laptop);

    // The same rows as JSON Lines (`--out -` is standard output, as for the laptop's export),
    // and as a spreadsheet with the same header.
    let jsonl = central(
        &[
            "export",
            "offers",
            "--date",
            "2026-03-14",
            "--format",
            "jsonl",
            "--out",
            "-",
        ],
        &database,
    );
    let lines: Vec<Value> = String::from_utf8(jsonl.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), on_laptop.len());
    assert_eq!(lines[0]["reference"], on_laptop[0][0].as_str());
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("offers.xlsx");
    let written = central(
        &[
            "export",
            "offers",
            "--date",
            "2026-03-14",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
        &database,
    );
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    use calamine::Reader as _;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = workbook.worksheet_range("Export").unwrap();
    assert_eq!(sheet.height(), on_laptop.len() + 1);

    // Another day has none; a bad date says what a good one looks like.
    let other = central(&["export", "offers", "--date", "2026-03-15"], &database);
    assert_eq!(String::from_utf8(other.stdout).unwrap().lines().count(), 1);
    let bad = central(&["export", "offers", "--date", "14/03/2026"], &database);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM-DD"));
}

fn batch_of(changes: Vec<OutboxEntry>) -> String {
    serde_json::to_string(&ChangeBatch { changes }).unwrap()
}

#[test]
fn a_device_id_belongs_to_one_enrolment_even_after_its_token_is_revoked() {
    // Two laptops set up by copying one database file, each enrolled with its own token.
    let database = postgres::fresh_database();
    let server = Central::start(&database);
    let token_d = add_device(&database, "Laptop D");
    let token_e = add_device(&database, "Laptop E");
    server.push(&token_d, &staff_entries("dev-d", 1, 3));

    // E sends as dev-d, with other content at the same seqs: before, a 200 that dropped it all.
    let mut copy = staff_entries("dev-d", 1, 5);
    for entry in &mut copy {
        entry.payload["name"] = json!("Someone on E");
    }
    let refusal = server.refusal(Some(&token_e), &batch_of(copy.clone()), 409);
    assert_eq!(refusal.code.as_deref(), Some("device_enrolled_elsewhere"));
    assert!(
        refusal.error.contains("dev-d") && refusal.error.contains("Laptop D"),
        "{}",
        refusal.error
    );
    let mut db = pg(&database);
    assert_eq!(count(&mut db, "changes"), 3, "nothing of E's batch is held");
    let bound: Vec<Option<String>> = db
        .query("SELECT device_id FROM device_tokens ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(bound, vec![Some("dev-d".to_string()), None]);

    // Revoking D's token does not free its device id for another token.
    let revoked = central(&["revoke-device", "--label", "Laptop D"], &database);
    assert!(revoked.status.success());
    let refusal = server.refusal(Some(&token_e), &batch_of(copy), 409);
    assert_eq!(refusal.code.as_deref(), Some("device_enrolled_elsewhere"));

    // Under its own id, E's changes are taken.
    assert_eq!(
        server
            .push(&token_e, &staff_entries("dev-e", 1, 5))
            .acked_seq,
        5
    );
    // The database refuses a second binding too, whatever the service checks.
    let second = db.execute(
        "UPDATE device_tokens SET device_id = 'dev-e' WHERE label = 'Laptop D'",
        &[],
    );
    assert!(second.is_err(), "the unique index holds the rule");
}

#[test]
fn the_same_seq_with_other_content_refuses_the_whole_batch_loudly() {
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);
    let first = staff_entries("dev-a", 1, 3);
    server.push(&token, &first);

    // Seq 2 again, renamed, with a new seq 4 after it: a second database sending as dev-a.
    let mut next = staff_entries("dev-a", 2, 3);
    next[0].payload["name"] = json!("Not the same person");
    let refusal = server.refusal(Some(&token), &batch_of(next.clone()), 409);
    assert_eq!(refusal.code.as_deref(), Some("seq_conflict"));
    assert!(
        refusal.error.contains("change number 2") && refusal.error.contains("payload"),
        "{}",
        refusal.error
    );
    let mut db = pg(&database);
    assert_eq!(count(&mut db, "changes"), 3, "nothing of the batch is held");
    assert_eq!(
        record(&mut db, "staff", "dev-a-staff-2")["name"],
        "Person 2"
    );
    assert_eq!(count(&mut db, "staff"), 3, "seq 4 was not applied either");

    // Each part of a change counts: the time it was made…
    let mut later = first[2].clone();
    later.at = "2026-03-14T09:05:00Z".into();
    let refusal = server.refusal(Some(&token), &batch_of(vec![later]), 409);
    assert!(refusal.error.contains("time (at)"), "{}", refusal.error);
    // …and the record it is about.
    let mut elsewhere = first[0].clone();
    elsewhere.id = "dev-a-staff-99".into();
    elsewhere.payload["id"] = json!("dev-a-staff-99");
    let refusal = server.refusal(Some(&token), &batch_of(vec![elsewhere]), 409);
    assert!(refusal.error.contains("record id"), "{}", refusal.error);

    // An identical resend is still the no-op it always was.
    next[0] = first[1].clone();
    assert_eq!(server.push(&token, &next).acked_seq, 4);
    assert_eq!(server.push(&token, &first).acked_seq, 4);
}

#[test]
fn a_record_belongs_to_the_laptop_that_created_it() {
    let database = postgres::fresh_database();
    let server = Central::start(&database);
    let token_a = add_device(&database, "Laptop A");
    let token_b = add_device(&database, "Laptop B");
    let event = json!({"id": "e1", "name": "Leeds Jobs Fair", "event_date": "2026-03-14",
                       "timezone": "Europe/London", "venue": "Arena"});
    let candidate = json!({"id": "c1", "event_id": "e1", "device_id": "dev-a", "ticket": "A-001",
                           "given_name": "Amara", "status": "waiting"});
    server.push(
        &token_a,
        &[
            entry("dev-a", 1, "event", "e1", event.clone()),
            entry("dev-a", 2, "candidate", "c1", candidate.clone()),
        ],
    );

    // B renames A's candidate, then deletes it.
    let renamed = entry(
        "dev-b",
        1,
        "candidate",
        "c1",
        json!({"id": "c1", "given_name": "Mallory"}),
    );
    let mut deleted = entry("dev-b", 2, "candidate", "c1", Value::Null);
    deleted.op = "delete".into();
    // B also holds a copy of A's event (its database was copied from A's), and a record of its own.
    let same_event = entry("dev-b", 3, "event", "e1", event.clone());
    let own = entry(
        "dev-b",
        4,
        "candidate",
        "c2",
        json!({"id": "c2", "event_id": "e1", "device_id": "dev-b", "ticket": "B-001",
               "given_name": "Bola", "status": "waiting"}),
    );
    let from_b = vec![renamed, deleted, same_event, own];
    let ack = server.push(&token_b, &from_b);
    assert_eq!(ack.acked_seq, 4, "refusals do not block the rest");
    let rejected: Vec<i64> = ack.rejected.iter().map(|r| r.seq).collect();
    assert_eq!(
        rejected,
        vec![1, 2],
        "the event copy is a no-op, not a refusal"
    );
    for rejection in &ack.rejected {
        assert!(
            rejection
                .reason
                .contains("candidate c1 belongs to the laptop labelled 'Laptop A'")
                && rejection.reason.contains("Make the change on that laptop"),
            "{}",
            rejection.reason
        );
    }
    assert!(ack.rejected[1].reason.contains("may delete it"));

    let mut db = pg(&database);
    let c1 = record(&mut db, "candidates", "c1");
    assert_eq!(c1, candidate, "A's candidate is untouched");
    let owners = central_rows(&mut db, "SELECT id, device_id FROM candidates ORDER BY id");
    assert_eq!(
        owners,
        vec![
            vec!["c1".to_string(), "dev-a".to_string()],
            vec!["c2".to_string(), "dev-b".to_string()]
        ]
    );
    assert_eq!(record(&mut db, "events", "e1"), event);
    let reasons: i64 = db
        .query_one(
            "SELECT count(*) FROM changes WHERE device_id = 'dev-b' AND rejected_reason LIKE '%belongs to%'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(reasons, 2, "the refusals are held with their reasons");

    // A resend (its first answer lost) gets the same refusals back.
    let again = server.push(&token_b, &from_b);
    assert_eq!(again.rejected, ack.rejected);

    // A refusal found only when held entries are applied is reported in the answer that
    // acknowledges it: B's later change to c1 arrives before the gap before it fills.
    let late = entry(
        "dev-b",
        6,
        "candidate_status",
        "c1",
        json!({"id": "c1", "status": "done"}),
    );
    let held = server.push(&token_b, &[late]);
    assert_eq!(held.acked_seq, 4);
    let filler = entry(
        "dev-b",
        5,
        "candidate_status",
        "c2",
        json!({"id": "c2", "status": "called"}),
    );
    let filled = server.push(&token_b, &[filler]);
    assert_eq!(filled.acked_seq, 6);
    let rejected: Vec<i64> = filled.rejected.iter().map(|r| r.seq).collect();
    assert_eq!(rejected, vec![6]);
    assert_eq!(record(&mut db, "candidates", "c1")["status"], "waiting");
    assert_eq!(record(&mut db, "candidates", "c2")["status"], "called");

    // A's own changes still apply.
    let called = entry(
        "dev-a",
        3,
        "candidate_status",
        "c1",
        json!({"id": "c1", "status": "called"}),
    );
    assert!(server.push(&token_a, &[called]).rejected.is_empty());
    assert_eq!(record(&mut db, "candidates", "c1")["status"], "called");
}

/// Opens a connection and sends a request's head only: no body byte follows.
fn send_head(base: &str, token: &str, extra_headers: &str) -> std::net::TcpStream {
    use std::io::Write as _;
    let address = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "POST /v1/changes HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n{extra_headers}\r\n"
    )
    .unwrap();
    stream.flush().unwrap();
    stream
}

/// Reads an answer's status line, headers and (Content-Length) body.
fn read_answer(
    stream: &mut std::net::TcpStream,
) -> (u16, String, fairfloor::sync::protocol::ApiError) {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream
            .read(&mut buf)
            .expect("an answer, without the body being sent");
        assert!(
            n > 0,
            "the connection closed without an answer: {:?}",
            String::from_utf8_lossy(&bytes)
        );
        bytes.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let head = text[..end].to_string();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .expect("a Content-Length");
            if bytes.len() >= end + 4 + length {
                let status = head[9..12].parse().unwrap();
                let body = &text[end + 4..end + 4 + length];
                let error = serde_json::from_str(body)
                    .unwrap_or_else(|_| panic!("a JSON ApiError: {body}"));
                return (status, head, error);
            }
        }
    }
}

#[test]
fn a_made_up_token_is_refused_before_a_byte_of_the_body_is_read() {
    let database = postgres::fresh_database();
    let server = Central::start(&database);
    // 100 MB announced, none sent: the answer comes anyway, from the headers alone.
    let mut stream = send_head(
        &server.base,
        &"0".repeat(64),
        "Content-Length: 100000000\r\n",
    );
    let (status, _, error) = read_answer(&mut stream);
    assert_eq!(status, 401);
    assert_eq!(error.code.as_deref(), Some("unauthorised"));
    assert!(error.error.contains("add-device"), "{}", error.error);
}

#[test]
fn an_oversize_body_is_refused_as_json_whether_announced_or_streamed() {
    use std::io::Write as _;
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);
    // Announced: refused at once, before the body.
    let mut stream = send_head(&server.base, &token, "Content-Length: 100000000\r\n");
    let (status, _, error) = read_answer(&mut stream);
    assert_eq!(status, 413);
    assert_eq!(error.code.as_deref(), Some("body_too_large"));
    assert!(error.error.contains("--batch-size"), "{}", error.error);

    // Streamed with no length: reading stops at the limit.
    let mut stream = send_head(&server.base, &token, "Transfer-Encoding: chunked\r\n");
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..100 {
            if write!(writer, "{:x}\r\n", chunk.len()).is_err()
                || writer.write_all(&chunk).is_err()
                || writer.write_all(b"\r\n").is_err()
            {
                return;
            }
        }
    });
    let (status, _, error) = read_answer(&mut stream);
    assert_eq!(status, 413);
    assert_eq!(error.code.as_deref(), Some("body_too_large"));
    drop(stream);
    sender.join().unwrap();
    assert_eq!(count(&mut pg(&database), "changes"), 0);
}

#[test]
fn too_many_batches_at_once_are_told_to_come_back_and_then_taken() {
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);
    // Slow senders, each holding a place while its body trickles in.
    let slow: Vec<_> = (0..fairfloor::central::server::MAX_CONCURRENT_BATCHES)
        .map(|_| send_head(&server.base, &token, "Content-Length: 1000\r\n"))
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let body = batch_of(staff_entries("dev-a", 1, 2));
    let (status, text) = server.post_raw(Some(&token), &body);
    assert_eq!(status, 503, "{text}");
    let error: fairfloor::sync::protocol::ApiError = serde_json::from_str(&text).unwrap();
    assert_eq!(error.code.as_deref(), Some("busy"));
    assert!(error.error.contains("try again"), "{}", error.error);
    drop(slow);
    // Once they are gone, the batch is taken.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (status, text) = server.post_raw(Some(&token), &body);
        if status == 200 {
            break;
        }
        assert!(
            status == 503 && std::time::Instant::now() < deadline,
            "{status} {text}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn every_refusal_is_json_with_a_code() {
    let database = postgres::fresh_database();
    let (server, token) = Central::with_laptop_a(&database);
    let mut missing = agent()
        .get(&format!("{}/v2/nothing", server.base))
        .call()
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);
    let error: fairfloor::sync::protocol::ApiError = missing.body_mut().read_json().unwrap();
    assert_eq!(error.code.as_deref(), Some("not_found"));
    let mut wrong = agent()
        .get(&format!("{}/v1/changes", server.base))
        .call()
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 405);
    let error: fairfloor::sync::protocol::ApiError = wrong.body_mut().read_json().unwrap();
    assert_eq!(error.code.as_deref(), Some("method_not_allowed"));
    let error = server.refusal(Some(&token), "{\"changes\": [", 400);
    assert_eq!(error.code.as_deref(), Some("bad_batch"));
    let error = server.refusal(None, "{}", 401);
    assert_eq!(error.code.as_deref(), Some("unauthorised"));
}

#[test]
fn a_centre_that_already_bound_one_device_id_to_two_tokens_keeps_the_first_binding() {
    // A centre at schema version 1 where a copied laptop bound a second token to D's id.
    let database = postgres::fresh_database();
    let mut db = pg(&database);
    db.batch_execute(include_str!("../src/central/migrations/0001_init.sql"))
        .unwrap();
    db.batch_execute(
        "CREATE TABLE schema_migrations (
             version INTEGER PRIMARY KEY, name TEXT NOT NULL,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
         INSERT INTO schema_migrations (version, name) VALUES (1, 'init');
         INSERT INTO device_tokens (label, token_hash, device_id) VALUES
             ('Laptop D', 'hash-d', 'dev-d'),
             ('Laptop E', 'hash-e', 'dev-d'),
             ('Laptop F', 'hash-f', 'dev-f');",
    )
    .unwrap();
    let listing = central(&["devices"], &database);
    assert!(
        listing.status.success(),
        "{}",
        String::from_utf8_lossy(&listing.stderr)
    );
    let bound = central_rows(
        &mut db,
        "SELECT label, COALESCE(device_id, '') FROM device_tokens ORDER BY id",
    );
    assert_eq!(
        bound,
        vec![
            vec!["Laptop D".to_string(), "dev-d".to_string()],
            vec!["Laptop E".to_string(), String::new()],
            vec!["Laptop F".to_string(), "dev-f".to_string()],
        ],
        "E's laptop will be told it is a copy and re-identify"
    );
    let versions: Vec<i32> = db
        .query(
            "SELECT version FROM schema_migrations ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(versions, vec![1, 2]);
}
