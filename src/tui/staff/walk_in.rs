//! The walk-in form: a recruiter registers someone at the table, all on one screen, with the
//! kiosk's validation. Nothing typed is lost when something is wrong.

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use strum::IntoEnumIterator;
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::content::Content;
use crate::domain::candidate::MAX_ROLES;
use crate::domain::contact::{self, ContactField};
use crate::domain::text::visible;
use crate::domain::validate::{FieldError, NameField, optional_free_text, person_name};
use crate::domain::{CareExperience, ContractType, Registration, RightToWork, WorkPattern};
use crate::tui::widgets::ErrorSummary;

use super::hints::hint_height;
use super::queue::hint_line;

/// Most characters in the adjustments box.
pub const ADJUSTMENTS_MAX_CHARS: usize = 500;

/// The form's fields, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    GivenName,
    FamilyName,
    Email,
    Phone,
    Postcode,
    Roles,
    ContractTypes,
    WorkPatterns,
    RightToWork,
    CareExperience,
    Adjustments,
    Consent,
    Register,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::GivenName,
        Field::FamilyName,
        Field::Email,
        Field::Phone,
        Field::Postcode,
        Field::Roles,
        Field::ContractTypes,
        Field::WorkPatterns,
        Field::RightToWork,
        Field::CareExperience,
        Field::Adjustments,
        Field::Consent,
        Field::Register,
    ];

    /// How the field is named on screen and in errors.
    pub fn label(self) -> &'static str {
        match self {
            Field::GivenName => "First name",
            Field::FamilyName => "Last name",
            Field::Email => "Email",
            Field::Phone => "Phone",
            Field::Postcode => "Postcode",
            Field::Roles => "Roles (up to 3)",
            Field::ContractTypes => "Kind of work",
            Field::WorkPatterns => "When",
            Field::RightToWork => "Right to work",
            Field::CareExperience => "Caring before",
            Field::Adjustments => "Adjustments",
            Field::Consent => "Privacy notice",
            Field::Register => "",
        }
    }

    fn text_index(self) -> Option<usize> {
        match self {
            Field::GivenName => Some(0),
            Field::FamilyName => Some(1),
            Field::Email => Some(2),
            Field::Phone => Some(3),
            Field::Postcode => Some(4),
            Field::Adjustments => Some(5),
            _ => None,
        }
    }

    fn choice_index(self) -> Option<usize> {
        match self {
            Field::Roles => Some(0),
            Field::ContractTypes => Some(1),
            Field::WorkPatterns => Some(2),
            Field::RightToWork => Some(3),
            Field::CareExperience => Some(4),
            _ => None,
        }
    }
}

/// A row of options: tick boxes (`multiple`) or radio buttons.
#[derive(Debug, Clone)]
struct Choice {
    labels: Vec<String>,
    chosen: Vec<bool>,
    cursor: usize,
    multiple: bool,
    max: usize,
}

impl Choice {
    fn new(labels: Vec<String>, multiple: bool, max: usize) -> Self {
        let chosen = vec![false; labels.len()];
        Self {
            labels,
            chosen,
            cursor: 0,
            multiple,
            max,
        }
    }

    /// Ticks or unticks the option under the cursor; `Err` when that would pass the maximum.
    fn toggle(&mut self) -> Result<(), ()> {
        let Some(on) = self.chosen.get(self.cursor).copied() else {
            return Ok(());
        };
        if !self.multiple {
            self.chosen.iter_mut().for_each(|c| *c = false);
            self.chosen[self.cursor] = !on;
            return Ok(());
        }
        if !on && self.count() >= self.max {
            return Err(());
        }
        self.chosen[self.cursor] = !on;
        Ok(())
    }

    fn count(&self) -> usize {
        self.chosen.iter().filter(|c| **c).count()
    }

    fn picked(&self) -> impl Iterator<Item = usize> + '_ {
        self.chosen
            .iter()
            .enumerate()
            .filter(|(_, on)| **on)
            .map(|(i, _)| i)
    }

    fn any(&self) -> bool {
        self.chosen.iter().any(|c| *c)
    }
}

/// What a key in the form asks the app to do.
#[derive(Debug)]
pub enum WalkInAction {
    None,
    Cancel,
    Submit(Box<Registration>),
}

#[derive(Debug, Clone)]
pub struct WalkIn {
    texts: [Input; 6],
    choices: [Choice; 5],
    role_codes: Vec<String>,
    consent: bool,
    privacy_version: String,
    focus: usize,
    errors: Vec<(Field, String)>,
    /// Esc was pressed with something typed: the next Esc discards.
    confirm_cancel: bool,
    notice: Option<String>,
    saving_failed: Option<String>,
}

