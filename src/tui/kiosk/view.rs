//! Drawing the kiosk. Reads the state; changes nothing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use strum::IntoEnumIterator;

use super::form::TextStep;
use super::{CHECK_ROWS, Kiosk, Step};
use crate::content::Page;
use crate::domain::text::visible;
use crate::domain::{CareExperience, ContractType, RightToWork, WorkPattern};
use crate::tui::widgets::{
    ChoiceList, ErrorSummary, MIN_HEIGHT, MIN_WIDTH, TextField, centred_column, fits, hint_lines,
    key_hints, wrap_words, wrapped_height,
};

/// Wide enough for comfortable reading, narrow enough to keep lines short.
const COLUMN_WIDTH: u16 = 72;

/// One piece of a screen, stacked top to bottom.
enum Part<'a> {
    Heading(String),
    Paragraph(String),
    Strong(String),
    Gap,
    Errors(&'a [String]),
    Field,
    /// "I do not have a fixed address", under the postcode box.
    NoFixedAddress,
    Choices,
    /// What the highlighted job is, in plain words, under the roles list.
    AboutRole(String),
    CheckRows,
    Ticket(String),
}

pub fn render(kiosk: &Kiosk, frame: &mut Frame) {
    if !fits(frame, MIN_WIDTH, MIN_HEIGHT) {
        return;
    }
    let area = frame.area();
    let hints = hints(kiosk);
    // At least two rows, so the page does not jump when a hint needs a second line.
    let hint_rows = hint_lines(&hints, COLUMN_WIDTH.min(area.width))
        .len()
        .max(2);
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(u16::try_from(hint_rows).unwrap_or(2)),
    ])
    .areas(area);
    let column = centred_column(body, COLUMN_WIDTH);
    frame.render_widget(
        Paragraph::new(Line::from(visible(&kiosk.event_name).into_owned()).dim()).centered(),
        header,
    );
    if let Some((number, total)) = kiosk.step.counter() {
        // On the header's second line, so every page keeps its whole body.
        let words = kiosk
            .content
            .kiosk
            .keys
            .step
            .replace("{n}", &number.to_string())
            .replace("{total}", &total.to_string());
        let [_, counter] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(header);
        frame.render_widget(
            Paragraph::new(Line::from(words).bold()),
            centred_column(counter, COLUMN_WIDTH),
        );
    }
    let parts = parts(kiosk);
    draw_parts(kiosk, frame, column, &parts);
    key_hints(frame, centred_column(footer, COLUMN_WIDTH), &hints);
    if let Some(seconds) = kiosk.idle_seconds_left() {
        idle_warning(kiosk, frame, area, seconds);
    } else if kiosk.unlock.is_some() {
        unlock_box(kiosk, frame, area);
    }
}

