//! Tests of the coordinator's staff screen: who may open it, the changes it asks for (and what it
//! refuses before asking), snapshots of the list and the add form at 80×24, and the shell
//! carrying a change out against a real store file.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::content::Content;
use crate::service::pin::{self, Door, PinRefusal};
use crate::store::{Actor, Store};
use crate::tui::Program;
use crate::tui::staff::tests::{event, flowing, now, run_effects as run};
use crate::tui::staff::{Msg, Shell};

fn person(id: &str, name: &str, role: StaffRole) -> Staff {
    Staff {
        id: id.into(),
        name: name.into(),
        role,
    }
}

fn priya() -> Staff {
    person("s1", "Priya Shah", StaffRole::Coordinator)
}

fn sam() -> Staff {
    person("s2", "Sam Lead", StaffRole::Recruiter)
}

/// Priya, Sam, a disabled recruiter and a locked one.
fn members() -> Vec<Member> {
    let member = |staff: Staff, active: bool, locked: bool| Member {
        staff,
        active,
        locked,
    };
    vec![
        member(
            person("s3", "Alex Moore", StaffRole::Recruiter),
            false,
            false,
        ),
        member(
            person(
                "s4",
                "Jo Ní Bhriain-Featherstonehaugh",
                StaffRole::Recruiter,
            ),
            true,
            true,
        ),
        member(priya(), true, false),
        member(sam(), true, false),
    ]
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(app: &mut StaffApp, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| app.update(key(KeyCode::Char(c))))
        .collect()
}

fn signed_in(who: Staff) -> StaffApp {
    let mut app = StaffApp::new(
        Content::load().unwrap(),
        event(),
        vec![who.clone()],
        None,
        now(),
    );
    app.update(Msg::SignedIn(who));
    app.update(Msg::Candidates(Vec::new()));
    app
}

/// Priya on the staff screen, the list read, Sam highlighted.
fn on_team() -> StaffApp {
    let mut app = signed_in(priya());
    assert_eq!(app.update(key(KeyCode::Char('m'))), vec![Effect::LoadTeam]);
    assert_eq!(app.screen_name(), "staff");
    app.update(Msg::Team(members()));
    app.update(key(KeyCode::End));
    assert_eq!(app.team().unwrap().selected().unwrap().staff, sam());
    app
}

fn draw(app: &StaffApp, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal
}

fn edits(effects: Vec<Effect>) -> Vec<StaffEdit> {
    effects
        .into_iter()
        .map(|effect| match effect {
            Effect::EditStaff { edit, by, at } => {
                assert_eq!((by, at), (priya(), now()), "the coordinator is the actor");
                edit
            }
            other => panic!("not a staff change: {other:?}"),
        })
        .collect()
}

#[test]
fn a_recruiter_is_told_plainly_and_nothing_is_read() {
    let mut app = signed_in(sam());
    assert_eq!(app.update(key(KeyCode::Char('m'))), Vec::new());
    assert_eq!(app.screen_name(), "queue");
    assert_eq!(
        app.notice(),
        Some(("Only coordinators can manage staff.", true))
    );
}

#[test]
fn a_coordinator_disables_someone_after_confirming_and_esc_goes_back() {
    let mut app = on_team();
    assert_eq!(app.update(key(KeyCode::Char('d'))), Vec::new());
    assert!(
        draw(&app, 80, 24)
            .backend()
            .to_string()
            .contains("Disable Sam Lead?")
    );
    let effects = app.update(key(KeyCode::Char('y')));
    assert_eq!(
        edits(effects),
        [StaffEdit::SetActive {
            name: "Sam Lead".into(),
            active: false
        }]
    );
    // Any other key than y keeps them.
    app.update(key(KeyCode::Char('d')));
    assert_eq!(app.update(key(KeyCode::Char('n'))), Vec::new());
    assert_eq!(
        app.team().unwrap().notice(),
        Some(("Nothing was changed: Sam Lead can still sign in.", false))
    );
    // Enabling the disabled one needs no confirmation.
    app.update(key(KeyCode::Home));
    assert_eq!(
        edits(app.update(key(KeyCode::Char('e')))),
        [StaffEdit::SetActive {
            name: "Alex Moore".into(),
            active: true
        }]
    );
    assert_eq!(app.update(key(KeyCode::Esc)), vec![Effect::Reload]);
    assert_eq!(app.screen_name(), "queue");
}

