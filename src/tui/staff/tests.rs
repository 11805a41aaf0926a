//! Tests of the staff screens: snapshots of each screen, key sequences driving the state, and the
//! shell against a real store file.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::queue::page_height;
use super::*;
use crate::domain::staff::hash_pin;
use crate::domain::{
    CareExperience, ContractType, Event, Registration, RightToWork, Source, Staff, StaffRole,
    Status, WorkPattern,
};
use crate::service::pin::PinRefusal;
use crate::store::{Actor, CandidateDetail, QueueRow, RegisterOutcome};

pub(crate) fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-29T10:30:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn content() -> Content {
    Content::load().unwrap()
}

/// A screen's text (as `TestBackend` prints it) as one flowing line: each row trimmed, rows
/// joined by a space, so a sentence wrapped across rows can be looked for whole.
pub(crate) fn flowing(screen: &str) -> String {
    screen
        .lines()
        .map(|line| line.trim().trim_matches('"').trim())
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn event() -> Event {
    Event {
        id: "event-1".into(),
        name: "Leeds Jobs Fair".into(),
        venue: "First Direct Arena".into(),
        date: NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(),
        timezone: chrono_tz::Europe::London,
        demo: false,
    }
}

fn staff() -> Vec<Staff> {
    vec![
        Staff {
            id: "s1".into(),
            name: "Demo Recruiter".into(),
            role: StaffRole::Recruiter,
        },
        Staff {
            id: "s2".into(),
            name: "Priya Shah".into(),
            role: StaffRole::Coordinator,
        },
    ]
}

/// A waiting candidate with ticket A-`n`, arrived `n` minutes after 09:00 UTC.
pub(crate) fn row(n: u32, given: &str, family: &str) -> QueueRow {
    let at = DateTime::parse_from_rfc3339("2026-03-29T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + Duration::minutes(n as i64);
    QueueRow {
        id: format!("id-{n:06}"),
        ticket: format!("A-{n:03}"),
        given_name: given.into(),
        family_name: family.into(),
        email: Some(format!(
            "{}.{}@example.com",
            given.to_lowercase(),
            family.to_lowercase()
        )),
        phone: Some(format!("+44770080{n:04}")),
        roles: vec!["hcsw".into()],
        right_to_work: Some(RightToWork::Yes),
        has_adjustments: false,
        status: Status::Waiting,
        possible_duplicate: false,
        registered_at: at,
        arrived_at: Some(at),
        interviewer: None,
        decision: None,
    }
}

fn rows() -> Vec<QueueRow> {
    let mut amara = row(1, "Amara", "Okafor");
    amara.phone = Some("+447700900982".into());
    amara.roles = vec!["hcsw".into(), "porter".into(), "call_handler_111".into()];
    amara.has_adjustments = true;
    let mut zoe = row(3, "Zoë", "O'Brien-Smith");
    zoe.right_to_work = Some(RightToWork::NotSure);
    zoe.roles = vec!["nursing_assistant".into()];
    let mut evil = row(7, "Evil\x1b[31m", "Name\u{202E}");
    evil.right_to_work = None;
    let mut dup = row(12, "Amara", "Okafor");
    dup.possible_duplicate = true;
    dup.email = Some("amara.okafor@example.com".into());
    let mut siobhan = row(20, "Siobhán", "Ní Bhriain-Featherstonehaugh");
    siobhan.roles = vec!["theatre_support".into(), "maternity_support".into()];
    siobhan.right_to_work = Some(RightToWork::No);
    let mut booked = row(30, "Tomasz", "Nowak");
    booked.status = Status::Booked;
    booked.arrived_at = None;
    let mut gone = row(40, "Lee", "Chen");
    gone.status = Status::NoShow;
    vec![amara, zoe, evil, dup, siobhan, booked, gone]
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(app: &mut StaffApp, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| app.update(key(KeyCode::Char(c))))
        .collect()
}

fn new_app() -> StaffApp {
    StaffApp::new(content(), event(), staff(), None, now())
}

/// An app signed in as Demo Recruiter, showing `rows`.
fn signed_in(rows: Vec<QueueRow>) -> StaffApp {
    let mut app = new_app();
    let effects = app.update(Msg::SignedIn(staff()[0].clone()));
    assert_eq!(
        effects,
        vec![
            Effect::Reload,
            Effect::ResumeOpenInterview {
                staff_id: staff()[0].id.clone()
            }
        ]
    );
    app.update(Msg::Candidates(rows));
    app.update(Msg::Unsynced(4));
    app
}

fn draw(app: &StaffApp, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal
}

fn screen_text(app: &StaffApp, width: u16, height: u16) -> String {
    draw(app, width, height).backend().to_string()
}

fn shown_tickets(app: &StaffApp) -> Vec<String> {
    app.queue().shown().map(|r| r.ticket.clone()).collect()
}

// --- snapshots ----------------------------------------------------------------------------------

#[test]
fn snapshot_sign_in_with_first_run_hint() {
    let app = StaffApp::new(
        content(),
        event(),
        staff(),
        Some("Demo: sign in as Demo Recruiter with PIN 1234".into()),
        now(),
    );
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn snapshot_sign_in_with_no_staff() {
    let app = StaffApp::new(content(), event(), Vec::new(), None, now());
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn snapshot_sign_in_after_a_wrong_pin() {
    let mut app = new_app();
    typed(&mut app, "1111");
    app.update(key(KeyCode::Enter));
    app.update(Msg::PinRefused(PinRefusal::Wrong {
        free_left: 2,
        paused_until: None,
    }));
    typed(&mut app, "12");
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn snapshot_queue() {
    let app = signed_in(rows());
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

/// Issue 11: nothing warned about the clock. The queue's header says it, in place of the search
/// hint, while the laptop's clock looks wrong; the waits are never negative.
#[test]
fn snapshot_queue_with_a_clock_warning() {
    use crate::domain::clock::{ClockChecks, ClockJump, ClockOffset};
    let mut app = signed_in(rows());
    app.update(Msg::Clock(ClockChecks {
        offset: Some(ClockOffset {
            seconds: 62 * 60,
            measured_at: now(),
        }),
        jump: None,
    }));
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
    // A jump seen on this laptop, worded with the local time it happened.
    app.update(Msg::Clock(ClockChecks {
        offset: None,
        jump: Some(ClockJump {
            from: now() + chrono::Duration::minutes(58),
            to: now() - chrono::Duration::minutes(2),
        }),
    }));
    let screen = format!("{:?}", draw(&app, 80, 24).backend());
    assert!(screen.contains("Clock went back 1 h at "), "{screen}");
    // A later sync that finds the clock right clears it.
    app.update(Msg::Clock(ClockChecks {
        offset: Some(ClockOffset {
            seconds: 3,
            measured_at: now(),
        }),
        jump: None,
    }));
    let screen = format!("{:?}", draw(&app, 80, 24).backend());
    assert!(!screen.contains("Clock"), "{screen}");
}

#[test]
fn snapshot_queue_120x30() {
    let mut app = signed_in(rows());
    app.update(Msg::Resize(120, 30));
    app.update(key(KeyCode::Down));
    insta::assert_snapshot!(draw(&app, 120, 30).backend());
}

#[test]
fn snapshot_queue_searching() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Char('/')));
    typed(&mut app, "amara");
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn snapshot_queue_booked_filter() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Tab));
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn snapshot_queue_empty() {
    let app = signed_in(Vec::new());
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

pub(crate) fn amara_detail() -> CandidateDetail {
    let mut dup = rows()[3].clone();
    dup.has_adjustments = true;
    CandidateDetail {
        row: dup,
        postcode: Some("LS1 4DY".into()),
        contract_types: vec![ContractType::FullTime, ContractType::Bank],
        work_patterns: vec![WorkPattern::Days, WorkPattern::Weekends],
        care_experience: Some(CareExperience::Unpaid),
        adjustments: "A quiet room, please\x1b[2J".into(),
        source: Source::Kiosk,
        duplicate_of_ticket: Some("A-001".into()),
    }
}

#[test]
fn snapshot_detail() {
    let mut app = signed_in(rows());
    app.update(Msg::Detail(Box::new(amara_detail())));
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn snapshot_walk_in_empty() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Char('w')));
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn snapshot_walk_in_with_errors() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Char('w')));
    typed(&mut app, "Amara");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    typed(&mut app, "amara@example");
    app.update(ctrl('s'));
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn snapshot_too_small() {
    let app = signed_in(rows());
    insta::assert_snapshot!(draw(&app, 79, 23).backend());
}

