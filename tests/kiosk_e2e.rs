//! The kiosk, end to end: the real binary in a real pseudo-terminal, writing a real SQLite file.

mod support;

use std::time::Duration;

use support::{PtyRun, Workspace, keys};

/// Registers Zoë at the kiosk, answering every question, and stops on the confirmation screen.
fn register_zoe(kiosk: &mut PtyRun) {
    kiosk.wait_for("Press Enter to start");
    kiosk.send(keys::ENTER);
    kiosk.wait_for("How we use your information");
    kiosk.answer("1");
    kiosk.wait_for("What is your first name?");
    kiosk.answer("Zoë");
    kiosk.wait_for("What is your last name?");
    kiosk.answer("O'Brien-Ng");
    kiosk.wait_for("What is your email address?");
    kiosk.answer("zoe.obrien@EXAMPLE.com");
    kiosk.wait_for("What is your phone number?");
    kiosk.answer("07700 900 982");
    kiosk.wait_for("What is your postcode?");
    kiosk.answer("ls1 4dy");
    kiosk.wait_for("Which jobs are you interested in?");
    kiosk.send("1");
    kiosk.answer("7");
    kiosk.wait_for("What kind of work would you like?");
    kiosk.answer("2");
    kiosk.wait_for("When can you work?");
    kiosk.send("1");
    kiosk.answer("3");
    kiosk.wait_for("right to work in the UK?");
    kiosk.answer("1");
    kiosk.wait_for("Have you cared for someone before?");
    kiosk.answer("2");
    kiosk.wait_for("Do you need anything to help you");
    kiosk.answer("A quiet room, please");
    kiosk.wait_for("Questions about you (optional)");
    kiosk.answer("1");
    for _ in 0..7 {
        kiosk.wait_for("of 7)");
        kiosk.send(keys::UP); // from nothing chosen, Up chooses the last: "I prefer not to say"
        kiosk.send(keys::ENTER);
    }
    kiosk.wait_for("Check your answers");
    kiosk.wait_for("zoe.obrien@EXAMPLE.com");
    kiosk.send(keys::ENTER);
    kiosk.wait_for("Your ticket number is");
    kiosk.wait_for("B - 0 0 1");
}