fn parts(kiosk: &Kiosk) -> Vec<Part<'_>> {
    let content = &kiosk.content;
    let text = &content.kiosk;
    let mut parts = Vec::new();
    if !kiosk.errors.is_empty() {
        parts.push(Part::Errors(&kiosk.errors));
    }
    if let Some(notice) = &kiosk.notice {
        parts.push(Part::Strong(notice.clone()));
    }
    let page = |parts: &mut Vec<Part<'_>>, title: &str, hint: &str, body: &[String]| {
        parts.push(Part::Heading(title.to_string()));
        if !hint.is_empty() {
            parts.push(Part::Paragraph(hint.to_string()));
        }
        for paragraph in body {
            parts.push(Part::Paragraph(paragraph.clone()));
        }
        parts.push(Part::Gap);
    };
    match kiosk.step {
        Step::Start => {
            page(&mut parts, &text.start.title, "", &text.start.body);
            parts.push(Part::Strong(text.start.action.clone()));
        }
        Step::Privacy => {
            page(
                &mut parts,
                &content.privacy.title,
                "",
                &content.privacy.body,
            );
            parts.push(Part::Choices);
        }
        Step::Declined => {
            page(&mut parts, &text.declined.title, "", &text.declined.body);
            parts.push(Part::Strong(text.declined.action.clone()));
        }
        Step::Text(step) => {
            let question = text_page(kiosk, step);
            // The phone is not marked optional: it is the one to give when there is no email.
            let optional = matches!(
                step,
                TextStep::Email | TextStep::Postcode | TextStep::Adjustments
            );
            let title = if optional {
                format!("{} {}", question.title, text.keys.optional)
            } else {
                question.title.clone()
            };
            page(&mut parts, &title, &question.hint, &[]);
            parts.push(Part::Field);
            if step == TextStep::Postcode {
                parts.push(Part::NoFixedAddress);
            }
        }
        Step::Roles => {
            choice_page(&mut parts, &text.roles, page);
            // Someone new to care cannot tell the jobs apart by their titles.
            if let Some(about) = about_role(kiosk) {
                parts.push(Part::AboutRole(about));
            }
        }
        Step::ContractTypes => choice_page(&mut parts, &text.contract_types, page),
        Step::WorkPatterns => choice_page(&mut parts, &text.work_patterns, page),
        Step::RightToWork => choice_page(&mut parts, &text.right_to_work, page),
        Step::CareExperience => choice_page(&mut parts, &text.care_experience, page),
        Step::EqualityIntro => {
            page(
                &mut parts,
                &content.equality.title,
                "",
                &content.equality.body,
            );
            parts.push(Part::Choices);
        }
        Step::Equality(i) => {
            if let Some(question) = content.equality.questions.get(i) {
                let title = format!(
                    "{} ({} of {})",
                    question.title,
                    i + 1,
                    content.equality.questions.len()
                );
                page(&mut parts, &title, &question.hint, &[]);
            }
            parts.push(Part::Choices);
        }
        Step::Check => {
            page(&mut parts, &text.check.title, &text.check.hint, &[]);
            parts.push(Part::CheckRows);
        }
        Step::Confirmation => {
            let confirmation = &text.confirmation;
            match &kiosk.outcome {
                Some(outcome) if outcome.possible_duplicate => {
                    page(
                        &mut parts,
                        &confirmation.duplicate_title,
                        "",
                        &confirmation.duplicate_body,
                    );
                    parts.push(Part::Paragraph(confirmation.ticket_label.clone()));
                    parts.push(Part::Ticket(outcome.ticket.clone()));
                }
                Some(outcome) => {
                    parts.push(Part::Heading(confirmation.title.clone()));
                    parts.push(Part::Paragraph(confirmation.ticket_label.clone()));
                    parts.push(Part::Ticket(outcome.ticket.clone()));
                    match kiosk.ticket_printed {
                        Some(true) => parts.push(Part::Strong(text.error_or(
                            "ticket.printed",
                            "Your ticket is printing. Take it from the printer.",
                        ))),
                        Some(false) => parts.push(Part::Strong(text.error_or(
                            "ticket.not_printed",
                            "We could not print your ticket. Please remember your number.",
                        ))),
                        None => {}
                    }
                    for paragraph in &confirmation.body {
                        parts.push(Part::Paragraph(paragraph.clone()));
                    }
                    parts.push(Part::Gap);
                }
                None => {}
            }
            parts.push(Part::Strong(confirmation.action.clone()));
        }
    }
    parts
}

/// The highlighted role's description and pay, from the fair pack.
fn about_role(kiosk: &Kiosk) -> Option<String> {
    let role = kiosk.content.roles.roles.get(kiosk.cursor?)?;
    let mut about = format!("{}: {}", role.title, role.description.trim());
    if !role.pay.trim().is_empty() {
        about.push_str(&format!(" Pay: {}.", role.pay.trim().trim_end_matches('.')));
    }
    Some(about)
}

fn choice_page<'a>(
    parts: &mut Vec<Part<'a>>,
    question: &Page,
    page: impl Fn(&mut Vec<Part<'a>>, &str, &str, &[String]),
) {
    page(parts, &question.title, &question.hint, &[]);
    parts.push(Part::Choices);
}

