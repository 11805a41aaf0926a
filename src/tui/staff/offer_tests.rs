//! Tests of the offer screens: the form driven key by key and as a snapshot, the QR screen and
//! the link its code reads back as, and the documents seen recorded with the offer.

use super::*;
use crate::domain::offer::OfferStatus;
use crate::domain::{CareExperience, ContractType, Source, WorkPattern};
use crate::tui::staff::tests::{now, row};
use chrono::TimeZone;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn content() -> Content {
    Content::load().unwrap()
}

fn form() -> OfferForm {
    form_with(&content())
}

fn form_with(content: &Content) -> OfferForm {
    let mut row = row(4, "Amara", "Okafor");
    row.roles = vec!["maternity_support".into(), "hcsw".into()];
    let detail = CandidateDetail {
        row,
        postcode: None,
        contract_types: vec![ContractType::FullTime],
        work_patterns: vec![WorkPattern::Days],
        care_experience: Some(CareExperience::None),
        adjustments: String::new(),
        source: Source::Kiosk,
        duplicate_of_ticket: None,
    };
    OfferForm::new(
        Box::new(detail),
        Some("screening-1".into()),
        content,
        14,
        NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(),
    )
}

fn press(form: &mut OfferForm, code: KeyCode) -> OfferFormAction {
    form.key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn save(form: &mut OfferForm) -> OfferFormAction {
    form.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL))
}

fn draw(render: impl FnOnce(&mut Frame), width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(render).unwrap();
    terminal.backend().to_string()
}

#[test]
fn the_form_starts_from_the_candidates_first_role_and_the_events_offer_period() {
    let mut form = form();
    assert_eq!(
        save(&mut form),
        OfferFormAction::None,
        "the site is required"
    );
    let shown = draw(|f| render_form(f, &form), 100, 40);
    assert!(
        shown.contains("Site or ward: write where the job is"),
        "{shown}"
    );
    for c in "LGI, Maternity".chars() {
        press(&mut form, KeyCode::Char(c));
    }
    let OfferFormAction::Save(offer) = save(&mut form) else {
        panic!("expected Save");
    };
    assert_eq!(offer.role_code, "maternity_support");
    assert_eq!(offer.site, "LGI, Maternity");
    assert_eq!(
        offer.expires_on,
        NaiveDate::from_ymd_opt(2026, 4, 12).unwrap()
    );
    assert_eq!(offer.screening_id.as_deref(), Some("screening-1"));
    assert!(offer.conditions.contains(&Check::CriminalRecord));
    assert!(!offer.conditions.contains(&Check::Registration));
}

#[test]
fn a_past_or_malformed_expiry_is_refused() {
    let mut form = form();
    for c in "Ward 1".chars() {
        press(&mut form, KeyCode::Char(c));
    }
    form.focus = Field::Expires;
    form.expires = Input::new("2026-03-01".into());
    assert_eq!(save(&mut form), OfferFormAction::None);
    assert!(form.errors[0].contains("in the past"), "{:?}", form.errors);
    form.expires = Input::new("12/04/2026".into());
    save(&mut form);
    assert!(form.errors[0].contains("YYYY-MM-DD"), "{:?}", form.errors);
}

fn shown() -> OfferShown {
    OfferShown::new(
        OfferRecord {
            id: "offer-1".into(),
            candidate_id: "id-000004".into(),
            ticket: "A-004".into(),
            candidate_name: "Amara Okafor".into(),
            kind: OfferKind::Offer,
            role_code: "hcsw".into(),
            site: "St James's, Ward 12".into(),
            contract: Contract::Permanent,
            hours: "37.5 hours a week".into(),
            conditions: vec![Check::Identity],
            expires_on: NaiveDate::from_ymd_opt(2026, 4, 12).unwrap(),
            reference: "A-004-7K3Q".into(),
            onboarding_url: "https://jobs.example.nhs.uk/start/7k3QxV9aaB2cD4eF6gH8iJ".into(),
            status: OfferStatus::Made,
            status_reason: None,
            staff_name: "Sam Lead".into(),
            created_at: Utc.with_ymd_and_hms(2026, 3, 29, 10, 0, 0).unwrap(),
            documents_seen: Vec::new(),
        },
        None,
    )
}

