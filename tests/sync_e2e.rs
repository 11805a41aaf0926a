//! `fairfloor sync`, `purge` and `doctor` as a coordinator runs them: the real binary, a real
//! SQLite file, real servers on real sockets, and the REAL central service (`fairfloor central
//! serve` on a throwaway PostgreSQL from tests/support/postgres.rs) with faults: the client killed
//! mid-sync, the server killed mid-sync, batches replayed twice and out of order, two laptops at
//! once. Each fault ends with the centre holding exactly the union of the laptops' records, once
//! each, and every outbox row synced.

#[path = "support/postgres.rs"]
mod postgres;
mod support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Output};
use std::time::{Duration, Instant};

use fairfloor::central::apply::TABLES as RECORD_TABLES;
use support::central::{Central, add_device, central, outbox, sync_args};
use support::{Workspace, init_args};

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A laptop database with an event and `n` demo candidates.
fn laptop(prefix: &str, n: usize) -> Workspace {
    let ws = Workspace::new();
    let event = format!("Leeds Jobs Fair {prefix}");
    let mut init = init_args(&event, "First Direct Arena", "2026-03-29");
    init.extend(["--device-prefix", prefix]);
    ws.ok(&init, "");
    ws.ok(
        &[
            "demo",
            "--candidates",
            &n.to_string(),
            "--seed",
            &u64::from(prefix.as_bytes()[0]).to_string(),
        ],
        "",
    );
    ws
}

fn count(ws: &Workspace, sql: &str) -> i64 {
    ws.value(sql)
}

/// A plain HTTP server that is not fairfloor: it answers every request with 404.
fn not_fairfloor_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 8192];
            let _ = stream.read(&mut buf);
            let body = "<h1>Not Found</h1>";
            let _ = write!(
                stream,
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

/// An address where nothing listens.
fn nobody_listening() -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://127.0.0.1:{port}")
}

#[test]
fn a_server_that_is_not_fairfloor_is_refused_before_anything_is_sent() {
    let ws = laptop("A", 20);
    let waiting = count(&ws, "SELECT count(*) FROM outbox WHERE synced_at IS NULL");
    let url = not_fairfloor_server();
    let output = ws.run(&["sync", "--central", &url, "--token", "tok"], "");
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let err = stderr(&output);
    assert!(
        err.contains(&format!("{url} is not a fairfloor central service")),
        "{err}"
    );
    assert!(err.contains("GET /v1/info answered HTTP 404"), "{err}");
    assert_eq!(
        count(&ws, "SELECT count(*) FROM outbox WHERE synced_at IS NULL"),
        waiting
    );
    // A wrong address is not remembered, and the failure shows in doctor.
    assert_eq!(
        count(
            &ws,
            "SELECT count(*) FROM settings WHERE key IN ('sync.central_url', 'sync.token')"
        ),
        0
    );
    let doctor = ws.run(&["doctor"], "");
    assert_eq!(doctor.status.code(), Some(1));
    assert!(
        stdout(&doctor).contains("the last sync failed: ")
            && stdout(&doctor).contains("not a fairfloor central service"),
        "{}",
        stdout(&doctor)
    );
}

