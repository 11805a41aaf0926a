//! The staff screens, end to end: the real binary in a pseudo-terminal, next to a real kiosk
//! process on the same SQLite file.

mod support;

use std::time::{Duration, Instant};

use support::{PtyRun, Workspace, keys};

#[test]
fn the_first_run_creates_a_demo_database_and_says_how_to_sign_in() {
    let ws = Workspace::new();
    assert!(!ws.path().exists());
    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.wait_for("Demo Recruiter (PIN 1234)");
    // Recruiters are listed first, so the PIN in the hint works straight away.
    staff.send("1234");
    staff.send(keys::ENTER);
    staff.wait_for("Signed in: Demo Recruiter");
    staff.wait_for("Waiting 9");
    staff.wait_for("Screened 3");
    staff.send(keys::CTRL_C);
    assert!(staff.wait_exit(), "Ctrl-C quits the staff screens cleanly");
}

#[test]
fn a_kiosk_registration_appears_in_the_queue_within_a_second() {
    let ws = Workspace::new().with_event().with_coordinator();
    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.wait_for("Who are you?");
    staff.send("4821");
    staff.send(keys::ENTER);
    staff.wait_for("Signed in: Sam Lead");
    staff.wait_for("Waiting 0");

    let mut kiosk = PtyRun::spawn(ws.path(), &["kiosk"], 100, 30);
    kiosk.wait_for("Press Enter to start");
    kiosk.send(keys::ENTER);
    kiosk.send("1");
    kiosk.send(keys::ENTER);
    for answer in [
        "Zoë",
        "Nguyễn",
        "zoe.nguyen@example.com",
        "07700 900 982",
        "LS1 4DY",
    ] {
        kiosk.answer(answer);
    }
    for choice in ["1", "1", "1", "1", "3"] {
        kiosk.send(choice);
        kiosk.send(keys::ENTER);
    }
    kiosk.answer("");
    kiosk.send("2");
    kiosk.send(keys::ENTER);
    kiosk.wait_for("Check your answers");
    kiosk.send(keys::ENTER);
    kiosk.wait_for("Your ticket number is");
    let registered = Instant::now();

    staff.wait_for_within("Zoë Nguyễn", Duration::from_millis(1500));
    println!("seen by the staff screen after {:?}", registered.elapsed());
    staff.wait_for("Waiting 1");

    // Marking the no-show lands in the file.
    staff.send("n");
    staff.wait_for("no-show");
    let status: String = ws
        .sqlite()
        .query_row("SELECT status FROM candidates", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "no_show");
}

#[test]
fn a_wrong_pin_is_refused_and_the_queue_stays_closed() {
    let ws = Workspace::new().with_event();
    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.wait_for("Who are you?");
    staff.send("1111");
    staff.send(keys::ENTER);
    staff.wait_for("That PIN is not right");
    assert!(!staff.screen().contains("Signed in"));
    let failures: i64 = ws
        .sqlite()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'staff.sign_in_failed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(failures, 1);
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged() {
    let ws = Workspace::new().with_event();
    let staff = PtyRun::spawn(ws.path(), &[], 40, 10);
    staff.wait_for("Please make this window bigger");
}
