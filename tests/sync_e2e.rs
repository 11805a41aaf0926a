//! `fairfloor sync`, `purge` and `doctor` as a coordinator runs them: the real binary, a real
//! SQLite file, and real servers on real sockets.

mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Output;

use support::Workspace;

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A laptop database with an event and `n` demo candidates.
fn laptop(prefix: &str, n: usize) -> Workspace {
    let ws = Workspace::new();
    ws.ok(
        &[
            "init",
            "--event",
            "Leeds Jobs Fair",
            "--venue",
            "First Direct Arena",
            "--date",
            "2026-03-29",
            "--device-prefix",
            prefix,
        ],
        "",
    );
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
    ws.sqlite().query_row(sql, [], |r| r.get(0)).unwrap()
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
    let remembered: String = ws
        .sqlite()
        .query_row(
            "SELECT value FROM settings WHERE key = 'sync.central_url'",
            [],
            |r| r.get(0),
        )
        .unwrap();
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