#[test]
fn a_centre_that_is_down_is_retried_then_explained() {
    let ws = laptop("A", 5);
    let url = nobody_listening();
    let started = std::time::Instant::now();
    let output = ws.run(
        &[
            "sync",
            "--central",
            &url,
            "--token",
            "tok",
            "--attempts",
            "3",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    // Two retries, each announced, with a growing wait (0.25–0.5 s, then 0.5–1 s).
    assert_eq!(
        err.matches("connection refused; trying again in").count(),
        2,
        "{err}"
    );
    assert!(
        err.contains("(try 2 of 3)") && err.contains("(try 3 of 3)"),
        "{err}"
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(700));
    assert!(
        err.contains(&format!(
            "could not reach the central service at {url} after 3 tries (last: connection refused)"
        )),
        "{err}"
    );
    assert!(err.contains("run fairfloor sync again"), "{err}");
    // The centre being down says nothing against the address and token: they are remembered.
    let remembered: String = ws.value("SELECT value FROM settings WHERE key = 'sync.central_url'");
    assert_eq!(remembered, url);
}

#[test]
fn sync_without_an_address_or_token_says_where_to_get_them() {
    let ws = laptop("A", 1);
    let output = ws.run(&["sync"], "");
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no central service given: add --central URL"));
    let output = ws.run(&["sync", "--central", "http://127.0.0.1:9"], "");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("fairfloor central add-device"),
        "{}",
        stderr(&output)
    );
    let output = ws.run(
        &["sync", "--central", "central.example.org", "--token", "t"],
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("it must start with http:// or https://"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn purge_refuses_while_changes_wait_and_doctor_says_to_sync() {
    let ws = laptop("A", 30);
    let waiting = count(&ws, "SELECT count(*) FROM outbox WHERE synced_at IS NULL");
    let output = ws.run(&["purge", "--synced"], "");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "{waiting} changes are waiting to sync, so nothing was purged"
        )),
        "{err}"
    );
    assert!(err.contains("Run fairfloor sync"), "{err}");
    assert_eq!(
        count(
            &ws,
            "SELECT count(*) FROM candidates WHERE purged_at IS NOT NULL"
        ),
        0
    );
    let output = ws.run(&["purge"], "");
    assert!(stderr(&output).contains("fairfloor purge --synced"));
    let output = ws.run(&["purge", "--synced", "--older-than", "a week"], "");
    assert!(
        stderr(&output).contains("like --older-than 7d"),
        "{}",
        stderr(&output)
    );

    let doctor = ws.run(&["doctor"], "");
    assert_eq!(doctor.status.code(), Some(1));
    let text = stdout(&doctor);
    assert!(text.contains("chain intact"), "{text}");
    assert!(text.contains("never synced"), "{text}");
    assert!(
        text.contains("changes waiting to sync: run fairfloor sync"),
        "{text}"
    );
}

#[test]
fn doctor_on_a_missing_database_does_not_create_one() {
    let ws = Workspace::new();
    let output = ws.run(&["doctor"], "");
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("there is no database at"));
    assert!(!ws.db.exists());
}

/// The centre holds every laptop's changes exactly once and the union of their records, and
/// every laptop has marked its whole outbox as synced with nothing rejected.
fn assert_centre_holds_exactly(database: &str, laptops: &[&Workspace]) {
    let mut db = ::postgres::Client::connect(database, ::postgres::NoTls).unwrap();
    let mut expected_changes = BTreeSet::new();
    for ws in laptops {
        assert_eq!(
            count(ws, "SELECT count(*) FROM outbox WHERE synced_at IS NULL"),
            0,
            "every outbox row is synced"
        );
        assert_eq!(
            count(
                ws,
                "SELECT count(*) FROM outbox WHERE rejected_reason IS NOT NULL"
            ),
            0,
            "nothing rejected"
        );
        for entry in outbox(&ws.db) {
            expected_changes.insert((entry.device_id, entry.seq));
        }
    }
    let rows = db
        .query(
            "SELECT device_id, seq FROM changes ORDER BY device_id, seq",
            &[],
        )
        .unwrap();
    let held: Vec<(String, i64)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(held.len(), expected_changes.len(), "no change held twice");
    assert_eq!(
        held.into_iter().collect::<BTreeSet<_>>(),
        expected_changes,
        "the centre holds exactly the laptops' changes"
    );
    for table in RECORD_TABLES {
        let mut expected = BTreeSet::new();
        let mut total = 0;
        for ws in laptops {
            let conn = ws.sqlite();
            let mut stmt = conn.prepare(&format!("SELECT id FROM {table}")).unwrap();
            let ids: Vec<String> = stmt
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            total += ids.len();
            expected.extend(ids);
        }
        let centre: Vec<String> = db
            .query(&format!("SELECT id FROM {table}"), &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(centre.len(), total, "{table}: one row per laptop record");
        assert_eq!(
            centre.into_iter().collect::<BTreeSet<_>>(),
            expected,
            "{table}: the union of the laptops' records"
        );
    }
}

/// Starts `fairfloor ARGS` (a sync: `args` from "sync" on) in the background, reading its output
/// as it comes.
fn spawn_sync(ws: &Workspace, args: &[&str]) -> (Child, std::sync::mpsc::Receiver<String>) {
    let mut child = ws.command(args).spawn().expect("spawn fairfloor sync");
    let (sender, receiver) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    (child, receiver)
}

/// Waits until the sync has had some changes acknowledged ("sent N of …" with N > 0).
fn wait_for_progress(lines: &std::sync::mpsc::Receiver<String>) {
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .expect("the sync reports progress");
        if line.starts_with("sent ") && !line.starts_with("sent 0 ") {
            return;
        }
    }
}

