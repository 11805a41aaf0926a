//! The staff screens, end to end: the real binary in a pseudo-terminal, next to a real kiosk
//! process on the same SQLite file.

mod support;

use std::time::{Duration, Instant};

use support::{PtyRun, Workspace};

#[test]
fn a_kiosk_registration_appears_in_the_queue_within_a_second() {
    let ws = Workspace::new().with_event().with_coordinator();
    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.sign_in("4821");
    staff.wait_for("Signed in: Sam Lead");
    staff.wait_for("Waiting 0");

    let mut kiosk = PtyRun::spawn(ws.path(), &["kiosk"], 100, 30);
    kiosk.start_kiosk_form();
    kiosk.register_quickly([
        "Zoë",
        "Nguyễn",
        "zoe.nguyen@example.com",
        "07700 900 982",
        "LS1 4DY",
    ]);
    kiosk.wait_for("Your ticket number is");
    let registered = Instant::now();

    staff.wait_for_within("Zoë Nguyễn", Duration::from_millis(1500));
    println!("seen by the staff screen after {:?}", registered.elapsed());
    staff.wait_for("Waiting 1");

    // Marking the no-show lands in the file.
    staff.send("n");
    staff.wait_for("as a no-show? y = yes");
    staff.send("y");
    staff.wait_for("marked as no-show");
    let status: String = ws.value("SELECT status FROM candidates");
    assert_eq!(status, "no_show");
}

#[test]
fn a_wrong_pin_is_refused_and_the_queue_stays_closed() {
    let ws = Workspace::new().with_event();
    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.sign_in("1111");
    staff.wait_for("That PIN is not right");
    assert!(!staff.screen().contains("Signed in"));
    let failures: i64 =
        ws.value("SELECT count(*) FROM audit_log WHERE action = 'staff.sign_in_failed'");
    assert_eq!(failures, 1);
}

/// Issue 17: NO_COLOR (no-color.org) is honoured; the refusal still reads as one.
#[test]
fn no_color_takes_the_colour_out_and_keeps_the_words() {
    let ws = Workspace::new().with_event();
    for (no_color, coloured) in [("", true), ("1", false)] {
        let mut staff = PtyRun::spawn_with_env(ws.path(), &[], &[("NO_COLOR", no_color)], 100, 30);
        staff.sign_in("4821");
        staff.wait_for("Signed in");
        staff.send("n");
        staff.wait_for("Error: Nobody is selected.");
        assert_eq!(
            staff.coloured_cells() > 0,
            coloured,
            "NO_COLOR={no_color:?}: {}",
            staff.screen()
        );
    }
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged() {
    let ws = Workspace::new().with_event();
    let staff = PtyRun::spawn(ws.path(), &[], 40, 10);
    staff.wait_for("Please make this window bigger");
}

/// Amara booked (imported), then `details` registered at the kiosk with her phone: a repeat.
fn booked_then_again_at_the_kiosk(details: [&str; 5]) -> Workspace {
    let ws = Workspace::new().with_event().with_coordinator();
    let csv = ws.file(
        "booked.csv",
        "given_name,family_name,email,phone,postcode,roles\nAmara,Okafor,amara@example.com,07700 900001,LS1 4DY,hcsw\n",
    );
    ws.ok(&["import", csv.to_str().unwrap()], "");
    let mut kiosk = PtyRun::spawn(ws.path(), &["kiosk"], 100, 30);
    kiosk.start_kiosk_form();
    kiosk.register_quickly(details);
    kiosk.wait_for("Your ticket number is");
    ws
}

/// Issue 14: at the table, a typo in an email is corrected and a flagged duplicate cleared,
/// on the real binary and the real file; a bad answer is refused beside its box.
#[test]
fn a_recruiter_corrects_an_email_and_clears_a_duplicate_at_the_table() {
    // The same phone again at the kiosk, with a typo in the email: flagged as a repeat.
    let ws = booked_then_again_at_the_kiosk([
        "Amira",
        "Okafor",
        "amira@exmaple.com",
        "07700 900001",
        "LS1 4DY",
    ]);
    let flagged: i64 = ws.value("SELECT count(*) FROM candidates WHERE duplicate_of IS NOT NULL");
    assert_eq!(flagged, 1);
    let mut staff = PtyRun::spawn(ws.path(), &[], 80, 24);
    staff.sign_in("4821");
    staff.wait_for("Signed in: Sam Lead");
    staff.wait_for("Amira Okafor");
    staff.send(support::keys::ENTER);
    staff.wait_for("Possible duplicate of");
    staff.wait_for("e correct contact details");

    staff.send("e");
    staff.wait_for("Contact details for Amira Okafor");
    staff.send(support::keys::TAB);
    staff.send(support::keys::TAB);
    staff.send("\x15"); // Ctrl-U: clear the postcode box
    staff.send("LS99");
    staff.send(support::keys::ENTER);
    staff.wait_for("Enter a full UK postcode");
    staff.send("\x15");
    staff.send("nfa");
    staff.send(support::keys::UP);
    staff.send(support::keys::UP);
    staff.send("\x15");
    staff.send("amira@example.com");
    staff.send(support::keys::ENTER);
    staff.wait_for("contact details corrected");
    let (email, postcode): (String, String) = ws
        .sqlite()
        .query_row(
            "SELECT email, postcode FROM candidates WHERE given_name = 'Amira'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(email, "amira@example.com");
    assert_eq!(postcode, "no fixed address");

    // Still the same phone as Amara: still a possible duplicate, until checked.
    staff.wait_for("c not a duplicate");
    staff.send("c");
    staff.wait_for("checked, not a duplicate");
    let flagged: i64 = ws.value("SELECT count(*) FROM candidates WHERE duplicate_of IS NOT NULL");
    assert_eq!(flagged, 0);
    let audited: i64 = ws.value(
        "SELECT count(*) FROM audit_log WHERE action IN ('candidate.contact', 'candidate.not_duplicate')",
    );
    assert_eq!(audited, 2);
}

/// Issue 14: a repeat registration merged into the earlier one at the table: after a y, the
/// queue holds the person once, the booked registration in the repeat's place.
#[test]
fn a_recruiter_merges_a_repeat_registration_into_the_earlier_one() {
    let ws = booked_then_again_at_the_kiosk([
        "Amara",
        "Okafor",
        "amara@example.com",
        "07700 900001",
        "",
    ]);

    let mut staff = PtyRun::spawn(ws.path(), &[], 80, 24);
    staff.sign_in("4821");
    staff.wait_for("Signed in: Sam Lead");
    staff.wait_for("Waiting 1");
    staff.send(support::keys::ENTER);
    staff.wait_for("m merge (same person)");
    staff.send("m");
    staff.wait_for("y = yes");
    staff.send("y");
    staff.wait_for("place in the queue");
    let (merged, waiting): (i64, i64) = ws
        .sqlite()
        .query_row(
            "SELECT count(merged_into), sum(status = 'waiting' AND merged_into IS NULL) FROM candidates",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((merged, waiting), (1, 1));
    staff.wait_for("Waiting 1");
}