#[test]
fn a_pin_typed_differently_twice_is_caught_before_anything_is_sent() {
    let mut app = on_team();
    app.update(key(KeyCode::Char('a')));
    let mut effects = typed(&mut app, "Amara Okafor");
    effects.extend(app.update(key(KeyCode::Tab)));
    effects.extend(app.update(key(KeyCode::Right))); // coordinator
    effects.extend(app.update(key(KeyCode::Tab)));
    effects.extend(typed(&mut app, "4821"));
    effects.extend(app.update(key(KeyCode::Tab)));
    effects.extend(typed(&mut app, "4812"));
    effects.extend(app.update(key(KeyCode::Enter)));
    assert_eq!(effects, Vec::new());
    let form = app.team().unwrap().form().unwrap();
    assert_eq!(
        form.error(),
        Some("The two PINs are different: type the same PIN in both boxes.")
    );
    let screen = draw(&app, 80, 24).backend().to_string();
    assert!(!screen.contains("4821") && !screen.contains("4812"));

    // Typed again the same: the whole person is asked for.
    typed(&mut app, "4821");
    app.update(key(KeyCode::Tab));
    typed(&mut app, "4821");
    let effects = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(
        edits(effects),
        [StaffEdit::Add {
            name: "Amara Okafor".into(),
            role: StaffRole::Coordinator,
            pin: Pin::new("4821"),
        }]
    );

    // The service refuses the name: what is typed next goes to the name, not a PIN box.
    app.update(Msg::Failed(
        "someone on this laptop is already called \"Amara Okafor\"".into(),
    ));
    typed(&mut app, " B");
    for box_ in [KeyCode::Tab, KeyCode::Tab] {
        app.update(key(box_));
    }
    typed(&mut app, "4821");
    app.update(key(KeyCode::Tab));
    typed(&mut app, "4821");
    assert_eq!(
        edits(app.update(key(KeyCode::Enter))),
        [StaffEdit::Add {
            name: "Amara Okafor B".into(),
            role: StaffRole::Coordinator,
            pin: Pin::new("4821"),
        }]
    );
}

#[test]
fn a_short_pin_and_a_blank_name_are_named_and_a_refusal_keeps_the_form() {
    let mut app = on_team();
    app.update(key(KeyCode::Char('r')));
    for _ in 0.."Sam Lead".len() {
        app.update(key(KeyCode::Backspace));
    }
    assert_eq!(app.update(key(KeyCode::Enter)), Vec::new());
    assert_eq!(
        app.team().unwrap().form().unwrap().error(),
        Some("Name: type the person's name (no control characters).")
    );
    typed(&mut app, "Priya Shah");
    assert_eq!(
        edits(app.update(key(KeyCode::Enter))),
        [StaffEdit::Rename {
            name: "Sam Lead".into(),
            to: "Priya Shah".into()
        }]
    );
    // The service's refusal shows in the form, which stays open to fix the name.
    app.update(Msg::Failed(
        "someone on this laptop is already called \"Priya Shah\"".into(),
    ));
    let form = app.team().unwrap().form().unwrap();
    assert_eq!(
        form.kind(),
        &FormKind::Rename {
            name: "Sam Lead".into()
        }
    );
    assert!(form.error().unwrap().contains("already called"));
    app.update(key(KeyCode::Esc));
    assert_eq!(
        app.team().unwrap().notice(),
        Some(("Nothing was changed.", false))
    );

    app.update(key(KeyCode::Char('p')));
    typed(&mut app, "12");
    app.update(key(KeyCode::Tab));
    typed(&mut app, "12");
    assert_eq!(app.update(key(KeyCode::Enter)), Vec::new());
    assert_eq!(
        app.team().unwrap().form().unwrap().error(),
        Some("PIN (4 to 8 digits): A PIN must be 4 to 8 digits.")
    );
}