fn waiting(ws: &Workspace) -> i64 {
    count(ws, "SELECT count(*) FROM outbox WHERE synced_at IS NULL")
}

#[test]
fn a_sync_killed_mid_way_finishes_on_the_next_run_with_each_change_held_once() {
    let database = postgres::fresh_database();
    let (centre, token) = Central::with_laptop_a(&database);
    let ws = laptop("A", 250);
    let total = waiting(&ws);
    let (mut child, lines) = spawn_sync(
        &ws,
        &sync_args(&centre.base, &token, &["--batch-size", "20"]),
    );
    wait_for_progress(&lines);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let left = waiting(&ws);
    assert!(
        left > 0 && left < total,
        "killed part-way: {left} of {total} left"
    );

    // The URL and token were remembered by the first run.
    let text = ws.ok(&["sync"], "");
    assert!(
        text.contains(&format!("Synced {}", fairfloor::doctor::changes(left))),
        "{text}"
    );
    assert_centre_holds_exactly(&database, &[&ws]);
}

#[test]
fn a_server_killed_mid_sync_and_restarted_ends_with_each_change_held_once() {
    let database = postgres::fresh_database();
    let (centre, token) = Central::with_laptop_a(&database);
    let listen = centre.listen();
    let ws = laptop("A", 250);
    let (mut child, lines) = spawn_sync(
        &ws,
        &sync_args(
            &centre.base,
            &token,
            &["--batch-size", "20", "--attempts", "2"],
        ),
    );
    wait_for_progress(&lines);
    centre.kill();
    let status = child.wait().unwrap();
    let stderr = support::read_stderr(&mut child);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("could not reach the central service"),
        "{stderr}"
    );
    assert!(stderr.contains("trying again in"), "{stderr}");
    assert!(waiting(&ws) > 0);

    let _centre = Central::start_on(&database, &listen, &[]);
    ws.ok(&["sync"], "");
    assert_centre_holds_exactly(&database, &[&ws]);
    // doctor agrees.
    let doctor = ws.run(&["doctor"], "");
    let report = String::from_utf8_lossy(&doctor.stdout).into_owned();
    assert_eq!(doctor.status.code(), Some(0), "{report}");
    assert!(report.contains("Nothing needs attention."), "{report}");
}

#[test]
fn replayed_and_out_of_order_batches_then_a_normal_sync_hold_each_change_once() {
    let database = postgres::fresh_database();
    let (centre, token) = Central::with_laptop_a(&database);
    let ws = laptop("A", 40);
    let entries = outbox(&ws.db);
    assert!(entries.len() > 60);
    // A later batch first: held, not acknowledged.
    let ack = centre.push(&token, &entries[30..60]);
    assert_eq!(ack.acked_seq, 0);
    // The first batch twice: the same answer both times.
    let first = centre.push(&token, &entries[..30]);
    let again = centre.push(&token, &entries[..30]);
    assert_eq!(first.acked_seq, 60);
    assert_eq!(again.acked_seq, 60);
    // The laptop knows none of this: it sends everything, from seq 1.
    ws.ok(
        &sync_args(&centre.base, &token, &["--batch-size", "25"]),
        "",
    );
    assert_centre_holds_exactly(&database, &[&ws]);
}

#[test]
fn two_laptops_syncing_at_once_give_the_union_without_duplicates() {
    let database = postgres::fresh_database();
    let centre = Central::start(&database);
    let a = laptop("A", 120);
    let b = laptop("B", 120);
    let token_a = add_device(&database, "Laptop A");
    let token_b = add_device(&database, "Laptop B");
    let (mut sync_a, _output_a) = spawn_sync(
        &a,
        &sync_args(&centre.base, &token_a, &["--batch-size", "30"]),
    );
    let (mut sync_b, _output_b) = spawn_sync(
        &b,
        &sync_args(&centre.base, &token_b, &["--batch-size", "30"]),
    );
    assert!(sync_a.wait().unwrap().success());
    assert!(sync_b.wait().unwrap().success());
    assert_centre_holds_exactly(&database, &[&a, &b]);
}

