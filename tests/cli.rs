//! The plain commands, run as a coordinator would run them, checked against the SQLite file.

mod support;

use support::{Workspace, init_args};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn init_on_a_new_path_creates_exactly_the_event_it_names() {
    let ws = Workspace::new();
    let mut init = init_args("Leeds Jobs Fair", "First Direct Arena", "2026-03-29");
    init.extend(["--device-prefix", "c"]);
    let out = ws.ok(&init, "");
    assert!(
        out.contains("Tickets from this laptop start C-001"),
        "{out}"
    );
    let db = ws.sqlite();
    let events: Vec<(String, String, String, String)> = db
        .prepare("SELECT name, venue, event_date, timezone FROM events")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        events,
        vec![(
            "Leeds Jobs Fair".into(),
            "First Direct Arena".into(),
            "2026-03-29".into(),
            "Europe/London".into()
        )]
    );
    let (staff, candidates): (i64, i64) = db
        .query_row(
            "SELECT (SELECT count(*) FROM staff), (SELECT count(*) FROM candidates)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((staff, candidates), (0, 0), "no demo data in a real event");
}

#[test]
fn init_explains_a_bad_date_or_time_zone() {
    let ws = Workspace::new();
    let out = ws.run(&init_args("Fair", "Hall", "29/03/2026"), "");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
    let mut init = init_args("Fair", "Hall", "2026-03-29");
    init.extend(["--timezone", "London"]);
    let out = ws.run(&init, "");
    assert!(stderr(&out).contains("Europe/London"), "{}", stderr(&out));
}

#[test]
fn staff_add_reads_the_pin_from_standard_input_and_stores_only_a_hash() {
    let ws = Workspace::new().with_event();
    let (name, role, hash): (String, String, String) = ws
        .sqlite()
        .query_row("SELECT name, role, pin_hash FROM staff", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((name.as_str(), role.as_str()), ("Sam Lead", "recruiter"));
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("4821"));
}

#[test]
fn staff_add_refuses_a_bad_or_mismatched_pin_and_saves_nothing() {
    let ws = Workspace::new().with_event();
    for (stdin, expected) in [
        ("12\n12\n", "4 to 8 digits"),
        ("12345\n54321\n", "different"),
        ("", "no PIN"),
    ] {
        let out = ws.run(
            &["staff", "add", "--name", "Ola", "--role", "coordinator"],
            stdin,
        );
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains(expected),
            "{stdin:?}: {}",
            stderr(&out)
        );
    }
    let staff: i64 = ws.value("SELECT count(*) FROM staff");
    assert_eq!(staff, 1);
}

#[test]
fn a_file_that_is_not_a_database_gets_a_clear_message_and_is_left_alone() {
    let ws = Workspace::new();
    let junk = "name,email\nthis is a spreadsheet, not a database\n".repeat(100);
    std::fs::write(ws.path(), &junk).unwrap();
    let out = ws.run(&init_args("Fair", "Hall", "2026-03-29"), "");
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("is not a fairfloor database"), "{message}");
    assert!(message.contains("--db PATH"), "{message}");
    assert!(!message.contains("panicked"), "{message}");
    assert_eq!(std::fs::read_to_string(ws.path()).unwrap(), junk);
}

#[test]
fn import_reports_bad_rows_by_line_and_never_adds_anyone_twice() {
    let ws = Workspace::new().with_event();
    let csv = ws.file(
        "attendees.csv",
        "Email,given_name,family_name,phone,postcode,roles,shoe_size\n\
         amara@example.com,Amara,Okafor,07700 900001,LS1 4DY,hcsw,6\n\
         not-an-email,Bad,Row,,,,\n\
         siobhan@example.com,Siobhán,Ní Bhriain,,ls2 7ab,Porter;domestic,5\n",
    );
    let csv = csv.to_str().unwrap();
    let first = ws.run(&["import", csv], "");
    let out = String::from_utf8_lossy(&first.stdout);
    assert_eq!(first.status.code(), Some(2), "{out}{}", stderr(&first));
    assert!(
        out.contains("shoe_size"),
        "unknown column warned about: {out}"
    );
    assert!(out.contains("line 3"), "{out}");
    assert!(out.contains("Imported 2 people"), "{out}");

    let again = ws.run(&["import", csv], "");
    let out = String::from_utf8_lossy(&again.stdout);
    assert!(out.contains("Imported 0 people"), "{out}");
    let rows: i64 = ws.value("SELECT count(*) FROM candidates WHERE status = 'booked'");
    assert_eq!(rows, 2);
}

