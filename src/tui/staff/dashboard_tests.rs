//! Tests of the coordinator's dashboard: who may open it, its figures, both tabs and the export
//! as snapshots, and the shell running the export on its own thread.

use chrono::{Duration, NaiveDate};
use crossterm::event::KeyModifiers;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::super::{Effect, Msg, StaffApp};
use super::*;
use crate::domain::day::{CandidateRow, OfferRow, ScreeningRow, SyncStatus};
use crate::domain::offer::{OfferKind, OfferStatus};
use crate::domain::screening::ScreeningStatus;
use crate::domain::{CareExperience, Event, Staff, StaffRole, Status};
use crate::ready::{
    ClockFacts, DiskFacts, EventFacts, Facts, PackFacts, PrinterFacts, Readiness, StaffFacts,
};
use crate::service::ready::PrinterCheck;
use crate::tui::Program;
use crate::tui::staff::Shell;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T14:30:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn staff(role: StaffRole) -> Staff {
    Staff {
        id: format!("{role}-1"),
        name: match role {
            StaffRole::Coordinator => "Priya Shah".into(),
            StaffRole::Recruiter => "Demo Recruiter".into(),
        },
        role,
    }
}

fn app(role: StaffRole, width: u16, height: u16) -> StaffApp {
    let event = Event {
        id: "event-1".into(),
        name: "Leeds Jobs Fair".into(),
        venue: "First Direct Arena".into(),
        date: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        timezone: chrono_tz::Europe::London,
        demo: false,
    };
    let mut app = StaffApp::new(
        Content::load().unwrap(),
        event,
        vec![staff(role)],
        None,
        now(),
    );
    app.update(Msg::Resize(width, height));
    app.update(Msg::SignedIn(staff(role)));
    app.update(Msg::Candidates(Vec::new()));
    app
}

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// A day of 120 people: arrivals from 08:00 UTC, two recruiters, most interviewed, most
/// of those offered; equality answers spread so some groups are small.
fn day() -> (DayRows, Vec<Person>) {
    let start = DateTime::parse_from_rfc3339("2026-06-01T07:30:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let mut rows = DayRows {
        sync: SyncStatus {
            unsynced: 412,
            rejected: 0,
            last_sync_at: None,
            last_error: None,
        },
        ..DayRows::default()
    };
    let mut people = Vec::new();
    let roles = ["hcsw", "hcsw", "domestic", "porter", "call_handler_111"];
    let sexes = ["female", "female", "male", "prefer_not_to_say"];
    for n in 0..120u32 {
        let id = format!("c{n}");
        let arrived = start + Duration::minutes(i64::from(n) * 3);
        let status = if n % 40 == 39 {
            Status::Booked
        } else {
            Status::Waiting
        };
        rows.candidates.push(CandidateRow {
            id: id.clone(),
            status,
            arrived_at: (status == Status::Waiting).then_some(arrived),
            care_experience: Some(if n % 3 == 0 {
                CareExperience::None
            } else {
                CareExperience::Paid
            }),
        });
        if status == Status::Booked {
            continue;
        }
        let staff_id = if n % 2 == 0 { "r1" } else { "r2" };
        let started = arrived + Duration::minutes(25);
        let interviewed = n < 100;
        if interviewed || n < 103 {
            rows.screenings.push(ScreeningRow {
                candidate_id: id.clone(),
                staff_id: staff_id.into(),
                staff_name: if n % 2 == 0 { "Sam Lead" } else { "Alex Moore" }.into(),
                status: if interviewed {
                    ScreeningStatus::Completed
                } else {
                    ScreeningStatus::InProgress
                },
                started_at: started,
                completed_at: interviewed.then_some(started + Duration::minutes(20)),
            });
        }
        let offered = interviewed && n % 5 != 4;
        if offered {
            rows.offers.push(OfferRow {
                candidate_id: id.clone(),
                staff_id: staff_id.into(),
                staff_name: if n % 2 == 0 { "Sam Lead" } else { "Alex Moore" }.into(),
                kind: if n % 17 == 0 {
                    OfferKind::TalentPool
                } else {
                    OfferKind::Offer
                },
                status: OfferStatus::Made,
                role_code: roles[n as usize % roles.len()].into(),
            });
        }
        let mut answers = std::collections::BTreeMap::new();
        if n % 7 != 0 {
            answers.insert(
                "sex".to_string(),
                sexes[n as usize % sexes.len()].to_string(),
            );
        }
        if n % 30 == 1 {
            answers.insert("age_group".to_string(), "65_plus".to_string());
        } else if n % 2 == 0 {
            answers.insert("age_group".to_string(), "16_24".to_string());
        } else {
            answers.insert("age_group".to_string(), "25_34".to_string());
        }
        people.push(Person {
            answers,
            interviewed,
            offered: offered && n % 17 != 0,
        });
    }
    (rows, people)
}

