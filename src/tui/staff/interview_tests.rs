//! The interview driven key by key with no terminal, its screens as snapshots, and the shell
//! against a real store file.

use std::sync::Arc;

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::content::Content;
use crate::domain::screening::ScreeningStatus;
use crate::domain::{CareExperience, ContractType, Source, WorkPattern};
use crate::screening::ScriptLibrary;
use crate::tui::staff::tests::{now, row};

fn content() -> Content {
    Content::load().unwrap()
}

fn library() -> Arc<ScriptLibrary> {
    Arc::new(ScriptLibrary::built_in(&content().roles))
}

fn candidate(roles: &[&str]) -> Box<CandidateDetail> {
    let mut row = row(7, "Zoë", "O'Brien");
    row.roles = roles.iter().map(|r| r.to_string()).collect();
    row.has_adjustments = true;
    Box::new(CandidateDetail {
        row,
        postcode: Some("LS1 4DY".into()),
        contract_types: vec![ContractType::PartTime],
        work_patterns: vec![WorkPattern::Days, WorkPattern::Weekends],
        care_experience: Some(CareExperience::Unpaid),
        adjustments: "A quiet room, please".into(),
        source: Source::Kiosk,
        duplicate_of_ticket: None,
    })
}

fn interview(blind: bool) -> Interview {
    let signposts = content().signposts.len();
    Interview::prepare(candidate(&["hcsw"]), library(), signposts, blind, now())
}

fn press(interview: &mut Interview, code: KeyCode) -> InterviewAction {
    interview.key(KeyEvent::new(code, KeyModifiers::NONE), now())
}

fn ctrl(interview: &mut Interview, c: char) -> InterviewAction {
    interview.key(
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
        now(),
    )
}

fn typed(interview: &mut Interview, text: &str) {
    for c in text.chars() {
        press(interview, KeyCode::Char(c));
    }
}

fn screening(interview: &Interview) -> Screening {
    let loaded = interview.loaded();
    Screening {
        id: "screening-1".into(),
        candidate_id: interview.candidate().row.id.clone(),
        staff_id: "s1".into(),
        script: ScriptRef {
            id: loaded.script.id.clone(),
            version: loaded.script.version,
            hash: loaded.hash.clone(),
        },
        blind: false,
        status: ScreeningStatus::InProgress,
        started_at: now(),
        answers: Vec::new(),
    }
}

fn screen(interview: &Interview, width: u16, height: u16) -> String {
    let content = content();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            render(
                frame,
                interview,
                &InterviewView {
                    content: &content,
                    staff_name: "Sam Lead",
                    now: now() + Duration::seconds(75),
                },
            )
        })
        .unwrap();
    terminal.backend().to_string()
}

/// Starts the interview and answers every eligibility question with its first answer ("yes").
fn started_and_eligible(interview: &mut Interview) {
    let action = press(interview, KeyCode::Enter);
    assert!(
        matches!(action, InterviewAction::Start { .. }),
        "{action:?}"
    );
    let record = screening(interview);
    interview.started(&record, now());
    while let Stage::Eligibility(_) = interview.stage() {
        press(interview, KeyCode::Char('1'));
        press(interview, KeyCode::Enter);
    }
}

#[test]
fn the_script_defaults_to_the_candidates_role() {
    let signposts = content().signposts.len();
    let porter = Interview::prepare(candidate(&["porter"]), library(), signposts, false, now());
    assert_eq!(porter.loaded().script.id, "support-services-values");
    let hcsw = Interview::prepare(
        candidate(&["domestic_x", "hcsw"]),
        library(),
        signposts,
        false,
        now(),
    );
    assert_eq!(hcsw.loaded().script.id, "hcsw-values");
}