#[test]
fn no_screen_panics_at_any_size() {
    let mut apps = vec![
        new_app(),
        StaffApp::new(content(), None, Vec::new(), Some("hint ".repeat(50)), now()),
        signed_in(rows()),
        signed_in(Vec::new()),
    ];
    let mut detail = signed_in(rows());
    detail.update(Msg::Detail(Box::new(amara_detail())));
    apps.push(detail);
    let mut form = signed_in(rows());
    form.update(key(KeyCode::Char('w')));
    form.update(ctrl('s'));
    apps.push(form.clone());
    form.update(key(KeyCode::BackTab));
    apps.push(form);
    let mut search = signed_in(rows());
    search.update(key(KeyCode::Char('/')));
    typed(&mut search, "nobody at all \x1b");
    apps.push(search);
    for app in &apps {
        for (w, h) in [
            (1, 1),
            (20, 5),
            (79, 23),
            (80, 24),
            (81, 25),
            (200, 60),
            (80, 200),
            (500, 24),
        ] {
            let text = screen_text(app, w, h);
            assert!(!text.contains('\x1b'), "raw escape drawn at {w}x{h}");
        }
    }
}

#[test]
fn candidate_text_is_drawn_harmlessly() {
    let app = signed_in(rows());
    let text = screen_text(&app, 120, 30);
    assert!(text.contains("Evil␛[31m"), "{text}");
    assert!(!text.contains('\u{202E}'));
}

