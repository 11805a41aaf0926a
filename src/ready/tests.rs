use chrono::NaiveDate;

use super::*;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
}

fn person(name: &str, role: StaffRole, demo: bool) -> StaffFacts {
    StaffFacts {
        name: name.into(),
        role,
        demo,
    }
}

/// A laptop with everything in place.
fn ready() -> Facts {
    Facts {
        today: day(),
        event: Some(EventFacts {
            name: "Leeds Jobs Fair".into(),
            venue: "First Direct Arena".into(),
            date: day(),
            demo: false,
        }),
        staff: vec![
            person("Asha Patel", StaffRole::Recruiter, false),
            person("Sam Okafor", StaffRole::Coordinator, false),
        ],
        pack: PackFacts::Loaded {
            folder: "/home/fair/pack".into(),
            employer: "Leeds Teaching Hospitals".into(),
            privacy_contact: "recruitment@leedsth.nhs.uk".into(),
            employer_email: "jobs@leedsth.nhs.uk".into(),
        },
        onboarding_url: Some("https://jobs.leedsth.nhs.uk/start".into()),
        printer: PrinterFacts::Answered {
            target: "cups:front-desk".into(),
            said: "CUPS queue 'front-desk': printer front-desk is idle.".into(),
        },
        disk: DiskFacts {
            folder: "/home/fair/.local/share/fairfloor".into(),
            free: Some(20 * 1024 * 1024 * 1024),
        },
        clock: ClockFacts {
            central: Some("https://central.leedsth.nhs.uk".into()),
            offset_seconds: Some(-40),
        },
    }
}

/// The names of the open checks.
fn open_checks(facts: &Facts) -> Vec<&'static str> {
    Readiness::of(facts).open().map(|c| c.what).collect()
}

/// The open check's problem and fix, for the one check named.
fn finding(facts: &Facts, what: &str) -> (String, String) {
    let readiness = Readiness::of(facts);
    let check = readiness
        .checks
        .into_iter()
        .find(|c| c.what == what)
        .unwrap();
    match check.state {
        State::Open { problem, fix } => (problem, fix),
        State::Ready { found } => panic!("{what} is ready: {found}"),
    }
}

#[test]
fn everything_in_place_is_ready() {
    let readiness = Readiness::of(&ready());
    assert!(readiness.is_ready(), "{}", readiness.to_text());
    let text = readiness.to_text();
    assert!(
        text.starts_with("Ready for Leeds Jobs Fair on 2026-12-04?"),
        "{text}"
    );
    assert!(
        text.ends_with("Ready: everything a fair needs is in place.\n"),
        "{text}"
    );
    assert!(text.contains("1 recruiter, 1 coordinator"), "{text}");
}