#[test]
fn starting_names_the_exact_script_and_each_answer_is_saved_as_given() {
    let mut interview = interview(false);
    let InterviewAction::Start { script, blind, .. } = press(&mut interview, KeyCode::Enter) else {
        panic!("expected Start");
    };
    assert_eq!(script.id, "hcsw-values");
    assert_eq!(script.hash.len(), 64);
    assert!(!blind);
    interview.started(&screening(&interview), now());
    assert_eq!(interview.stage(), Stage::Eligibility(0));
    let action = press(&mut interview, KeyCode::Char('1'));
    let InterviewAction::Save { answer, .. } = action else {
        panic!("an eligibility answer is saved at once: {action:?}");
    };
    assert_eq!(
        (answer.question_id.as_str(), answer.answer.as_deref()),
        ("right_to_work", Some("yes"))
    );
    press(&mut interview, KeyCode::Enter);
    press(&mut interview, KeyCode::Char('1'));
    press(&mut interview, KeyCode::Enter);
    assert_eq!(interview.stage(), Stage::Question(0));
    // A score is saved at once; so are the notes when the recruiter leaves the notes box.
    let InterviewAction::Save { answer, .. } = press(&mut interview, KeyCode::Char('3')) else {
        panic!("a score is saved at once");
    };
    assert_eq!(answer.score, Some(3));
    press(&mut interview, KeyCode::Tab);
    typed(&mut interview, "Cares for her gran");
    let InterviewAction::Save { answer, .. } = press(&mut interview, KeyCode::Tab) else {
        panic!("notes are saved when the box is left");
    };
    assert_eq!(
        (answer.score, answer.notes.as_str()),
        (Some(3), "Cares for her gran")
    );
}

#[test]
fn enter_without_a_score_says_how_to_score() {
    let mut interview = interview(false);
    started_and_eligible(&mut interview);
    press(&mut interview, KeyCode::Enter);
    assert_eq!(interview.stage(), Stage::Question(0));
    assert!(screen(&interview, 100, 30).contains("Score the answer with a number key"));
}

#[test]
fn the_recommended_decision_saves_without_a_reason() {
    let mut interview = interview(false);
    started_and_eligible(&mut interview);
    for _ in 0..6 {
        press(&mut interview, KeyCode::Char('3'));
        press(&mut interview, KeyCode::Enter);
    }
    assert_eq!(interview.stage(), Stage::Review);
    let shown = screen(&interview, 100, 30);
    assert!(shown.contains("Total 18 of 24"), "{shown}");
    assert!(shown.contains("OFFER"), "{shown}");
    let InterviewAction::Finish { decision, .. } = ctrl(&mut interview, 's') else {
        panic!("expected Finish");
    };
    assert_eq!(decision.decision, Recommendation::Offer);
    assert_eq!(decision.recommendation, Recommendation::Offer);
    assert_eq!(decision.override_reason, None);
    assert_eq!((decision.total, decision.max_total), (18, 24));
}

#[test]
fn a_different_decision_needs_a_reason_and_not_progressing_needs_feedback() {
    let mut interview = interview(false);
    started_and_eligible(&mut interview);
    for _ in 0..6 {
        press(&mut interview, KeyCode::Char('3'));
        press(&mut interview, KeyCode::Enter);
    }
    press(&mut interview, KeyCode::Char('3'));
    assert_eq!(ctrl(&mut interview, 's'), InterviewAction::None);
    let shown = screen(&interview, 100, 30);
    assert!(shown.contains("differs from the recommendation"), "{shown}");
    assert!(shown.contains("write the feedback you gave"), "{shown}");
    // Issue 14: the cursor is in the reason box now, where 1/2/3 type: the hints say so.
    assert!(
        shown.contains("Type here") && !shown.contains("1/2/3 decide"),
        "{shown}"
    );
    typed(&mut interview, "Examples were all about school");
    press(&mut interview, KeyCode::Tab);
    typed(&mut interview, "Think of times you helped at home");
    press(&mut interview, KeyCode::Tab);
    press(&mut interview, KeyCode::Down);
    press(&mut interview, KeyCode::Char(' '));
    let InterviewAction::Finish { decision, .. } = ctrl(&mut interview, 's') else {
        panic!("expected Finish");
    };
    assert_eq!(decision.decision, Recommendation::NotProgressing);
    assert_eq!(
        decision.override_reason.as_deref(),
        Some("Examples were all about school")
    );
    assert_eq!(decision.feedback, "Think of times you helped at home");
    let content = content();
    assert_eq!(
        interview.chosen_signposts(&content),
        vec![content.signposts[1].id.clone()]
    );
}

