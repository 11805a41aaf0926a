//! What the slip says, in order, independent of how it is drawn: every renderer (ESC/POS, PDF,
//! PNG) walks the same blocks, so the three outputs say the same thing.

use super::{PrintError, Slip, Ticket};

/// One piece of the slip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// Large, bold: the heading of the slip.
    Title(String),
    /// Bold: a person's name or a section heading.
    Heading(String),
    /// Ordinary text, wrapped.
    Text(String),
    /// A check; `done` ones were started today and are marked so.
    Check { done: bool, text: String },
    /// A plain list item (a step of what happens next).
    Bullet(String),
    /// The QR code of the onboarding link.
    Qr,
    /// The onboarding link written out: on one line when it fits, otherwise broken only after
    /// a `/` (see [`super::text::link_lines_by`]), so the token is never cut.
    Link(String),
    /// A blank line.
    Gap,
}

/// What every renderer draws: the blocks in order, the link a [`Block::Qr`] holds, and the
/// reference that names the printed job (and the PDF) and its lines in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Document {
    pub blocks: Vec<Block>,
    /// Empty for a document with no QR code.
    pub link: String,
    pub reference: String,
    /// The PDF's title, e.g. "Offer slip B-042-7K3Q".
    pub title: String,
}

impl Document {
    /// An offer slip, or an error if it lacks what it cannot be printed without.
    pub(crate) fn slip(slip: &Slip) -> Result<Self, PrintError> {
        Ok(Self {
            blocks: blocks(slip)?,
            link: slip.link.clone(),
            reference: slip.reference.clone(),
            title: format!("Offer slip {}", super::text::one_line(&slip.reference)),
        })
    }

    /// A kiosk ticket: the event, the ticket number large, and what to do now.
    pub(crate) fn ticket(ticket: &Ticket) -> Self {
        let mut blocks = Vec::new();
        if ticket.demo {
            blocks.push(Block::Title("DEMO".into()));
        }
        blocks.push(Block::Heading(ticket.event_name.clone()));
        blocks.push(Block::Gap);
        blocks.push(Block::Text("Your ticket number is".into()));
        blocks.push(Block::Title(ticket.ticket.clone()));
        blocks.push(Block::Gap);
        blocks.extend(ticket.lines.iter().cloned().map(Block::Text));
        Self {
            blocks,
            link: String::new(),
            reference: ticket.ticket.clone(),
            title: format!("Ticket {}", super::text::one_line(&ticket.ticket)),
        }
    }
}

/// The blocks of an offer slip, or an error if it lacks what it cannot be printed without.
fn blocks(slip: &Slip) -> Result<Vec<Block>, PrintError> {
    if slip.link.trim().is_empty() {
        return Err(PrintError::IncompleteSlip(
            "it has no onboarding link to put in the QR code".into(),
        ));
    }
    if slip.reference.trim().is_empty() {
        return Err(PrintError::IncompleteSlip("it has no reference".into()));
    }

    let employer = present(slip.employer_name.as_deref());
    let mut out = Vec::new();
    if slip.demo {
        out.push(Block::Title("DEMO: not a real job offer".into()));
    }
    out.extend([
        Block::Title("Conditional job offer".into()),
        Block::Heading(slip.candidate_name.clone()),
        Block::Text(format!(
            "{} to offer you this job. The offer is conditional: it becomes final when the checks below are complete.",
            employer.map_or_else(
                || "We are pleased".to_string(),
                |e| format!("{e} is pleased")
            )
        )),
    ]);
    if !slip.expires.trim().is_empty() {
        out.push(Block::Text(slip.expires.clone()));
    }
    out.push(Block::Gap);
    for (label, value) in [
        ("Employer", employer),
        ("Role", Some(slip.role_title.as_str())),
        ("Band", Some(slip.band.as_str())),
        ("Pay", slip.pay.as_deref()),
        ("Hours", Some(slip.hours.as_str())),
        ("Site", Some(slip.site.as_str())),
        ("Contract", Some(slip.contract.as_str())),
    ] {
        if let Some(value) = present(value) {
            out.push(Block::Text(format!("{label}: {value}")));
        }
    }

    let still_needed: Vec<&String> = slip
        .conditions
        .iter()
        .filter(|c| !slip.done.iter().any(|d| same(d, c)))
        .collect();
    if !still_needed.is_empty() {
        out.push(Block::Gap);
        out.push(Block::Heading("Checks still to do".into()));
        out.extend(still_needed.into_iter().map(|c| Block::Check {
            done: false,
            text: c.clone(),
        }));
    }
    if !slip.done.is_empty() {
        out.push(Block::Gap);
        out.push(Block::Heading("Started today (documents seen)".into()));
        out.extend(slip.done.iter().map(|c| Block::Check {
            done: true,
            text: c.clone(),
        }));
    }
    if !slip.what_next.is_empty() {
        out.push(Block::Gap);
        out.push(Block::Heading("What happens next".into()));
        out.extend(slip.what_next.iter().cloned().map(Block::Bullet));
    }
    if let Some(phone) = present(slip.employer_phone.as_deref()) {
        out.push(Block::Gap);
        out.push(Block::Text(format!(
            "Questions? Call {} on {}",
            employer.unwrap_or("us"),
            unbroken(phone)
        )));
    }

    out.push(Block::Gap);
    out.push(Block::Text(
        "Scan the code with your phone's camera to start your checks online, or type the link:"
            .into(),
    ));
    out.push(Block::Qr);
    out.push(Block::Link(slip.link.clone()));
    out.push(Block::Gap);
    out.push(Block::Text(format!("Reference: {}", slip.reference)));
    if !slip.recruiter.trim().is_empty() {
        out.push(Block::Text(format!("Recruiter: {}", slip.recruiter)));
    }
    if !slip.date.trim().is_empty() {
        out.push(Block::Text(format!("Date: {}", slip.date)));
    }
    Ok(out)
}

/// `value` when it says something (not missing, not only spaces).
fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// `text` with its spaces made non-breaking, so wrapping never splits it across lines (a phone
/// number split in two gets dialled wrong).
fn unbroken(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(&NO_BREAK_SPACE.to_string())
}

/// A space that wrapping never breaks at; every renderer prints it as a space.
pub(crate) const NO_BREAK_SPACE: char = '\u{A0}';

/// Two condition names are the same check if they match ignoring case and spacing at the ends.
fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}