#[test]
fn a_sync_whose_reader_went_away_still_syncs_everything_without_a_panic() {
    // `fairfloor sync | head -1`: the pipe closes after the first line.
    let database = postgres::fresh_database();
    let (centre, token) = Central::with_laptop_a(&database);
    let ws = laptop("A", 60);
    let mut child = ws
        .command(&sync_args(&centre.base, &token, &["--batch-size", "50"]))
        .spawn()
        .expect("spawn fairfloor sync");
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    assert_eq!(waiting(&ws), 0);
    assert_centre_holds_exactly(&database, &[&ws]);
}

#[test]
fn a_bad_token_stops_at_once_and_says_to_ask_for_a_new_one() {
    let database = postgres::fresh_database();
    let (centre, _token) = Central::with_laptop_a(&database);
    let ws = laptop("A", 5);
    let before = waiting(&ws);
    let out = ws.run(&sync_args(&centre.base, &"0".repeat(64), &[]), "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        stderr.contains("Ask the coordinator for a new token: fairfloor central add-device"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("trying again"),
        "a bad token is not retried: {stderr}"
    );
    assert_eq!(waiting(&ws), before);
    // A refused token is not remembered.
    assert_eq!(
        count(
            &ws,
            "SELECT count(*) FROM settings WHERE key = 'sync.token'"
        ),
        0
    );
}

#[test]
fn purging_after_a_full_sync_keeps_the_days_figures() {
    let database = postgres::fresh_database();
    let (centre, token) = Central::with_laptop_a(&database);
    let ws = laptop("A", 150);
    ws.ok(&sync_args(&centre.base, &token, &[]), "");
    assert_centre_holds_exactly(&database, &[&ws]);

    let figures = || {
        support::use_test_key();
        let store = fairfloor::store::Store::open(&ws.db).unwrap();
        let event = store.require_event().unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-03-29T17:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        fairfloor::report::day::figures(&store.day_rows(&event).unwrap(), now, event.timezone)
    };
    let before = figures();
    assert!(before.registered > 100 && before.offers > 0);
    let outbox_rows = count(&ws, "SELECT count(*) FROM outbox");
    let out = ws.ok(&["purge", "--synced"], "");
    assert!(
        out.contains("Removed the personal data of 150 candidates"),
        "{out}"
    );
    assert_eq!(figures(), before);
    assert_eq!(count(&ws, "SELECT count(*) FROM outbox"), outbox_rows);
    assert_eq!(
        count(
            &ws,
            "SELECT count(*) FROM candidates WHERE email IS NOT NULL OR family_name <> ''"
        ),
        0
    );
    // The centre still has them, and a sync after the purge has nothing to send.
    let mut db = ::postgres::Client::connect(&database, ::postgres::NoTls).unwrap();
    let named: i64 = db
        .query_one(
            "SELECT count(*) FROM candidates WHERE record->>'family_name' <> ''",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(named, 150);
    let out = ws.ok(&["sync"], "");
    assert!(out.contains("Nothing to sync"), "{out}");
    let doctor = ws.run(&["doctor"], "");
    assert_eq!(doctor.status.code(), Some(0));
}

#[test]
fn a_change_the_centre_rejects_is_kept_with_its_reason_for_doctor_and_does_not_block_the_rest() {
    let database = postgres::fresh_database();
    let (centre, token) = Central::with_laptop_a(&database);
    let ws = laptop("A", 10);
    // A change of a kind the centre does not know, as a newer or broken fairfloor might write.
    let device: String = ws.value("SELECT id FROM devices WHERE is_self = 1");
    let odd_seq: i64 = ws
        .sqlite()
        .query_row(
            "INSERT INTO outbox (device_id, entity, entity_id, op, payload, at)
             VALUES (?1, 'telepathy', 'thought-1', 'upsert', '{\"id\":\"thought-1\"}',
                     '2026-03-29T10:00:00.000Z')
             RETURNING seq",
            [&device],
            |r| r.get(0),
        )
        .unwrap();
    ws.ok(&["demo", "--candidates", "5", "--seed", "9"], "");
    let out = ws.run(&sync_args(&centre.base, &token, &[]), "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("The central service rejected 1 change (kept on this laptop with the reasons): run fairfloor doctor"),
        "{text}"
    );
    assert_eq!(
        waiting(&ws),
        0,
        "the rejection did not block the changes after it"
    );
    let reason: String = ws
        .sqlite()
        .query_row(
            "SELECT rejected_reason FROM outbox WHERE seq = ?1 AND synced_at IS NOT NULL",
            [odd_seq],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!reason.is_empty());

    let doctor = ws.run(&["doctor"], "");
    assert_eq!(doctor.status.code(), Some(1));
    let report = stdout(&doctor);
    assert!(
        report.contains(&format!(
            "rejected: seq {odd_seq}  telepathy thought-1  reason: "
        )),
        "{report}"
    );
    // Purging keeps the rejected change's payload for a person to look at.
    ws.ok(&["purge", "--synced"], "");
    let payload: String = ws
        .sqlite()
        .query_row(
            "SELECT payload FROM outbox WHERE seq = ?1",
            [odd_seq],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(payload, "{\"id\":\"thought-1\"}");
}

/// Not a check: how long a big laptop takes to sync and purge (run with --ignored --nocapture).
#[test]
#[ignore]
fn measure_sync_and_purge_of_a_big_fair() {
    let database = postgres::fresh_database();
    let (centre, token) = Central::with_laptop_a(&database);
    let ws = laptop("A", 2000);
    let changes = waiting(&ws);
    let started = Instant::now();
    ws.ok(&sync_args(&centre.base, &token, &[]), "");
    let sync = started.elapsed();
    assert_centre_holds_exactly(&database, &[&ws]);
    let started = Instant::now();
    ws.ok(&["purge", "--synced"], "");
    let purge = started.elapsed();
    eprintln!(
        "sync: {changes} changes in {:.2} s ({:.0} changes/s); purge of 2000 candidates: {:.2} s",
        sync.as_secs_f64(),
        changes as f64 / sync.as_secs_f64(),
        purge.as_secs_f64()
    );
}

/// A private certificate authority and a server certificate for localhost it signed, as a
/// coordinator running their own centre (or a TLS-inspecting firewall) has: `(ca, cert, key)`.
fn private_ca(dir: &std::path::Path) -> (PathBuf, PathBuf, PathBuf) {
    support::self_signed(dir, "/CN=Fair CA", &[], "ca.key", "ca.pem");
    support::openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "key.pem",
            "-out",
            "cert.csr",
        ],
    );
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    support::openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "cert.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "1",
            "-extfile",
            "ext.cnf",
            "-out",
            "cert.pem",
        ],
    );
    (
        dir.join("ca.pem"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
    )
}

