//! The offer: a short form the recruiter confirms after deciding "offer", then the QR screen
//! the candidate scans (and the slip printed from it).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use strum::IntoEnumIterator;
use tui_input::Input;

use crate::content::{Content, Documents};
use crate::domain::offer::{Check, Contract, DocumentSeen, NewOffer, OfferKind, OfferStatus};
use crate::domain::roles::Role;
use crate::domain::text::visible;
use crate::qr::QrMatrix;
use crate::qr::{FittedQr, QrWidget, fits};
use crate::store::CandidateDetail;
use crate::store::offers::OfferRecord;
use crate::tui::widgets::{ErrorSummary, TextField, wrapped_height};

use super::queue::hint_line;

/// The form's fields, in Tab order: top to bottom as the screen shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Kind,
    Role,
    Contract,
    Site,
    Hours,
    Expires,
    Identity,
    RightToWork,
    ShareCode,
    Save,
}

const FIELDS: [Field; 10] = [
    Field::Kind,
    Field::Role,
    Field::Contract,
    Field::Site,
    Field::Hours,
    Field::Expires,
    Field::Identity,
    Field::RightToWork,
    Field::ShareCode,
    Field::Save,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferFormAction {
    None,
    Save(Box<NewOffer>),
    Cancel,
}

/// The offer form.
#[derive(Debug, Clone)]
pub struct OfferForm {
    candidate: Box<CandidateDetail>,
    screening_id: Option<String>,
    /// The candidate's roles of interest first, then every other role.
    roles: Vec<Role>,
    role: usize,
    kind: OfferKind,
    contract: Contract,
    site: Input,
    hours: Input,
    expires: Input,
    /// The documents to choose from (`documents.toml`); the first of each list is "none seen".
    documents: Documents,
    identity: usize,
    right_to_work: usize,
    share_code: Input,
    focus: Field,
    today: NaiveDate,
    errors: Vec<String>,
}

impl OfferForm {
    pub fn new(
        candidate: Box<CandidateDetail>,
        screening_id: Option<String>,
        content: &Content,
        valid_days: u32,
        today: NaiveDate,
    ) -> Self {
        let mut roles: Vec<Role> = candidate
            .row
            .roles
            .iter()
            .filter_map(|code| content.roles.get(code).cloned())
            .collect();
        for role in &content.roles.roles {
            if !roles.iter().any(|r| r.code == role.code) {
                roles.push(role.clone());
            }
        }
        let hours = roles.first().map(|r| r.hours.clone()).unwrap_or_default();
        let expires = (today + Duration::days(i64::from(valid_days)))
            .format("%Y-%m-%d")
            .to_string();
        Self {
            candidate,
            screening_id,
            roles,
            role: 0,
            kind: OfferKind::Offer,
            contract: Contract::Permanent,
            site: Input::default(),
            hours: Input::new(hours),
            expires: Input::new(expires),
            documents: content.documents.clone(),
            identity: 0,
            right_to_work: 0,
            share_code: Input::default(),
            focus: Field::Site,
            today,
            errors: Vec::new(),
        }
    }

    pub fn candidate(&self) -> &CandidateDetail {
        &self.candidate
    }

    /// Saving failed in the shell; say why and keep everything.
    pub fn failed(&mut self, message: String) {
        self.errors = vec![message];
    }

    pub fn key(&mut self, key: KeyEvent) -> OfferFormAction {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('s') {
            return self.save();
        }
        match key.code {
            KeyCode::Esc => return OfferFormAction::Cancel,
            KeyCode::Tab | KeyCode::Down => {
                self.focus = fields[(at + 1) % fields.len()];
                return OfferFormAction::None;
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = fields[(at + fields.len() - 1) % fields.len()];
                return OfferFormAction::None;
            }
            _ => {}
        }
        let step = |key: &KeyEvent| match key.code {
            KeyCode::Left => Some(-1i64),
            KeyCode::Right | KeyCode::Char(' ') => Some(1),
            _ => None,
        };
        match self.focus {
            Field::Kind => {
                if step(&key).is_some() {
                    self.kind = match self.kind {
                        OfferKind::Offer => OfferKind::TalentPool,
                        OfferKind::TalentPool => OfferKind::Offer,
                    };
                }
            }
            Field::Role => {
                if let Some(step) = step(&key) {
                    let count = self.roles.len() as i64;
                    if count > 0 {
                        self.role = (self.role as i64 + step).rem_euclid(count) as usize;
                        if let Some(role) = self.roles.get(self.role) {
                            self.hours = Input::new(role.hours.clone());
                        }
                    }
                }
            }
            Field::Contract => {
                if let Some(step) = step(&key) {
                    let all: Vec<Contract> = Contract::iter().collect();
                    let now = all.iter().position(|c| *c == self.contract).unwrap_or(0) as i64;
                    self.contract = all[(now + step).rem_euclid(all.len() as i64) as usize];
                }
            }
            Field::Identity => {
                if let Some(step) = step(&key) {
                    self.identity = cycle(self.identity, step, self.documents.identity.len());
                }
            }
            Field::RightToWork => {
                if let Some(step) = step(&key) {
                    self.right_to_work =
                        cycle(self.right_to_work, step, self.documents.right_to_work.len());
                }
            }
            Field::ShareCode => edit(&mut self.share_code, key),
            Field::Site => edit(&mut self.site, key),
            Field::Hours => edit(&mut self.hours, key),
            Field::Expires => edit(&mut self.expires, key),
            Field::Save => {
                if key.code == KeyCode::Enter {
                    return self.save();
                }
            }
        }
        if key.code == KeyCode::Enter && self.focus != Field::Save {
            self.focus = fields[(at + 1) % fields.len()];
        }
        OfferFormAction::None
    }

    /// The fields in Tab order; the share code only when an online check was chosen.
    fn fields(&self) -> Vec<Field> {
        FIELDS
            .into_iter()
            .filter(|f| *f != Field::ShareCode || self.takes_share_code())
            .collect()
    }

    /// Whether the right-to-work document chosen takes a Home Office share code.
    fn takes_share_code(&self) -> bool {
        self.documents
            .right_to_work
            .get(self.right_to_work)
            .is_some_and(|d| d.share_code)
    }

    fn documents_seen(&self, problems: &mut Vec<String>) -> Vec<DocumentSeen> {
        let mut seen = Vec::new();
        // The first entry of each list is "not seen today": nothing to record.
        if let Some(document) = self
            .documents
            .identity
            .get(self.identity)
            .filter(|_| self.identity > 0)
        {
            seen.push(DocumentSeen {
                check: Check::Identity,
                document: document.label.clone(),
                share_code: None,
            });
        }
        if let Some(document) = self
            .documents
            .right_to_work
            .get(self.right_to_work)
            .filter(|_| self.right_to_work > 0)
        {
            let share_code = if document.share_code {
                match crate::domain::offer::share_code(self.share_code.value()) {
                    Ok(code) => Some(code),
                    Err(e) => {
                        problems.push(format!("Share code: {e}"));
                        None
                    }
                }
            } else {
                None
            };
            seen.push(DocumentSeen {
                check: Check::RightToWork,
                document: document.label.clone(),
                share_code,
            });
        }
        seen
    }

    fn save(&mut self) -> OfferFormAction {
        let mut problems = Vec::new();
        let site = self.site.value().trim().to_string();
        if site.is_empty() {
            problems.push(
                "Site or ward: write where the job is, like \"St James's, Ward 12\"".to_string(),
            );
        }
        let hours = self.hours.value().trim().to_string();
        if hours.is_empty() {
            problems.push("Hours: write the hours, like \"37.5 hours a week\"".to_string());
        }
        let expires = NaiveDate::parse_from_str(self.expires.value().trim(), "%Y-%m-%d");
        match expires {
            Ok(date) if date < self.today => {
                problems.push(format!(
                    "Open until: {date} is in the past; choose a later date"
                ));
            }
            Err(_) => problems
                .push("Open until: write the date as YYYY-MM-DD, like 2026-12-07".to_string()),
            Ok(_) => {}
        }
        let documents_seen = self.documents_seen(&mut problems);
        let Some(role) = self.roles.get(self.role) else {
            problems.push("Role: there are no roles in assets/roles.toml".to_string());
            self.errors = problems;
            return OfferFormAction::None;
        };
        if !problems.is_empty() {
            self.errors = problems;
            return OfferFormAction::None;
        }
        self.errors.clear();
        OfferFormAction::Save(Box::new(NewOffer {
            candidate_id: self.candidate.row.id.clone(),
            screening_id: self.screening_id.clone(),
            kind: self.kind,
            role_code: role.code.clone(),
            site,
            contract: self.contract,
            hours,
            conditions: Check::for_role(role),
            expires_on: expires.unwrap_or(self.today),
            documents_seen,
        }))
    }
}

/// The label of the document chosen in `list`, empty if there is none.
fn label(list: &[crate::content::DocumentChoice], at: usize) -> &str {
    list.get(at).map_or("", |d| d.label.as_str())
}

fn cycle(at: usize, step: i64, len: usize) -> usize {
    (at as i64 + step).rem_euclid(len.max(1) as i64) as usize
}

fn edit(input: &mut Input, key: KeyEvent) {
    crate::tui::widgets::edit_bounded(input, key, 200);
}

pub fn render_form(frame: &mut Frame, form: &OfferForm) {
    let area = frame.area();
    let row = &form.candidate.row;
    let errors_height = if form.errors.is_empty() {
        0
    } else {
        ErrorSummary {
            title: "",
            messages: &form.errors,
        }
        .height(area.width)
    };
    let share = form.takes_share_code();
    let [
        title,
        errors,
        choices,
        site,
        hours,
        expires,
        documents,
        share_code,
        conditions,
        save,
        hints,
    ] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(errors_height),
        Constraint::Length(4),
        Constraint::Length(TextField::HEIGHT),
        Constraint::Length(TextField::HEIGHT),
        Constraint::Length(TextField::HEIGHT),
        Constraint::Length(3),
        Constraint::Length(if share { TextField::HEIGHT } else { 0 }),
        Constraint::Min(2),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(format!(
                "Offer for {} {} · {}",
                visible(&row.given_name),
                visible(&row.family_name),
                visible(&row.ticket)
            ))
            .bold(),
            Line::from("Confirm the details; the candidate gets a QR code to onboarding.").dim(),
        ]),
        title,
    );
    if !form.errors.is_empty() {
        frame.render_widget(
            ErrorSummary {
                title: "There is a problem",
                messages: &form.errors,
            },
            errors,
        );
    }
    let focused = |field: Field| {
        if form.focus == field {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
        }
    };
    let role = form.roles.get(form.role);
    let role_text = role.map_or("-".to_string(), |r| format!("{} ({})", r.title, r.band));
    let interested = role.is_some_and(|r| row.roles.contains(&r.code));
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::from(format!("{:<14}", "What")),
                Span::styled(
                    match form.kind {
                        OfferKind::Offer => "◀ Conditional job offer ▶",
                        OfferKind::TalentPool => "◀ Talent pool place (no vacancy today) ▶",
                    },
                    focused(Field::Kind),
                ),
            ]),
            Line::from(vec![
                Span::from(format!("{:<14}", "Role")),
                Span::styled(format!("◀ {role_text} ▶"), focused(Field::Role)),
                Span::from(if interested { "  (interested)" } else { "" }).dim(),
            ]),
            Line::from(vec![
                Span::from(format!("{:<14}", "Contract")),
                Span::styled(
                    format!("◀ {} ▶", form.contract.title()),
                    focused(Field::Contract),
                ),
            ]),
        ]),
        choices,
    );
    for (field, input, label, rect) in [
        (Field::Site, &form.site, " Site or ward area ", site),
        (Field::Hours, &form.hours, " Hours ", hours),
        (
            Field::Expires,
            &form.expires,
            " Open until (YYYY-MM-DD) ",
            expires,
        ),
    ] {
        TextField {
            label,
            input,
            focused: form.focus == field,
            masked: false,
            error: false,
        }
        .render(frame, rect);
    }
    frame.render_widget(
        Paragraph::new(vec![
            Line::from("Documents seen in the original today (no copies, no numbers):").dim(),
            Line::from(vec![
                Span::from(format!("{:<14}", "Identity")),
                Span::styled(
                    format!("◀ {} ▶", label(&form.documents.identity, form.identity)),
                    focused(Field::Identity),
                ),
            ]),
            Line::from(vec![
                Span::from(format!("{:<14}", "Right to work")),
                Span::styled(
                    format!(
                        "◀ {} ▶",
                        label(&form.documents.right_to_work, form.right_to_work)
                    ),
                    focused(Field::RightToWork),
                ),
            ]),
        ]),
        documents,
    );
    if share {
        TextField {
            label: " Home Office share code, like W2X 7KP 9HQ ",
            input: &form.share_code,
            focused: form.focus == Field::ShareCode,
            masked: false,
            error: false,
        }
        .render(frame, share_code);
    }
    // The checks follow the documents as they are marked seen: still to do, then started today.
    let checks = role.map(Check::for_role).unwrap_or_default();
    let seen = form.documents_seen(&mut Vec::new());
    let started: Vec<Check> = seen.iter().map(|d| d.check).collect();
    const HEADING: &str = "Conditional on the NHS Employment Check Standards:";
    let still: Vec<String> = crate::domain::offer::still_to_do(&checks, &started)
        .iter()
        .map(|c| c.title().to_string())
        .collect();
    let done: Vec<String> = seen
        .iter()
        .filter(|d| checks.contains(&d.check))
        .map(|d| format!("{}: {} seen today", d.check.title(), d.document))
        .collect();
    let mut lines = vec![Line::from(HEADING).dim()];
    lines.extend(still.iter().map(|c| Line::from(format!("• {c}"))));
    lines.extend(done.iter().map(|d| Line::from(format!("✓ {d}"))));
    let rows: u16 = lines
        .iter()
        .map(|l| wrapped_height(&l.to_string(), conditions.width).max(1))
        .sum();
    if rows > conditions.height {
        // At 80×24 a list a line each does not fit: the same words run on, whole.
        lines = vec![Line::from(vec![
            Span::from(format!("{HEADING} ")).dim(),
            Span::from(format!("{}.", still.join("; "))),
        ])];
        if !done.is_empty() {
            lines.push(Line::from(format!("✓ {}.", done.join("; "))));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), conditions);
    frame.render_widget(
        Paragraph::new(Line::styled(
            "[ Make the offer ]  (Ctrl-S)",
            focused(Field::Save).add_modifier(Modifier::BOLD),
        )),
        save,
    );
    hint_line(
        frame,
        hints,
        &[
            "Tab next",
            "←/→ choose",
            "Ctrl-S make the offer",
            "Esc not now",
        ],
    );
}