fn text_page(kiosk: &Kiosk, step: TextStep) -> &Page {
    let text = &kiosk.content.kiosk;
    match step {
        TextStep::GivenName => &text.given_name,
        TextStep::FamilyName => &text.family_name,
        TextStep::Email => &text.email,
        TextStep::Phone => &text.phone,
        TextStep::Postcode => &text.postcode,
        TextStep::Adjustments => &text.adjustments,
    }
}

fn draw_parts(kiosk: &Kiosk, frame: &mut Frame, area: Rect, parts: &[Part<'_>]) {
    let width = area.width;
    let options = kiosk.option_labels();
    let height_of = |part: &Part<'_>, spacing: u16| match part {
        Part::Heading(text) => wrapped_height(text, width) + 1,
        Part::Paragraph(text) | Part::Strong(text) => wrapped_height(text, width) + spacing,
        Part::Gap => spacing,
        Part::Errors(messages) => {
            ErrorSummary {
                title: "",
                messages,
            }
            .height(width)
                + 1
        }
        Part::Field => TextField::HEIGHT,
        Part::NoFixedAddress => 2,
        Part::Choices => options.len() as u16,
        Part::AboutRole(text) => wrapped_height(text, width),
        Part::CheckRows => CHECK_ROWS.len() as u16 + 1,
        Part::Ticket(_) => 6,
    };
    // Blank lines between paragraphs only when everything fits with them.
    let total: u16 = parts.iter().map(|part| height_of(part, 1)).sum();
    let spacing = u16::from(total <= area.height);
    let heights: Vec<Constraint> = parts
        .iter()
        .map(|part| match part {
            // Lists and the check page scroll, so they take whatever room is left.
            Part::Choices | Part::CheckRows => Constraint::Min(3),
            other => Constraint::Length(height_of(other, spacing)),
        })
        .collect();
    let areas = Layout::vertical(heights).split(area);
    for (part, &rect) in parts.iter().zip(areas.iter()) {
        match part {
            Part::Heading(text) => frame.render_widget(
                Paragraph::new(Line::from(text.as_str()).bold()).wrap(Wrap { trim: true }),
                rect,
            ),
            Part::Paragraph(text) => frame.render_widget(
                Paragraph::new(text.as_str()).wrap(Wrap { trim: true }),
                rect,
            ),
            Part::Strong(text) => frame.render_widget(
                Paragraph::new(Line::from(text.as_str()).bold()).wrap(Wrap { trim: true }),
                rect,
            ),
            Part::Gap => {}
            Part::Errors(messages) => {
                let [summary, _] =
                    Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(rect);
                frame.render_widget(
                    ErrorSummary {
                        title: &kiosk.content.kiosk.keys.error_summary,
                        messages,
                    },
                    summary,
                );
            }
            Part::Field => TextField {
                label: "",
                input: &kiosk.input,
                // On the postcode page the cursor is on the "no fixed address" box instead.
                focused: kiosk.unlock.is_none() && kiosk.cursor.is_none(),
                masked: false,
                error: !kiosk.errors.is_empty(),
            }
            .render(frame, rect),
            Part::Choices => frame.render_widget(
                ChoiceList {
                    labels: &options,
                    chosen: &kiosk.chosen(),
                    cursor: kiosk.cursor,
                    multiple: kiosk.is_multiple(),
                },
                rect,
            ),
            Part::NoFixedAddress => no_fixed_address_box(kiosk, frame, rect),
            Part::AboutRole(text) => frame.render_widget(
                Paragraph::new(Line::from(text.as_str()).italic()).wrap(Wrap { trim: true }),
                rect,
            ),
            Part::CheckRows => check_rows(kiosk, frame, rect),
            Part::Ticket(ticket) => {
                let block = Block::default()
                    .borders(Borders::ALL)
                    .border_type(BorderType::Double);
                let inner = centred_column(rect, 30);
                frame.render_widget(
                    Paragraph::new(vec![
                        Line::from(""),
                        Line::from(spaced(ticket)).bold(),
                        Line::from(""),
                    ])
                    .centered()
                    .block(block),
                    Rect {
                        height: rect.height.min(5),
                        ..inner
                    },
                );
            }
        }
    }
}