#[test]
fn the_qr_screen_and_its_candidate_view() {
    let content = content();
    let mut shown = shown();
    let tz = chrono_tz::Europe::London;
    insta::assert_snapshot!(
        "offer_qr",
        draw(|f| render_shown(f, &shown, &content, tz, now()), 100, 50)
    );
    shown.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    let candidate_view = draw(|f| render_shown(f, &shown, &content, tz, now()), 100, 50);
    assert!(!candidate_view.contains("Amara"), "{candidate_view}");
    assert!(candidate_view.contains("A-004-7K3Q"));
    assert!(candidate_view.contains("Scan this code with your phone's camera"));
    assert!(!candidate_view.contains("withdraw"), "{candidate_view}");
    let small = draw(|f| render_shown(f, &shown, &content, tz, now()), 60, 16);
    assert!(small.contains("too small to show a QR code"), "{small}");
    // Back to the staff view; with no printer set, p says how to set one.
    shown.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    assert_eq!(
        shown.key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::NONE)),
        OfferShownAction::None
    );
    let said = draw(|f| render_shown(f, &shown, &content, tz, now()), 100, 50);
    assert!(said.contains("Error: No printer is set"), "{said}");
    // With a printer: the first p prints; a reprint has to be asked for twice.
    let p = || KeyEvent::new(KeyCode::Char('p'), KeyModifiers::NONE);
    shown.printer = Some("file:slip.pdf".into());
    let print = OfferShownAction::Print {
        offer_id: "offer-1".into(),
    };
    assert_eq!(shown.key(p()), print);
    shown.printed("written to slip.pdf".into());
    assert_eq!(shown.key(p()), OfferShownAction::None);
    assert_eq!(shown.key(p()), print);
    // Declining needs a reason.
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    shown.key(key('d'));
    assert_eq!(shown.key(enter), OfferShownAction::None);
    for c in "Took another job".chars() {
        shown.key(key(c));
    }
    assert_eq!(
        shown.key(enter),
        OfferShownAction::Close {
            offer_id: "offer-1".into(),
            status: OfferStatus::Declined,
            reason: "Took another job".into(),
        }
    );
}

#[test]
fn the_code_on_screen_reads_back_as_the_link() {
    let content = content();
    let shown = shown();
    let mut terminal = Terminal::new(TestBackend::new(100, 50)).unwrap();
    terminal
        .draw(|f| render_shown(f, &shown, &content, chrono_tz::Europe::London, now()))
        .unwrap();
    let expected = QrMatrix::encode(&shown.offer().onboarding_url).unwrap();
    let area = code_area(ratatui::layout::Rect::new(0, 0, 100, 50), false);
    let drawn = crate::qr::placement(&expected, area).expect("room for the code");
    let modules = crate::qr::matrix_from_buffer(terminal.backend().buffer(), drawn)
        .expect("a code on screen, dark on light");
    let quiet = crate::qr::QUIET_ZONE;
    for (y, line) in modules
        .iter()
        .enumerate()
        .skip(quiet)
        .take(expected.width())
    {
        for (x, dark) in line.iter().enumerate().skip(quiet).take(expected.width()) {
            assert_eq!(
                *dark,
                expected.is_dark(x - quiet, y - quiet),
                "module {x},{y}"
            );
        }
    }
}

/// Draws the QR screen and reads back, as a phone's camera would, every code on it.
fn codes_on_screen(shown: &OfferShown, width: u16, height: u16) -> (Vec<String>, String) {
    let content = content();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| render_shown(f, shown, &content, chrono_tz::Europe::London, now()))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let area = crate::qr::drawn_area(buffer).expect("a code on screen");
    let modules = crate::qr::matrix_from_buffer(buffer, area).expect("dark on light");
    (
        crate::qr::decode_modules(&modules),
        crate::qr::screen_picture(buffer),
    )
}

#[test]
fn at_80_by_24_both_views_draw_a_code_that_decodes_to_the_stored_link() {
    let mut shown = shown();
    let link = shown.offer().onboarding_url.clone();
    let (codes, staff) = codes_on_screen(&shown, 80, 24);
    assert_eq!(codes, vec![link.clone()]);
    assert!(
        staff.contains("Amara Okafor") && staff.contains("w withdraw"),
        "{staff}"
    );
    insta::assert_snapshot!("offer_qr_80x24", staff);

    shown.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    let (codes, candidate) = codes_on_screen(&shown, 80, 24);
    assert_eq!(codes, vec![link]);
    // Wrapped beside the code, whole.
    assert!(
        candidate.contains("Scan this code with your phone's"),
        "{candidate}"
    );
    assert!(
        candidate.contains("camera to start your onboarding."),
        "{candidate}"
    );
    for staff_only in ["Amara", "withdraw", "print", "Esc", "Sam Lead"] {
        assert!(!candidate.contains(staff_only), "{staff_only}: {candidate}");
    }
    insta::assert_snapshot!("offer_qr_candidate_80x24", candidate);
}

#[test]
fn at_120_by_40_both_views_draw_a_code_that_decodes_to_the_stored_link() {
    let mut shown = shown();
    let link = shown.offer().onboarding_url.clone();
    let (codes, staff) = codes_on_screen(&shown, 120, 40);
    assert_eq!(codes, vec![link.clone()]);
    insta::assert_snapshot!("offer_qr_120x40", staff);
    shown.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    let (codes, candidate) = codes_on_screen(&shown, 120, 40);
    assert_eq!(codes, vec![link]);
    insta::assert_snapshot!("offer_qr_candidate_120x40", candidate);
}