/// The QR screen: the code big enough to scan, the reference and the link.
#[derive(Debug, Clone)]
pub struct OfferShown {
    offer: OfferRecord,
    code: Result<QrMatrix, String>,
    /// Only the code, the role and the reference: for turning the screen round.
    candidate_view: bool,
    printer: Option<String>,
    message: Option<(String, bool)>,
    /// Slips printed while this screen is open; a second print must be asked for twice.
    printed: u32,
    confirm_reprint: bool,
    /// Closing the offer: withdrawn or declined, and the reason being typed.
    closing: Option<(OfferStatus, Input)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferShownAction {
    None,
    /// Withdraw the offer, or record that the candidate declined it.
    Close {
        offer_id: String,
        status: OfferStatus,
        reason: String,
    },
    Print {
        offer_id: String,
    },
    /// Back to the queue.
    Back,
}

impl OfferShown {
    pub fn new(offer: OfferRecord, printer: Option<String>) -> Self {
        let code = QrMatrix::encode(&offer.onboarding_url).map_err(|e| e.to_string());
        Self {
            offer,
            code,
            candidate_view: false,
            printer,
            message: None,
            printed: 0,
            confirm_reprint: false,
            closing: None,
        }
    }

    /// A slip printed.
    pub fn printed(&mut self, done: String) {
        self.printed += 1;
        self.message = Some((format!("Printed: {done}"), false));
    }