// --- sign in ------------------------------------------------------------------------------------

#[test]
fn a_pin_is_sent_for_checking_and_never_kept_on_screen() {
    let mut app = new_app();
    app.update(key(KeyCode::Down));
    typed(&mut app, "12a34");
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::CheckPin {
            staff_id: "s2".into(),
            pin: Pin::new("1234"),
            at: now(),
        }]
    );
    assert_eq!(app.sign_in_state().pin_len(), 0);
    assert!(!format!("{effects:?}").contains("1234"));
}

#[test]
fn a_short_pin_is_not_checked() {
    let mut app = new_app();
    typed(&mut app, "12");
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(app.sign_in_state().message().unwrap().contains("4 to 8"));
}

#[test]
fn a_pause_from_the_pin_check_counts_down_on_screen() {
    let mut app = new_app();
    typed(&mut app, "0000");
    assert_eq!(app.update(key(KeyCode::Enter)).len(), 1);
    app.update(Msg::PinRefused(PinRefusal::Wrong {
        free_left: 0,
        paused_until: Some(now() + Duration::seconds(30)),
    }));
    assert!(screen_text(&app, 80, 24).contains("Wait 30 seconds"));
    assert!(screen_text(&app, 80, 24).contains("PIN (paused)"));
    app.update(Msg::Tick(now() + Duration::seconds(20)));
    assert!(screen_text(&app, 80, 24).contains("Wait 10 seconds"));
    // The screen does not decide: the PIN still goes to the check, which may be another
    // person's, and which enforces the pause itself.
    typed(&mut app, "1234");
    assert_eq!(app.update(key(KeyCode::Enter)).len(), 1);
    app.update(Msg::PinRefused(PinRefusal::Paused {
        until: now() + Duration::seconds(150),
    }));
    assert!(screen_text(&app, 80, 24).contains("Wait 3 minutes"));
    app.update(Msg::Tick(now() + Duration::seconds(151)));
    assert!(screen_text(&app, 80, 24).contains("You can try your PIN again"));
    // Choosing someone else forgets a pause shown for the last person.
    typed(&mut app, "0000");
    app.update(key(KeyCode::Enter));
    app.update(Msg::PinRefused(PinRefusal::Paused {
        until: now() + Duration::seconds(300),
    }));
    app.update(key(KeyCode::Down));
    let text = screen_text(&app, 80, 24);
    assert!(!text.contains("Wait") && !text.contains("paused"), "{text}");
}

#[test]
fn a_locked_pin_says_who_can_unlock_it() {
    let mut app = new_app();
    typed(&mut app, "0000");
    app.update(key(KeyCode::Enter));
    app.update(Msg::PinRefused(PinRefusal::Locked {
        name: "Demo Recruiter".into(),
        coordinators: vec!["Priya Shah".into()],
    }));
    let text = app.sign_in_state().message().unwrap().to_string();
    assert!(text.contains("Demo Recruiter's PIN is locked"), "{text}");
    assert!(text.contains("Ask Priya Shah (coordinator)"), "{text}");
    assert!(screen_text(&app, 80, 24).contains("PIN is locked"));
}