impl WalkIn {
    pub fn new(content: &Content) -> Self {
        let kiosk = &content.kiosk;
        let roles = Choice::new(
            content
                .roles
                .roles
                .iter()
                .map(|r| r.title.clone())
                .collect(),
            true,
            MAX_ROLES,
        );
        let contracts = Choice::new(
            ContractType::iter()
                .map(|c| kiosk.contract_types.option(c.as_ref()).to_string())
                .collect(),
            true,
            usize::MAX,
        );
        let patterns = Choice::new(
            WorkPattern::iter()
                .map(|p| kiosk.work_patterns.option(p.as_ref()).to_string())
                .collect(),
            true,
            usize::MAX,
        );
        let rtw = Choice::new(
            RightToWork::iter()
                .map(|r| kiosk.right_to_work.option(r.as_ref()).to_string())
                .collect(),
            false,
            1,
        );
        let care = Choice::new(
            CareExperience::iter()
                .map(|c| kiosk.care_experience.option(c.as_ref()).to_string())
                .collect(),
            false,
            1,
        );
        Self {
            texts: Default::default(),
            choices: [roles, contracts, patterns, rtw, care],
            role_codes: content.roles.roles.iter().map(|r| r.code.clone()).collect(),
            consent: false,
            privacy_version: content.privacy.version.clone(),
            focus: 0,
            errors: Vec::new(),
            confirm_cancel: false,
            notice: None,
            saving_failed: None,
        }
    }

    pub fn focus(&self) -> Field {
        Field::ALL[self.focus.min(Field::ALL.len() - 1)]
    }

    pub fn errors(&self) -> &[(Field, String)] {
        &self.errors
    }

    pub fn confirming_cancel(&self) -> bool {
        self.confirm_cancel
    }

    /// Whether anything has been typed or chosen.
    pub fn touched(&self) -> bool {
        self.texts.iter().any(|t| !t.value().trim().is_empty())
            || self.choices.iter().any(Choice::any)
            || self.consent
    }

    /// Saving failed in the store: say so and keep everything.
    pub fn save_failed(&mut self, message: String) {
        self.saving_failed = Some(message);
    }

    fn move_focus(&mut self, forward: bool) {
        let n = Field::ALL.len();
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    pub fn key(&mut self, key: KeyEvent) -> WalkInAction {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('s' | 'S')) {
            self.confirm_cancel = false;
            return self.submit();
        }
        if key.code == KeyCode::Esc {
            if self.confirm_cancel || !self.touched() {
                return WalkInAction::Cancel;
            }
            self.confirm_cancel = true;
            return WalkInAction::None;
        }
        self.confirm_cancel = false;
        self.notice = None;
        let field = self.focus();
        match key.code {
            KeyCode::Tab | KeyCode::Down => self.move_focus(true),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(false),
            KeyCode::Enter if field == Field::Register => return self.submit(),
            KeyCode::Enter => self.move_focus(true),
            _ => {
                if let Some(i) = field.text_index() {
                    if let Some(request) = to_input_request(&TermEvent::Key(key)) {
                        self.texts[i].handle(request);
                    }
                } else if let Some(i) = field.choice_index() {
                    let choice = &mut self.choices[i];
                    let last = choice.labels.len().saturating_sub(1);
                    let toggle = match key.code {
                        KeyCode::Left => {
                            choice.cursor = choice.cursor.saturating_sub(1);
                            false
                        }
                        KeyCode::Right => {
                            choice.cursor = (choice.cursor + 1).min(last);
                            false
                        }
                        KeyCode::Home => {
                            choice.cursor = 0;
                            false
                        }
                        KeyCode::End => {
                            choice.cursor = last;
                            false
                        }
                        KeyCode::Char(' ') => true,
                        // 1 to 9 tick that option directly.
                        KeyCode::Char(c @ '1'..='9') => {
                            let index = c as usize - '1' as usize;
                            let exists = index < choice.labels.len();
                            if exists {
                                choice.cursor = index;
                            }
                            exists
                        }
                        _ => false,
                    };
                    if toggle && choice.toggle().is_err() {
                        self.notice = Some(format!(
                            "Up to {MAX_ROLES} roles: untick one first (Space)."
                        ));
                    }
                } else if field == Field::Consent && key.code == KeyCode::Char(' ') {
                    self.consent = !self.consent;
                } else if field == Field::Register && key.code == KeyCode::Char(' ') {
                    return self.submit();
                }
            }
        }
        WalkInAction::None
    }

