//! One candidate in full: what they told us, where from, and when. Never their equality-monitoring
//! answers: the store does not return them, and this screen has nowhere to put them.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::content::Content;
use crate::domain::text::visible;
use crate::domain::{Source, Status};
use crate::store::CandidateDetail;
use crate::tui::widgets::wait_label;

use super::hints::hint_height;
use super::queue::{hint_line, right_to_work_label, status_label};

const LABEL_WIDTH: usize = 16;

/// A stored time as people at the fair read it: in the event's time zone, "10:31 BST, Sun 29 Mar".
pub fn local_time(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz)
        .format("%H:%M %Z, %a %-d %b")
        .to_string()
}

/// "+447700900982" → "07700 900982"; anything else as stored.
pub fn phone_for_people(phone: &str) -> String {
    match phone.strip_prefix("+44") {
        Some(national) if national.len() == 10 && national.bytes().all(|b| b.is_ascii_digit()) => {
            format!("0{} {}", &national[..4], &national[4..])
        }
        _ => phone.to_string(),
    }
}

fn source_label(source: Source) -> &'static str {
    match source {
        Source::Kiosk => "Kiosk",
        Source::WalkIn => "Walk-in (registered by staff)",
        Source::Import => "Pre-booked (imported)",
        Source::Demo => "Demo data",
    }
}

/// The note shown on a possible duplicate.
pub fn duplicate_note(of_ticket: Option<&str>) -> String {
    match of_ticket {
        Some(ticket) => format!(
            "Possible duplicate of {}: same email or phone. Check with the candidate.",
            visible(ticket)
        ),
        None => "Possible duplicate: same email or phone as an earlier registration. Check with the candidate.".to_string(),
    }
}

fn field(label: &str, value: impl Into<String>) -> Line<'static> {
    let value: String = value.into();
    Line::from(vec![
        Span::from(format!("{label:<LABEL_WIDTH$}")).bold(),
        Span::from(visible(&value).into_owned()),
    ])
}

pub struct DetailView<'a> {
    pub content: &'a Content,
    pub timezone: Tz,
    pub now: DateTime<Utc>,
    pub notice: Option<(&'a str, bool)>,
}

pub fn render(frame: &mut Frame, detail: &CandidateDetail, view: &DetailView<'_>) {
    let area = frame.area();
    let kiosk = &view.content.kiosk;
    let row = &detail.row;
    let none = || "-".to_string();

    let status = match (row.status, row.arrived_at) {
        (Status::Waiting, Some(at)) => {
            format!("Waiting {}", wait_label((view.now - at).num_minutes()))
        }
        (status, _) => status_label(status).to_string(),
    };
    let mut lines = vec![Line::from(vec![
        Span::from(visible(&row.ticket).into_owned())
            .bold()
            .reversed(),
        Span::from("  "),
        Span::from(visible(&format!("{} {}", row.given_name, row.family_name)).into_owned()).bold(),
        Span::from("   "),
        Span::from(status),
    ])];
    if row.possible_duplicate {
        lines.push(Line::from(vec![
            Span::from("DUP? ").bold(),
            Span::from(duplicate_note(detail.duplicate_of_ticket.as_deref())),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(field("Email", row.email.clone().unwrap_or_else(none)));
    lines.push(field(
        "Mobile",
        row.phone.as_deref().map_or_else(none, phone_for_people),
    ));
    lines.push(field(
        "Postcode",
        detail.postcode.clone().unwrap_or_else(none),
    ));
    let roles = view.content.roles.titles(&row.roles).join(", ");
    lines.push(field(
        "Roles",
        if roles.is_empty() { none() } else { roles },
    ));
    let contracts: Vec<&str> = detail
        .contract_types
        .iter()
        .map(|c| kiosk.contract_types.option(c.as_ref()))
        .collect();
    lines.push(field(
        "Kind of work",
        if contracts.is_empty() {
            none()
        } else {
            contracts.join(", ")
        },
    ));
    let patterns: Vec<&str> = detail
        .work_patterns
        .iter()
        .map(|p| kiosk.work_patterns.option(p.as_ref()))
        .collect();
    lines.push(field(
        "When",
        if patterns.is_empty() {
            none()
        } else {
            patterns.join(", ")
        },
    ));
    lines.push(field(
        "Right to work",
        right_to_work_label(row.right_to_work),
    ));
    lines.push(field(
        "Caring before",
        detail.care_experience.map_or_else(none, |c| {
            kiosk.care_experience.option(c.as_ref()).to_string()
        }),
    ));
    lines.push(field(
        "Adjustments",
        if detail.adjustments.is_empty() {
            "None asked for".to_string()
        } else {
            detail.adjustments.clone()
        },
    ));
    lines.push(Line::from(""));
    lines.push(field("Source", source_label(detail.source)));
    lines.push(field(
        "Registered",
        local_time(row.registered_at, view.timezone),
    ));
    lines.push(field(
        "Arrived",
        row.arrived_at
            .map_or_else(|| "Not yet".to_string(), |at| local_time(at, view.timezone)),
    ));

    let mut hints = vec!["Esc back to the queue", "e correct contact details"];
    if row.possible_duplicate {
        hints.push("m merge (same person)");
        hints.push("c not a duplicate");
    }
    match row.status {
        Status::Waiting => hints.push("n mark as no-show"),
        Status::Booked | Status::NoShow => hints.push("a mark as arrived"),
    }
    hints.push("Ctrl-C quit");
    // A question (merge? y = yes) wraps whole: any other key answers it, so it must be read.
    let notice_rows = view.notice.map_or(1, |(text, error)| {
        let prefix = if error { "Error: " } else { "" };
        crate::tui::widgets::wrapped_height(&format!("{prefix}{text}"), area.width).max(1)
    });
    let [body, notice, keys] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(notice_rows),
        Constraint::Length(hint_height(&hints, area.width)),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    if let Some((text, error)) = view.notice {
        let mut spans = Vec::new();
        if error {
            spans.push(Span::from("Error: ").bold().red());
        }
        spans.push(Span::from(visible(text).into_owned()).bold());
        frame.render_widget(
            Paragraph::new(Line::from(spans)).wrap(Wrap { trim: true }),
            notice,
        );
    }
    hint_line(frame, keys, &hints);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_the_event_time_zone_across_the_clock_change() {
        let before = DateTime::parse_from_rfc3339("2026-03-29T00:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let after = DateTime::parse_from_rfc3339("2026-03-29T09:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let london = chrono_tz::Europe::London;
        assert_eq!(local_time(before, london), "00:30 GMT, Sun 29 Mar");
        assert_eq!(local_time(after, london), "10:30 BST, Sun 29 Mar");
    }

    #[test]
    fn mobiles_read_the_way_people_say_them() {
        assert_eq!(phone_for_people("+447700900982"), "07700 900982");
        assert_eq!(phone_for_people("12345"), "12345");
    }
}
