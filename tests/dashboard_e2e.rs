//! The coordinator's dashboard, end to end: the real binary in a pseudo-terminal on a real
//! SQLite file, refreshed live by another process's commits; recruiters cannot open it.

mod support;

use support::{PtyRun, Workspace, keys};

fn registered(ws: &Workspace) -> i64 {
    ws.value("SELECT count(*) FROM candidates WHERE status <> 'booked'")
}

#[test]
fn the_demo_coordinator_opens_the_dashboard_and_sees_it_update_live() {
    let ws = Workspace::new().with_demo_fair();
    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.sign_in_as_demo_coordinator();
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
    let ws = Workspace::new().with_demo_fair();
    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.sign_in_as_demo_recruiter();
    assert!(!staff.screen().contains("d dashboard"));
    staff.send("d");
    staff.wait_for("Only coordinators can open the dashboard.");
    assert!(!staff.screen().contains("Interviews per hour"));
}
