//! The coordinator's dashboard, end to end: the real binary in a pseudo-terminal on a real
//! SQLite file, refreshed live by another process's commits; recruiters cannot open it.

mod support;

use support::{PtyRun, Workspace, keys};

fn registered(ws: &Workspace) -> i64 {
    ws.sqlite()
        .query_row(
            "SELECT count(*) FROM candidates WHERE status <> 'booked'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn the_demo_coordinator_opens_the_dashboard_and_sees_it_update_live() {
    let ws = Workspace::new();
    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.wait_for("Demo Coordinator");
    // Recruiters are listed first: the coordinator is one down.
    staff.send(keys::DOWN);
    staff.send("5678");
    staff.send(keys::ENTER);
    staff.wait_for("Signed in: Demo Coordinator");
    staff.wait_for("d dashboard");
    staff.send("d");
    staff.wait_for("Interviews per hour");
    staff.wait_for(&format!("Registered {}", registered(&ws)));
    staff.wait_for("Screened 3");
    staff.wait_for("Recruiters");
    staff.wait_for("changes waiting");

    // Another process adds a day of candidates: the open dashboard follows.
    ws.ok(&["demo", "--candidates", "40", "--seed", "9"], "");
    staff.wait_for(&format!("Registered {}", registered(&ws)));

    staff.send(keys::TAB);
    staff.wait_for("How old are you?");
    staff.wait_for("hidden = fewer than 5");
    staff.send(keys::ESC);
    staff.wait_for("Tab filter");
    staff.send(keys::CTRL_C);
    assert!(staff.wait_exit());
}

#[test]
fn the_demo_recruiter_cannot_open_the_dashboard() {
    let ws = Workspace::new();
    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.wait_for("Demo Recruiter (PIN 1234)");
    staff.send("1234");
    staff.send(keys::ENTER);
    staff.wait_for("Signed in: Demo Recruiter");
    assert!(!staff.screen().contains("d dashboard"));
    staff.send("d");
    staff.wait_for("Only coordinators can open the dashboard.");
    assert!(!staff.screen().contains("Interviews per hour"));
}