#[test]
fn signing_out_goes_back_to_sign_in_and_ctrl_c_quits() {
    let mut app = signed_in(rows());
    let effects = app.update(key(KeyCode::Char('q')));
    assert!(matches!(&effects[..], [Effect::SignOut { staff_id, .. }] if staff_id == "s1"));
    assert_eq!(app.screen_name(), "sign-in");
    assert!(!app.finished());
    app.update(ctrl('c'));
    assert!(app.finished());
}

#[test]
fn the_staff_list_updates_while_waiting() {
    let mut app = StaffApp::new(content(), event(), Vec::new(), None, now());
    assert!(screen_text(&app, 80, 24).contains("fairfloor staff add --name"));
    app.update(Msg::Staff(staff()));
    assert!(screen_text(&app, 80, 24).contains("Priya Shah"));
}

// --- queue --------------------------------------------------------------------------------------

#[test]
fn search_narrows_the_rows_and_esc_clears_it() {
    let mut app = signed_in(rows());
    assert_eq!(app.queue().shown_len(), 5);
    app.update(key(KeyCode::Char('/')));
    typed(&mut app, "OKAF");
    assert_eq!(shown_tickets(&app), ["A-001", "A-012"]);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.queue().shown_len(), 5);
    assert_eq!(app.queue().search_text(), "");
}

#[test]
fn typing_in_the_search_box_never_triggers_queue_keys() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Char('/')));
    let effects = typed(&mut app, "wanq");
    assert!(effects.is_empty());
    assert_eq!(app.screen_name(), "queue");
    assert_eq!(app.queue().search_text(), "wanq");
}

#[test]
fn a_phone_search_matches_however_the_number_is_typed() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Char('/')));
    typed(&mut app, "07700 900");
    assert_eq!(shown_tickets(&app), ["A-001"]);
}

#[test]
fn tab_cycles_the_filters() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Tab));
    assert_eq!(shown_tickets(&app), ["A-030"]);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.queue().filter(), queue::Filter::Screened);
    assert_eq!(app.queue().shown_len(), 0);
    app.update(key(KeyCode::Tab));
    assert_eq!(shown_tickets(&app), ["A-040"]);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.queue().shown_len(), 7);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.queue().filter(), queue::Filter::Waiting);
}

#[test]
fn n_on_a_waiting_candidate_asks_to_mark_a_no_show() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Down));
    // Issue 14: one key no longer takes someone out of the queue; it asks first.
    assert_eq!(app.update(key(KeyCode::Char('n'))), Vec::new());
    let question = app.notice().unwrap().0.to_string();
    assert!(
        question.ends_with("(A-003) as a no-show? y = yes, any other key = no"),
        "{question}"
    );
    assert_eq!(app.update(key(KeyCode::Char('j'))), Vec::new());
    assert_eq!(app.notice(), Some(("Nothing changed.", false)));
    assert_eq!(
        app.queue().selected().unwrap().ticket,
        "A-003",
        "the key did nothing else"
    );
    app.update(key(KeyCode::Char('n')));
    let effects = app.update(key(KeyCode::Char('y')));
    assert_eq!(
        effects,
        vec![Effect::SetStatus {
            candidate_id: "id-000003".into(),
            ticket: "A-003".into(),
            status: Status::NoShow,
            staff_id: "s1".into(),
            at: now(),
        }]
    );
    let effects = app.update(Msg::StatusChanged {
        candidate_id: "id-000003".into(),
        ticket: "A-003".into(),
        status: Status::NoShow,
    });
    assert_eq!(effects, vec![Effect::Reload]);
    assert_eq!(
        app.notice(),
        Some((
            "A-003 marked as no-show (pressed by mistake? select them and press a: they keep their place)",
            false
        ))
    );
}

#[test]
fn a_on_a_booked_candidate_marks_them_arrived_and_n_is_refused() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Tab));
    assert!(app.update(key(KeyCode::Char('n'))).is_empty());
    assert!(app.notice().unwrap().1, "an error is shown");
    let effects = app.update(key(KeyCode::Char('a')));
    assert!(matches!(
        &effects[..],
        [Effect::SetStatus { status: Status::Waiting, ticket, .. }] if ticket == "A-030"
    ));
}