    pub fn offer(&self) -> &OfferRecord {
        &self.offer
    }

    pub fn said(&mut self, message: String, error: bool) {
        self.message = Some((message, error));
    }

    pub fn key(&mut self, key: KeyEvent) -> OfferShownAction {
        if let Some((status, reason)) = &mut self.closing {
            match key.code {
                KeyCode::Esc => self.closing = None,
                KeyCode::Enter if reason.value().trim().is_empty() => {
                    self.message = Some(("Write the reason, then press Enter".into(), true));
                }
                KeyCode::Enter => {
                    let action = OfferShownAction::Close {
                        offer_id: self.offer.id.clone(),
                        status: *status,
                        reason: reason.value().trim().to_string(),
                    };
                    self.closing = None;
                    return action;
                }
                _ => edit(reason, key),
            }
            return OfferShownAction::None;
        }
        match key.code {
            KeyCode::Char('w') if self.offer.status == OfferStatus::Made => {
                self.closing = Some((OfferStatus::Withdrawn, Input::default()));
                OfferShownAction::None
            }
            KeyCode::Char('d') if self.offer.status == OfferStatus::Made => {
                self.closing = Some((OfferStatus::Declined, Input::default()));
                OfferShownAction::None
            }
            KeyCode::Char('c') => {
                self.candidate_view = !self.candidate_view;
                OfferShownAction::None
            }
            KeyCode::Char('p') => {
                if self.printer.is_some() && self.printed > 0 && !self.confirm_reprint {
                    self.confirm_reprint = true;
                    self.message = Some((
                        "The slip has printed already. Press p again to print another copy.".into(),
                        false,
                    ));
                    OfferShownAction::None
                } else if self.printer.is_some() {
                    self.confirm_reprint = false;
                    OfferShownAction::Print {
                        offer_id: self.offer.id.clone(),
                    }
                } else {
                    self.message = Some((
                        "No printer is set. Set one with: fairfloor event --printer cups:QUEUE (or escpos:..., file:slip.pdf)".into(),
                        true,
                    ));
                    OfferShownAction::None
                }
            }
            KeyCode::Esc | KeyCode::Char('q') => OfferShownAction::Back,
            _ => {
                self.confirm_reprint = false;
                OfferShownAction::None
            }
        }
    }
}

pub fn render_shown(
    frame: &mut Frame,
    shown: &OfferShown,
    content: &Content,
    timezone: Tz,
    now: DateTime<Utc>,
) {
    let _ = now;
    let area = frame.area();
    let [body, hints] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let offer = &shown.offer;
    let role = content
        .roles
        .get(&offer.role_code)
        .map_or(offer.role_code.as_str(), |r| r.title.as_str());
    let headline = match offer.kind {
        OfferKind::Offer => format!("Conditional offer: {role}"),
        OfferKind::TalentPool => format!("Talent pool: {role}"),
    };
    let words = Words {
        shown,
        headline: &headline,
        timezone,
    };
    let stacked = code_area(area, shown.candidate_view);
    let field_area = match &shown.code {
        Ok(matrix) if fits(matrix, stacked) => {
            render_stacked(frame, words, area);
            frame.render_widget(QrWidget { matrix }, stacked);
            stacked
        }
        // Too short for words above and below the code (80×24): put them beside it.
        Ok(matrix) => match FittedQr::new(matrix, beside_code(body)) {
            Some(fitted) => {
                frame.render_widget(fitted, body);
                let text = Rect {
                    x: fitted.target.right() + 2,
                    width: body.right().saturating_sub(fitted.target.right() + 3),
                    ..body
                };
                render_beside(frame, words, text);
                body
            }
            None => {
                render_stacked(frame, words, area);
                let (w, h) = FittedQr::smallest_size(matrix);
                frame.render_widget(
                    Paragraph::new(vec![
                        Line::from("The window is too small to show a QR code that phones can scan.").bold(),
                        Line::from(format!(
                            "Make it at least {} × {} (or use a smaller font), or press p to print the slip.",
                            w + TEXT_BESIDE_CODE,
                            h + 1
                        )),
                    ])
                    .wrap(Wrap { trim: true })
                    .centered(),
                    stacked,
                );
                stacked
            }
        },
        Err(e) => {
            render_stacked(frame, words, area);
            frame.render_widget(
                Paragraph::new(format!("No QR code: {e}")).wrap(Wrap { trim: true }),
                stacked,
            );
            stacked
        }
    };
    if let Some((status, reason)) = &shown.closing {
        let label = match status {
            OfferStatus::Withdrawn => " Why is the offer withdrawn? (Enter saves, Esc cancels) ",
            _ => " Why did the candidate decline? (Enter saves, Esc cancels) ",
        };
        let [_, field] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(TextField::HEIGHT)])
                .areas(field_area);
        frame.render_widget(ratatui::widgets::Clear, field);
        TextField {
            label,
            input: reason,
            focused: true,
            masked: false,
            error: false,
        }
        .render(frame, field);
    }
    // The candidate's view is for the candidate: no staff keys (c still goes back).
    if !shown.candidate_view {
        hint_line(
            frame,
            hints,
            &[
                "c candidate view",
                "p print slip",
                "w withdraw",
                "d declined",
                "Esc back to the queue",
            ],
        );
    }
}