fn opened(width: u16, height: u16) -> StaffApp {
    let mut app = app(StaffRole::Coordinator, width, height);
    assert_eq!(
        app.update(key(KeyCode::Char('d'))),
        vec![Effect::WatchDashboard]
    );
    let (rows, people) = day();
    app.update(Msg::Dashboard {
        rows: Box::new(rows),
        people,
    });
    app
}

fn draw(app: &StaffApp, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal
}

#[test]
fn a_recruiter_is_told_only_coordinators_can_open_the_dashboard() {
    let mut app = app(StaffRole::Recruiter, 100, 30);
    assert!(app.update(key(KeyCode::Char('d'))).is_empty());
    assert_eq!(app.screen_name(), "queue");
    assert_eq!(
        app.notice(),
        Some(("Only coordinators can open the dashboard.", true))
    );
    let screen = format!("{:?}", draw(&app, 120, 30).backend());
    assert!(
        !screen.contains("d dashboard"),
        "recruiters are not shown the key"
    );
}

#[test]
fn a_coordinator_sees_the_key_and_leaves_the_dashboard_with_esc() {
    let mut app = app(StaffRole::Coordinator, 120, 30);
    let screen = format!("{:?}", draw(&app, 120, 30).backend());
    assert!(screen.contains("d dashboard"), "{screen}");
    app.update(key(KeyCode::Char('d')));
    assert_eq!(app.screen_name(), "dashboard");
    assert_eq!(
        app.update(key(KeyCode::Esc)),
        vec![Effect::UnwatchDashboard, Effect::Reload]
    );
    assert_eq!(app.screen_name(), "queue");
}

#[test]
fn the_figures_follow_the_rows_and_the_clock() {
    let mut app = opened(100, 30);
    let dashboard = app.dashboard().unwrap();
    let f = dashboard.figures();
    assert_eq!(
        (f.registered, f.booked, f.screened, f.in_interview),
        (117, 3, 98, 3)
    );
    // 100 to 118 arrived last; 100 to 102 are in interview.
    assert_eq!(f.waiting, 16);
    let longest = f.still_waiting.longest.unwrap();
    // Ten minutes later, with nothing written, the longest wait has grown by ten minutes.
    app.update(Msg::Tick(now() + Duration::minutes(10)));
    let later = app
        .dashboard()
        .unwrap()
        .figures()
        .still_waiting
        .longest
        .unwrap();
    assert_eq!(later - longest, Duration::minutes(10));
}

#[test]
fn snapshot_dashboard() {
    let app = opened(80, 24);
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn snapshot_dashboard_140x40() {
    let app = opened(140, 40);
    insta::assert_snapshot!(draw(&app, 140, 40).backend());
}

#[test]
fn snapshot_fairness() {
    let mut app = opened(80, 24);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.dashboard().unwrap().tab(), Tab::Fairness);
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn the_fairness_view_never_shows_a_small_group() {
    let mut app = opened(120, 80);
    app.update(key(KeyCode::Tab));
    let report = app.dashboard().unwrap().fairness().clone();
    let age = report
        .questions
        .iter()
        .find(|q| q.id == "age_group")
        .unwrap();
    let over_65 = age.groups.iter().find(|g| g.id == "65_plus").unwrap();
    assert_eq!(over_65.counts, None, "4 people over 65 must not be shown");
    let screen = format!("{:?}", draw(&app, 120, 80).backend());
    assert!(screen.contains("65 or over"), "{screen}");
}

#[test]
fn e_opens_a_choice_and_enter_starts_the_chosen_export() {
    let mut app = opened(100, 30);
    assert!(app.update(key(KeyCode::Char('e'))).is_empty());
    assert_eq!(
        app.dashboard().unwrap().export(),
        &ExportPanel::Choosing {
            dataset: Dataset::Offers,
            format: Format::Csv
        }
    );
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Right));
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Effect::StartExport {
            dataset: Dataset::Candidates,
            format: Format::Xlsx
        }]
    );
    // While it runs, `e` does not start another, and Esc still leaves the dashboard.
    assert!(app.update(key(KeyCode::Char('e'))).is_empty());
    assert!(matches!(
        app.dashboard().unwrap().export(),
        ExportPanel::Running { .. }
    ));
    // Esc on the choice closes it without leaving the dashboard.
    let mut app = opened(100, 30);
    app.update(key(KeyCode::Char('e')));
    assert!(app.update(key(KeyCode::Esc)).is_empty());
    assert_eq!(app.screen_name(), "dashboard");
    assert_eq!(app.dashboard().unwrap().export(), &ExportPanel::Closed);
}