#[test]
fn the_selection_stays_on_the_same_candidate_when_rows_reload() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    assert_eq!(app.queue().selected().unwrap().ticket, "A-007");
    let mut more = rows();
    more.insert(0, row(0, "Early", "Bird"));
    app.update(Msg::Candidates(more));
    assert_eq!(app.queue().selected().unwrap().ticket, "A-007");
}

#[test]
fn enter_opens_the_detail_and_esc_goes_back() {
    let mut app = signed_in(rows());
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::LoadDetail {
            candidate_id: "id-000001".into()
        }]
    );
    app.update(Msg::Detail(Box::new(amara_detail())));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Possible duplicate of A-001"), "{text}");
    assert!(text.contains("10:12 BST, Sun 29 Mar"), "{text}");
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen_name(), "queue");
}

/// Issue 14: a typo in a candidate's email could not be corrected at the table, and a
/// flagged duplicate could not be cleared.
#[test]
fn contact_details_are_corrected_and_a_duplicate_cleared_from_the_detail() {
    use crate::domain::contact::ContactBox;
    use crate::tui::staff::message::ContactOutcome;
    let mut app = signed_in(rows());
    app.update(Msg::Detail(Box::new(amara_detail())));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("e correct contact details"), "{text}");
    assert!(text.contains("c not a duplicate"), "{text}");
    assert!(text.contains("m merge (same person)"), "{text}");

    app.update(key(KeyCode::Char('e')));
    assert_eq!(app.screen_name(), "contact");
    for _ in 0..".com".len() {
        app.update(key(KeyCode::Backspace));
    }
    typed(&mut app, ".org");
    let effects = app.update(key(KeyCode::Enter));
    let [
        Effect::CorrectContact {
            candidate_id,
            ticket,
            contact,
            ..
        },
    ] = &effects[..]
    else {
        panic!("expected one CorrectContact, got {effects:?}");
    };
    assert_eq!(candidate_id, "id-000012");
    assert_eq!(contact[0], "amara.okafor@example.org");
    assert_eq!(contact[1], "07700 800012");

    // Refused: the form stays, with the words beside the box.
    app.update(Msg::ContactCorrected {
        candidate_id: candidate_id.clone(),
        ticket: ticket.clone(),
        outcome: ContactOutcome::Refused(vec![(
            ContactBox::Phone,
            "Enter a phone number, like 07700 900982".into(),
        )]),
    });
    assert_eq!(app.screen_name(), "contact");
    assert!(screen_text(&app, 80, 24).contains("Enter a phone number, like 07700 900982"));

    let effects = app.update(Msg::ContactCorrected {
        candidate_id: candidate_id.clone(),
        ticket: ticket.clone(),
        outcome: ContactOutcome::Saved {
            duplicate_of: Some("A-001".into()),
        },
    });
    assert_eq!(
        effects,
        vec![
            Effect::Reload,
            Effect::LoadDetail {
                candidate_id: candidate_id.clone()
            }
        ]
    );
    let said = app.notice().unwrap().0.to_string();
    assert!(
        said.contains("A-012: contact details corrected. DUP? A-001"),
        "{said}"
    );

    // Back on the detail, the flagged duplicate is checked and cleared.
    app.update(Msg::Detail(Box::new(amara_detail())));
    let effects = app.update(key(KeyCode::Char('c')));
    assert!(
        matches!(&effects[..], [Effect::SettleDuplicate { candidate_id, same_person: false, .. }] if candidate_id == "id-000012"),
        "{effects:?}"
    );
    // Or merged, after a y: asked first, naming both tickets.
    assert_eq!(app.update(key(KeyCode::Char('m'))), Vec::new());
    let asked = app.notice().unwrap().0.to_string();
    assert!(asked.contains("Merge A-012 into A-001?"), "{asked}");
    // The whole question at 80 columns, wrapped, since any other key answers it.
    let shown = screen_text(&app, 80, 24);
    assert!(
        crate::tui::staff::tests::flowing(&shown).contains("y = yes, any other key = no"),
        "{shown}"
    );
    let effects = app.update(key(KeyCode::Char('y')));
    assert!(
        matches!(&effects[..], [Effect::SettleDuplicate { candidate_id, same_person: true, .. }] if candidate_id == "id-000012"),
        "{effects:?}"
    );
    let effects = app.update(Msg::ContactCorrected {
        candidate_id: "id-000012".into(),
        ticket: "A-012".into(),
        outcome: ContactOutcome::Merged {
            into: "A-001".into(),
            took_place: true,
        },
    });
    assert_eq!(effects, vec![Effect::Reload]);
    assert_eq!(app.screen_name(), "queue");
    let said = app.notice().unwrap().0.to_string();
    assert!(
        said.contains("A-012 merged into A-001, who now has A-012's place"),
        "{said}"
    );
    app.update(Msg::Detail(Box::new(amara_detail())));
    // Esc on the form goes back to the details, unchanged.
    app.update(key(KeyCode::Char('e')));
    let effects = app.update(key(KeyCode::Esc));
    assert_eq!(
        effects,
        vec![Effect::LoadDetail {
            candidate_id: "id-000012".into()
        }]
    );
}

