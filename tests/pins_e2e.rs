//! PINs and private files, end to end: the real binary in a real pseudo-terminal. Wrong PINs are
//! counted in the database, so killing fairfloor and starting it again does not reset the pause;
//! and what fairfloor writes (the database, its folder, exports, slips) is readable by its user
//! only.

mod support;

use std::time::{Duration, Instant};

use support::{PtyRun, Workspace};

/// Waits until `query` (one integer) reaches `want`.
fn wait_count(ws: &Workspace, query: &str, want: i64) {
    let start = Instant::now();
    loop {
        let got: i64 = ws.value(query);
        if got == want {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "{query}: {got}, not {want}"
        );
        std::thread::sleep(Duration::from_millis(40));
    }
}

/// Waits until `text` is on screen, however the screen wrapped it.
fn wait_for_words(run: &PtyRun, text: &str) {
    let start = Instant::now();
    loop {
        let screen = run.screen();
        let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        if words.contains(text) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "waited for {text:?}; the screen shows:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(40));
    }
}

#[cfg(unix)]
#[test]
fn wrong_pins_pause_sign_in_and_a_kill_and_relaunch_still_show_the_pause() {
    let ws = Workspace::new().with_event();
    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.wait_for("Who are you?");
    for expected in [
        "(2 tries left before a pause)",
        "(1 try left before a pause)",
        "(the next wrong PIN starts a pause)",
        "Too many wrong PINs. Wait",
    ] {
        staff.answer("0000");
        wait_for_words(&staff, expected);
    }
    // As a script would: kill it (no chance to save anything) and start it again.
    staff.kill_hard();
    let mut again = PtyRun::spawn(ws.path(), &[], 100, 30);
    again.sign_in("4821");
    again.wait_for("Too many wrong PINs. Wait");
    assert!(!again.screen().contains("Signed in"), "{}", again.screen());
    wait_count(
        &ws,
        "SELECT count(*) FROM audit_log WHERE action = 'staff.sign_in_failed'",
        4,
    );
    // The right PIN during the pause was not checked, so it is neither a failure nor a sign-in.
    wait_count(
        &ws,
        "SELECT count(*) FROM audit_log WHERE action = 'staff.sign_in'",
        0,
    );
    wait_count(
        &ws,
        "SELECT failures FROM pin_failures WHERE scope = 'staff'",
        4,
    );
}

#[cfg(unix)]
#[test]
fn a_recruiter_cannot_close_the_kiosk_and_its_pause_survives_a_relaunch() {
    let ws = Workspace::new().with_event().with_coordinator();
    let mut kiosk = PtyRun::spawn(ws.path(), &["kiosk"], 100, 30);
    kiosk.wait_for("Press Enter to start");
    kiosk.unlock_kiosk("4821");
    kiosk.wait_for("That is a recruiter's PIN");
    let failed = "SELECT count(*) FROM audit_log WHERE action IN ('kiosk.unlock_failed', 'kiosk.unlock_refused')";
    wait_count(&ws, failed, 1);
    for tries in 2..=6 {
        kiosk.answer("0000");
        wait_count(&ws, failed, tries);
    }
    kiosk.wait_for("Too many wrong PINs. Wait");
    assert!(kiosk.is_running());

    kiosk.kill_hard();
    let mut again = PtyRun::spawn(ws.path(), &["kiosk"], 100, 30);
    again.wait_for("Press Enter to start");
    again.unlock_kiosk("5678");
    again.wait_for("Too many wrong PINs. Wait");
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        again.is_running(),
        "the coordinator's PIN was not even checked"
    );
    let refused: i64 =
        ws.value("SELECT count(*) FROM audit_log WHERE action = 'kiosk.unlock_refused'");
    assert_eq!(refused, 1, "the recruiter's try is audited");
}

