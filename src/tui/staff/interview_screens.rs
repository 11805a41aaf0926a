//! The interview's screens: drawing each stage of an [`Interview`] (prepare, eligibility, the values
//! questions, the review) from its state. Reads the interview, never changes it.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::content::Content;
use crate::domain::screening::Recommendation;
use crate::domain::text::visible;
use crate::screening::script::{MAX_SCORE, ValuesQuestion};
use crate::tui::staff::hints::{hint_height, hint_line, prompt_line};
use crate::tui::staff::queue::right_to_work_label;
use crate::tui::widgets::{ChoiceList, ErrorSummary, TextField, WrappedTextField, wrapped_height};

use super::{Interview, ReviewFocus, Stage};

/// What the interview screens need besides the interview.
pub struct InterviewView<'a> {
    pub content: &'a Content,
    pub staff_name: &'a str,
    pub now: DateTime<Utc>,
}

/// Asked after Ctrl-X, before the candidate goes back to the queue undecided.
const ABANDON_QUESTION: &str =
    "Give this candidate back to the queue, undecided? y = yes, any other key = no";

pub fn render(frame: &mut Frame, interview: &Interview, view: &InterviewView<'_>) {
    let area = frame.area();
    if interview.library.scripts.is_empty() {
        let mut lines = vec![
            Line::from("No screening script could be loaded, so interviews cannot start.").bold(),
            Line::from("Check the script files with: fairfloor script check FILE"),
        ];
        lines.extend(
            interview
                .library
                .refused
                .iter()
                .map(|p| Line::from(visible(&p.to_string()).into_owned())),
        );
        lines.push(Line::from("Press any key to go back to the queue."));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
        return;
    }
    let errors_height = if interview.errors.is_empty() {
        0
    } else {
        ErrorSummary {
            title: "",
            messages: &interview.errors,
        }
        .height(area.width)
    };
    let mut keys: Vec<&str> = match interview.stage {
        Stage::Prepare => vec!["Enter start", "←/→ script", "Esc back to the queue"],
        Stage::Eligibility(_) => vec![
            "1-9 answer",
            "Enter next",
            "← back",
            "Esc leave (saved)",
            "Ctrl-X give back",
        ],
        Stage::Question(_) if interview.editing_notes => vec!["Type notes", "Tab/Enter done"],
        Stage::Question(_) => vec![
            "1-4 score",
            "Tab notes",
            "Enter next",
            "← back",
            "Esc leave (saved)",
            "Ctrl-X give back",
        ],
        // The keys of the box in focus: in a text box 1, 2 and 3 type, they do not decide.
        Stage::Review => match interview.focus {
            ReviewFocus::Decision => vec![
                "1/2/3 decide",
                "Tab next field",
                "Ctrl-S save",
                "Esc leave (saved)",
            ],
            ReviewFocus::Reason | ReviewFocus::Feedback => vec![
                "Type here",
                "Tab next field",
                "Shift-Tab back to the decision",
                "Ctrl-S save",
                "Esc leave (saved)",
            ],
            ReviewFocus::Signposts => vec![
                "↑↓ choose",
                "Space tick",
                "Tab next field",
                "Ctrl-S save",
                "Esc leave (saved)",
            ],
            ReviewFocus::Save => vec![
                "Enter save",
                "Shift-Tab back",
                "Ctrl-S save",
                "Esc leave (saved)",
            ],
        },
    };
    // The title wraps rather than losing who is interviewing at 80 columns.
    let title = title_line(interview, view);
    let title_rows = wrapped_height(&title.to_string(), area.width).max(1);
    // Decided with the scroll key among the hints: if the screen does not fit above those, it
    // scrolls and the hint is true; if it fits, it fits above fewer hints too.
    let scroll_hint = match interview.stage {
        Stage::Question(_) if interview.editing_notes => Some("PgUp/PgDn scroll"),
        Stage::Question(_) | Stage::Prepare => Some("↑↓ PgUp/PgDn scroll"),
        // ↑↓ move through the routes suggested there.
        Stage::Review => Some("PgUp/PgDn scroll"),
        Stage::Eligibility(_) => None,
    };
    if let Some(hint) = scroll_hint {
        let mut scrolling = keys.clone();
        scrolling.insert(1, hint);
        let taken = title_rows + errors_height + hint_height(&scrolling, area.width);
        let body = Rect {
            height: area.height.saturating_sub(taken),
            ..area
        };
        let scrolls = match interview.stage {
            Stage::Question(i) => question_scrolls(interview, i, body),
            Stage::Review => {
                let summary = body
                    .height
                    .saturating_sub(review_field_rows(interview, view, body.width));
                lines_height(&review_lines(interview), body.width) > summary
            }
            _ => lines_height(&prepare_lines(interview, view), body.width) > body.height,
        };
        if scrolls {
            keys = scrolling;
        }
    }
    // The question replaces the hints and wraps: any key but y answers it, so it must be read.
    let hint_rows = if interview.confirm_abandon {
        hint_height(&[ABANDON_QUESTION], area.width)
    } else {
        hint_height(&keys, area.width)
    };
    let [title_area, errors, body, hints] = Layout::vertical([
        Constraint::Length(title_rows),
        Constraint::Length(errors_height),
        Constraint::Min(1),
        Constraint::Length(hint_rows),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(title).wrap(Wrap { trim: true }), title_area);
    if !interview.errors.is_empty() {
        frame.render_widget(
            ErrorSummary {
                title: "There is a problem",
                messages: &interview.errors,
            },
            errors,
        );
    }
    if interview.confirm_abandon {
        prompt_line(frame, hints, ABANDON_QUESTION);
    } else {
        hint_line(frame, hints, &keys);
    }
    match interview.stage {
        Stage::Prepare => render_prepare(frame, body, interview, view),
        Stage::Eligibility(i) => render_eligibility(frame, body, interview, i),
        Stage::Question(i) => render_question(frame, body, interview, i, view),
        Stage::Review => render_review(frame, body, interview, view),
    }
}

/// Who is being interviewed: in blind mode only first name and ticket.
fn who(interview: &Interview) -> String {
    let row = &interview.candidate.row;
    if interview.blind {
        format!("{} · {}", visible(&row.given_name), visible(&row.ticket))
    } else {
        format!(
            "{} {} · {}",
            visible(&row.given_name),
            visible(&row.family_name),
            visible(&row.ticket)
        )
    }
}

fn title_line(interview: &Interview, view: &InterviewView<'_>) -> Line<'static> {
    let script = &interview.loaded().script;
    Line::from(vec![
        Span::from(format!("Interview · {} ", who(interview))).bold(),
        Span::from(format!(
            "· {} v{} · with {}{}",
            script.title,
            script.version,
            visible(view.staff_name),
            if interview.blind { " · BLIND" } else { "" }
        )),
    ])
}

fn label(text: &str) -> Span<'static> {
    Span::from(format!("{text:<16}")).bold()
}

/// Rows `lines` take wrapped to `width`.
fn lines_height(lines: &[Line], width: u16) -> u16 {
    lines
        .iter()
        .map(|line| wrapped_height(&line.to_string(), width).max(1))
        .sum()
}

/// The preparation screen: the candidate's registration answers, the script and its guidance.
fn render_prepare(frame: &mut Frame, area: Rect, interview: &Interview, view: &InterviewView<'_>) {
    scrolling_paragraph(frame, area, prepare_lines(interview, view), interview);
}

/// `lines` wrapped in `area`; where they do not fit (80×24) they scroll by the interview's
/// scroll (PgUp/PgDn), the last row saying there is more. Nothing is cut.
fn scrolling_paragraph(
    frame: &mut Frame,
    area: Rect,
    lines: Vec<Line<'static>>,
    interview: &Interview,
) {
    if lines_height(&lines, area.width) <= area.height {
        interview.scroll_view.set((0, 0));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
        return;
    }
    let [content, marker] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let max = lines_height(&lines, content.width).saturating_sub(content.height);
    interview.scroll_view.set((max, content.height));
    let offset = interview.scroll.min(max);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .scroll((offset, 0)),
        content,
    );
    let more = if offset < max {
        "↓ more below (PgDn)"
    } else {
        "↑ more above (PgUp)"
    };
    frame.render_widget(
        Paragraph::new(Span::from(more).bold()).right_aligned(),
        marker,
    );
}

