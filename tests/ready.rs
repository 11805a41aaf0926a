//! Ready before the doors open, end to end: `init` on a new file makes a real event with no staff
//! and no candidates and ends with the check; `doctor --ready` fails on each thing a fair needs
//! while it is missing, says how to fix it, and passes once everything is put right; a test slip
//! reaches the printer.

mod support;

use std::path::Path;

use chrono::Utc;
use support::Workspace;

fn today() -> String {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
        .to_string()
}

/// The lines of `doctor --ready` still to do, by check name ("Staff", "Printer").
fn to_do(report: &str) -> Vec<String> {
    report
        .lines()
        .filter_map(|line| line.strip_prefix("  TO DO "))
        .map(|rest| {
            rest.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// The report with its lines joined and spaces collapsed: a phrase is found wherever the
/// report wrapped it to 80 columns.
fn flat(report: &str) -> String {
    report.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs `doctor --ready` with the pack in `pack` (when given): exit code and report.
fn ready(ws: &Workspace, pack: Option<&Path>) -> (Option<i32>, String) {
    let mut args = vec![];
    if let Some(pack) = pack {
        args.extend(["--pack", pack.to_str().unwrap()]);
    }
    args.extend(["doctor", "--ready"]);
    let out = ws.run(&args, "");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// `init` of the Leeds fair on `date`, with `extra` flags.
fn init_on<'a>(date: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = support::init_args("Leeds Jobs Fair", "First Direct Arena", date);
    args.extend(extra);
    args
}

/// Replaces `from` with `to` in the file at `path`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn init_makes_a_real_event_with_no_staff_or_candidates_and_ends_with_the_check() {
    let ws = Workspace::new();
    let out = ws.ok(&init_on(&today(), &[]), "");
    assert_eq!(ws.value::<i64>("SELECT count(*) FROM staff"), 0);
    assert_eq!(ws.value::<i64>("SELECT count(*) FROM candidates"), 0);
    assert_eq!(ws.value::<i64>("SELECT demo FROM events"), 0);
    assert!(
        flat(&out).contains(&format!("Ready for Leeds Jobs Fair on {}?", today())),
        "{out}"
    );
    assert_eq!(
        to_do(&out),
        ["Staff", "Fair", "Onboarding", "Printer"],
        "{out}"
    );
    assert!(
        flat(&out).contains("Put those right, then check again with: fairfloor doctor --ready"),
        "{out}"
    );
}

#[test]
fn init_takes_the_onboarding_address_and_printer_and_refuses_a_typo_before_making_anything() {
    let ws = Workspace::new();
    let typo = ws.run(
        &init_on(
            &today(),
            &["--onboarding-url", "http://jobs.leedsth.nhs.uk/start"],
        ),
        "",
    );
    assert_eq!(typo.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&typo.stderr).contains("https"),
        "{}",
        String::from_utf8_lossy(&typo.stderr)
    );
    assert!(!ws.db.exists() || ws.value::<i64>("SELECT count(*) FROM events") == 0);

    let slips = ws.dir.path().join("slip.pdf");
    let printer = format!("file:{}", slips.display());
    let out = ws.ok(
        &init_on(
            &today(),
            &[
                "--onboarding-url",
                "https://jobs.leedsth.nhs.uk/start",
                "--printer",
                &printer,
            ],
        ),
        "",
    );
    assert!(
        flat(&out).contains("onboarding address: https://jobs.leedsth.nhs.uk/start"),
        "{out}"
    );
    assert_eq!(to_do(&out), ["Staff", "Fair"], "{out}");
    assert!(
        flat(&out).contains(&format!("ok Printer {printer}")),
        "{out}"
    );
}

/// Issue 13: `doctor --ready` fails on each missing item and passes when all are fixed.
#[test]
fn doctor_ready_fails_on_each_missing_thing_until_all_are_put_right() {
    let ws = Workspace::new();
    // A demo fair first, as a laptop used for training would have: its staff are left over.
    ws.ok(&["demo", "--candidates", "0"], "");
    let tomorrow = (Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
        + chrono::Days::new(1))
    .to_string();
    ws.ok(&init_on(&tomorrow, &[]), "");
    let (code, report) = ready(&ws, None);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        to_do(&report),
        ["Event", "Staff", "Demo", "Fair", "Onboarding", "Printer"],
        "{report}"
    );
    assert!(
        flat(&report).contains(&format!(
            "Leeds Jobs Fair is on {tomorrow}, but today is {}",
            today()
        )),
        "{report}"
    );
    assert!(
        flat(&report).contains("fairfloor staff disable --name \"Demo Coordinator\""),
        "{report}"
    );
    assert!(
        report.ends_with("Not ready: 6 things to put right (TO DO above).\n"),
        "{report}"
    );

    // Each fix, the way the report says, takes its line off the list.
    let fixes: Vec<(&str, Vec<Vec<String>>)> = vec![
        (
            "Event",
            vec![vec![
                "init".into(),
                "--event".into(),
                "Leeds Jobs Fair".into(),
                "--venue".into(),
                "First Direct Arena".into(),
                "--date".into(),
                today(),
            ]],
        ),
        (
            "Staff",
            vec![
                vec![
                    "staff",
                    "add",
                    "--name",
                    "Asha Patel",
                    "--role",
                    "recruiter",
                ]
                .into_iter()
                .map(String::from)
                .collect(),
                vec![
                    "staff",
                    "add",
                    "--name",
                    "Sam Okafor",
                    "--role",
                    "coordinator",
                ]
                .into_iter()
                .map(String::from)
                .collect(),
            ],
        ),
        (
            "Demo",
            ["Demo Coordinator", "Demo Recruiter"]
                .into_iter()
                .map(|name| {
                    vec![
                        "staff".into(),
                        "disable".into(),
                        "--name".into(),
                        name.into(),
                    ]
                })
                .collect(),
        ),
        (
            "Onboarding",
            vec![vec![
                "event".into(),
                "--onboarding-url".into(),
                "https://jobs.leedsth.nhs.uk/start".into(),
            ]],
        ),
        (
            "Printer",
            vec![vec![
                "event".into(),
                "--printer".into(),
                format!("file:{}", ws.dir.path().join("slip.pdf").display()),
            ]],
        ),
    ];
    let mut left = to_do(&ready(&ws, None).1);
    for (item, commands) in fixes {
        for command in commands {
            let args: Vec<&str> = command.iter().map(String::as_str).collect();
            ws.ok(&args, "4821\n4821\n");
        }
        left.retain(|open| open != item);
        let (code, report) = ready(&ws, None);
        assert_eq!(to_do(&report), left, "after fixing {item}: {report}");
        assert_eq!(code, Some(1), "{report}");
    }

    // The fair pack: the built-in one's contacts are examples, and so are a new pack's.
    let pack = ws.dir.path().join("pack");
    ws.ok(&["pack", "init", pack.to_str().unwrap()], "");
    // Each finding, then the edit that puts it right.
    let edits = [
        (
            "privacy-notice.toml's contact_email is an example address",
            "privacy-notice.toml",
            "recruitment@example.nhs.uk",
            "recruitment@leedsth.nhs.uk",
        ),
        (
            "employer.toml's email is an example address",
            "employer.toml",
            "recruitment@example.nhs.uk",
            "jobs@leedsth.nhs.uk",
        ),
        (
            "employer.toml's name is still the example's (Example NHS Trust)",
            "employer.toml",
            "Example NHS Trust",
            "Leeds Teaching Hospitals NHS Trust",
        ),
    ];
    for (finding, file, from, to) in edits {
        let (code, report) = ready(&ws, Some(&pack));
        assert_eq!((code, to_do(&report)), (Some(1), vec!["Fair".to_string()]));
        assert!(flat(&report).contains(finding), "{report}");
        edit(&pack.join(file), from, to);
    }

    let (code, report) = ready(&ws, Some(&pack));
    assert_eq!(code, Some(0), "{report}");
    assert!(to_do(&report).is_empty(), "{report}");
    assert!(
        report.ends_with("Ready: everything a fair needs is in place.\n"),
        "{report}"
    );
}

#[test]
fn a_printer_that_is_not_there_is_named_and_a_test_slip_reaches_one_that_is() {
    let ws = Workspace::new();
    ws.ok(
        &support::init_args("Leeds Jobs Fair", "First Direct Arena", &today()),
        "",
    );
    ws.ok(
        &[
            "event",
            "--onboarding-url",
            "https://jobs.leedsth.nhs.uk/start",
        ],
        "",
    );
    let nowhere = ws.dir.path().join("no-such-folder").join("slip.pdf");
    ws.ok(
        &["event", "--printer", &format!("file:{}", nowhere.display())],
        "",
    );
    let (_, report) = ready(&ws, None);
    assert!(
        flat(&report).contains("that folder does not exist: make it, or set another"),
        "{report}"
    );
    assert!(to_do(&report).contains(&"Printer".to_string()), "{report}");

    // A network receipt printer that is switched off: nothing listens there (the port is held
    // on another loopback address, so nothing else can take it meanwhile).
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    ws.ok(
        &[
            "event",
            "--printer",
            &format!("escpos:tcp://127.0.0.2:{port}"),
        ],
        "",
    );
    let (_, report) = ready(&ws, None);
    assert!(
        flat(&report).contains(&format!("the printer at 127.0.0.2:{port} is not answering")),
        "{report}"
    );
    drop(held);

    let slip = ws.dir.path().join("slip.pdf");
    ws.ok(
        &["event", "--printer", &format!("file:{}", slip.display())],
        "",
    );
    let out = ws.run(&["doctor", "--ready", "--test-slip"], "");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        flat(&report).contains(&format!("test slip written to {}", slip.display())),
        "{report}"
    );
    let pdf = std::fs::read(&slip).expect("the test slip was written");
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    // No candidate's slip was printed: the print log is for offers only.
    assert_eq!(ws.value::<i64>("SELECT count(*) FROM print_log"), 0);
}