#[test]
fn fifty_thousand_rows_move_filter_and_draw() {
    let mut app = signed_in(Vec::new());
    let many: Vec<QueueRow> = (0..50_000)
        .map(|i| {
            let mut r = row(i, "Sam", &format!("Person{i}"));
            if i % 10 == 0 {
                r.status = Status::Booked;
            }
            r
        })
        .collect();
    app.update(Msg::Candidates(many));
    assert_eq!(app.queue().shown_len(), 45_000);
    app.update(key(KeyCode::End));
    assert_eq!(app.queue().selected_index(), 44_999);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("▶ A-49999 Sam Person49999"), "{text}");
    app.update(key(KeyCode::PageUp));
    assert_eq!(app.queue().selected_index(), 44_999 - page_height(24));
    app.update(key(KeyCode::Char('/')));
    typed(&mut app, "person4999");
    assert_eq!(app.queue().shown_len(), 10); // 49990..=49999, less 49990 (booked), plus 4999
    app.update(key(KeyCode::Tab));
    assert_eq!(shown_tickets(&app), ["A-49990"]);
}

// --- walk-in ------------------------------------------------------------------------------------

/// Fills the walk-in form with good answers, leaving focus on the consent box.
fn fill_walk_in(app: &mut StaffApp, email: &str, phone: &str) {
    app.update(key(KeyCode::Char('w')));
    typed(app, "Amara");
    app.update(key(KeyCode::Tab));
    typed(app, "Okafor");
    app.update(key(KeyCode::Tab));
    typed(app, email);
    app.update(key(KeyCode::Tab));
    typed(app, phone);
    app.update(key(KeyCode::Tab));
    typed(app, "ls14dy");
    app.update(key(KeyCode::Tab));
    // Roles: tick the first and the last.
    app.update(key(KeyCode::Char(' ')));
    app.update(key(KeyCode::End));
    app.update(key(KeyCode::Char(' ')));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Char(' '))); // part-time
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Char(' '))); // days
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Char(' '))); // right to work: yes
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down)); // skip caring before
    typed(app, "Step-free access");
    app.update(key(KeyCode::Tab));
    assert_eq!(app.walk_in().unwrap().focus(), walk_in::Field::Consent);
    app.update(key(KeyCode::Char(' ')));
}

#[test]
fn a_bad_email_is_named_and_nothing_is_registered() {
    let mut app = signed_in(rows());
    fill_walk_in(&mut app, "amara@example", "");
    let effects = app.update(ctrl('s'));
    assert!(effects.is_empty());
    let form = app.walk_in().expect("still on the form");
    assert_eq!(form.errors().len(), 1, "{:?}", form.errors());
    let (field, message) = &form.errors()[0];
    assert_eq!(*field, walk_in::Field::Email);
    assert!(message.starts_with("Email:"), "{message}");
    assert!(message.contains("name@example.com"), "{message}");
    assert_eq!(form.focus(), walk_in::Field::Email, "focus jumps to it");
    // Nothing typed is lost: fix the email and submit.
    typed(&mut app, ".com");
    let effects = app.update(ctrl('s'));
    assert!(
        matches!(&effects[..], [Effect::Register { .. }]),
        "{effects:?}"
    );
}