fn prepare_lines(interview: &Interview, view: &InterviewView<'_>) -> Vec<Line<'static>> {
    let detail = &interview.candidate;
    let row = &detail.row;
    let content = view.content;
    let kiosk = &content.kiosk;
    let mut lines = Vec::new();
    let adjustments = if detail.adjustments.is_empty() {
        "None asked for".to_string()
    } else {
        detail.adjustments.clone()
    };
    if interview.blind {
        lines.push(Line::from(vec![
            label("First name"),
            Span::from(visible(&row.given_name).into_owned()),
        ]));
        lines.push(Line::from(vec![
            label("Adjustments"),
            Span::from(visible(&adjustments).into_owned()),
        ]));
        lines.push(
            Line::from("Blind interviewing: registration answers are hidden for this event.")
                .italic(),
        );
    } else {
        let list = |items: Vec<String>| {
            if items.is_empty() {
                "-".to_string()
            } else {
                items.join(", ")
            }
        };
        lines.push(Line::from(vec![
            label("Roles"),
            Span::from(list(content.roles.titles(&row.roles))),
        ]));
        lines.push(Line::from(vec![
            label("Kind of work"),
            Span::from(list(
                detail
                    .contract_types
                    .iter()
                    .map(|c| kiosk.contract_types.option(c.as_ref()).to_string())
                    .collect(),
            )),
        ]));
        lines.push(Line::from(vec![
            label("When"),
            Span::from(list(
                detail
                    .work_patterns
                    .iter()
                    .map(|w| kiosk.work_patterns.option(w.as_ref()).to_string())
                    .collect(),
            )),
        ]));
        lines.push(Line::from(vec![
            label("Right to work"),
            Span::from(right_to_work_label(row.right_to_work)),
        ]));
        lines.push(Line::from(vec![
            label("Caring before"),
            Span::from(detail.care_experience.map_or_else(
                || "-".to_string(),
                |c| kiosk.care_experience.option(c.as_ref()).to_string(),
            )),
        ]));
        lines.push(Line::from(vec![
            label("Adjustments"),
            Span::from(visible(&adjustments).into_owned()),
        ]));
    }
    lines.push(Line::from(""));
    let loaded = interview.loaded();
    let choices = if interview.library.scripts.len() > 1 {
        "  (←/→ to change)"
    } else {
        ""
    };
    lines.push(Line::from(vec![
        label("Script"),
        Span::from(format!(
            "{} (v{}){choices}",
            loaded.script.title, loaded.script.version
        ))
        .bold(),
    ]));
    if !interview.library.refused.is_empty() {
        lines.push(Line::from(format!(
            "{} script file(s) could not be loaded and are not offered; run `fairfloor script check FILE` to see why.",
            interview.library.refused.len()
        )));
    }
    lines.push(Line::from(""));
    lines.push(
        Line::from(format!(
            "Guidance (about {} minutes a question):",
            loaded.script.guidance.minutes_per_question
        ))
        .bold(),
    );
    for paragraph in &loaded.script.guidance.text {
        lines.push(Line::from(format!("• {paragraph}")));
    }
    lines
}

fn render_eligibility(frame: &mut Frame, area: Rect, interview: &Interview, i: usize) {
    let script = &interview.loaded().script;
    let Some(question) = script.eligibility.get(i) else {
        return;
    };
    let mut lines = vec![
        Line::from(format!("Check {} of {}", i + 1, script.eligibility.len())).dim(),
        Line::from(question.prompt.clone()).bold(),
    ];
    // What they said when they registered, so the recruiter confirms it rather than asks cold
    // (not in a blind interview, which hides registration answers).
    let registered = interview.candidate.row.right_to_work;
    if question.id == "right_to_work" && !interview.blind && registered.is_some() {
        lines.push(Line::from(vec![
            Span::from("When they registered they answered: ").dim(),
            Span::from(super::super::queue::right_to_work_label(registered)).bold(),
        ]));
    }
    lines.push(Line::from(""));
    for (n, answer) in question.answers.iter().enumerate() {
        let chosen = interview.eligibility[i].as_deref() == Some(answer.id.as_str());
        lines.push(Line::styled(
            format!(
                "{} {}. {}",
                if chosen { "(•)" } else { "( )" },
                n + 1,
                answer.label
            ),
            chosen_style(chosen),
        ));
        lines.push(Line::from(format!("      {}", answer.meaning)).dim());
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// Whether question `i` needs more rows than `area` has with the indicators side by side, and
/// so is shown as one scrolling column instead (80×24).
fn question_scrolls(interview: &Interview, i: usize, area: Rect) -> bool {
    let Some(question) = interview.loaded().script.questions.get(i) else {
        return false;
    };
    let width = area.width;
    let wrapped = |lines: &[Line]| lines_height(lines, width);
    // Two columns with two spaces between, as the layout below splits them.
    let column = width.saturating_sub(2) / 2;
    let indicators = |items: &[String], mark: &str| -> u16 {
        items
            .iter()
            .map(|t| wrapped_height(&format!("{mark} {t}"), column))
            .sum()
    };
    let needed = 1
        + wrapped(&prompt_lines(question))
        + wrapped(&probe_lines(question))
        + 1
        + indicators(&question.positive, "+").max(indicators(&question.negative, "-"))
        + wrapped(&anchor_lines(interview, i))
        + notes_height(area);
    needed > area.height
}

/// The notes box: two rows of text at 80×24, three where the screen is taller.
fn notes_height(area: Rect) -> u16 {
    WrappedTextField::height(if area.height >= 30 { 3 } else { 2 })
}

fn prompt_lines(question: &ValuesQuestion) -> Vec<Line<'static>> {
    vec![
        Line::from("Read aloud:").dim(),
        Line::from(question.prompt.clone()).bold(),
    ]
}

fn probe_lines(question: &ValuesQuestion) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from("Probes:").dim()];
    lines.extend(question.probes.iter().map(|p| Line::from(format!("• {p}"))));
    lines
}