#[test]
fn an_interview_resumes_at_the_first_unanswered_question() {
    let fresh = interview(false);
    let mut record = screening(&fresh);
    record.answers = vec![
        Answer {
            question_id: "right_to_work".into(),
            kind: AnswerKind::Eligibility,
            answer: Some("yes".into()),
            score: None,
            notes: String::new(),
        },
        Answer {
            question_id: "age_18_or_over".into(),
            kind: AnswerKind::Eligibility,
            answer: Some("yes".into()),
            score: None,
            notes: String::new(),
        },
        Answer {
            question_id: "working_together".into(),
            kind: AnswerKind::Values,
            answer: None,
            score: Some(4),
            notes: "Ran a food bank shift".into(),
        },
    ];
    let signposts = content().signposts.len();
    let resumed =
        Interview::resume(candidate(&["hcsw"]), library(), signposts, &record, now()).unwrap();
    assert_eq!(resumed.stage(), Stage::Question(1));
    assert_eq!(resumed.scores[0], Some(4));
    assert_eq!(resumed.notes[0].value(), "Ran a food bank shift");

    record.script.hash = "0".repeat(64);
    let refused = Interview::resume(candidate(&["hcsw"]), library(), signposts, &record, now());
    assert!(refused.unwrap_err().contains("not loaded as it was"));
}

#[test]
fn blind_interviews_show_only_first_name_ticket_and_adjustments() {
    let interview = interview(true);
    let shown = screen(&interview, 100, 30);
    assert!(shown.contains("Zoë · A-007"), "{shown}");
    assert!(shown.contains("A quiet room, please"), "{shown}");
    assert!(!shown.contains("O'Brien"), "{shown}");
    assert!(!shown.contains("Healthcare support worker"), "{shown}");
    assert!(!shown.contains("Part-time"), "{shown}");
}

#[test]
fn giving_a_candidate_back_asks_first() {
    let mut interview = interview(false);
    started_and_eligible(&mut interview);
    assert_eq!(ctrl(&mut interview, 'x'), InterviewAction::None);
    assert!(screen(&interview, 100, 30).contains("Give this candidate back"));
    assert_eq!(
        press(&mut interview, KeyCode::Char('n')),
        InterviewAction::None
    );
    ctrl(&mut interview, 'x');
    assert_eq!(
        press(&mut interview, KeyCode::Char('y')),
        InterviewAction::Abandon {
            screening_id: "screening-1".into()
        }
    );
}

#[test]
fn no_interview_screen_panics_at_any_size() {
    let mut interview = interview(false);
    for (w, h) in [(1, 1), (20, 5), (80, 24), (200, 60)] {
        screen(&interview, w, h);
    }
    started_and_eligible(&mut interview);
    for _ in 0..6 {
        for (w, h) in [(1, 1), (20, 5), (80, 24)] {
            screen(&interview, w, h);
        }
        press(&mut interview, KeyCode::Char('2'));
        press(&mut interview, KeyCode::Enter);
    }
    press(&mut interview, KeyCode::Char('3'));
    for (w, h) in [(1, 1), (20, 5), (80, 24), (200, 60)] {
        screen(&interview, w, h);
    }
}

#[test]
fn interview_screens() {
    let mut interview = interview(false);
    crate::tui::assert_screen_sizes!("interview_prepare", |w, h| screen(&interview, w, h));
    press(&mut interview, KeyCode::Enter);
    interview.started(&screening(&interview), now());
    press(&mut interview, KeyCode::Char('2'));
    crate::tui::assert_screen_sizes!("interview_eligibility", |w, h| screen(&interview, w, h));
    press(&mut interview, KeyCode::Enter);
    press(&mut interview, KeyCode::Char('1'));
    press(&mut interview, KeyCode::Enter);
    press(&mut interview, KeyCode::Char('3'));
    press(&mut interview, KeyCode::Tab);
    typed(
        &mut interview,
        "Organised a rota for her gran's care with her brothers",
    );
    crate::tui::assert_screen_sizes!("interview_question", |w, h| screen(&interview, w, h));
    press(&mut interview, KeyCode::Tab);
    press(&mut interview, KeyCode::Enter);
    for score in ['2', '3', '1', '3', '4'] {
        press(&mut interview, KeyCode::Char(score));
        press(&mut interview, KeyCode::Enter);
    }
    crate::tui::assert_screen_sizes!("interview_review", |w, h| screen(&interview, w, h));
    press(&mut interview, KeyCode::Char('1'));
    ctrl(&mut interview, 's');
    crate::tui::assert_screen_sizes!("interview_review_override", |w, h| screen(&interview, w, h));

    // Issue 14: at 80×24 the reason box pushed the end of the summary off the screen; it
    // scrolls instead, and the notes are shown whole (the review cut them at 40 characters).
    let check = "Check needed: We can make an offer today, conditional on a right to work check before you start.";
    let top = crate::tui::staff::tests::flowing(&screen(&interview, 80, 24));
    assert!(!top.contains(check), "{top}");
    assert!(
        top.contains("Notes: Organised a rota for her gran's care with her brothers"),
        "{top}"
    );
    press(&mut interview, KeyCode::PageDown);
    let scrolled = crate::tui::staff::tests::flowing(&screen(&interview, 80, 24));
    assert!(scrolled.contains(check), "{scrolled}");
    assert!(scrolled.contains("↑ more above (PgUp)"), "{scrolled}");
    // The decision stays in sight.
    assert!(
        scrolled.contains("Your decision: (•) 1 Offer"),
        "{scrolled}"
    );
}

