//! The recruiter's queue with 50,000 people waiting, and how fast the staff screens start.
//!
//! 1. A queue frame: drawing the queue (header, filter, the visible slice of 50,000 rows) on a
//!    TestBackend, against the floor of drawing one screenful of plain text the same size.
//!    Target: under 5 ms a frame.
//! 2. Launch to first frame: the real binary in a pseudo-terminal, from spawn until the sign-in
//!    screen is on screen, against the floor of spawning it to print its version.
//!    Target: under 200 ms.
//!
//! Run: `cargo bench --bench queue`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use fairfloor::content::Content;
use fairfloor::domain::{RightToWork, Staff, StaffRole, Status};
use fairfloor::store::QueueRow;
use fairfloor::tui::Program;
use fairfloor::tui::staff::{Msg, StaffApp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::widgets::Paragraph;

const WAITING: usize = 50_000;

fn rows(now: chrono::DateTime<Utc>) -> Vec<QueueRow> {
    (0..WAITING)
        .map(|i| QueueRow {
            id: format!("id-{i}"),
            ticket: format!("A-{:03}", i + 1),
            given_name: "Amara".into(),
            family_name: format!("Okafor-{i}"),
            email: Some(format!("amara.{i}@example.com")),
            phone: Some(format!("+4477009{i:05}")),
            roles: vec!["hcsw".into(), "porter".into()],
            right_to_work: Some(RightToWork::Yes),
            has_adjustments: i % 9 == 0,
            status: Status::Waiting,
            possible_duplicate: i % 97 == 0,
            registered_at: now - chrono::Duration::seconds((WAITING - i) as i64),
            arrived_at: Some(now - chrono::Duration::seconds((WAITING - i) as i64)),
            interviewer: None,
            decision: None,
        })
        .collect()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn queue_frame() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 15, 0, 0).unwrap();
    let staff = Staff {
        id: "s1".into(),
        name: "Sam Lead".into(),
        role: StaffRole::Recruiter,
    };
    for (width, height) in [(80u16, 24u16), (200, 60)] {
        let mut app = StaffApp::new(
            Content::load().unwrap(),
            None,
            vec![staff.clone()],
            None,
            now,
        );
        app.update(Msg::Resize(width, height));
        let _ = app.update(Msg::SignedIn(staff.clone()));
        app.update(Msg::Candidates(rows(now)));
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let text =
            "Amara Okafor  A-001  Healthcare support worker  Yes  12 min\n".repeat(height as usize);
        let mut ours = Vec::new();
        let mut floor = Vec::new();
        for i in 0..200 {
            // Move the selection so each frame draws a different slice.
            if i % 2 == 0 {
                app.update(Msg::Key(crossterm::event::KeyEvent::from(
                    crossterm::event::KeyCode::PageDown,
                )));
            }
            let start = Instant::now();
            terminal.draw(|frame| app.render(frame)).unwrap();
            ours.push(start.elapsed());
            let start = Instant::now();
            terminal
                .draw(|frame| frame.render_widget(Paragraph::new(text.as_str()), frame.area()))
                .unwrap();
            floor.push(start.elapsed());
        }
        let (ours, floor) = (median(ours), median(floor));
        println!("queue frame with {WAITING} waiting at {width}x{height}, median of 200:");
        println!("  floor (a screenful of plain text): {floor:?}");
        println!(
            "  queue: {ours:?} ({:.2}x the floor; target < 5 ms) {}",
            ours.as_secs_f64() / floor.as_secs_f64(),
            if ours < Duration::from_millis(5) {
                "OK"
            } else {
                "OVER TARGET"
            }
        );
    }
}

fn launch_to_first_frame() {
    let ws = support::Workspace::new().with_event();
    let mut floor = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..10 {
        let start = Instant::now();
        let out = std::process::Command::new(support::BIN)
            .arg("--version")
            .output()
            .unwrap();
        assert!(out.status.success());
        floor.push(start.elapsed());

        let start = Instant::now();
        let run = support::PtyRun::spawn(ws.path(), &[], 100, 30);
        run.wait_for("Who are you?");
        ours.push(start.elapsed());
        drop(run);
    }
    let (ours, floor) = (median(ours), median(floor));
    println!("launch to first frame (sign-in screen in a pseudo-terminal), median of 10:");
    println!("  floor (spawn the binary to print its version): {floor:?}");
    println!(
        "  first frame: {ours:?} ({:.1}x the floor; target < 200 ms) {}",
        ours.as_secs_f64() / floor.as_secs_f64(),
        if ours < Duration::from_millis(200) {
            "OK"
        } else {
            "OVER TARGET"
        }
    );
}

fn main() {
    queue_frame();
    launch_to_first_frame();
}