#[test]
fn a_good_walk_in_is_registered_normalised() {
    let mut app = signed_in(rows());
    fill_walk_in(&mut app, " Amara.Okafor@Example.COM ", "07700 900 123");
    app.update(key(KeyCode::Tab));
    assert_eq!(app.walk_in().unwrap().focus(), walk_in::Field::Register);
    let effects = app.update(key(KeyCode::Enter));
    let [
        Effect::Register {
            registration,
            staff_id,
            at,
        },
    ] = &effects[..]
    else {
        panic!("{effects:?}");
    };
    assert_eq!((staff_id.as_str(), *at), ("s1", now()));
    let expected = Registration {
        given_name: "Amara".into(),
        family_name: "Okafor".into(),
        email: Some("amara.okafor@example.com".into()),
        phone: Some("+447700900123".into()),
        postcode: Some("LS1 4DY".into()),
        roles: vec!["hcsw".into(), "porter".into()],
        contract_types: vec![ContractType::PartTime],
        work_patterns: vec![WorkPattern::Days],
        right_to_work: Some(RightToWork::Yes),
        care_experience: None,
        adjustments: "Step-free access".into(),
        equality: Vec::new(),
        privacy_version: Some(content().privacy.version),
    };
    assert_eq!(**registration, expected);
    let effects = app.update(Msg::Registered {
        outcome: RegisterOutcome {
            candidate_id: "new".into(),
            ticket: "A-014".into(),
            possible_duplicate: true,
        },
        name: "Amara Okafor".into(),
    });
    assert_eq!(effects, vec![Effect::Reload]);
    assert_eq!(app.screen_name(), "queue");
    let (notice, _) = app.notice().unwrap();
    assert!(
        notice.starts_with("Registered Amara Okafor as A-014"),
        "{notice}"
    );
    assert!(notice.contains("DUP?"), "{notice}");
}

#[test]
fn an_empty_walk_in_lists_every_missing_answer() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Char('w')));
    app.update(key(KeyCode::Tab));
    app.update(ctrl('s'));
    let form = app.walk_in().unwrap();
    let fields: Vec<_> = form.errors().iter().map(|(f, _)| *f).collect();
    use walk_in::Field as F;
    assert_eq!(
        fields,
        [
            F::GivenName,
            F::FamilyName,
            F::Email,
            F::Roles,
            F::RightToWork,
            F::Consent
        ]
    );
    assert_eq!(form.focus(), F::GivenName);
}

#[test]
fn no_more_than_three_roles() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Char('w')));
    for _ in 0..5 {
        app.update(key(KeyCode::Tab));
    }
    for _ in 0..3 {
        app.update(key(KeyCode::Char(' ')));
        app.update(key(KeyCode::Right));
    }
    app.update(key(KeyCode::Char(' ')));
    assert!(screen_text(&app, 80, 24).contains("Up to 3 roles"));
    app.update(key(KeyCode::Left));
    app.update(key(KeyCode::Char(' ')));
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Char(' ')));
    assert!(!screen_text(&app, 80, 24).contains("Up to 3 roles"));
}

#[test]
fn esc_asks_before_discarding_what_was_typed() {
    let mut app = signed_in(rows());
    app.update(key(KeyCode::Char('w')));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen_name(), "queue", "nothing typed: leaves at once");
    app.update(key(KeyCode::Char('w')));
    typed(&mut app, "Sam");
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen_name(), "walk-in");
    assert!(app.walk_in().unwrap().confirming_cancel());
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screen_name(), "queue");
}

#[test]
fn a_failed_save_keeps_the_form() {
    let mut app = signed_in(rows());
    fill_walk_in(&mut app, "a@example.com", "");
    assert_eq!(app.update(ctrl('s')).len(), 1);
    app.update(Msg::Failed("Not saved: the disk is full".into()));
    assert_eq!(app.screen_name(), "walk-in");
    assert!(screen_text(&app, 80, 24).contains("the disk is full"));
    assert!(app.walk_in().unwrap().validate().is_ok());
}

// --- the shell, against a real file -----------------------------------------------------------

pub(crate) fn run_effects(app: &mut StaffApp, shell: &mut Shell, msg: Msg) {
    crate::tui::terminal::dispatch(app, msg, &mut |effect| shell.perform(effect));
}