/// "A-042" as "A - 0 4 2": easier to read from a distance.
fn spaced(ticket: &str) -> String {
    ticket
        .chars()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words for "I do not have a fixed address", from the postcode page's content.
/// The tick box under the postcode, a line below the box. Drawn like a [`ChoiceList`] row but
/// without a number: number keys type into the postcode box on this page.
fn no_fixed_address_box(kiosk: &Kiosk, frame: &mut Frame, area: Rect) {
    let focused = kiosk.cursor.is_some();
    let mark = if kiosk.form.no_fixed_address {
        "[x]"
    } else {
        "[ ]"
    };
    let pointer = if focused { "▶ " } else { "  " };
    let style = if focused {
        Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        Style::default()
    };
    let line = Line::styled(
        format!("{pointer}{mark} {}", no_fixed_address_label(kiosk)),
        style,
    );
    let [_, row] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    frame.render_widget(Paragraph::new(line), row);
}

/// A fair pack written before this choice existed still shows words, not the id.
fn no_fixed_address_label(kiosk: &Kiosk) -> &str {
    kiosk
        .content
        .kiosk
        .postcode
        .options
        .get("no_fixed_address")
        .map_or("I do not have a fixed address", String::as_str)
}

/// The answers on the "Check your answers" page, as the candidate gave them.
fn answer(kiosk: &Kiosk, row: &str) -> String {
    let content = &kiosk.content;
    let text = &content.kiosk;
    let form = &kiosk.form;
    let given = |answer: &str| {
        if answer.is_empty() {
            text.check.nothing.clone()
        } else {
            answer.to_string()
        }
    };
    let list = |items: Vec<String>| {
        if items.is_empty() {
            text.check.nothing.clone()
        } else {
            items.join(", ")
        }
    };
    match row {
        "given_name" => form.given_name.clone(),
        "family_name" => form.family_name.clone(),
        "email" => given(&form.email),
        "phone" => given(&form.phone),
        "postcode" if form.no_fixed_address => no_fixed_address_label(kiosk).to_string(),
        "postcode" => given(&form.postcode),
        "roles" => list(content.roles.titles(&form.roles)),
        "contract_types" => list(
            ContractType::iter()
                .filter(|c| form.contract_types.contains(c))
                .map(|c| text.contract_types.option(c.as_ref()).to_string())
                .collect(),
        ),
        "work_patterns" => list(
            WorkPattern::iter()
                .filter(|w| form.work_patterns.contains(w))
                .map(|w| text.work_patterns.option(w.as_ref()).to_string())
                .collect(),
        ),
        "right_to_work" => form
            .right_to_work
            .map(|r: RightToWork| text.right_to_work.option(r.as_ref()).to_string())
            .unwrap_or_default(),
        "care_experience" => form
            .care_experience
            .map(|c: CareExperience| text.care_experience.option(c.as_ref()).to_string())
            .unwrap_or_default(),
        "adjustments" if form.adjustments.is_empty() => text.check.nothing.clone(),
        "adjustments" => form.adjustments.clone(),
        "equality" if form.equality.is_some() => text.check.equality_answered.clone(),
        "equality" => text.check.equality_skipped.clone(),
        _ => String::new(),
    }
}

fn check_rows(kiosk: &Kiosk, frame: &mut Frame, area: Rect) {
    let text = &kiosk.content.kiosk.check;
    let label_width = 28usize;
    let value_width = (area.width as usize).saturating_sub(label_width + 3);
    // Every answer in full, wrapped under itself, so a long email or adjustment can be checked.
    let mut lines: Vec<Line> = Vec::new();
    let mut highlighted_end = 0;
    for (i, row) in CHECK_ROWS[..CHECK_ROWS.len() - 1].iter().enumerate() {
        let value = visible(&answer(kiosk, row)).into_owned();
        let mut shown = wrap_words(&value, value_width.max(1)).into_iter();
        let label = format!("{:<label_width$}", text.label(row));
        let style = if kiosk.cursor == Some(i) {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
        };
        let pointer = if kiosk.cursor == Some(i) {
            "▶ "
        } else {
            "  "
        };
        lines.push(Line::from(vec![
            Span::styled(pointer, style),
            Span::styled(label, style.add_modifier(Modifier::BOLD)),
            Span::styled(shown.next().unwrap_or_default(), style),
        ]));
        for more in shown {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(label_width + 2)),
                Span::styled(more, style),
            ]));
        }
        if kiosk.cursor == Some(i) {
            highlighted_end = lines.len() - 1;
        }
    }
    let submit_row = CHECK_ROWS.len() - 1;
    let submit_style = if kiosk.cursor == Some(submit_row) {
        Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        Style::default().add_modifier(Modifier::BOLD)
    };
    lines.push(Line::from(""));
    let pointer = if kiosk.cursor == Some(submit_row) {
        "▶ "
    } else {
        "  "
    };
    lines.push(Line::from(vec![
        Span::raw(pointer),
        Span::styled(format!("[ {} ]", text.submit), submit_style),
    ]));
    // Keep the highlighted row on screen when the page is short.
    let height = area.height as usize;
    let cursor_line = match kiosk.cursor {
        Some(c) if c == submit_row => lines.len() - 1,
        Some(_) => highlighted_end,
        None => 0,
    };
    let scroll = (cursor_line + 1).saturating_sub(height);
    frame.render_widget(
        Paragraph::new(Text::from(lines)).scroll((scroll as u16, 0)),
        area,
    );
}