/// How a chosen answer or anchor stands out from the others.
fn chosen_style(chosen: bool) -> Style {
    if chosen {
        Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        Style::default()
    }
}

/// The anchors to score against, the chosen one highlighted.
fn anchor_lines(interview: &Interview, i: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from("Score against the anchors (press 1-4):").dim()];
    let Some(question) = interview.loaded().script.questions.get(i) else {
        return lines;
    };
    for anchor in &question.anchors {
        let chosen = interview.scores[i] == Some(anchor.score);
        lines.push(Line::styled(
            format!(
                "{} {} {}",
                if chosen { "▶" } else { " " },
                anchor.score,
                anchor.description
            ),
            chosen_style(chosen),
        ));
    }
    lines
}

fn render_question(
    frame: &mut Frame,
    area: Rect,
    interview: &Interview,
    i: usize,
    view: &InterviewView<'_>,
) {
    let script = &interview.loaded().script;
    let Some(question) = script.questions.get(i) else {
        return;
    };
    let elapsed = (view.now - interview.stage_started).num_seconds().max(0);
    let guide = i64::from(script.guidance.minutes_per_question) * 60;
    let timer = format!(
        "{}:{:02} of {}:00{}",
        elapsed / 60,
        elapsed % 60,
        guide / 60,
        if elapsed > guide { " (over time)" } else { "" }
    );
    let head_line = Line::from(vec![
        Span::from(format!(
            "Question {} of {} · {}   ",
            i + 1,
            script.questions.len(),
            question.value.title()
        ))
        .bold(),
        Span::from(timer),
    ]);
    // The score given stays in sight on the notes box, whatever is scrolled out of view.
    let label = format!(
        " {}Notes (Tab {}) ",
        interview.scores[i].map_or_else(String::new, |score| format!("Scored {score} · ")),
        if interview.editing_notes {
            "when done"
        } else {
            "to type"
        }
    );
    let notes_field = WrappedTextField {
        label: &label,
        input: &interview.notes[i],
        focused: interview.editing_notes,
    };
    if question_scrolls(interview, i, area) {
        render_question_scrolling(frame, area, interview, i, head_line, notes_field);
        return;
    }
    interview.scroll_view.set((0, 0));
    let width = area.width;
    let probe_lines_needed: u16 = question
        .probes
        .iter()
        .map(|p| wrapped_height(&format!("• {p}"), width))
        .sum();
    let anchor_lines_needed: u16 = question
        .anchors
        .iter()
        .map(|a| wrapped_height(&format!("▶ {} {}", a.score, a.description), width))
        .sum();
    let [head, prompt, probes, indicators, anchors, notes] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1 + wrapped_height(&question.prompt, width)),
        Constraint::Length(1 + probe_lines_needed),
        Constraint::Min(2),
        Constraint::Length(1 + anchor_lines_needed.min(12)),
        Constraint::Length(notes_height(area)),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(head_line), head);
    frame.render_widget(
        Paragraph::new(prompt_lines(question)).wrap(Wrap { trim: true }),
        prompt,
    );
    frame.render_widget(
        Paragraph::new(probe_lines(question)).wrap(Wrap { trim: true }),
        probes,
    );
    let [good, bad] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
        .spacing(2)
        .areas(indicators);
    let bullets = |items: &[String]| {
        items
            .iter()
            .map(|t| Line::from(format!("+ {t}")))
            .collect::<Vec<_>>()
    };
    frame.render_widget(
        Paragraph::new(bullets(&question.positive))
            .wrap(Wrap { trim: true })
            .block(
                Block::default()
                    .borders(Borders::TOP)
                    .title(" Positive indicators "),
            ),
        good,
    );
    frame.render_widget(
        Paragraph::new(
            question
                .negative
                .iter()
                .map(|t| Line::from(format!("- {t}")))
                .collect::<Vec<_>>(),
        )
        .wrap(Wrap { trim: true })
        .block(
            Block::default()
                .borders(Borders::TOP)
                .title(" Negative indicators "),
        ),
        bad,
    );
    frame.render_widget(
        Paragraph::new(anchor_lines(interview, i)).wrap(Wrap { trim: true }),
        anchors,
    );
    notes_field.render(frame, notes);
}