#[test]
fn a_candidate_registers_at_the_kiosk_and_the_row_is_in_sqlite() {
    let ws = Workspace::new().with_event().with_coordinator();
    let mut kiosk = PtyRun::spawn(ws.path(), &["kiosk"], 100, 30);
    register_zoe(&mut kiosk);

    let db = ws.sqlite();
    let row: (String, String, String, String, String, String, String, String) = db
        .query_row(
            "SELECT ticket, given_name, family_name, email, phone, postcode, roles, status FROM candidates",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .expect("one candidate");
    assert_eq!(
        row,
        (
            "B-001".into(),
            "Zoë".into(),
            "O'Brien-Ng".into(),
            "zoe.obrien@example.com".into(),
            "+447700900982".into(),
            "LS1 4DY".into(),
            r#"["hcsw","porter"]"#.into(),
            "waiting".into()
        )
    );
    let equality: i64 =
        ws.value("SELECT count(*) FROM equality_monitoring WHERE answer = 'prefer_not_to_say'");
    assert_eq!(equality, 7);

    // Back to the start for the next person, with nothing of Zoë's left on screen.
    kiosk.send(keys::ENTER);
    kiosk.wait_for("Press Enter to start");
    assert!(!kiosk.screen().contains("Zoë"));

    // Only a coordinator's PIN closes it (not a recruiter's), and the terminal comes back.
    kiosk.unlock_kiosk("4821");
    kiosk.wait_for("That is a recruiter's PIN");
    assert!(kiosk.is_running());
    kiosk.answer("5678");
    assert!(kiosk.wait_exit(), "the kiosk exits cleanly when unlocked");
}

#[cfg(unix)]
#[test]
fn a_registration_survives_the_process_being_killed_right_after_the_confirmation() {
    let ws = Workspace::new().with_event().with_coordinator();
    let mut kiosk = PtyRun::spawn(ws.path(), &["kiosk"], 100, 30);
    register_zoe(&mut kiosk);
    kiosk.kill_hard();

    let db = ws.sqlite();
    let (ticket, name): (String, String) = db
        .query_row("SELECT ticket, given_name FROM candidates", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("the registration is there");
    assert_eq!((ticket.as_str(), name.as_str()), ("B-001", "Zoë"));
    let outbox: i64 = ws.value("SELECT count(*) FROM outbox WHERE entity = 'candidate'");
    assert_eq!(outbox, 1, "the change is queued for sync too");
}

#[test]
fn ctrl_c_ctrl_z_ctrl_backslash_esc_and_q_do_not_leave_the_kiosk() {
    let ws = Workspace::new().with_event().with_coordinator();
    let mut kiosk = PtyRun::spawn(ws.path(), &["kiosk"], 100, 30);
    kiosk.start_kiosk_form();
    for key in [
        keys::CTRL_C,
        keys::CTRL_Z,
        keys::CTRL_BACKSLASH,
        "q",
        keys::ESC,
    ] {
        kiosk.send(key);
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(kiosk.is_running(), "the kiosk is still running");
    // Esc went back one page; the kiosk is still on screen.
    kiosk.wait_for("How we use your information");
}

#[test]
fn an_idle_kiosk_counts_down_then_clears_the_form() {
    let ws = Workspace::new().with_event().with_coordinator();
    let mut kiosk = PtyRun::spawn(
        ws.path(),
        &["kiosk", "--idle-timeout", "1", "--idle-countdown", "2"],
        100,
        30,
    );
    kiosk.start_kiosk_form();
    kiosk.send("Sam");
    kiosk.wait_for("Are you still there?");
    kiosk.wait_for_within("Press Enter to start", Duration::from_secs(10));
    kiosk.start_kiosk_form();
    assert!(!kiosk.screen().contains("Sam"), "{}", kiosk.screen());
}

#[test]
fn a_second_registration_with_the_same_email_is_sent_to_staff() {
    let ws = Workspace::new().with_event().with_coordinator();
    let mut kiosk = PtyRun::spawn(ws.path(), &["kiosk"], 100, 30);
    register_zoe(&mut kiosk);
    kiosk.send(keys::ENTER);
    // Same person again: the kiosk must not show the earlier registration's details.
    kiosk.start_kiosk_form();
    kiosk.register_quickly([
        "Zoe",
        "Obrien",
        "zoe.obrien@example.com",
        "07700900111",
        "LS1 4DY",
    ]);
    kiosk.wait_for("Please speak to a member of staff");
    assert!(!kiosk.screen().contains("O'Brien-Ng"));
    let flagged: i64 = ws.value("SELECT count(*) FROM candidates WHERE duplicate_of IS NOT NULL");
    assert_eq!(flagged, 1);
}

/// At 80×24, the size the README promises: from the first question, gives a name, skips the
/// email, gives `phone` and answers the postcode page with `postcode_keys`, then the first
/// choice everywhere, no care experience, no adjustments and no questions about them.
fn register_minimal_at_80x24(ws: &Workspace, phone: &str, postcode_keys: &[&str]) {
    let mut kiosk = PtyRun::spawn(ws.path(), &["kiosk"], 80, 24);
    kiosk.start_kiosk_form();
    kiosk.answer("Amara");
    kiosk.wait_for("What is your last name?");
    kiosk.answer("Okafor");
    kiosk.wait_for("What is your email address? (optional)");
    kiosk.answer("");
    kiosk.wait_for("What is your phone number?");
    kiosk.answer(phone);
    kiosk.wait_for("What is your postcode? (optional)");
    for keys in postcode_keys {
        kiosk.send(keys);
    }
    kiosk.wait_for("Which jobs are you interested in?");
    kiosk.answer_each(&["1", "1", "1", "1", "3", "", "2"]);
    kiosk.wait_for("Check your answers");
    kiosk.send(keys::ENTER);
    kiosk.wait_for("Your ticket number is");
}

/// The stored email, phone and postcode of the one candidate.
fn stored_contact(ws: &Workspace) -> (Option<String>, Option<String>, Option<String>) {
    ws.sqlite()
        .query_row("SELECT email, phone, postcode FROM candidates", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("one candidate")
}

#[test]
fn a_candidate_with_only_a_phone_number_registers_at_80x24() {
    let ws = Workspace::new().with_event().with_coordinator();
    register_minimal_at_80x24(&ws, "0113 496 0000", &[keys::ENTER]);
    assert_eq!(
        stored_contact(&ws),
        (None, Some("+441134960000".into()), None)
    );
}

#[test]
fn a_candidate_with_no_fixed_address_registers_at_80x24() {
    let ws = Workspace::new().with_event().with_coordinator();
    register_minimal_at_80x24(&ws, "07700 900 982", &[keys::DOWN, " ", keys::ENTER]);
    assert_eq!(
        stored_contact(&ws),
        (
            None,
            Some("+447700900982".into()),
            Some("no fixed address".into())
        )
    );
}

/// Issue 14: a paste on the real terminal. The kiosk asks for bracketed paste, so a pasted name
/// with a line break lands in the box whole, is not taken as Enter, and a word says to check it.
#[test]
fn a_pasted_answer_lands_in_the_box_and_waits_for_enter() {
    let ws = Workspace::new().with_event().with_coordinator();
    let mut kiosk = PtyRun::spawn(ws.path(), &["kiosk"], 80, 24);
    kiosk.start_kiosk_form();
    kiosk.send("\x1b[200~Amara\r\n\x1b[201~");
    kiosk.wait_for("We added the text you pasted. Check it is right, then press Enter.");
    let shown = kiosk.screen();
    assert!(shown.contains("What is your first name?"), "{shown}");
    assert!(shown.contains("Amara"), "{shown}");
    kiosk.send(keys::ENTER);
    kiosk.wait_for("What is your last name?");
}

/// Issue 14: `fairfloor kiosk --print-tickets` prints each ticket on the event's printer (here
/// a PDF file, as `event --printer file:…` sets), and says so on the confirmation.
#[test]
fn a_kiosk_with_a_printer_prints_the_ticket() {
    let ws = Workspace::new().with_event().with_coordinator();
    let ticket_pdf = ws.dir.path().join("ticket.pdf");
    ws.ok(
        &[
            "event",
            "--printer",
            &format!("file:{}", ticket_pdf.display()),
        ],
        "",
    );
    let mut kiosk = PtyRun::spawn(ws.path(), &["kiosk", "--print-tickets"], 80, 24);
    kiosk.start_kiosk_form();
    kiosk.register_quickly(["Amara", "Okafor", "", "07700 900982", ""]);
    kiosk.wait_for("Your ticket is printing. Take it from the printer.");
    let ticket: String = ws.value("SELECT ticket FROM candidates");
    let pdf = std::fs::read(&ticket_pdf).expect("the ticket was written");
    assert!(pdf.starts_with(b"%PDF"));
    let text = std::process::Command::new("pdftotext")
        .arg(&ticket_pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by scripts/test)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains(&ticket), "{ticket}: {text}");
}