/// `fairfloor sync ARGS` on `ws` with extra environment variables.
fn sync_with_env(ws: &Workspace, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = ws.command(args);
    for (name, value) in env {
        command.env(name, value);
    }
    support::run_piped(&mut command, "")
}

/// Issue 17: the sync client trusted only its bundled roots, so a centre (or a TLS-inspecting
/// firewall) signed by an organisation's own root failed everywhere. Now the system's store is
/// trusted too (here a test trust store named by SSL_CERT_FILE, as the system bundle would be),
/// and `--ca-cert` adds one without touching the system; with neither, the message says what
/// is likely happening and what to do.
#[test]
fn a_centre_signed_by_a_private_root_is_trusted_from_the_system_store_or_ca_cert() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = private_ca(dir.path());
    let database = postgres::fresh_database();
    let centre = Central::start_tls(&database, &cert, &key);
    assert!(centre.base.starts_with("https://"), "{}", centre.base);
    let (token_a, token_b) = (
        add_device(&database, "Laptop A"),
        add_device(&database, "Laptop B"),
    );
    let (a, b) = (laptop("A", 10), laptop("B", 10));

    let out = a.run(&sync_args(&centre.base, &token_a, &[]), "");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("signed by an authority this laptop does not trust"),
        "{err}"
    );
    assert!(
        err.contains("If a proxy or firewall is inspecting TLS (common on managed networks), give its root with --ca-cert FILE"),
        "{err}"
    );
    assert!(
        !err.contains("trying again"),
        "a certificate problem is not retried: {err}"
    );

    // The root placed in the (test) system store: no --ca-cert needed.
    let trust_store = ca.to_str().unwrap();
    let out = sync_with_env(
        &a,
        &sync_args(&centre.base, &token_a, &[]),
        &[("SSL_CERT_FILE", trust_store)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // The root given with --ca-cert, and the system store as this machine has it.
    let out = b.run(
        &sync_args(&centre.base, &token_b, &["--ca-cert", ca.to_str().unwrap()]),
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Remembered with the address and token: a bare sync connects the same way.
    let out = b.run(&["sync"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_centre_holds_exactly(&database, &[&a, &b]);
}

/// Issue 17: the proxy a managed network requires. The system's (HTTPS_PROXY) is used, or the
/// one given with --proxy, which is remembered; a proxy that refuses says so, naming the proxy
/// and never its password; `--proxy direct` goes around it.
#[test]
fn sync_goes_through_an_http_connect_proxy() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = private_ca(dir.path());
    let database = postgres::fresh_database();
    let centre = Central::start_tls(&database, &cert, &key);
    let token = add_device(&database, "Laptop A");
    let ws = laptop("A", 10);
    let ca = ca.to_str().unwrap();
    let centre_address = centre.base.trim_start_matches("https://").to_string();

    let proxy = support::proxy::ConnectProxy::start();
    let out = sync_with_env(
        &ws,
        &sync_args(&centre.base, &token, &["--ca-cert", ca]),
        &[("HTTPS_PROXY", &proxy.url), ("NO_PROXY", "")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let tunnels = proxy.tunnels();
    assert!(!tunnels.is_empty(), "the sync went around the proxy");
    assert!(
        tunnels.iter().all(|t| *t == centre_address),
        "{tunnels:?} vs {centre_address}"
    );
    assert_centre_holds_exactly(&database, &[&ws]);

    // Given once with --proxy (a user name and password in it), remembered for a bare sync.
    let other = support::proxy::ConnectProxy::start();
    let with_password = other.url.replace("http://", "http://fair:s3cret@");
    ws.ok(&["sync", "--proxy", &with_password], "");
    let before = other.tunnels().len();
    assert!(before > 0);
    ws.ok(&["sync"], "");
    assert!(
        other.tunnels().len() > before,
        "the remembered proxy was not used"
    );

    // A proxy that refuses the tunnel: named in the message, its password never shown.
    let refusing = support::proxy::ConnectProxy::refusing();
    let refusing_url = refusing.url.replace("http://", "http://fair:s3cret@");
    let out = ws.run(&["sync", "--proxy", &refusing_url], "");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let shown = refusing.url.as_str();
    assert!(
        err.contains(&format!("the proxy {shown} did not open a connection")),
        "{err}"
    );
    assert!(err.contains("--proxy direct"), "{err}");
    assert!(
        !err.contains("s3cret"),
        "the proxy's password is shown: {err}"
    );
    assert!(!refusing.tunnels().is_empty());

    // Around every proxy, whatever the environment says.
    let out = sync_with_env(
        &ws,
        &["sync", "--proxy", "direct"],
        &[("HTTPS_PROXY", &refusing.url)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn s_on_the_dashboard_syncs_in_the_background_and_says_how_it_went() {
    let database = postgres::fresh_database();
    let (centre, token) = Central::with_laptop_a(&database);
    let ws = Workspace::new().with_demo_fair();
    let mut staff = support::PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.wait_for("Demo Coordinator");
    // As if `fairfloor sync --central … --token …` had run once on this laptop.
    ws.sqlite()
        .execute(
            "INSERT INTO settings (key, value) VALUES ('sync.central_url', ?1), ('sync.token', ?2)",
            [&centre.base, &token],
        )
        .unwrap();
    let before = waiting(&ws);
    assert!(before > 0);
    staff.sign_in_as_demo_coordinator();
    staff.wait_for(&format!("{} to sync", fairfloor::doctor::changes(before)));
    staff.send("d");
    staff.wait_for("s sync");
    staff.send("s");
    staff.wait_for(&format!("Synced {}.", fairfloor::doctor::changes(before)));
    staff.wait_for("Sync: 0 changes waiting");
    staff.send(support::keys::ESC);
    staff.wait_for("all synced");
    staff.send(support::keys::CTRL_C);
    assert!(staff.wait_exit());
    assert_centre_holds_exactly(&database, &[&ws]);
}

/// A copy of `ws`'s database file in a new workspace, as `cp D.db E.db` makes it.
fn copy_of(ws: &Workspace) -> Workspace {
    // Fold the write-ahead log into the file first, as a closed database is.
    ws.sqlite()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let copy = Workspace::new();
    std::fs::copy(&ws.db, &copy.db).unwrap();
    copy
}

fn central_count(database: &str, sql: &str) -> i64 {
    let mut db = ::postgres::Client::connect(database, ::postgres::NoTls).unwrap();
    db.query_one(sql, &[]).unwrap().get(0)
}

fn ids(ws: &Workspace, table: &str) -> BTreeSet<String> {
    let conn = ws.sqlite();
    let mut stmt = conn.prepare(&format!("SELECT id FROM {table}")).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_copied_laptop_takes_a_new_device_id_and_every_record_reaches_the_centre() {
    let database = postgres::fresh_database();
    let centre = Central::start(&database);
    // Laptop D is set up, and its file copied to laptop E before either synced.
    let d = Workspace::new();
    d.ok(
        &init_args("Leeds Jobs Fair", "First Direct Arena", "2026-03-29"),
        "",
    );
    let e = copy_of(&d);
    let token_d = add_device(&database, "Laptop D");
    let token_e = add_device(&database, "Laptop E");
    d.ok(&["demo", "--candidates", "40", "--seed", "1"], "");
    e.ok(&["demo", "--candidates", "30", "--seed", "2"], "");
    let old_id: String = e.value("SELECT id FROM devices WHERE is_self = 1");

    d.ok(&sync_args(&centre.base, &token_d, &[]), "");
    let out = e.run(&sync_args(&centre.base, &token_e, &[]), "");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    assert!(
        text.contains("This database was copied from (or restored from) another laptop's file")
            && text.contains("now sends its changes as a new laptop")
            && text.contains("fairfloor event --device-prefix"),
        "{text}"
    );
    assert_eq!(waiting(&e), 0);
    assert_eq!(
        count(
            &e,
            "SELECT count(*) FROM outbox WHERE rejected_reason IS NOT NULL"
        ),
        0,
        "the event both hold is the same record, not a refusal"
    );

    // The centre holds every candidate of both laptops, E's under E's new id.
    let new_id: String = e.value("SELECT id FROM devices WHERE is_self = 1");
    assert_ne!(new_id, old_id);
    let on_laptops: BTreeSet<String> = ids(&d, "candidates")
        .union(&ids(&e, "candidates"))
        .cloned()
        .collect();
    assert_eq!(on_laptops.len(), 70);
    assert_eq!(
        central_count(&database, "SELECT count(*) FROM candidates"),
        70
    );
    assert_eq!(
        central_count(
            &database,
            &format!("SELECT count(*) FROM candidates WHERE device_id = '{new_id}'")
        ),
        30
    );
    // E's records name their new owner on the laptop too, and its wire seqs start at 1.
    assert_eq!(
        count(
            &e,
            &format!("SELECT count(*) FROM candidates WHERE device_id = '{new_id}'")
        ),
        30
    );
    assert_eq!(
        central_count(
            &database,
            &format!("SELECT min(seq) FROM changes WHERE device_id = '{new_id}'")
        ),
        1
    );
    // The old self row stays, no longer self; the change is audited.
    assert_eq!(
        count(
            &e,
            &format!("SELECT count(*) FROM devices WHERE id = '{old_id}' AND is_self = 0")
        ),
        1
    );
    assert_eq!(
        count(
            &e,
            "SELECT count(*) FROM audit_log WHERE action = 'device.reidentify'"
        ),
        1
    );

    // doctor says what happened and what is left to do.
    let doctor = e.run(&["doctor"], "");
    let report = stdout(&doctor);
    assert_eq!(doctor.status.code(), Some(1), "{report}");
    assert!(report.contains("chain intact"), "{report}");
    assert!(
        report.contains("Device: a copy of another laptop's database")
            && report.contains(&new_id)
            && report.contains("give it its own prefix with fairfloor event --device-prefix X"),
        "{report}"
    );

    // Given its own ticket prefix, it needs nothing more; doctor still says what happened.
    let out = e.ok(&["event", "--device-prefix", "E"], "");
    assert!(
        out.contains("Tickets from this laptop now start E-"),
        "{out}"
    );
    let doctor = e.run(&["doctor"], "");
    let report = stdout(&doctor);
    assert_eq!(doctor.status.code(), Some(0), "{report}");
    assert!(
        report.contains("Device: a copy of another laptop's database"),
        "{report}"
    );

    // A later sync sends only what is new, under the new id.
    e.ok(&["demo", "--candidates", "5", "--seed", "3"], "");
    let out = e.ok(&["sync"], "");
    assert!(!out.contains("copied"), "{out}");
    assert_eq!(
        central_count(&database, "SELECT count(*) FROM candidates"),
        75
    );
    // And D, the original, never noticed.
    let out = d.ok(&["sync"], "");
    assert!(out.contains("Nothing to sync"), "{out}");
}

#[test]
fn a_copied_database_with_its_copied_token_is_told_to_enrol_with_its_own() {
    let database = postgres::fresh_database();
    let centre = Central::start(&database);
    let token_d = add_device(&database, "Laptop D");
    let d = laptop("D", 20);
    d.ok(&sync_args(&centre.base, &token_d, &[]), "");
    // Copied after a sync: the copy remembers D's address and token.
    let e = copy_of(&d);
    d.ok(&["demo", "--candidates", "10", "--seed", "4"], "");
    e.ok(&["demo", "--candidates", "10", "--seed", "5"], "");
    d.ok(&["sync"], "");
    let before = central_count(&database, "SELECT count(*) FROM candidates");

    let out = e.run(&["sync"], "");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("This database was copied"),
        "{}",
        stdout(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains("its token belongs to that other laptop too")
            && err.contains("Enrol this laptop with its own token"),
        "{err}"
    );
    assert_eq!(
        central_count(&database, "SELECT count(*) FROM candidates"),
        before
    );

    // With its own token, everything it holds arrives.
    let token_e = add_device(&database, "Laptop E");
    let out = e.run(&["sync", "--token", &token_e], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(waiting(&e), 0);
    assert_eq!(
        central_count(&database, "SELECT count(*) FROM candidates"),
        before + 10
    );
}

#[test]
fn a_revoked_token_sending_a_big_batch_reads_its_refusal_rather_than_a_cut_connection() {
    // The centre answers from the headers, before reading the body; the laptop, still writing
    // a batch of a few MB, must get that answer and not a reset connection it would retry.
    let database = postgres::fresh_database();
    let (centre, token) = Central::with_laptop_a(&database);
    let revoked = central(&["revoke-device", "--label", "Laptop A"], &database);
    assert!(revoked.status.success());
    let ws = laptop("A", 500);
    let batch = outbox(&ws.db);
    let body = serde_json::to_string(&fairfloor::sync::protocol::ChangeBatch {
        changes: batch[..batch.len().min(5000)].to_vec(),
    })
    .unwrap();
    assert!(body.len() > 1_500_000, "a big batch: {} bytes", body.len());
    let out = ws.run(&sync_args(&centre.base, &token, &["--attempts", "2"]), "");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("Ask the coordinator for a new token"), "{err}");
    assert!(!err.contains("trying again"), "{err}");
}

/// Issue 11: the real centre says its time in `/v1/info` and `fairfloor sync` stores how far this
/// laptop's clock is from it; a right clock gives no warning in `doctor`, and a difference over
/// five minutes (as stored for a laptop an hour behind) does.
#[test]
fn a_sync_with_the_real_centre_measures_this_laptops_clock() {
    let database = postgres::fresh_database();
    let (centre, token) = Central::with_laptop_a(&database);
    let ws = laptop("A", 5);
    ws.ok(&sync_args(&centre.base, &token, &[]), "");
    let stored: String = ws.value("SELECT value FROM settings WHERE key = 'clock_offset'");
    let offset: serde_json::Value = serde_json::from_str(&stored).unwrap();
    let seconds = offset["seconds"].as_i64().unwrap();
    assert!(seconds.abs() < 60, "same machine, same clock: {stored}");
    let doctor = ws.ok(&["doctor"], "");
    assert!(!doctor.contains("Clock"), "{doctor}");

    let behind = serde_json::json!({
        "seconds": 62 * 60,
        "measured_at": offset["measured_at"],
    });
    ws.sqlite()
        .execute(
            "UPDATE settings SET value = ?1 WHERE key = 'clock_offset'",
            [behind.to_string()],
        )
        .unwrap();
    // Something needs attention, so doctor exits 1; the report is on standard output.
    let doctor = stdout(&ws.run(&["doctor"], ""));
    assert!(
        doctor
            .contains("Clock: this laptop is 1 h 02 min behind the central service — fix the time"),
        "{doctor}"
    );
}
