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
use crate::domain::text::{truncate, visible};
use crate::screening::script::MAX_SCORE;
use crate::tui::staff::hints::{hint_height, hint_line, prompt_line};
use crate::tui::staff::queue::right_to_work_label;
use crate::tui::widgets::{ChoiceList, ErrorSummary, TextField, wrapped_height};

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
    let keys: &[&str] = match interview.stage {
        Stage::Prepare => &["Enter start", "←/→ script", "Esc back to the queue"],
        Stage::Eligibility(_) => &[
            "1-9 answer",
            "Enter next",
            "← back",
            "Esc leave (saved)",
            "Ctrl-X give back",
        ],
        Stage::Question(_) if interview.editing_notes => &["Type notes", "Tab/Enter done"],
        Stage::Question(_) => &[
            "1-4 score",
            "Tab notes",
            "Enter next",
            "← back",
            "Esc leave (saved)",
            "Ctrl-X give back",
        ],
        Stage::Review => &[
            "1/2/3 decide",
            "Tab next field",
            "Ctrl-S save",
            "Esc leave (saved)",
        ],
    };
    // The question replaces the hints and wraps: any key but y answers it, so it must be read.
    let hint_rows = if interview.confirm_abandon {
        hint_height(&[ABANDON_QUESTION], area.width)
    } else {
        hint_height(keys, area.width)
    };
    let [title, errors, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(if interview.errors.is_empty() {
            0
        } else {
            ErrorSummary {
                title: "",
                messages: &interview.errors,
            }
            .height(area.width)
        }),
        Constraint::Min(1),
        Constraint::Length(hint_rows),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(title_line(interview, view)), title);
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
        hint_line(frame, hints, keys);
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

fn render_prepare(frame: &mut Frame, area: Rect, interview: &Interview, view: &InterviewView<'_>) {
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
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn render_eligibility(frame: &mut Frame, area: Rect, interview: &Interview, i: usize) {
    let script = &interview.loaded().script;
    let Some(question) = script.eligibility.get(i) else {
        return;
    };
    let mut lines = vec![
        Line::from(format!("Check {} of {}", i + 1, script.eligibility.len())).dim(),
        Line::from(question.prompt.clone()).bold(),
        Line::from(""),
    ];
    for (n, answer) in question.answers.iter().enumerate() {
        let chosen = interview.eligibility[i].as_deref() == Some(answer.id.as_str());
        let style = if chosen {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
        };
        lines.push(Line::styled(
            format!(
                "{} {}. {}",
                if chosen { "(•)" } else { "( )" },
                n + 1,
                answer.label
            ),
            style,
        ));
        lines.push(Line::from(format!("      {}", answer.meaning)).dim());
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
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
    let width = area.width;
    let probe_lines: u16 = question
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
        Constraint::Length(1 + probe_lines),
        Constraint::Min(2),
        Constraint::Length(1 + anchor_lines_needed.min(12)),
        Constraint::Length(TextField::HEIGHT),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::from(format!(
                "Question {} of {} · {}   ",
                i + 1,
                script.questions.len(),
                question.value.title()
            ))
            .bold(),
            Span::from(timer),
        ])),
        head,
    );
    frame.render_widget(
        Paragraph::new(vec![
            Line::from("Read aloud:").dim(),
            Line::from(question.prompt.clone()).bold(),
        ])
        .wrap(Wrap { trim: true }),
        prompt,
    );
    let mut probe_lines = vec![Line::from("Probes:").dim()];
    probe_lines.extend(question.probes.iter().map(|p| Line::from(format!("• {p}"))));
    frame.render_widget(
        Paragraph::new(probe_lines).wrap(Wrap { trim: true }),
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
    let mut anchor_lines = vec![Line::from("Score against the anchors (press 1-4):").dim()];
    for anchor in &question.anchors {
        let chosen = interview.scores[i] == Some(anchor.score);
        let style = if chosen {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
        };
        anchor_lines.push(Line::styled(
            format!(
                "{} {} {}",
                if chosen { "▶" } else { " " },
                anchor.score,
                anchor.description
            ),
            style,
        ));
    }
    frame.render_widget(
        Paragraph::new(anchor_lines).wrap(Wrap { trim: true }),
        anchors,
    );
    TextField {
        label: if interview.editing_notes {
            " Notes (Tab when done) "
        } else {
            " Notes (Tab to type) "
        },
        input: &interview.notes[i],
        focused: interview.editing_notes,
        masked: false,
        error: false,
    }
    .render(frame, notes);
}

fn render_review(frame: &mut Frame, area: Rect, interview: &Interview, view: &InterviewView<'_>) {
    let script = &interview.loaded().script;
    let assessment = interview.assessment();
    let mut lines = Vec::new();
    for (i, question) in script.questions.iter().enumerate() {
        let score = interview.scores[i].map_or("-".to_string(), |s| format!("{s}/{MAX_SCORE}"));
        let note = truncate(interview.notes[i].value(), 40).into_owned();
        lines.push(Line::from(vec![
            Span::from(format!("{:<32}", question.value.title())),
            Span::from(format!("{score:<6}")).bold(),
            Span::from(visible(&note).into_owned()).dim(),
        ]));
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
    lines.push(Line::from(decision_spans));
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
    let [summary, reason, feedback, signposts, save] = Layout::vertical([
        Constraint::Min(4),
        Constraint::Length(text_height(ReviewFocus::Reason)),
        Constraint::Length(text_height(ReviewFocus::Feedback)),
        Constraint::Length(signpost_height),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), summary);
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