#[test]
fn demo_data_is_deterministic_and_on_the_events_day() {
    let first = Workspace::new().with_event();
    let second = Workspace::new().with_event();
    for ws in [&first, &second] {
        ws.ok(&["demo", "--candidates", "40", "--seed", "7"], "");
    }
    let people = |ws: &Workspace| -> Vec<(String, String, String)> {
        ws.sqlite()
            .prepare("SELECT given_name, family_name, email FROM candidates ORDER BY ticket_number")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(people(&first).len(), 40);
    assert_eq!(people(&first), people(&second));
    // Times are spread over the event's day (2026-11-23, Europe/London = UTC in November).
    let (min, max): (String, String) = first
        .sqlite()
        .query_row(
            "SELECT min(registered_at), max(registered_at) FROM candidates",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        min.starts_with("2026-11-23T0") || min.starts_with("2026-11-23T1"),
        "{min}"
    );
    assert!(max.starts_with("2026-11-23T1"), "{max}");
    assert!(min < max);
}

#[test]
fn the_fairness_report_is_csv_with_small_counts_hidden_and_a_bad_date_is_explained() {
    let ws = Workspace::new().with_event();
    ws.ok(&["demo", "--candidates", "150", "--seed", "3"], "");
    let csv = ws.ok(
        &[
            "report",
            "fairness",
            "--date",
            "2026-11-23",
            "--format",
            "csv",
        ],
        "",
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("date,question,group,registered,interviewed,offered,offer_rate,ratio_to_highest,flag")
    );
    let registered: i64 = ws.value("SELECT count(*) FROM candidates WHERE status <> 'booked'");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut totals = 0;
    for record in reader.records() {
        let record = record.unwrap();
        for count in [&record[3], &record[4], &record[5]] {
            if let Ok(n) = count.parse::<i64>() {
                assert!(n >= 5, "a count under 5 is shown: {record:?}");
            } else {
                assert_eq!(count, "fewer than 5 or hidden", "{record:?}");
            }
        }
        if &record[2] == "All" {
            totals += 1;
            assert_eq!(record[3].parse::<i64>().unwrap(), registered);
        }
    }
    assert_eq!(totals, 7, "one total per equality question");
    let text = ws.ok(&["report", "fairness", "--date", "2026-11-23"], "");
    assert!(text.contains("What is your ethnic group?"), "{text}");
    // Issue 17: the same figures as JSON for a script, a hidden count as null, never under 5.
    let json: serde_json::Value = serde_json::from_str(&ws.ok(
        &["report", "fairness", "--date", "2026-11-23", "--json"],
        "",
    ))
    .unwrap();
    let questions = json["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 7);
    for question in questions {
        assert_eq!(question["registered"], registered, "{question}");
        for group in question["groups"].as_array().unwrap() {
            for count in ["registered", "interviewed", "offered"] {
                match group[count].as_i64() {
                    Some(n) => assert!(n >= 5, "a count under 5 is shown: {group}"),
                    None => assert_eq!(group["hidden"], true, "{group}"),
                }
            }
        }
    }

    let bad = ws.run(&["report", "fairness", "--date", "23/11/2026"], "");
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("YYYY-MM-DD"), "{}", stderr(&bad));
    let none = ws.run(&["report", "fairness", "--date", "2026-11-24"], "");
    assert!(stderr(&none).contains("Events in this database are on: 2026-11-23"));
}

#[test]
fn staff_are_listed_disabled_enabled_renamed_and_given_a_new_pin_with_unique_names() {
    let ws = Workspace::new().with_event().with_coordinator();
    let twice = ws.run(
        &["staff", "add", "--name", "sam lead", "--role", "recruiter"],
        "1234\n1234\n",
    );
    assert!(!twice.status.success());
    assert!(
        stderr(&twice).contains("already called \"sam lead\""),
        "{}",
        stderr(&twice)
    );
    let list = ws.ok(&["staff", "list"], "");
    assert!(
        list.contains("Sam Lead") && list.contains("can sign in"),
        "{list}"
    );

    let said = ws.ok(&["staff", "disable", "--name", "Sam Lead"], "");
    assert!(said.contains("Sam Lead can no longer sign in"), "{said}");
    assert_eq!(
        ws.value::<i64>("SELECT active FROM staff WHERE name = 'Sam Lead'"),
        0
    );
    assert!(ws.ok(&["staff", "list"], "").contains("disabled"));
    let last = ws.run(&["staff", "disable", "--name", "Priya Shah"], "");
    assert!(!last.status.success());
    assert!(
        stderr(&last).contains("only active coordinator"),
        "{}",
        stderr(&last)
    );
    let said = ws.ok(&["staff", "enable", "--name", "sam lead"], "");
    assert!(said.contains("Sam Lead can sign in again"), "{said}");

    let said = ws.ok(
        &[
            "staff",
            "rename",
            "--name",
            "Sam Lead",
            "--to",
            "Sam Leader",
        ],
        "",
    );
    assert!(said.contains("Sam Lead is now Sam Leader"), "{said}");
    let old_hash: String = ws.value("SELECT pin_hash FROM staff WHERE name = 'Sam Leader'");
    let said = ws.ok(
        &["staff", "reset-pin", "--name", "Sam Leader"],
        "9876\n9876\n",
    );
    assert!(said.contains("Sam Leader has a new PIN"), "{said}");
    let new_hash: String = ws.value("SELECT pin_hash FROM staff WHERE name = 'Sam Leader'");
    assert!(new_hash.starts_with("$argon2id$") && new_hash != old_hash);

    let nobody = ws.run(&["staff", "disable", "--name", "Nobody"], "");
    assert!(
        stderr(&nobody).contains("fairfloor staff list"),
        "{}",
        stderr(&nobody)
    );
    let audited: i64 = ws.value(
        "SELECT count(*) FROM audit_log WHERE action IN
         ('staff.disable', 'staff.enable', 'staff.rename', 'staff.reset_pin')",
    );
    assert_eq!(audited, 4);
}

/// Issue 14: a print that never reached a printer (none set, or a typo in --to) is an attempt
/// too, and the print log keeps every attempt.
#[test]
fn a_print_with_no_printer_set_or_a_mistyped_one_is_logged_as_failed() {
    let ws = Workspace::new().with_demo_fair();
    ws.ok(&["demo", "--candidates", "30"], "");
    let reference: String = ws.value("SELECT reference FROM offers LIMIT 1");

    let no_printer = ws.run(&["print", &reference], "");
    assert_eq!(no_printer.status.code(), Some(1));
    let typo = ws.run(&["print", &reference, "--to", "cupz:front-desk"], "");
    assert_eq!(typo.status.code(), Some(1), "{}", stderr(&typo));

    let logged: Vec<(String, String, String)> = {
        let db = ws.sqlite();
        let mut rows = db
            .prepare("SELECT target, outcome, detail FROM print_log ORDER BY printed_at, rowid")
            .unwrap();
        rows.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(logged.len(), 2, "{logged:?}");
    assert_eq!(
        (logged[0].0.as_str(), logged[0].1.as_str()),
        ("none set", "failed")
    );
    assert!(logged[0].2.contains("printer"), "{logged:?}");
    assert_eq!(
        (logged[1].0.as_str(), logged[1].1.as_str()),
        ("cupz:front-desk", "failed")
    );
}

/// Issue 17: shell completions and a manual page, from clap's own generators, for the package.
#[test]
fn completions_and_the_manual_page_describe_the_commands() {
    let ws = Workspace::new();
    let bash = ws.ok(&["completions", "bash"], "");
    assert!(bash.contains("_fairfloor()"), "{bash}");
    assert!(bash.contains("doctor") && bash.contains("--test-slip"));
    // The script is valid bash.
    let script = ws.file("fairfloor.bash", &bash);
    let checked = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(checked.status.success(), "{}", stderr(&checked));

    let man = ws.ok(&["man"], "");
    assert!(man.contains(".TH fairfloor 1"), "{man}");
    assert!(man.contains("doctor") && man.contains("kiosk"), "{man}");

    // For the package: one page per command, nested ones too, and none for `help`.
    let pages = ws.dir.path().join("man");
    std::fs::create_dir(&pages).unwrap();
    ws.ok(&["man", "--dir", pages.to_str().unwrap()], "");
    let top = std::fs::read_to_string(pages.join("fairfloor.1")).unwrap();
    assert_eq!(top, man);
    let init = std::fs::read_to_string(pages.join("fairfloor-init.1")).unwrap();
    assert!(
        init.contains(".TH fairfloor-init 1") && init.contains("device"),
        "{init}"
    );
    assert!(pages.join("fairfloor-central-serve.1").exists());
    assert!(!pages.join("fairfloor-help.1").exists());
    // A folder that is not there is an error that names it, not a panic.
    let missing = ws.dir.path().join("no-such-folder");
    let out = ws.run(&["man", "--dir", missing.to_str().unwrap()], "");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no-such-folder"), "{}", stderr(&out));
    // Neither needs a database.
    assert!(!ws.db.exists());
}

/// Issue 17: the read-only commands a script calls say it in JSON too, with the same exit status.
#[test]
fn doctor_and_staff_list_speak_json_for_a_script() {
    let ws = Workspace::new().with_event().with_coordinator();
    let json = |args: &[&str]| -> (Option<i32>, serde_json::Value) {
        let out = ws.run(args, "");
        let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?} is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        });
        (out.status.code(), value)
    };
    let (code, staff) = json(&["staff", "list", "--json"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        staff,
        serde_json::json!([
            {"name": "Priya Shah", "role": "coordinator", "can_sign_in": true, "pin_locked": false},
            {"name": "Sam Lead", "role": "recruiter", "can_sign_in": true, "pin_locked": false},
        ])
    );

    let (code, doctor) = json(&["doctor", "--json"]);
    assert_eq!(code, Some(1), "changes wait to sync: {doctor}");
    assert_eq!(doctor["findings"]["encrypted"], true);
    assert_eq!(doctor["findings"]["outbox"]["waiting"], 3);
    assert_eq!(
        doctor["attention"],
        serde_json::json!(["3 changes waiting to sync: run fairfloor sync"])
    );

    let (code, ready) = json(&["doctor", "--ready", "--json"]);
    assert_eq!(
        code,
        Some(1),
        "the event is not today and nothing is set: {ready}"
    );
    assert_eq!(ready["ready"], false);
    let open: Vec<&str> = ready["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["state"] == "open")
        .map(|c| c["what"].as_str().unwrap())
        .collect();
    assert!(
        open.contains(&"Event") && open.contains(&"Printer"),
        "{ready}"
    );
}