/// Columns kept for the words when they go beside the code.
const TEXT_BESIDE_CODE: u16 = 32;

/// What the candidate reads next to their code.
const SCAN_PROMPT: &str = "Scan this code with your phone's camera to start your onboarding.";

/// Where the code may go when the words sit to its right.
fn beside_code(body: Rect) -> Rect {
    Rect {
        width: body.width.saturating_sub(TEXT_BESIDE_CODE),
        ..body
    }
}

/// The staff view's line about the offer's maker, or the last thing said (an error in red).
fn said_line(shown: &OfferShown, timezone: Tz) -> Line<'static> {
    let offer = &shown.offer;
    let (text, error) = shown.message.clone().unwrap_or_else(|| {
        (
            format!(
                "Made by {} at {}",
                offer.staff_name,
                offer.created_at.with_timezone(&timezone).format("%H:%M %Z")
            ),
            false,
        )
    });
    if error {
        Line::from(vec![Span::from("Error: ").bold().red(), Span::from(text)])
    } else {
        Line::from(text)
    }
}

/// What the QR screen says around the code.
#[derive(Clone, Copy)]
struct Words<'a> {
    shown: &'a OfferShown,
    headline: &'a str,
    timezone: Tz,
}

/// The words above and below the code (tall windows).
fn render_stacked(frame: &mut Frame, words: Words<'_>, area: Rect) {
    let shown = words.shown;
    let offer = &shown.offer;
    let [top, _, bottom, _] = stacked_areas(area, shown.candidate_view);
    let mut top_lines = vec![Line::from(words.headline.to_string()).bold()];
    if shown.candidate_view {
        top_lines.push(Line::from(SCAN_PROMPT));
    }
    top_lines.push(Line::from(format!("Reference {}", offer.reference)));
    if !shown.candidate_view {
        top_lines.push(Line::from(format!(
            "{} · {} · {} · open until {}",
            visible(&offer.candidate_name),
            offer.site,
            offer.contract.title(),
            offer.expires_on.format("%-d %b %Y")
        )));
    }
    frame.render_widget(Paragraph::new(top_lines).centered(), top);
    let mut bottom_lines = vec![Line::from(offer.onboarding_url.clone()).centered()];
    if !shown.candidate_view {
        bottom_lines.push(said_line(shown, words.timezone).centered());
    }
    frame.render_widget(
        Paragraph::new(bottom_lines).wrap(Wrap { trim: true }),
        bottom,
    );
}