/// A question too long for the screen as one column that scrolls (↑↓, PgUp/PgDn), the head
/// saying when there is more above or below; nothing is cut.
fn render_question_scrolling(
    frame: &mut Frame,
    area: Rect,
    interview: &Interview,
    i: usize,
    head_line: Line<'static>,
    notes_field: WrappedTextField<'_>,
) {
    let Some(question) = interview.loaded().script.questions.get(i) else {
        return;
    };
    let [head, content, notes] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(notes_height(area)),
    ])
    .areas(area);
    // The anchors, scored against, come before the indicators, which guide.
    let mut lines = prompt_lines(question);
    lines.extend(probe_lines(question));
    lines.extend(anchor_lines(interview, i));
    lines.push(Line::from("Positive indicators:").dim());
    lines.extend(
        question
            .positive
            .iter()
            .map(|t| Line::from(format!("+ {t}"))),
    );
    lines.push(Line::from("Negative indicators:").dim());
    lines.extend(
        question
            .negative
            .iter()
            .map(|t| Line::from(format!("- {t}"))),
    );
    let max = lines_height(&lines, content.width).saturating_sub(content.height);
    interview.scroll_view.set((max, content.height));
    let offset = interview.scroll.min(max);
    let more = match (offset > 0, offset < max) {
        (true, true) => "↑↓ more",
        (true, false) => "↑ more",
        (false, true) => "↓ more",
        (false, false) => "",
    };
    // At the right end, where a long timer cannot push it off the line.
    let [head, marker] = Layout::horizontal([Constraint::Min(0), Constraint::Length(8)])
        .spacing(1)
        .areas(head);
    frame.render_widget(Paragraph::new(head_line), head);
    frame.render_widget(
        Paragraph::new(Span::from(more).bold()).right_aligned(),
        marker,
    );
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .scroll((offset, 0)),
        content,
    );
    notes_field.render(frame, notes);
}