#[test]
fn the_shell_signs_in_registers_and_picks_up_another_process() {
    let (dir, mut store, event) = crate::store::test_store();
    let actor = Actor::new("cli", crate::store::test_time());
    let recruiter = store
        .add_staff(
            "Demo Recruiter",
            StaffRole::Recruiter,
            &hash_pin("4821").unwrap(),
            &actor,
        )
        .unwrap();
    let staff: Vec<Staff> = store
        .staff_with_pins()
        .unwrap()
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let mut app = StaffApp::new(content(), event.clone(), staff, None, now());
    let mut shell = Shell::new(store, Some(event.clone()), content());

    // A wrong PIN, then the right one; both audited.
    for c in "1111".chars() {
        run_effects(&mut app, &mut shell, key(KeyCode::Char(c)));
    }
    run_effects(&mut app, &mut shell, key(KeyCode::Enter));
    assert_eq!(app.screen_name(), "sign-in");
    assert!(app.sign_in_state().message().unwrap().contains("not right"));
    for c in "4821".chars() {
        run_effects(&mut app, &mut shell, key(KeyCode::Char(c)));
    }
    run_effects(&mut app, &mut shell, key(KeyCode::Enter));
    assert_eq!(app.screen_name(), "queue");
    assert_eq!(app.signed_in().unwrap().id, recruiter.id);
    let audited: Vec<String> = shell
        .store()
        .connection()
        .prepare("SELECT action FROM audit_log WHERE entity = 'staff' AND action LIKE 'staff.sign_in%' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(audited, ["staff.sign_in_failed", "staff.sign_in"]);

    // A walk-in through the form lands in the file and in the queue.
    run_effects(&mut app, &mut shell, key(KeyCode::Char('w')));
    let mut keys = Vec::new();
    keys.extend("Amara".chars().map(|c| key(KeyCode::Char(c))));
    keys.push(key(KeyCode::Tab));
    keys.extend("Okafor".chars().map(|c| key(KeyCode::Char(c))));
    keys.push(key(KeyCode::Tab));
    keys.extend("amara@example.com".chars().map(|c| key(KeyCode::Char(c))));
    for _ in 0..3 {
        keys.push(key(KeyCode::Tab));
    }
    keys.push(key(KeyCode::Char(' '))); // first role
    for _ in 0..3 {
        keys.push(key(KeyCode::Tab));
    }
    keys.push(key(KeyCode::Char(' '))); // right to work
    for _ in 0..3 {
        keys.push(key(KeyCode::Tab));
    }
    keys.push(key(KeyCode::Char(' '))); // consent
    keys.push(ctrl('s'));
    for msg in keys {
        run_effects(&mut app, &mut shell, msg);
    }
    assert_eq!(
        app.screen_name(),
        "queue",
        "{:?}",
        app.walk_in().map(|f| f.errors())
    );
    assert_eq!(
        app.notice(),
        Some(("Registered Amara Okafor as A-001", false))
    );
    assert_eq!(shown_tickets(&app), ["A-001"]);
    assert_eq!(app.queue().selected().unwrap().ticket, "A-001");
    let detail = shell.store().candidate(&event, "A-001").unwrap();
    assert_eq!(detail.source, Source::WalkIn);
    assert_eq!(
        shell.poll().map(|_| ()),
        None,
        "our own write is not 'outside'"
    );

    // Another process (the kiosk) registers someone: the poll picks it up.
    let mut kiosk = Store::open(&dir.path().join("test.db")).unwrap();
    let registration = Registration {
        given_name: "Zoë".into(),
        family_name: "O'Brien".into(),
        phone: Some("+447700900982".into()),
        roles: vec!["porter".into()],
        right_to_work: Some(RightToWork::NotSure),
        privacy_version: Some("v1".into()),
        ..Registration::default()
    };
    kiosk
        .register(
            &event,
            &registration,
            Source::Kiosk,
            &Actor::new("kiosk", now()),
        )
        .unwrap();
    let msg = shell.poll().expect("the kiosk's registration is noticed");
    run_effects(&mut app, &mut shell, msg);
    assert_eq!(shown_tickets(&app), ["A-001", "A-002"]);
    assert_eq!(
        app.queue().selected().unwrap().ticket,
        "A-001",
        "selection stays put"
    );
    assert!(shell.poll().is_none(), "nothing new since");

    // Mark the kiosk candidate as a no-show through the real store.
    run_effects(&mut app, &mut shell, key(KeyCode::Down));
    run_effects(&mut app, &mut shell, key(KeyCode::Char('n')));
    run_effects(&mut app, &mut shell, key(KeyCode::Char('y')));
    assert!(
        app.notice()
            .unwrap()
            .0
            .starts_with("A-002 marked as no-show"),
        "{:?}",
        app.notice()
    );
    assert_eq!(shown_tickets(&app), ["A-001"]);
    assert_eq!(
        shell.store().candidate(&event, "A-002").unwrap().row.status,
        Status::NoShow
    );
}
