//! Demo data only where a demo was asked for (issue 13): the first run on the default path and
//! `fairfloor demo` make a demo fair whose screens and exports say DEMO; `init` and a new file
//! named with `--db` make a real fair with no staff; demo staff's PINs, printed in the README,
//! never open a real event.

mod support;

use portable_pty::CommandBuilder;
use support::{PtyRun, Workspace, init_args};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_first_run_on_the_default_path_makes_a_demo_fair_and_says_how_to_sign_in() {
    let home = tempfile::tempdir().unwrap();
    let mut command = CommandBuilder::new(support::BIN);
    command.env("FAIRFLOOR_KEY_FILE", support::key_file());
    command.env("HOME", home.path());
    command.env("XDG_DATA_HOME", home.path().join("data"));
    command.env("XDG_CONFIG_HOME", home.path().join("config"));
    let mut staff = PtyRun::spawn_command(command, 100, 30);
    // Recruiters are listed first, so the PIN in the hint works straight away.
    staff.sign_in_as_demo_recruiter();
    staff.wait_for("DEMO · Demo recruitment fair");
    staff.wait_for("Waiting 9");
    staff.wait_for("Screened 3");
    staff.send(support::keys::CTRL_C);
    assert!(staff.wait_exit(), "Ctrl-C quits the staff screens cleanly");
    assert!(home.path().join("data/fairfloor/fairfloor.db").exists());
}

#[test]
fn a_new_file_named_with_db_gets_no_demo_and_is_told_how_to_make_a_fair() {
    let ws = Workspace::new();
    for screens in [&[][..], &["kiosk"][..]] {
        let out = ws.run(screens, "");
        assert_eq!(out.status.code(), Some(1), "{screens:?}");
        let text = stderr(&out);
        assert!(
            text.contains(&format!(
                "there is no database at {} yet",
                ws.path().display()
            )) && text.contains("init --event NAME --venue VENUE --date YYYY-MM-DD")
                && text.contains("demo"),
            "{text}"
        );
        assert!(!ws.path().exists(), "nothing is made: {screens:?}");
    }
}

#[test]
fn init_makes_a_real_event_with_no_staff_and_no_candidates() {
    let ws = Workspace::new();
    ws.ok(
        &init_args("Leeds Jobs Fair", "First Direct Arena", "2026-03-29"),
        "",
    );
    assert_eq!(ws.value::<i64>("SELECT count(*) FROM staff"), 0);
    assert_eq!(ws.value::<i64>("SELECT count(*) FROM candidates"), 0);
    assert_eq!(ws.value::<i64>("SELECT demo FROM events"), 0);
    let list = ws.ok(&["staff", "list"], "");
    assert!(list.contains("No staff yet"), "{list}");
    // The staff screens say how to add someone.
    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.wait_for("No staff can sign in yet");
    staff.wait_for("fairfloor staff add --name");
    staff.send(support::keys::CTRL_C);
    assert!(staff.wait_exit());
}

#[test]
fn demo_pins_do_not_open_a_real_event_made_on_the_demo_file() {
    let ws = Workspace::new().with_demo_fair();
    ws.ok(
        &init_args("Leeds Jobs Fair", "First Direct Arena", "2026-03-29"),
        "",
    );
    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.wait_for("No staff can sign in yet");
    assert!(
        !staff.screen().contains("Demo Recruiter"),
        "{}",
        staff.screen()
    );
    assert!(!staff.screen().contains("DEMO"), "{}", staff.screen());
    staff.send(support::keys::CTRL_C);
    assert!(staff.wait_exit());
    // Nor does the demo coordinator's PIN close a kiosk there: it will not even open.
    let kiosk = ws.run(&["kiosk"], "");
    assert_eq!(kiosk.status.code(), Some(1));
    assert!(
        stderr(&kiosk).contains("there is no coordinator yet"),
        "{}",
        stderr(&kiosk)
    );
}

#[test]
fn demo_people_are_never_mixed_in_with_a_real_events_candidates() {
    let ws = Workspace::new().with_event();
    let csv = ws.file(
        "people.csv",
        "given_name,family_name,email\nAsha,Patel,asha@example.com\n",
    );
    ws.ok(&["import", csv.to_str().unwrap()], "");
    let out = ws.run(&["demo", "--candidates", "5"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "Leeds Jobs Fair is a real event and already has 1 candidates: demo people are never mixed in with real ones. Make a demo in a database file of its own, with: fairfloor --db demo.db demo"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(ws.value::<i64>("SELECT count(*) FROM candidates"), 1);
    assert_eq!(ws.value::<i64>("SELECT demo FROM events"), 0);
}

#[test]
fn a_demo_event_says_demo_on_its_screens_and_exports() {
    // An event with nobody yet becomes a demo event when `demo` fills it.
    let ws = Workspace::new().with_event().with_coordinator();
    let out = ws.ok(&["demo", "--candidates", "30", "--seed", "4"], "");
    assert!(
        out.contains(
            "Leeds Jobs Fair is now a demo event: its screens, slips and exports say DEMO."
        ),
        "{out}"
    );
    let mut export = ws.command(&["export", "offers", "--date", support::EVENT_DAY]);
    export.current_dir(ws.dir.path());
    let exported = support::run_piped(&mut export, "");
    let said = String::from_utf8_lossy(&exported.stdout).into_owned();
    assert!(
        said.contains("Exported the offers of DEMO · Leeds Jobs Fair"),
        "{said}{}",
        stderr(&exported)
    );
    assert!(
        ws.dir
            .path()
            .join(format!("offers-{}-DEMO.csv", support::EVENT_DAY))
            .exists(),
        "{said}"
    );

    let mut staff = PtyRun::spawn(ws.path(), &[], 100, 30);
    staff.sign_in("4821");
    staff.wait_for("DEMO · Leeds Jobs Fair");
    staff.send(support::keys::CTRL_C);
    assert!(staff.wait_exit());
    let mut kiosk = PtyRun::spawn(ws.path(), &["kiosk"], 100, 30);
    kiosk.wait_for("Press Enter to start");
    assert!(
        kiosk.screen().contains("DEMO · Leeds Jobs Fair"),
        "{}",
        kiosk.screen()
    );
    kiosk.kill_hard();
}