fn exporting(width: u16, height: u16) -> StaffApp {
    let mut app = opened(width, height);
    app.update(key(KeyCode::Char('e')));
    app.update(key(KeyCode::Enter));
    app.update(Msg::Export(ExportUpdate::Progress {
        done: 42_000,
        total: 100_000,
    }));
    app
}

#[test]
fn snapshot_export_choice() {
    let mut app = opened(80, 24);
    app.update(key(KeyCode::Char('e')));
    app.update(key(KeyCode::Right));
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn snapshot_export_progress() {
    let app = exporting(80, 24);
    let screen = format!("{:?}", draw(&app, 80, 24).backend());
    assert!(
        screen.contains("Exporting offers… 42,000 of 100,000"),
        "{screen}"
    );
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn snapshot_export_done() {
    let mut app = exporting(80, 24);
    app.update(Msg::Export(ExportUpdate::Finished(Ok(Exported {
        rows: 100_000,
        path: Some("/data/fairfloor/offers-2026-06-01.csv".into()),
    }))));
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn snapshot_export_failed() {
    let mut app = exporting(80, 24);
    app.update(Msg::Export(ExportUpdate::Finished(Err(
        "the disk is full, so /data/offers-2026-06-01.csv was not written".into(),
    ))));
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn the_shell_exports_on_its_own_thread_and_reports_progress_then_the_file() {
    use super::super::Shell;
    use crate::demo::{DemoOptions, add_demo};
    use crate::domain::NewEvent;
    use crate::store::{Actor, Store};

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("fair.db")).unwrap();
    let event = store
        .create_event(
            &NewEvent::parse("Leeds Jobs Fair", "Arena", "2026-06-01", "Europe/London").unwrap(),
            &Actor::new("test", now()),
        )
        .unwrap();
    let content = Content::load().unwrap();
    let options = DemoOptions {
        candidates: 1_500,
        seed: 7,
    };
    add_demo(&mut store, &event, &content, &options).unwrap();
    let registered: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM candidates", [], |r| r.get(0))
        .unwrap();
    let registered = registered as u64;
    let mut shell = Shell::new(store, Some(event), content);
    let mut app = opened(100, 30);
    app.update(key(KeyCode::Char('e')));
    app.update(key(KeyCode::Down));
    let effects = app.update(key(KeyCode::Enter));
    for effect in effects {
        assert!(shell.perform(effect).is_none());
    }
    let started = std::time::Instant::now();
    let mut progress_seen = Vec::new();
    loop {
        if let Some(Msg::Batch(messages)) = shell.poll() {
            for msg in messages {
                let flat = match msg {
                    Msg::Batch(inner) => inner,
                    other => vec![other],
                };
                for msg in flat {
                    if let Msg::Export(ExportUpdate::Progress { done, total }) = &msg {
                        progress_seen.push((*done, *total));
                    }
                    app.update(msg);
                }
            }
        }
        if matches!(
            app.dashboard().unwrap().export(),
            ExportPanel::Done { .. } | ExportPanel::Failed { .. }
        ) {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let path = dir.path().join("candidates-2026-06-01.csv");
    assert_eq!(
        app.dashboard().unwrap().export(),
        &ExportPanel::Done {
            dataset: Dataset::Candidates,
            rows: registered,
            path: Some(path.clone()),
        }
    );
    assert!(
        progress_seen.iter().all(|(_, total)| *total == registered),
        "{progress_seen:?}"
    );
    let rows = csv::Reader::from_path(&path).unwrap().records().count() as u64;
    assert_eq!(rows, registered);
}

#[test]
fn a_tiny_terminal_does_not_panic_on_the_dashboard() {
    let mut app = opened(80, 24);
    for (w, h) in [(10, 3), (79, 23), (1, 1)] {
        app.update(Msg::Resize(w, h));
        let screen = format!("{:?}", draw(&app, w, h).backend());
        assert!(w < 20 || screen.contains("bigger"), "{screen}");
    }
    app.update(key(KeyCode::Tab));
    draw(&app, 80, 24);
}

/// Issue 13: a coordinator's view of `doctor --ready`. `r` (or Tab twice) opens it and asks for
/// the check, `r` again checks again, `t` sends a test slip; the shell answers with the same
/// report the command prints, drawn at 80×24 with what is still to do marked.
#[test]
fn the_ready_tab_asks_for_the_check_and_shows_the_same_report_as_doctor_ready() {
    let mut app = opened(80, 24);
    assert_eq!(
        app.update(key(KeyCode::Char('r'))),
        vec![Effect::CheckReady(PrinterCheck::Look)]
    );
    assert_eq!(app.dashboard().unwrap().tab(), Tab::Ready);
    assert_eq!(
        app.update(key(KeyCode::Char('t'))),
        vec![Effect::CheckReady(PrinterCheck::TestSlip)]
    );
    assert_eq!(
        app.update(key(KeyCode::Char('r'))),
        vec![Effect::CheckReady(PrinterCheck::Look)]
    );
    // `t` means nothing on the other tabs.
    app.update(key(KeyCode::Tab));
    assert_eq!(app.dashboard().unwrap().tab(), Tab::Day);
    assert_eq!(app.update(key(KeyCode::Char('t'))), Vec::new());

    // The shell checks a real database: an event with no staff, no printer, no pack.
    let (_dir, store, event) = crate::store::test_store();
    let mut shell = Shell::new(store, Some(event), Content::load().unwrap());
    let answer = shell
        .perform(Effect::CheckReady(PrinterCheck::Look))
        .expect("the shell answers");
    let Msg::Ready(readiness) = &answer else {
        panic!("{answer:?}");
    };
    let open: Vec<&str> = readiness.open().map(|check| check.what).collect();
    assert!(
        open.contains(&"Staff") && open.contains(&"Printer"),
        "{open:?}"
    );

    let mut app = opened(80, 24);
    app.update(key(KeyCode::Char('r')));
    let screen = draw(&app, 80, 24).backend().to_string();
    assert!(screen.contains("Checking what the fair needs"), "{screen}");
    // Drawn from fixed facts, so the snapshot does not depend on today or this machine's disk.
    let facts = Facts {
        today: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        event: Some(EventFacts {
            name: "Leeds Jobs Fair".into(),
            venue: "First Direct Arena".into(),
            date: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            demo: false,
        }),
        staff: vec![StaffFacts {
            name: "Priya Shah".into(),
            role: StaffRole::Coordinator,
            demo: false,
        }],
        pack: PackFacts::BuiltIn {
            home: Some("/home/fair/.config/fairfloor/pack".into()),
        },
        onboarding_url: Some("https://jobs.leedsth.nhs.uk/start".into()),
        printer: PrinterFacts::NotSet,
        disk: DiskFacts {
            folder: "/home/fair/.local/share/fairfloor".into(),
            free: Some(20 << 30),
        },
        clock: ClockFacts {
            central: None,
            offset_seconds: None,
        },
    };
    app.update(Msg::Ready(Box::new(Readiness::of(&facts))));
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

/// Issue 14: `s` after an export showed nothing, as the finished export's line hid the sync's
/// progress. A sync under way, and then its result, show over how the last export ended.
#[test]
fn a_sync_started_after_an_export_shows_its_progress_and_result() {
    use crate::sync::client::SyncEvent;

    let mut app = exporting(80, 24);
    app.update(Msg::Export(ExportUpdate::Finished(Ok(Exported {
        rows: 12,
        path: Some("/data/fairfloor/offers-2026-06-01.csv".into()),
    }))));
    let news = |app: &StaffApp| {
        let terminal = draw(app, 80, 24);
        let buffer = terminal.backend().buffer();
        (0..80)
            .map(|x| buffer[(x, 22)].symbol().to_string())
            .collect::<String>()
    };
    assert!(
        news(&app).starts_with("Exported 12 rows of offers"),
        "{}",
        news(&app)
    );
    assert_eq!(app.update(key(KeyCode::Char('s'))), vec![Effect::StartSync]);
    app.update(Msg::SyncProgress(SyncEvent::Progress {
        sent: 2000,
        total: 12345,
    }));
    assert!(
        news(&app).starts_with("Syncing: sent 2,000 of 12,345 changes"),
        "{}",
        news(&app)
    );
    app.update(Msg::SyncFinished(Ok("Synced 12,345 changes.".into())));
    assert!(
        news(&app).starts_with("Synced 12,345 changes."),
        "{}",
        news(&app)
    );
}