/// Issue 14: the question after Ctrl-X (86 characters) was dropped whole at 80 columns, so any
/// key answered "no" to a question the recruiter never saw. It is shorter now, and wraps where
/// even that does not fit.
#[test]
fn the_give_back_question_shows_whole_at_80x24() {
    let mut interview = interview(false);
    press(&mut interview, KeyCode::Enter);
    interview.started(&screening(&interview), now());
    assert_eq!(ctrl(&mut interview, 'x'), InterviewAction::None);
    let question = "Give this candidate back to the queue, undecided? y = yes, any other key = no";
    let narrow = screen(&interview, 50, 24);
    assert!(
        crate::tui::staff::tests::flowing(&narrow).contains(question),
        "{narrow}"
    );
    let shown = screen(&interview, 80, 24);
    assert!(shown.contains(question), "{shown}");
    insta::assert_snapshot!("interview_give_back_80x24", shown);
}

/// An interview started, its eligibility checks passed, at the first values question.
fn at_the_first_question() -> Interview {
    let mut interview = interview(false);
    press(&mut interview, KeyCode::Enter);
    interview.started(&screening(&interview), now());
    for _ in 0..interview.loaded().script.eligibility.len() {
        press(&mut interview, KeyCode::Char('1'));
        press(&mut interview, KeyCode::Enter);
    }
    interview
}

/// Presses `key` at 80×24 until the screen no longer says `more` is below: every screen on the
/// way (as flowing text, so a sentence can be looked for whole) and the last one as drawn.
fn scroll_to_the_end(interview: &mut Interview, key: KeyCode, more: &str) -> (Vec<String>, String) {
    let mut shown = screen(interview, 80, 24);
    let mut screens = vec![crate::tui::staff::tests::flowing(&shown)];
    while shown.contains(more) {
        assert!(screens.len() < 60, "never reached the end: {shown}");
        press(interview, key);
        shown = screen(interview, 80, 24);
        screens.push(crate::tui::staff::tests::flowing(&shown));
    }
    (screens, shown)
}

/// Issue 14: at 80×24 the preparation screen cut the script's guidance mid-sentence with no way
/// to read the rest, and the title lost the recruiter's name. Now the guidance scrolls (the
/// hints say how, the last row says there is more) and the title wraps.
#[test]
fn the_preparation_screen_scrolls_to_all_of_the_guidance_at_80x24() {
    let mut interview = interview(false);
    let top = screen(&interview, 80, 24);
    assert!(top.contains("↑↓ PgUp/PgDn scroll"), "{top}");
    assert!(top.contains("↓ more below (PgDn)"), "{top}");
    assert!(
        crate::tui::staff::tests::flowing(&top).contains("with Sam Lead"),
        "{top}"
    );
    let (screens, end) = scroll_to_the_end(&mut interview, KeyCode::PageDown, "↓ more below");
    assert!(end.contains("↑ more above (PgUp)"), "{end}");
    insta::assert_snapshot!("interview_prepare_80x24_scrolled_to_the_end", end);
    for paragraph in &interview.loaded().script.guidance.text {
        assert!(
            screens
                .iter()
                .any(|screen| screen.contains(paragraph.as_str())),
            "never shown whole: {paragraph}"
        );
    }
    // Scrolling stays within the guidance, and Enter still starts the interview.
    press(&mut interview, KeyCode::PageUp);
    assert!(screen(&interview, 80, 24).contains("↓ more below"));
    assert!(matches!(
        press(&mut interview, KeyCode::Enter),
        InterviewAction::Start { .. }
    ));
}