#[test]
fn a_long_link_still_decodes_at_80_by_24_with_a_narrower_quiet_zone() {
    let mut shown = shown();
    // A long onboarding base URL: a version 6 code, too tall with the standard quiet zone.
    let link = format!(
        "https://onboarding.example-hospitals-trust-name.nhs.uk/recruitment-fair/start/{}",
        "7k3QxV9aaB2cD4eF6gH8iJ"
    );
    shown.offer.onboarding_url = link.clone();
    shown.code = QrMatrix::encode(&link).map_err(|e| e.to_string());
    let (_, rows) = shown.code.as_ref().unwrap().terminal_size();
    assert!(rows > 23, "{rows}");
    for _view in 0..2 {
        assert_eq!(codes_on_screen(&shown, 80, 24).0, vec![link.clone()]);
        shown.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    }
}

#[test]
fn the_withdraw_prompt_shows_beside_the_code_at_80_by_24() {
    let mut shown = shown();
    shown.key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE));
    let content = content();
    let screen = draw(
        |f| render_shown(f, &shown, &content, chrono_tz::Europe::London, now()),
        80,
        24,
    );
    assert!(
        screen.contains("Why is the offer withdrawn? (Enter saves, Esc cancels)"),
        "{screen}"
    );
}

#[test]
fn the_form_snapshot() {
    let form = form();
    crate::tui::assert_screen_sizes!("offer_form", |w, h| draw(|f| render_form(f, &form), w, h));
    // Issue 14: at 80×24 the list of conditions lost its last two; every one is there, whole.
    let small = crate::tui::staff::tests::flowing(&draw(|f| render_form(f, &form), 80, 24));
    for condition in [
        "Proof of who you are",
        "Right to work in the UK",
        "Work history and references",
        "Criminal record check (DBS)",
        "Work health assessment (after the offer, never before)",
    ] {
        assert!(small.contains(condition), "{condition}: {small}");
    }
}

#[test]
fn documents_seen_today_are_recorded_with_a_checked_share_code() {
    let mut form = form();
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    for c in "Ward 3".chars() {
        form.key(key(KeyCode::Char(c)));
    }
    form.focus = Field::Identity;
    form.key(key(KeyCode::Right)); // passport
    form.focus = Field::RightToWork;
    form.key(key(KeyCode::Right));
    form.key(key(KeyCode::Right)); // online check
    form.focus = Field::ShareCode;
    for c in "w2x 7kp".chars() {
        form.key(key(KeyCode::Char(c)));
    }
    let save =
        |form: &mut OfferForm| form.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert_eq!(save(&mut form), OfferFormAction::None);
    assert!(
        form.errors[0].starts_with("Share code:"),
        "{:?}",
        form.errors
    );
    for c in " 9hq".chars() {
        form.key(key(KeyCode::Char(c)));
    }
    let OfferFormAction::Save(offer) = save(&mut form) else {
        panic!("expected Save: {:?}", form.errors);
    };
    assert_eq!(
        offer.documents_seen,
        vec![
            DocumentSeen {
                check: Check::Identity,
                document: "Passport".into(),
                share_code: None
            },
            DocumentSeen {
                check: Check::RightToWork,
                document: "Home Office online check with share code (eVisa)".into(),
                share_code: Some("W2X7KP9HQ".into()),
            },
        ]
    );
}

#[test]
fn the_documents_offered_are_the_fair_packs() {
    let mut form = form_with(&crate::content::tests::full_pack());
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    form.focus = Field::Identity;
    form.key(key(KeyCode::Left)); // the last identity document
    form.focus = Field::RightToWork;
    form.key(key(KeyCode::Right));
    form.key(key(KeyCode::Right)); // the pack's online check
    let shown = draw(|f| render_form(f, &form), 100, 40);
    assert!(shown.contains("◀ Armed forces ID card ▶"), "{shown}");
    assert!(
        shown.contains("◀ eVisa seen online (share code) ▶"),
        "{shown}"
    );
    assert!(
        form.fields().contains(&Field::ShareCode),
        "the pack marks it share_code"
    );
}

/// Issue 14: Tab went from the role down to the site, then back up to the contract.
#[test]
fn tab_goes_down_the_screen_and_never_back_up() {
    let mut form = form();
    form.focus = Field::Kind;
    let mut order = vec![form.focus];
    for _ in 0..8 {
        press(&mut form, KeyCode::Tab);
        order.push(form.focus);
    }
    assert_eq!(
        order,
        [
            Field::Kind,
            Field::Role,
            Field::Contract,
            Field::Site,
            Field::Hours,
            Field::Expires,
            Field::Identity,
            Field::RightToWork,
            Field::Save,
        ]
    );
}

/// Issue 14: the conditions did not change as documents were marked seen; now a check whose
/// document is seen moves from the list still to do to "seen today".
#[test]
fn the_conditions_follow_the_documents_marked_seen() {
    let content = content();
    let mut form = form_with(&content);
    let identity = Check::Identity.title();
    let screen = draw(|f| render_form(f, &form), 100, 40);
    assert!(screen.contains(&format!("• {identity}")), "{screen}");
    form.focus = Field::Identity;
    press(&mut form, KeyCode::Right);
    let document = &content.documents.identity[1].label;
    let screen = draw(|f| render_form(f, &form), 100, 40);
    assert!(!screen.contains(&format!("• {identity}")), "{screen}");
    assert!(
        screen.contains(&format!("✓ {identity}: {document} seen today")),
        "{screen}"
    );
}