#[test]
fn each_missing_thing_is_the_one_finding_and_says_how_to_fix_it() {
    let mut facts = ready();
    facts.event = None;
    assert_eq!(open_checks(&facts), ["Event"]);
    assert!(finding(&facts, "Event").1.contains("fairfloor init"));

    let mut facts = ready();
    facts.event.as_mut().unwrap().date = day().pred_opt().unwrap();
    let (problem, fix) = finding(&facts, "Event");
    assert_eq!(
        problem,
        "Leeds Jobs Fair is on 2026-12-03, but today is 2026-12-04"
    );
    assert!(fix.contains("--date 2026-12-04"), "{fix}");

    let mut facts = ready();
    facts.event.as_mut().unwrap().demo = true;
    assert_eq!(open_checks(&facts), ["Event"]);

    let mut facts = ready();
    facts.staff.retain(|s| s.role != StaffRole::Recruiter);
    assert_eq!(
        finding(&facts, "Staff"),
        (
            "no recruiter can sign in".to_string(),
            "fairfloor staff add --name \"Their Name\" --role recruiter".to_string()
        )
    );

    let mut facts = ready();
    facts.staff.retain(|s| s.role != StaffRole::Coordinator);
    assert!(finding(&facts, "Staff").1.ends_with("--role coordinator"));

    let mut facts = ready();
    facts
        .staff
        .push(person("Demo Recruiter", StaffRole::Recruiter, true));
    assert_eq!(open_checks(&facts), ["Demo staff"]);
    assert_eq!(
        finding(&facts, "Demo staff").1,
        "fairfloor staff disable --name \"Demo Recruiter\""
    );

    let mut facts = ready();
    facts.pack = PackFacts::BuiltIn {
        home: Some("/home/fair/.config/fairfloor/pack".into()),
    };
    assert!(
        finding(&facts, "Fair pack")
            .1
            .starts_with("fairfloor pack init /home/fair/.config/fairfloor/pack")
    );

    let mut facts = ready();
    if let PackFacts::Loaded {
        privacy_contact, ..
    } = &mut facts.pack
    {
        *privacy_contact = "recruitment@example.nhs.uk".into();
    }
    let (problem, fix) = finding(&facts, "Fair pack");
    assert!(
        problem.contains("privacy-notice.toml's contact_email is an example address"),
        "{problem}"
    );
    assert!(
        fix.ends_with("fairfloor pack check /home/fair/pack"),
        "{fix}"
    );

    let mut facts = ready();
    if let PackFacts::Loaded { employer, .. } = &mut facts.pack {
        *employer = "Example NHS Trust".into();
    }
    let (problem, fix) = finding(&facts, "Fair pack");
    assert_eq!(
        problem,
        "employer.toml's name is still the example's (Example NHS Trust)"
    );
    assert!(fix.starts_with("write your organisation's name in /home/fair/pack/employer.toml"));

    let mut facts = ready();
    facts.onboarding_url = None;
    assert!(
        finding(&facts, "Onboarding")
            .1
            .contains("--onboarding-url https://")
    );
    facts.onboarding_url = Some("https://jobs.example.nhs.uk/start".into());
    assert!(finding(&facts, "Onboarding").0.contains("example address"));

    let mut facts = ready();
    facts.printer = PrinterFacts::NotSet;
    assert!(
        finding(&facts, "Printer")
            .1
            .starts_with("fairfloor event --printer")
    );
    facts.printer = PrinterFacts::Failed {
        target: "escpos:/dev/usb/lp0".into(),
        problem: "no printer at /dev/usb/lp0: check it is plugged in".into(),
    };
    assert_eq!(open_checks(&facts), ["Printer"]);

    let mut facts = ready();
    facts.disk.free = Some(MIN_FREE_BYTES - 1);
    assert!(finding(&facts, "Disk").0.starts_with("only 499 MB free"));

    let mut facts = ready();
    facts.clock.offset_seconds = None;
    assert_eq!(
        finding(&facts, "Clock").1,
        "fairfloor sync (once, on a network that reaches the centre)"
    );
    facts.clock.offset_seconds = Some(CLOCK_TOLERANCE_SECONDS + 60);
    assert!(finding(&facts, "Clock").0.contains("6 minutes behind"));
    facts.clock.offset_seconds = Some(-CLOCK_TOLERANCE_SECONDS - 60);
    assert!(finding(&facts, "Clock").0.contains("6 minutes ahead of"));
}

#[test]
fn a_laptop_with_no_centre_is_not_held_back_by_the_clock() {
    let mut facts = ready();
    facts.clock = ClockFacts {
        central: None,
        offset_seconds: None,
    };
    assert!(Readiness::of(&facts).is_ready());
}

#[test]
fn the_verdict_counts_what_is_open() {
    let mut facts = ready();
    facts.printer = PrinterFacts::NotSet;
    facts.onboarding_url = None;
    let text = Readiness::of(&facts).to_text();
    assert!(
        text.ends_with("Not ready: 2 things to put right (TO DO above).\n"),
        "{text}"
    );
    assert!(text.contains("  TO DO Printer     no printer"), "{text}");
}

#[test]
fn the_report_fits_a_standard_terminal_and_keeps_every_word() {
    let mut facts = ready();
    facts.staff.clear();
    facts.printer = PrinterFacts::NotSet;
    facts.pack = PackFacts::BuiltIn {
        home: Some("/home/a-long-user-name/.config/fairfloor/pack".into()),
    };
    let readiness = Readiness::of(&facts);
    let text = readiness.to_text();
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "{line:?} is wider than 80");
    }
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    for check in &readiness.checks {
        if let State::Open { problem, fix } = &check.state {
            let flat = words(&text).join(" ");
            assert!(flat.contains(&words(problem).join(" ")), "{problem}");
            assert!(flat.contains(&words(fix).join(" ")), "{fix}");
        }
    }
}
