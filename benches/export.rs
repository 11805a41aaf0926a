//! Exporting the offers of a 100,000-candidate day, against the floor: `sqlite3 -csv` running the
//! same join on the same file. Both are whole processes writing a file, timed from spawn to exit;
//! the ratio shows what fairfloor adds (opening the store, role titles, local times, the formula
//! rule, writing beside the file and renaming it). Target: at most 1.5× the floor.
//! XLSX and JSON Lines of the same rows are timed too, for the record (no floor).
//!
//! Run: `cargo bench --bench export` (FAIRFLOOR_BENCH_CANDIDATES sets the day's size; building
//! the demo day takes a while, and is done once per run).

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fairfloor::store::exports::offers_select_sql;

const DATE: &str = "2026-11-23";

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn timed(command: &mut Command) -> Duration {
    let start = Instant::now();
    // Standard output is set by the caller: the floor's goes to its file.
    let output = command.stderr(Stdio::piped()).output().expect("spawn");
    let took = start.elapsed();
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    took
}

/// The export's own SELECT with its parameter (the event) written in, for the sqlite3 command line.
fn floor_sql(ws: &support::Workspace) -> String {
    let event_id: String = ws
        .sqlite()
        .query_row("SELECT id FROM events WHERE event_date = ?1", [DATE], |r| {
            r.get(0)
        })
        .expect("the bench event");
    offers_select_sql().replace("?1", &format!("'{event_id}'"))
}

fn main() {
    let candidates: usize = std::env::var("FAIRFLOOR_BENCH_CANDIDATES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let ws = support::Workspace::new().with_event();
    let start = Instant::now();
    ws.ok(&["demo", "--candidates", &candidates.to_string()], "");
    let offers: i64 = ws
        .sqlite()
        .query_row("SELECT count(*) FROM offers", [], |r| r.get(0))
        .unwrap();
    println!(
        "demo day: {candidates} candidates, {offers} offers (built in {:.1?})",
        start.elapsed()
    );
    let out = ws.dir.path().join("out");
    let runs = 7;

    let have_sqlite3 = Command::new("sqlite3")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    let floor = if have_sqlite3 {
        let sql = floor_sql(&ws);
        // The sqlite3 command line cannot read SQLCipher's files: the floor reads an unencrypted
        // copy, so the ratio includes what decrypting costs fairfloor.
        let plain = ws.dir.path().join("floor.db");
        ws.sqlite()
            .execute_batch(&format!(
                "ATTACH DATABASE '{}' AS plain KEY ''; SELECT sqlcipher_export('plain'); DETACH DATABASE plain;",
                plain.display()
            ))
            .expect("an unencrypted copy for the floor");
        let floor_file = ws.dir.path().join("floor.csv");
        let samples: Vec<Duration> = (0..runs)
            .map(|_| {
                timed(
                    Command::new("sqlite3")
                        .arg("-csv")
                        .arg("-header")
                        .arg(&plain)
                        .arg(&sql)
                        .stdout(std::fs::File::create(&floor_file).unwrap()),
                )
            })
            .collect();
        let lines = std::fs::read_to_string(&floor_file)
            .unwrap()
            .lines()
            .count();
        println!(
            "  floor (sqlite3 -csv of the same join, {lines} lines): {:?}",
            median(samples.clone())
        );
        Some(median(samples))
    } else {
        println!(
            "  floor: the sqlite3 command is not installed, so there is no floor to compare with. \
             Install it (apt-get install -y sqlite3) and run again."
        );
        None
    };

    for format in ["csv", "jsonl", "xlsx"] {
        let path = out.with_extension(format);
        let samples: Vec<Duration> = (0..if format == "xlsx" { 3 } else { runs })
            .map(|_| {
                let args = [
                    "export",
                    "offers",
                    "--date",
                    DATE,
                    "--format",
                    format,
                    "--out",
                    path.to_str().unwrap(),
                ];
                timed(ws.command(&args).stdout(Stdio::null()))
            })
            .collect();
        let ours = median(samples);
        match (format, floor) {
            ("csv", Some(floor)) => {
                let ratio = ours.as_secs_f64() / floor.as_secs_f64();
                println!(
                    "  fairfloor export offers --format csv: {ours:?} ({ratio:.2}x the floor; target <= 1.5x) {}",
                    if ratio <= 1.5 { "OK" } else { "OVER TARGET" }
                );
            }
            _ => println!("  fairfloor export offers --format {format}: {ours:?}"),
        }
    }
}