/// Issue 14: notes were one line, and after leaving the box it showed the note's end. Now the
/// box wraps them over rows, following the cursor while typing and showing the start after.
#[test]
fn notes_wrap_over_rows_and_show_their_start_after_typing() {
    let mut interview = at_the_first_question();
    press(&mut interview, KeyCode::Tab);
    let note = "Organised a rota for her gran's care with her two brothers; kept a shared \
                notebook by the bed so everyone knew what had been done that day";
    typed(&mut interview, note);
    // The rows inside a box, as one text.
    let in_boxes = |shown: &str| {
        shown
            .lines()
            .map(|line| line.trim_matches('"'))
            .filter_map(|line| line.strip_prefix(['┃', '│'])?.strip_suffix(['┃', '│']))
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let typing = screen(&interview, 80, 24);
    assert_eq!(
        in_boxes(&typing),
        note,
        "the whole note while typing: {typing}"
    );
    press(&mut interview, KeyCode::Tab);
    let after = screen(&interview, 80, 24);
    assert!(
        in_boxes(&after).starts_with("Organised a rota for her gran's care"),
        "the start after typing: {after}"
    );
}

/// Issue 14: at 80×24 the question cut its last probe and the level-4 anchor mid-sentence. Now
/// it scrolls (the hints say how, the head says there is more) and every word can be read.
#[test]
fn a_question_too_long_for_80x24_scrolls_to_every_probe_anchor_and_indicator() {
    let mut interview = at_the_first_question();
    assert!(matches!(interview.stage(), Stage::Question(0)));
    let question = interview.loaded().script.questions[0].clone();
    let top = screen(&interview, 80, 24);
    assert!(top.contains("↑↓ PgUp/PgDn scroll"), "{top}");
    assert!(top.contains("↓ more"), "{top}");
    // One row at a time to the end: every sentence is whole on some screen.
    let (screens, end) = scroll_to_the_end(&mut interview, KeyCode::Down, "↓ more");
    assert!(end.contains("↑ more"), "{end}");
    insta::assert_snapshot!("interview_question_80x24_scrolled_to_the_end", end);
    let expected = question
        .probes
        .iter()
        .chain(&question.positive)
        .chain(&question.negative)
        .chain(question.anchors.iter().map(|a| &a.description));
    for text in expected {
        assert!(
            screens.iter().any(|screen| screen.contains(text.as_str())),
            "never shown whole: {text}"
        );
    }
    // Past the end stays at the end; a page (less than one here) goes back to the top and down
    // to the end again; ↑ returns to the top.
    let end = screen(&interview, 80, 24);
    press(&mut interview, KeyCode::Down);
    assert_eq!(screen(&interview, 80, 24), end);
    press(&mut interview, KeyCode::PageUp);
    assert_eq!(screen(&interview, 80, 24), top);
    press(&mut interview, KeyCode::PageDown);
    assert_eq!(screen(&interview, 80, 24), end);
    // ↑ goes back up; scoring still works while scrolled.
    for _ in 0..40 {
        press(&mut interview, KeyCode::Up);
    }
    assert_eq!(screen(&interview, 80, 24), top);
    press(&mut interview, KeyCode::Char('4'));
    let scored = screen(&interview, 80, 24);
    assert!(scored.contains("Scored 4 · Notes"), "{scored}");
}

/// Issue 14: the eligibility check asked about the right to work again without showing what the
/// candidate answered when they registered; now it shows it (but not in a blind interview).
#[test]
fn the_right_to_work_check_shows_what_they_said_when_they_registered() {
    for blind in [false, true] {
        let mut interview = interview(blind);
        interview.candidate.row.right_to_work = Some(crate::domain::RightToWork::NotSure);
        let action = press(&mut interview, KeyCode::Enter);
        assert!(
            matches!(action, InterviewAction::Start { .. }),
            "{action:?}"
        );
        let record = screening(&interview);
        interview.started(&record, now());
        let shown = screen(&interview, 100, 30);
        assert!(
            shown.contains("Do you have the right to work in the UK?"),
            "{shown}"
        );
        assert_eq!(
            shown.contains("When they registered they answered: Not sure"),
            !blind,
            "blind {blind}: {shown}"
        );
    }
}