    fn submit(&mut self) -> WalkInAction {
        self.saving_failed = None;
        match self.validate() {
            Ok(registration) => {
                self.errors.clear();
                WalkInAction::Submit(Box::new(registration))
            }
            Err(errors) => {
                if let Some((first, _)) = errors.first() {
                    self.focus = Field::ALL.iter().position(|f| f == first).unwrap_or(0);
                }
                self.errors = errors;
                WalkInAction::None
            }
        }
    }

    /// Checks every field; the registration to save, or each problem with the field it is in.
    pub fn validate(&self) -> Result<Registration, Vec<(Field, String)>> {
        let mut errors = Vec::new();
        let text = |field: Field| self.texts[field.text_index().unwrap_or(0)].value();
        let mut check = |field: Field, result: Result<String, FieldError>| match result {
            Ok(value) => Some(value),
            Err(error) => {
                errors.push((field, message(field, &error)));
                None
            }
        };
        let given = check(
            Field::GivenName,
            person_name(text(Field::GivenName), NameField::Given),
        );
        let family = check(
            Field::FamilyName,
            person_name(text(Field::FamilyName), NameField::Family),
        );
        let postcode = match contact::postcode(text(Field::Postcode)) {
            Ok(postcode) => postcode,
            Err(error) => {
                check(Field::Postcode, Err(error));
                None
            }
        };
        let adjustments = check(
            Field::Adjustments,
            optional_free_text(text(Field::Adjustments), ADJUSTMENTS_MAX_CHARS),
        );
        // The kiosk's and the import's rule: an email or a phone (mobile or landline).
        let reach = contact::reach(text(Field::Email), text(Field::Phone))
            .map_err(|problems| {
                for (field, error) in problems {
                    let field = match field {
                        ContactField::Email => Field::Email,
                        ContactField::Phone => Field::Phone,
                    };
                    check(field, Err(error));
                }
            })
            .unwrap_or_default();
        let roles: Vec<String> = self.choices[0]
            .picked()
            .filter_map(|i| self.role_codes.get(i).cloned())
            .collect();
        if roles.is_empty() {
            errors.push((
                Field::Roles,
                "Roles: choose at least one role (move with ←/→, tick with Space)".to_string(),
            ));
        } else if roles.len() > MAX_ROLES {
            errors.push((
                Field::Roles,
                format!("Roles: choose no more than {MAX_ROLES}"),
            ));
        }
        let contract_types: Vec<ContractType> = {
            let all: Vec<ContractType> = ContractType::iter().collect();
            self.choices[1]
                .picked()
                .filter_map(|i| all.get(i).copied())
                .collect()
        };
        let work_patterns: Vec<WorkPattern> = {
            let all: Vec<WorkPattern> = WorkPattern::iter().collect();
            self.choices[2]
                .picked()
                .filter_map(|i| all.get(i).copied())
                .collect()
        };
        let right_to_work = self.choices[3]
            .picked()
            .next()
            .and_then(|i| RightToWork::iter().nth(i));
        if right_to_work.is_none() {
            errors.push((
                Field::RightToWork,
                "Right to work: choose Yes, No or Not sure (←/→ and Space)".to_string(),
            ));
        }
        let care_experience = self.choices[4]
            .picked()
            .next()
            .and_then(|i| CareExperience::iter().nth(i));
        if !self.consent {
            errors.push((
                Field::Consent,
                "Privacy notice: the candidate must read it and agree before you register them (Space ticks)"
                    .to_string(),
            ));
        }
        // Report in the order of the form, so the first error is the first bad field.
        errors.sort_by_key(|(field, _)| Field::ALL.iter().position(|f| f == field));
        match (given, family, adjustments) {
            (Some(given_name), Some(family_name), Some(adjustments)) if errors.is_empty() => {
                Ok(Registration {
                    given_name,
                    family_name,
                    email: reach.email,
                    phone: reach.phone,
                    postcode,
                    roles,
                    contract_types,
                    work_patterns,
                    right_to_work,
                    care_experience,
                    adjustments,
                    equality: Vec::new(),
                    privacy_version: Some(self.privacy_version.clone()),
                })
            }
            _ => Err(errors),
        }
    }
}

/// A validation error as the staff see it: the field named first, then how to fix it.
fn message(field: Field, error: &FieldError) -> String {
    let how = match error {
        FieldError::ContactMissing => {
            return "Email or phone: enter at least one (a mobile or a landline), so we can contact the candidate"
                .to_string();
        }
        FieldError::NameMissing(NameField::Given) => "enter the candidate's first name".to_string(),
        FieldError::NameMissing(NameField::Family) => "enter the candidate's last name".to_string(),
        other => other.to_string(),
    };
    let label = match field {
        Field::Roles => "Roles",
        other => other.label(),
    };
    format!("{label}: {how}")
}