/// The review's summary: each score with its notes in full, the total, and the recommendation
/// with its reasons.
fn review_lines(interview: &Interview) -> Vec<Line<'static>> {
    let script = &interview.loaded().script;
    let assessment = interview.assessment();
    let mut lines = Vec::new();
    for (i, question) in script.questions.iter().enumerate() {
        let score = interview.scores[i].map_or("-".to_string(), |s| format!("{s}/{MAX_SCORE}"));
        lines.push(Line::from(vec![
            Span::from(format!("{:<32}", question.value.title())),
            Span::from(score).bold(),
        ]));
        let note = interview.notes[i].value().trim();
        if !note.is_empty() {
            lines.push(Line::from(format!("  Notes: {}", visible(note))).dim());
        }
    }
    lines.push(
        Line::from(format!(
            "Total {} of {} (pass mark {}, at least {} on each question)",
            assessment.total,
            assessment.max_total,
            script.rules.pass_mark,
            script.rules.minimum_per_question
        ))
        .bold(),
    );
    let recommendation = assessment
        .recommendation
        .map_or("Not complete", Recommendation::title);
    lines.push(Line::from(vec![
        Span::from("Recommendation: "),
        Span::from(recommendation.to_uppercase()).bold(),
    ]));
    for reason in &assessment.reasons {
        lines.push(Line::from(format!("  {reason}")).dim());
    }
    for check in &assessment.needs_checks {
        lines.push(Line::from(format!("  Check needed: {check}")));
    }
    lines
}