#[test]
fn staff_unlock_needs_a_coordinators_pin_and_records_who_cleared_it() {
    let ws = Workspace::new().with_event().with_coordinator();
    // Lock Sam's PIN as ten wrong tries would (the pauses between them are tested elsewhere).
    let sam: String = ws.value("SELECT id FROM staff WHERE name = 'Sam Lead'");
    ws.sqlite()
        .execute(
            "INSERT INTO pin_failures (scope, subject_id, failures, last_failure_at, locked_at)
             VALUES ('staff', ?1, 10, '2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z')",
            [&sam],
        )
        .unwrap();
    let listed = ws.ok(&["staff", "list"], "");
    assert!(
        listed.contains("recruiter    can sign in  PIN locked (fairfloor staff unlock)"),
        "{listed}"
    );
    let wrong = ws.run(
        &[
            "staff",
            "unlock",
            "--name",
            "Sam Lead",
            "--by",
            "Priya Shah",
        ],
        "1111\n",
    );
    assert!(!wrong.status.success());
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        said.contains("that is not Priya Shah's PIN; nothing was changed"),
        "{said}"
    );
    let recruiter = ws.run(
        &["staff", "unlock", "--name", "Sam Lead", "--by", "Sam Lead"],
        "4821\n",
    );
    assert!(!recruiter.status.success());
    assert!(String::from_utf8_lossy(&recruiter.stderr).contains("only a coordinator"));

    let out = ws.ok(
        &[
            "staff",
            "unlock",
            "--name",
            "sam lead",
            "--by",
            "Priya Shah",
        ],
        "5678\n",
    );
    assert!(
        out.contains("Unlocked Sam Lead's PIN (cleared by Priya Shah)"),
        "{out}"
    );
    let (actor, locked_left): (String, i64) = ws
        .sqlite()
        .query_row(
            "SELECT (SELECT actor FROM audit_log WHERE action = 'staff.pin_unlocked'),
                    (SELECT count(*) FROM pin_failures WHERE subject_id = ?1)",
            [&sam],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let priya: String = ws.value("SELECT id FROM staff WHERE name = 'Priya Shah'");
    assert_eq!(actor, format!("staff:{priya}"));
    assert_eq!(locked_left, 0);
    assert!(!ws.ok(&["staff", "list"], "").contains("PIN locked"));
}

#[cfg(unix)]
#[test]
fn the_database_its_folder_exports_slips_and_qr_images_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .permissions()
            .mode()
            & 0o777
    };
    let mut ws = Workspace::new();
    // A folder that does not exist yet: fairfloor creates it.
    ws.db = ws.dir.path().join("fair").join("fair.db");
    let ws = ws.with_event();
    ws.ok(&["demo", "--candidates", "40", "--seed", "7"], "");
    let folder = ws.dir.path().join("fair");
    assert_eq!(mode(&folder), 0o700, "the database's folder");
    assert_eq!(mode(ws.path()), 0o600, "the database");

    // While fairfloor runs, its -wal and -shm files exist: private too.
    let staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.wait_for("Who are you?");
    for suffix in ["-wal", "-shm"] {
        let file = folder.join(format!("fair.db{suffix}"));
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    drop(staff);

    let export = ws.dir.path().join("candidates.csv");
    ws.export_on("candidates", support::EVENT_DAY, &export);
    assert_eq!(mode(&export), 0o600, "an export");

    // The demo made offers.
    let reference: String = ws.value("SELECT reference FROM offers LIMIT 1");
    let slip = ws.dir.path().join("slip.pdf");
    ws.ok(
        &[
            "print",
            &reference,
            "--to",
            &format!("file:{}", slip.display()),
        ],
        "",
    );
    assert_eq!(mode(&slip), 0o600, "a slip");
    let png = ws.qr_png(&reference);
    assert_eq!(mode(&png), 0o600, "a QR image");

    // A database an older release left readable by everyone is made private when opened.
    std::fs::set_permissions(ws.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    ws.ok(&["event"], "");
    assert_eq!(mode(ws.path()), 0o600, "an old database, once opened");
}