/// The words in a column to the right of the code (80×24), wrapped, nothing cut.
fn render_beside(frame: &mut Frame, words: Words<'_>, area: Rect) {
    let shown = words.shown;
    let offer = &shown.offer;
    let mut lines = vec![
        Line::default(),
        Line::from(words.headline.to_string()).bold(),
        Line::default(),
    ];
    if shown.candidate_view {
        lines.extend([
            Line::from(SCAN_PROMPT),
            Line::default(),
            Line::from(format!("Your reference is {}.", offer.reference)),
            Line::default(),
            Line::from("No camera? Type this link:"),
            Line::from(offer.onboarding_url.clone()),
        ]);
    } else {
        lines.extend([
            Line::from(format!("Reference {}", offer.reference)),
            Line::from(visible(&offer.candidate_name).into_owned()),
            Line::from(offer.site.clone()),
            Line::from(offer.contract.title()),
            Line::from(format!(
                "Open until {}",
                offer.expires_on.format("%-d %b %Y")
            )),
            Line::default(),
            Line::from(offer.onboarding_url.clone()),
            Line::default(),
            said_line(shown, words.timezone),
        ]);
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// The stacked layout: words above, the code, words below, the key hints.
fn stacked_areas(area: Rect, candidate_view: bool) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(if candidate_view { 1 } else { 3 }),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Where the QR code sits on screen in the stacked layout, for tests that read it back.
pub fn code_area(area: Rect, candidate_view: bool) -> Rect {
    stacked_areas(area, candidate_view)[1]
}

#[cfg(test)]
#[path = "offer_tests.rs"]
mod tests;