/// The decision, 1 to 3, which stays in sight below the summary however it is scrolled.
fn decision_line(interview: &Interview) -> Line<'static> {
    let focus = |f: ReviewFocus| interview.focus == f;
    let decision_line: Vec<Span> = [
        Recommendation::Offer,
        Recommendation::SecondOpinion,
        Recommendation::NotProgressing,
    ]
    .iter()
    .enumerate()
    .map(|(n, d)| {
        let on = interview.decision == Some(*d);
        Span::styled(
            format!(
                "{} {} {}   ",
                if on { "(•)" } else { "( )" },
                n + 1,
                d.title()
            ),
            if on {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            },
        )
    })
    .collect();
    let mut decision_spans = vec![Span::styled(
        "Your decision: ",
        if focus(ReviewFocus::Decision) {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        },
    )];
    decision_spans.extend(decision_line);
    Line::from(decision_spans)
}

/// Rows the review needs below its summary: the decision, the boxes of the fields in play, and
/// the save button.
fn review_field_rows(interview: &Interview, view: &InterviewView<'_>, width: u16) -> u16 {
    let fields = interview.review_fields();
    let boxes = [ReviewFocus::Reason, ReviewFocus::Feedback]
        .iter()
        .filter(|f| fields.contains(f))
        .count() as u16
        * TextField::HEIGHT;
    let signposts = if fields.contains(&ReviewFocus::Signposts) {
        view.content.signposts.len() as u16 + 1
    } else {
        0
    };
    lines_height(&[decision_line(interview)], width) + boxes + signposts + 1
}

fn render_review(frame: &mut Frame, area: Rect, interview: &Interview, view: &InterviewView<'_>) {
    let focus = |f: ReviewFocus| interview.focus == f;
    let fields = interview.review_fields();
    let text_height = |f: ReviewFocus| {
        if fields.contains(&f) {
            TextField::HEIGHT
        } else {
            0
        }
    };
    let signpost_height = if fields.contains(&ReviewFocus::Signposts) {
        view.content.signposts.len() as u16 + 1
    } else {
        0
    };
    let decision = decision_line(interview);
    let [summary, decision_area, reason, feedback, signposts, save] = Layout::vertical([
        Constraint::Min(2),
        Constraint::Length(lines_height(std::slice::from_ref(&decision), area.width)),
        Constraint::Length(text_height(ReviewFocus::Reason)),
        Constraint::Length(text_height(ReviewFocus::Feedback)),
        Constraint::Length(signpost_height),
        Constraint::Length(1),
    ])
    .areas(area);
    scrolling_paragraph(frame, summary, review_lines(interview), interview);
    frame.render_widget(
        Paragraph::new(decision).wrap(Wrap { trim: true }),
        decision_area,
    );
    if fields.contains(&ReviewFocus::Reason) {
        TextField {
            label: " Why does your decision differ from the recommendation? (required, audited) ",
            input: &interview.reason,
            focused: focus(ReviewFocus::Reason),
            masked: false,
            error: false,
        }
        .render(frame, reason);
    }
    if fields.contains(&ReviewFocus::Feedback) {
        TextField {
            label: " Feedback you gave today (required) ",
            input: &interview.feedback,
            focused: focus(ReviewFocus::Feedback),
            masked: false,
            error: false,
        }
        .render(frame, feedback);
    }
    if fields.contains(&ReviewFocus::Signposts) {
        let [label, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(signposts);
        frame.render_widget(
            Paragraph::new(Line::from("Other routes you suggested (Space to tick):").dim()),
            label,
        );
        let labels: Vec<String> = view
            .content
            .signposts
            .iter()
            .map(|s| s.title.clone())
            .collect();
        frame.render_widget(
            ChoiceList {
                labels: &labels,
                chosen: &interview.signposts,
                cursor: focus(ReviewFocus::Signposts).then_some(interview.signpost_cursor),
                multiple: true,
            },
            list,
        );
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            "[ Save decision ]  (Ctrl-S)",
            if focus(ReviewFocus::Save) {
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                Style::default().add_modifier(Modifier::BOLD)
            },
        )),
        save,
    );
}