fn hints(kiosk: &Kiosk) -> Vec<&str> {
    let keys = &kiosk.content.kiosk.keys;
    match kiosk.step {
        Step::Start | Step::Declined | Step::Confirmation => vec![],
        Step::Text(_) => vec![&keys.continue_, &keys.back],
        Step::Roles | Step::ContractTypes | Step::WorkPatterns => {
            vec![&keys.choose_many, &keys.continue_, &keys.back]
        }
        Step::Check => vec![&kiosk.content.kiosk.check.submit_hint, &keys.back],
        Step::Privacy => vec![&keys.agree, &keys.back],
        _ => vec![&keys.choose_one, &keys.back],
    }
}

fn overlay(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn idle_warning(kiosk: &Kiosk, frame: &mut Frame, area: Rect, seconds: i64) {
    let text = &kiosk.content.kiosk.idle;
    let rect = overlay(area, 64, 6);
    frame.render_widget(Clear, rect);
    // Always two characters wide (a no-break space in front of 9 and under), so the centred
    // sentence does not jump sideways as the count goes down.
    let body = text
        .body
        .replace("{seconds}", &format!("{seconds:\u{A0}>2}"));
    frame.render_widget(
        Paragraph::new(vec![Line::from(""), Line::from(body)])
            .wrap(Wrap { trim: true })
            .centered()
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_type(BorderType::Thick)
                    .padding(ratatui::widgets::Padding::horizontal(1))
                    .title(Span::from(format!(" {} ", text.title)).bold()),
            ),
        rect,
    );
}

fn unlock_box(kiosk: &Kiosk, frame: &mut Frame, area: Rect) {
    let Some(unlock) = &kiosk.unlock else { return };
    let text = &kiosk.content.kiosk.unlock;
    let rect = overlay(area, 50, 10);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .title(Span::from(format!(" {} ", text.title)).bold());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [hint, field, message_row] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(TextField::HEIGHT),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(text.hint.as_str()).wrap(Wrap { trim: true }),
        hint,
    );
    TextField {
        label: " PIN ",
        input: &unlock.pin,
        focused: true,
        masked: true,
        error: unlock.message.is_some() || kiosk.pin_paused_for().is_some(),
    }
    .render(frame, field);
    if let Some(message) = kiosk.unlock_message() {
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::from("Error: ").bold().red(),
                Span::from(message.as_str()),
            ]))
            .wrap(Wrap { trim: true }),
            message_row,
        );
    }
}