/// Issue 13: `init` takes the employer too: on a laptop with no fair pack it starts one with the
/// employer's name, phone and email (the privacy notice's contact too), which then checks clean.
#[test]
fn init_starts_the_fair_pack_with_the_employers_details() {
    let ws = Workspace::new();
    let employer = [
        "--employer",
        "Leeds Teaching Hospitals NHS Trust",
        "--employer-phone",
        "0113 243 3144",
        "--employer-email",
    ];
    let mut example = init_on("2026-12-05", &employer);
    example.push("recruitment@example.nhs.uk");
    let refused = ws.run(&example, "");
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("is an example address"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let today = today();
    let mut args = init_on(&today, &employer);
    args.push("recruitment@leedsth.nhs.uk");
    let out = ws.ok(&args, "");
    let pack = ws.dir.path().join("config/fairfloor/pack");
    assert!(
        flat(&out).contains(&format!("Started your fair pack in {}", pack.display())),
        "{out}"
    );
    assert!(
        flat(&out).contains("ok Fair pack Leeds Teaching Hospitals NHS Trust; privacy contact recruitment@leedsth.nhs.uk"),
        "{out}"
    );
    let employer_toml = std::fs::read_to_string(pack.join("employer.toml")).unwrap();
    assert!(
        employer_toml.contains("phone = \"0113 243 3144\""),
        "{employer_toml}"
    );
    let checked = ws.run(&["pack", "check", pack.to_str().unwrap()], "");
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );

    // The pack is now the place to change them: init never rewrites it.
    let again = ws.run(&args, "");
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already names the employer"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

/// The clock, when a central service is set: not yet compared until a sync, then within five
/// minutes of the centre's or a finding that says how far off it is and how to fix it.
#[test]
fn the_clock_is_checked_against_the_centres_once_there_is_one() {
    let ws = Workspace::new();
    ws.ok(&init_on(&today(), &[]), "");
    let clock_line = |ws: &Workspace| {
        let (_, report) = ready(ws, None);
        let at = report.find("Clock").expect("a clock line");
        flat(&report[at..])
    };
    assert!(
        clock_line(&ws).starts_with("Clock no central service set"),
        "{}",
        clock_line(&ws)
    );
    let set = |key: &str, value: &str| {
        ws.sqlite()
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .unwrap();
    };
    set("sync.central_url", "https://central.leedsth.nhs.uk");
    assert!(
        clock_line(&ws).starts_with("Clock not yet compared with the centre's clock"),
        "{}",
        clock_line(&ws)
    );
    let offset = |seconds: i64| {
        format!(
            "{{\"seconds\":{seconds},\"measured_at\":\"{}\"}}",
            Utc::now().to_rfc3339()
        )
    };
    set("clock_offset", &offset(-480));
    assert!(
        clock_line(&ws)
            .starts_with("Clock this laptop's clock was 8 minutes ahead of the centre's"),
        "{}",
        clock_line(&ws)
    );
    set("clock_offset", &offset(30));
    assert!(
        clock_line(&ws).starts_with("Clock within 5 minutes of the centre's"),
        "{}",
        clock_line(&ws)
    );
}