const LABEL_COLUMN: u16 = 20;

/// Widest a one-line text box is drawn, so short answers do not sprawl across a wide screen.
const TEXT_BOX_MAX: u16 = 60;

/// One line of the form, or several for options that wrap.
struct FormRow {
    field: Field,
    lines: Vec<Line<'static>>,
    /// Where to put the terminal cursor: (line, column) within the value area.
    cursor: Option<(u16, u16)>,
}

fn choice_lines(choice: &Choice, focused: bool, width: u16) -> Vec<Line<'static>> {
    let width = width.max(1) as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0usize;
    for (i, label) in choice.labels.iter().enumerate() {
        let on = choice.chosen.get(i).copied().unwrap_or(false);
        let mark = match (choice.multiple, on) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let text = format!("{mark} {}", visible(label));
        let len = text.chars().count();
        if used > 0 && used + 2 + len > width {
            lines.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        }
        if used > 0 {
            current.push(Span::from("  "));
            used += 2;
        }
        let style = if focused && i == choice.cursor {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else if on {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        current.push(Span::styled(text, style));
        used += len;
    }
    if !current.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}

fn form_rows(form: &WalkIn, value_width: u16) -> Vec<FormRow> {
    Field::ALL
        .iter()
        .enumerate()
        .map(|(i, &field)| {
            let focused = i == form.focus;
            if let Some(t) = field.text_index() {
                let input = &form.texts[t];
                // Drawn as "[value   ]" so an empty box is visible without colour or underline.
                let inner = value_width.min(TEXT_BOX_MAX).saturating_sub(2).max(1);
                let scroll = input.visual_scroll(inner.saturating_sub(1) as usize);
                let shown: String = visible(input.value())
                    .chars()
                    .skip(scroll)
                    .take(inner as usize)
                    .collect();
                let pad = (inner as usize).saturating_sub(shown.chars().count());
                let style = if focused {
                    Style::default().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
                } else {
                    Style::default().add_modifier(Modifier::UNDERLINED)
                };
                let line = Line::from(vec![
                    Span::from("["),
                    Span::styled(format!("{shown}{}", " ".repeat(pad)), style),
                    Span::from("]"),
                ]);
                let cursor = focused.then(|| {
                    (
                        0,
                        1 + (input.visual_cursor().saturating_sub(scroll) as u16)
                            .min(inner.saturating_sub(1)),
                    )
                });
                FormRow {
                    field,
                    lines: vec![line],
                    cursor,
                }
            } else if let Some(c) = field.choice_index() {
                FormRow {
                    field,
                    lines: choice_lines(&form.choices[c], focused, value_width),
                    cursor: None,
                }
            } else if field == Field::Consent {
                let mark = if form.consent { "[x]" } else { "[ ]" };
                let style = if focused {
                    Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
                } else {
                    Style::default()
                };
                FormRow {
                    field,
                    lines: vec![Line::from(Span::styled(
                        format!("{mark} The candidate has read the privacy notice and agrees"),
                        style,
                    ))],
                    cursor: None,
                }
            } else {
                let style = if focused {
                    Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
                } else {
                    Style::default().add_modifier(Modifier::BOLD)
                };
                FormRow {
                    field,
                    lines: vec![Line::from(vec![
                        Span::styled("[ Register ]", style),
                        Span::from("  or Ctrl-S from anywhere").add_modifier(Modifier::DIM),
                    ])],
                    cursor: None,
                }
            }
        })
        .collect()
}

pub fn render(frame: &mut Frame, form: &WalkIn, event: &str) {
    let area = frame.area();
    let messages = ErrorSummary::messages_of(&form.errors);
    let summary = ErrorSummary {
        title: "There is a problem",
        messages: &messages,
    };
    let summary_height = summary.height_if_any(area.width).min(area.height / 2);
    let notice = if form.confirm_cancel {
        Some((
            "Discard this walk-in? Press Esc again to discard, or any other key to carry on."
                .to_string(),
            false,
        ))
    } else if let Some(failed) = &form.saving_failed {
        Some((failed.clone(), true))
    } else {
        form.notice.clone().map(|n| (n, false))
    };
    let field = form.focus();
    let mut hints = vec!["Tab/↓ next", "Shift-Tab/↑ back"];
    if field.choice_index().is_some() {
        hints.extend(["←/→ move", "Space tick"]);
    } else if field == Field::Consent {
        hints.push("Space tick");
    }
    hints.extend(["Ctrl-S register", "Esc cancel"]);
    // Hints that do not fit on one line take a second (every key shows at 80×24).
    let [title, summary_area, body, notice_area, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(summary_height),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(hint_height(&hints, area.width)),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::from("Register a walk-in").bold(),
            Span::from(format!(" · {}", visible(event))),
        ])),
        title,
    );
    if summary_height > 0 {
        frame.render_widget(summary, summary_area);
    }

    let value_width = body.width.saturating_sub(LABEL_COLUMN + 1).max(1);
    let rows = form_rows(form, value_width);
    // Scroll so the focused field is on screen when the form is taller than the space.
    let heights: Vec<u16> = rows.iter().map(|r| r.lines.len() as u16).collect();
    let focus_top: u16 = heights[..form.focus.min(heights.len())].iter().sum();
    let focus_height = heights.get(form.focus).copied().unwrap_or(1);
    let skip = (focus_top + focus_height).saturating_sub(body.height);
    let mut y: i32 = -(skip as i32);
    for row in rows {
        let height = row.lines.len() as i32;
        let top = y;
        y += height;
        if top < 0 || top + height > body.height as i32 {
            continue;
        }
        let rect = Rect::new(body.x, body.y + top as u16, body.width, height as u16);
        let [label_rect, value_rect] = Layout::horizontal([
            Constraint::Length(LABEL_COLUMN.min(rect.width)),
            Constraint::Min(0),
        ])
        .spacing(1)
        .areas(rect);
        let focused = Field::ALL.get(form.focus) == Some(&row.field);
        let bad = form.errors.iter().any(|(f, _)| *f == row.field);
        let pointer = if focused { "▶ " } else { "  " };
        let mark = if bad { "! " } else { "" };
        let mut label = Span::from(format!("{pointer}{mark}{}", row.field.label()));
        if focused {
            label = label.bold();
        }
        if bad {
            label = label.red().bold();
        }
        frame.render_widget(Paragraph::new(Line::from(label)), label_rect);
        frame.render_widget(Paragraph::new(row.lines), value_rect);
        if let Some((line, column)) = row.cursor
            && value_rect.width > 0
        {
            frame.set_cursor_position((
                (value_rect.x + column).min(value_rect.right().saturating_sub(1)),
                value_rect.y + line,
            ));
        }
    }

    if let Some((text, error)) = notice {
        let mut spans = Vec::new();
        if error {
            spans.push(Span::from("Error: ").bold().red());
        }
        spans.push(Span::from(visible(&text).into_owned()).bold());
        frame.render_widget(Paragraph::new(Line::from(spans)), notice_area);
    }
    hint_line(frame, keys, &hints);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::NO_FIXED_ADDRESS;

    /// A form with a name, one role, right to work and consent, and the contact answers given.
    fn form(email: &str, phone: &str, postcode: &str) -> WalkIn {
        let content = Content::load().unwrap();
        let mut walk_in = WalkIn::new(&content);
        for (field, value) in [
            (Field::GivenName, "Amara"),
            (Field::FamilyName, "Okafor"),
            (Field::Email, email),
            (Field::Phone, phone),
            (Field::Postcode, postcode),
        ] {
            walk_in.texts[field.text_index().unwrap()] = Input::new(value.to_string());
        }
        walk_in.choices[0].chosen[0] = true;
        walk_in.choices[3].chosen[0] = true;
        walk_in.consent = true;
        walk_in
    }

    #[test]
    fn a_landline_alone_registers_a_walk_in() {
        let registration = form("", "0113 496 0000", "").validate().unwrap();
        assert_eq!(registration.email, None);
        assert_eq!(registration.phone.as_deref(), Some("+441134960000"));
        assert_eq!(registration.postcode, None);
    }

    #[test]
    fn no_fixed_address_is_an_answer_for_the_postcode() {
        let registration = form("", "+33 6 12 34 56 78", "NFA").validate().unwrap();
        assert_eq!(registration.phone.as_deref(), Some("+33612345678"));
        assert_eq!(registration.postcode.as_deref(), Some(NO_FIXED_ADDRESS));
    }

    #[test]
    fn no_way_to_reach_them_is_named_on_the_email_box() {
        let errors = form("", "", "LS1 4DY").validate().unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, Field::Email);
        assert!(
            errors[0].1.contains("a mobile or a landline"),
            "{}",
            errors[0].1
        );
    }
}