#[test]
fn unlock_asks_for_the_coordinators_own_pin() {
    let mut app = on_team();
    app.update(key(KeyCode::Up));
    app.update(key(KeyCode::Up));
    app.update(key(KeyCode::Char('u')));
    typed(&mut app, "5678");
    assert_eq!(
        edits(app.update(key(KeyCode::Enter))),
        [StaffEdit::Unlock {
            target: person(
                "s4",
                "Jo Ní Bhriain-Featherstonehaugh",
                StaffRole::Recruiter
            ),
            pin: Pin::new("5678"),
        }]
    );
    app.update(Msg::StaffChanged("Unlocked Jo's PIN.".into()));
    assert!(app.team().unwrap().form().is_none());
    assert_eq!(
        app.team().unwrap().notice(),
        Some(("Unlocked Jo's PIN.", false))
    );
}

#[test]
fn snapshot_staff_list() {
    let mut app = on_team();
    app.update(Msg::StaffChanged(
        "Alex Moore can no longer sign in.".into(),
    ));
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

/// Issue 14: at 80 columns a coordinator saw neither `w walk-in` nor `q sign out` on the queue;
/// hints that do not fit go to a second line, so every key is on screen.
#[test]
fn every_queue_key_shows_to_a_coordinator_at_80x24() {
    let app = signed_in(priya());
    let screen = draw(&app, 80, 24).backend().to_string();
    // The first and the last, and the two that were lost at 80 columns.
    for hint in ["s interview", "w walk-in", "q sign out", "Ctrl-C quit"] {
        assert!(screen.contains(hint), "{hint}: {screen}");
    }
    insta::assert_snapshot!(screen);
}

/// Issue 14: the question before disabling someone (over 100 characters) was cut at 80
/// columns, so "y disables, any other key keeps them" was never seen.
#[test]
fn the_disable_question_wraps_whole_at_80x24() {
    let mut app = on_team();
    app.update(key(KeyCode::Char('d')));
    let screen = draw(&app, 80, 24).backend().to_string();
    assert!(
        flowing(&screen).contains(
            "Disable Sam Lead? They will not be able to sign in; their records stay. y disables, any other key keeps them."
        ),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

/// Issue 14: on the add form's role choice the hints (99 characters) lost `Esc cancel` and the
/// way to save at 80 columns.
#[test]
fn every_form_key_shows_at_80x24() {
    let mut app = on_team();
    app.update(key(KeyCode::Char('a')));
    app.update(key(KeyCode::Tab));
    let screen = draw(&app, 80, 24).backend().to_string();
    for hint in [
        "Tab/↓ next",
        "Shift-Tab/↑ back",
        "←/→ or Space change",
        "Enter on the last box or Ctrl-S save",
        "Esc cancel",
    ] {
        assert!(screen.contains(hint), "{hint}: {screen}");
    }
}

#[test]
fn snapshot_add_form() {
    let mut app = on_team();
    app.update(key(KeyCode::Char('a')));
    typed(&mut app, "Amara Okafor");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    typed(&mut app, "4821");
    app.update(key(KeyCode::Tab));
    typed(&mut app, "48");
    app.update(key(KeyCode::Enter));
    // The PINs were cleared by the mismatch; two digits typed again show as two dots.
    typed(&mut app, "48");
    crate::tui::assert_screen_sizes!(|w, h| draw(&app, w, h).backend().to_string());
}

#[test]
fn a_long_list_scrolls_to_keep_the_highlighted_person_on_screen() {
    let mut app = on_team();
    let many: Vec<Member> = (0..60)
        .map(|n| Member {
            staff: person(
                &format!("r{n:02}"),
                &format!("Recruiter {n:02}"),
                StaffRole::Recruiter,
            ),
            active: true,
            locked: false,
        })
        .collect();
    app.update(Msg::Team(many));
    app.update(key(KeyCode::End));
    let screen = draw(&app, 80, 24).backend().to_string();
    assert!(screen.contains("▶ Recruiter 59"), "{screen}");
    assert!(!screen.contains("Recruiter 00"));
    app.update(key(KeyCode::PageUp));
    assert_eq!(
        app.team().unwrap().selected().unwrap().staff.name,
        "Recruiter 39"
    );
}

#[test]
fn a_coordinator_disables_a_recruiter_whose_pin_then_no_longer_signs_in() {
    let (dir, mut store, event) = crate::store::test_store();
    let setup = Actor::new("cli", crate::store::test_time());
    let add = |store: &mut Store, name: &str, role, pin: &str| {
        crate::service::staff::add(store, name, role, pin, &setup).unwrap()
    };
    let priya = add(&mut store, "Priya Shah", StaffRole::Coordinator, "5678");
    let sam = add(&mut store, "Sam Lead", StaffRole::Recruiter, "4821");
    let mut app = StaffApp::new(
        Content::load().unwrap(),
        event.clone(),
        vec![priya.clone(), sam.clone()],
        None,
        now(),
    );
    let mut shell = Shell::new(store, Some(event), Content::load().unwrap());
    run(&mut app, &mut shell, Msg::SignedIn(priya.clone()));
    run(&mut app, &mut shell, key(KeyCode::Char('m')));
    let team = app.team().unwrap();
    assert_eq!(team.members().len(), 2);
    run(&mut app, &mut shell, key(KeyCode::Down));
    assert_eq!(app.team().unwrap().selected().unwrap().staff, sam);
    run(&mut app, &mut shell, key(KeyCode::Char('d')));
    run(&mut app, &mut shell, key(KeyCode::Char('y')));
    assert_eq!(
        app.team().unwrap().notice(),
        Some(("Sam Lead can no longer sign in.", false))
    );
    assert!(
        !app.team().unwrap().members()[1].active,
        "the list is read again"
    );
    assert_eq!(
        app.sign_in_state().staff(),
        std::slice::from_ref(&priya),
        "the sign-in list drops Sam at once"
    );

    // Disabling the last coordinator is refused in the service's words.
    run(&mut app, &mut shell, key(KeyCode::Up));
    run(&mut app, &mut shell, key(KeyCode::Char('d')));
    run(&mut app, &mut shell, key(KeyCode::Char('y')));
    let (refusal, error) = app.team().unwrap().notice().unwrap();
    assert!(error);
    assert!(
        refusal.starts_with("Priya Shah is the only active coordinator"),
        "{refusal}"
    );

    // Sam's PIN no longer signs in, in this process or another.
    let mut other = Store::open(&dir.path().join("test.db")).unwrap();
    let door = Door::SignIn { staff_id: &sam.id };
    assert_eq!(
        pin::check(&mut other, door, "4821", now()).unwrap(),
        Err(PinRefusal::NotActive)
    );
    let audited: Vec<(String, String)> = other
        .connection()
        .prepare("SELECT actor, action FROM audit_log WHERE entity_id = ?1 AND action LIKE 'staff.%able' ORDER BY seq")
        .unwrap()
        .query_map([&sam.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        audited,
        [(format!("staff:{}", priya.id), "staff.disable".to_string())]
    );
}

#[test]
fn the_list_and_the_forms_draw_at_any_size_without_showing_a_pin() {
    let mut screens = vec![on_team()];
    // The form's key, and the Tabs from its first box to its PIN box.
    for (form, tabs) in [('a', 2), ('r', 0), ('p', 0), ('u', 0)] {
        let mut app = on_team();
        app.update(key(KeyCode::Char(form)));
        for _ in 0..tabs {
            app.update(key(KeyCode::Tab));
        }
        if form != 'r' {
            typed(&mut app, "9753");
        }
        screens.push(app);
    }
    for app in &screens {
        for (w, h) in [(1, 1), (20, 5), (79, 23), (80, 24), (200, 60), (80, 200)] {
            let text = draw(app, w, h).backend().to_string();
            assert!(!text.contains("9753"), "a PIN drawn at {w}x{h}");
        }
    }
}
