//! The coordinator's staff screen: everyone on this laptop's staff list (role, whether they can
//! sign in, whether their PIN is locked), and the changes `fairfloor staff` makes, on the
//! highlighted person: add, disable, enable, rename, a new PIN, unlock.
//!
//! The screen only collects what the coordinator typed and checks it is complete (a name, a PIN
//! typed the same twice); every rule (unique names, the last coordinator, who may sign in) is the
//! staff service's, carried out by the shell as [`Effect::EditStaff`](super::Effect) with the
//! signed-in coordinator as the audit's actor, and its refusal is shown as it words it.

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use super::app::{Screen, StaffApp};
use super::message::{Effect, Pin};
use super::queue::{hint_height, hint_line};
use crate::domain::text::{truncate, visible};
use crate::domain::validate::{PIN_MAX_DIGITS, staff_pin};
use crate::domain::{Staff, StaffRole};
use crate::service::staff::{Member, valid_name};
use crate::tui::widgets::{ErrorSummary, TextField, centred_column, notice_line, wrapped_height};

/// A change to the staff list, as the coordinator asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffEdit {
    Add {
        name: String,
        role: StaffRole,
        pin: Pin,
    },
    SetActive {
        name: String,
        active: bool,
    },
    Rename {
        name: String,
        to: String,
    },
    ResetPin {
        name: String,
        pin: Pin,
    },
    /// Clear `target`'s lock; `pin` is the signed-in coordinator's own, checked like any other.
    Unlock {
        target: Staff,
        pin: Pin,
    },
}

/// What a key on the staff screen asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamAction {
    None,
    Back,
    Edit(StaffEdit),
}

/// Which change a form makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    Add,
    Rename { name: String },
    ResetPin { name: String },
    Unlock { target: Staff },
}

/// One box of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Role,
    Pin,
    Again,
}

impl FormKind {
    fn fields(&self) -> &'static [Field] {
        match self {
            FormKind::Add => &[Field::Name, Field::Role, Field::Pin, Field::Again],
            FormKind::Rename { .. } => &[Field::Name],
            FormKind::ResetPin { .. } => &[Field::Pin, Field::Again],
            FormKind::Unlock { .. } => &[Field::Pin],
        }
    }

    fn title(&self) -> String {
        match self {
            FormKind::Add => "Add a member of staff".to_string(),
            FormKind::Rename { name } => format!("Rename {}", visible(name)),
            FormKind::ResetPin { name } => format!("A new PIN for {}", visible(name)),
            FormKind::Unlock { target } => format!("Unlock {}'s PIN", visible(&target.name)),
        }
    }

    fn explanation(&self) -> &'static str {
        match self {
            FormKind::Add => {
                "They sign in with this PIN. A coordinator can also open the dashboard, export and manage staff."
            }
            FormKind::Rename { .. } => "Names are unique on this laptop, ignoring case.",
            FormKind::ResetPin { .. } => {
                "The old PIN stops working; their wrong PINs and any lock are cleared."
            }
            FormKind::Unlock { .. } => {
                "Confirm with your own PIN. Wrong PINs are counted, as at sign-in."
            }
        }
    }

    fn label(&self, field: Field) -> &'static str {
        match (self, field) {
            (_, Field::Name) => "Name",
            (_, Field::Role) => "Role",
            (FormKind::Unlock { .. }, Field::Pin) => "Your PIN",
            (_, Field::Pin) => "PIN (4 to 8 digits)",
            (_, Field::Again) => "The same PIN again",
        }
    }
}

/// A form on the staff screen. PINs are kept as [`Pin`]s: wiped when dropped, never printed.
#[derive(Debug, Clone)]
pub struct TeamForm {
    kind: FormKind,
    name: Input,
    role: StaffRole,
    pin: Pin,
    again: Pin,
    focus: usize,
    error: Option<String>,
}

impl TeamForm {
    fn new(kind: FormKind) -> Self {
        let name = match &kind {
            FormKind::Rename { name } => Input::new(name.clone()),
            _ => Input::default(),
        };
        Self {
            kind,
            name,
            role: StaffRole::Recruiter,
            pin: Pin::new(""),
            again: Pin::new(""),
            focus: 0,
            error: None,
        }
    }

    pub fn kind(&self) -> &FormKind {
        &self.kind
    }

    /// The problem shown above the form, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    fn field(&self) -> Field {
        let fields = self.kind.fields();
        fields[self.focus.min(fields.len() - 1)]
    }

    fn clear_pins(&mut self) {
        self.pin = Pin::new("");
        self.again = Pin::new("");
    }

    fn key(&mut self, key: KeyEvent) -> Option<TeamAction> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('s' | 'S')) {
            return Some(self.submit());
        }
        let last = self.kind.fields().len() - 1;
        match (key.code, self.field()) {
            (KeyCode::Esc, _) => return None,
            (KeyCode::Tab | KeyCode::Down, _) => self.focus = (self.focus + 1).min(last),
            (KeyCode::BackTab | KeyCode::Up, _) => self.focus = self.focus.saturating_sub(1),
            (KeyCode::Enter, _) if self.focus == last => return Some(self.submit()),
            (KeyCode::Enter, _) => self.focus += 1,
            (KeyCode::Left | KeyCode::Right | KeyCode::Char(' '), Field::Role) => {
                self.role = match self.role {
                    StaffRole::Recruiter => StaffRole::Coordinator,
                    StaffRole::Coordinator => StaffRole::Recruiter,
                };
            }
            (_, Field::Name) => {
                if let Some(request) = to_input_request(&TermEvent::Key(key)) {
                    self.name.handle(request);
                }
            }
            (code, field @ (Field::Pin | Field::Again)) => {
                let pin = if field == Field::Pin {
                    &mut self.pin
                } else {
                    &mut self.again
                };
                let typed = pin.expose();
                match code {
                    KeyCode::Char(c) if c.is_ascii_digit() && typed.len() < PIN_MAX_DIGITS => {
                        *pin = Pin::new(format!("{typed}{c}"));
                    }
                    KeyCode::Backspace if !typed.is_empty() => {
                        *pin = Pin::new(&typed[..typed.len() - 1]);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        Some(TeamAction::None)
    }

    /// The change to ask for, or what is missing (shown, and nothing is sent).
    fn submit(&mut self) -> TeamAction {
        match self.checked() {
            Ok(edit) => {
                self.error = None;
                TeamAction::Edit(edit)
            }
            Err((field, message)) => {
                if matches!(field, Field::Pin | Field::Again) {
                    self.clear_pins();
                }
                self.focus = self
                    .kind
                    .fields()
                    .iter()
                    .position(|f| *f == field)
                    .unwrap_or(0);
                self.error = Some(message);
                TeamAction::None
            }
        }
    }

    fn checked(&self) -> Result<StaffEdit, (Field, String)> {
        let fields = self.kind.fields();
        let name = if fields.contains(&Field::Name) {
            valid_name(self.name.value()).map(str::to_string).ok_or((
                Field::Name,
                "Name: type the person's name (no control characters).".to_string(),
            ))?
        } else {
            String::new()
        };
        if fields.contains(&Field::Pin) {
            staff_pin(self.pin.expose())
                .map_err(|e| (Field::Pin, format!("{}: {e}.", self.kind.label(Field::Pin))))?;
        }
        if fields.contains(&Field::Again) && self.again.expose() != self.pin.expose() {
            return Err((
                Field::Pin,
                "The two PINs are different: type the same PIN in both boxes.".to_string(),
            ));
        }
        let pin = self.pin.clone();
        Ok(match &self.kind {
            FormKind::Add => StaffEdit::Add {
                name,
                role: self.role,
                pin,
            },
            FormKind::Rename { name: old } => StaffEdit::Rename {
                name: old.clone(),
                to: name,
            },
            FormKind::ResetPin { name } => StaffEdit::ResetPin {
                name: name.clone(),
                pin,
            },
            FormKind::Unlock { target } => StaffEdit::Unlock {
                target: target.clone(),
                pin,
            },
        })
    }
}

/// What the staff screen is doing besides showing the list.
#[derive(Debug, Clone, Default)]
enum Mode {
    #[default]
    List,
    /// Asking before disabling this person.
    ConfirmDisable(String),
    Form(Box<TeamForm>),
}

/// The staff screen's state.
#[derive(Debug, Clone, Default)]
pub struct Team {
    members: Vec<Member>,
    loaded: bool,
    selected: usize,
    mode: Mode,
    notice: Option<(String, bool)>,
}

/// Lines of the staff screen that are not rows of the list: the title, the column headings, the
/// notice and the key hints.
const CHROME: u16 = 4;

impl Team {
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    pub fn selected(&self) -> Option<&Member> {
        self.members.get(self.selected)
    }

    /// The form, when one is open.
    pub fn form(&self) -> Option<&TeamForm> {
        match &self.mode {
            Mode::Form(form) => Some(form),
            _ => None,
        }
    }

    /// The line under the list: what just happened, or what went wrong.
    pub fn notice(&self) -> Option<(&str, bool)> {
        self.notice
            .as_ref()
            .map(|(text, error)| (text.as_str(), *error))
    }

    /// A fresh list; the same person stays highlighted.
    pub fn set_members(&mut self, members: Vec<Member>) {
        let keep = self.selected().map(|m| m.staff.id.clone());
        self.selected = keep
            .and_then(|id| members.iter().position(|m| m.staff.id == id))
            .unwrap_or(self.selected)
            .min(members.len().saturating_sub(1));
        self.members = members;
        self.loaded = true;
    }

    /// A change was saved: the form closes and the screen says what was done.
    pub fn changed(&mut self, text: String) {
        self.mode = Mode::List;
        self.notice = Some((text, false));
    }

    /// A change was refused or failed: said in the open form (PINs cleared), or under the list.
    pub fn failed(&mut self, message: String) {
        match &mut self.mode {
            Mode::Form(form) => {
                // The form checked what it could, so the service refused what only it knows (a
                // name already taken, a wrong coordinator PIN): back to the first box to change.
                form.clear_pins();
                form.focus = 0;
                form.error = Some(message);
            }
            _ => {
                self.mode = Mode::List;
                self.notice = Some((message, true));
            }
        }
    }

    /// Handles a key; `page` is how many rows of the list the screen shows.
    pub fn key(&mut self, key: KeyEvent, page: usize) -> TeamAction {
        match std::mem::take(&mut self.mode) {
            Mode::Form(mut form) => match form.key(key) {
                Some(action) => {
                    self.mode = Mode::Form(form);
                    action
                }
                None => {
                    self.notice = Some(("Nothing was changed.".to_string(), false));
                    TeamAction::None
                }
            },
            Mode::ConfirmDisable(name) => {
                if key.code == KeyCode::Char('y') {
                    self.notice = None;
                    TeamAction::Edit(StaffEdit::SetActive {
                        name,
                        active: false,
                    })
                } else {
                    self.notice = Some((
                        format!("Nothing was changed: {name} can still sign in."),
                        false,
                    ));
                    TeamAction::None
                }
            }
            Mode::List => self.list_key(key, page),
        }
    }

    fn list_key(&mut self, key: KeyEvent, page: usize) -> TeamAction {
        let last = self.members.len().saturating_sub(1);
        let page = page.max(1);
        match key.code {
            KeyCode::Esc | KeyCode::Backspace => return TeamAction::Back,
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.selected = (self.selected + 1).min(last),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(page),
            KeyCode::PageDown => self.selected = (self.selected + page).min(last),
            KeyCode::Home | KeyCode::Char('g') => self.selected = 0,
            KeyCode::End | KeyCode::Char('G') => self.selected = last,
            KeyCode::Char('a') => self.open(FormKind::Add),
            KeyCode::Char(c @ ('d' | 'e' | 'r' | 'p' | 'u')) => {
                let Some(member) = self.selected().cloned() else {
                    self.notice = Some(("Nobody is selected.".to_string(), true));
                    return TeamAction::None;
                };
                let name = member.staff.name.clone();
                match (c, member.active) {
                    ('d', true) => {
                        self.notice = None;
                        self.mode = Mode::ConfirmDisable(name);
                    }
                    ('d', false) => {
                        self.notice = Some((
                            format!("{name} is already disabled; e enables them."),
                            false,
                        ));
                    }
                    ('e', false) => {
                        self.notice = None;
                        return TeamAction::Edit(StaffEdit::SetActive { name, active: true });
                    }
                    ('e', true) => {
                        self.notice = Some((format!("{name} can already sign in."), false));
                    }
                    ('r', _) => self.open(FormKind::Rename { name }),
                    ('p', _) => self.open(FormKind::ResetPin { name }),
                    _ => self.open(FormKind::Unlock {
                        target: member.staff,
                    }),
                }
            }
            _ => {}
        }
        TeamAction::None
    }

    fn open(&mut self, kind: FormKind) {
        self.notice = None;
        self.mode = Mode::Form(Box::new(TeamForm::new(kind)));
    }
}

impl StaffApp {
    /// Whether the signed-in member of staff is a coordinator.
    pub(super) fn coordinator(&self) -> bool {
        self.signed_in
            .as_ref()
            .is_some_and(|s| s.role == StaffRole::Coordinator)
    }

    /// Shows a coordinator's `screen` and asks for `effect`; anyone else is told `refused`.
    pub(super) fn open_for_coordinator(
        &mut self,
        refused: &str,
        screen: Screen,
        effect: Effect,
    ) -> Vec<Effect> {
        if !self.coordinator() {
            self.complain(refused);
            return Vec::new();
        }
        self.notice = None;
        self.screen = screen;
        vec![effect]
    }

    /// Opens the staff screen for a coordinator; a recruiter is told plainly that they cannot.
    pub(super) fn open_team(&mut self) -> Vec<Effect> {
        self.open_for_coordinator(
            "Only coordinators can manage staff.",
            Screen::Team(Box::default()),
            Effect::LoadTeam,
        )
    }

    /// The staff screen, when it is showing.
    pub fn team(&self) -> Option<&Team> {
        match &self.screen {
            Screen::Team(team) => Some(team),
            _ => None,
        }
    }

    /// The staff list, read for the staff screen.
    pub(super) fn team_listed(&mut self, members: Vec<Member>) -> Vec<Effect> {
        if let Screen::Team(team) = &mut self.screen {
            team.set_members(members);
        }
        Vec::new()
    }

    /// A change to the staff list was saved: said on the staff screen, or wherever it was left.
    pub(super) fn staff_changed(&mut self, text: String) -> Vec<Effect> {
        match &mut self.screen {
            Screen::Team(team) => team.changed(text),
            _ => self.say(text),
        }
        Vec::new()
    }

    /// A key on the staff screen: a change becomes an effect with the coordinator as its actor.
    pub(super) fn team_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let page = self.size.1.saturating_sub(CHROME) as usize;
        let Screen::Team(team) = &mut self.screen else {
            return Vec::new();
        };
        match team.key(key, page) {
            TeamAction::None => Vec::new(),
            TeamAction::Back => {
                self.screen = Screen::Queue;
                vec![Effect::Reload]
            }
            TeamAction::Edit(edit) => match self.signed_in.clone() {
                Some(by) if by.role == StaffRole::Coordinator => vec![Effect::EditStaff {
                    edit,
                    by,
                    at: self.now,
                }],
                _ => {
                    team.failed("Only coordinators can manage staff.".to_string());
                    Vec::new()
                }
            },
        }
    }
}

/// Draws the staff screen into the whole frame (already checked to be big enough).
pub fn render(frame: &mut Frame, team: &Team, signed_in: &str) {
    let area = frame.area();
    if let Mode::Form(form) = &team.mode {
        render_form(frame, form);
        return;
    }
    // The question before disabling someone wraps rather than being cut at 80 columns.
    let shown = match &team.mode {
        Mode::ConfirmDisable(name) => Some(Line::from(
            Span::from(format!(
                "Disable {}? They will not be able to sign in; their records stay. y disables, any other key keeps them.",
                visible(name)
            ))
            .bold(),
        )),
        _ => team.notice().map(|(text, error)| notice_line(text, error)),
    };
    let notice_height = shown.as_ref().map_or(1, |line| {
        wrapped_height(&line.to_string(), area.width).max(1)
    });
    let keys = [
        "↑↓ move",
        "a add",
        "d disable",
        "e enable",
        "r rename",
        "p new PIN",
        "u unlock",
        "Esc back",
    ];
    let [title, head, list, notice, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(notice_height),
        Constraint::Length(hint_height(&keys, area.width)),
    ])
    .areas(area);
    let active = team.members.iter().filter(|m| m.active).count();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::from("Staff on this laptop").bold(),
            Span::from(format!(
                " · {} people, {active} can sign in · you are {}",
                team.members.len(),
                visible(signed_in)
            )),
        ])),
        title,
    );
    // Role, sign-in and PIN columns are fixed; the name takes what is left.
    let name_width = (area.width as usize)
        .saturating_sub(2 + 13 + 13 + 8)
        .max(10);
    let columns = |name: &str, role: &str, state: &str, pin: &str| {
        format!(
            "{:name_width$}  {:11}  {:11}  {pin}",
            truncate(name, name_width),
            role,
            state
        )
    };
    frame.render_widget(
        Paragraph::new(format!("  {}", columns("Name", "Role", "Sign in", "PIN")))
            .style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)),
        head,
    );
    if !team.loaded {
        frame.render_widget(Paragraph::new("Reading the staff list…"), list);
    } else if team.members.is_empty() {
        frame.render_widget(Paragraph::new("Nobody yet: press a to add someone."), list);
    }
    let height = list.height as usize;
    let first = (team.selected + 1).saturating_sub(height);
    let lines: Vec<Line> = team
        .members
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, m)| {
            let chosen = i == team.selected;
            let text = columns(
                &visible(&m.staff.name),
                m.staff.role.as_ref(),
                if m.active { "can sign in" } else { "disabled" },
                if m.locked { "locked" } else { "" },
            );
            let pointer = if chosen { "▶ " } else { "  " };
            let style = match (chosen, m.active) {
                (true, _) => Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                (false, false) => Style::default().add_modifier(Modifier::DIM),
                (false, true) => Style::default(),
            };
            Line::styled(format!("{pointer}{text}"), style)
        })
        .collect();
    if !lines.is_empty() {
        frame.render_widget(Paragraph::new(lines), list);
    }
    if let Some(line) = shown {
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), notice);
    }
    hint_line(frame, hints, &keys);
}

fn render_form(frame: &mut Frame, form: &TeamForm) {
    let area = frame.area();
    let column = centred_column(area, 64);
    let messages: Vec<String> = form.error.iter().cloned().collect();
    let summary = ErrorSummary {
        title: "There is a problem",
        messages: &messages,
    };
    let summary_height = if messages.is_empty() {
        0
    } else {
        summary.height(column.width)
    };
    let fields = form.kind.fields();
    let mut constraints = vec![
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(summary_height),
    ];
    constraints.extend(fields.iter().map(|f| match f {
        Field::Role => Constraint::Length(2),
        _ => Constraint::Length(TextField::HEIGHT),
    }));
    let mut hints = vec!["Tab/↓ next", "Shift-Tab/↑ back"];
    if form.field() == Field::Role {
        hints.push("←/→ or Space change");
    }
    hints.extend(["Enter on the last box or Ctrl-S save", "Esc cancel"]);
    // The hints span the whole width, under the narrower column of fields.
    constraints.extend([
        Constraint::Min(0),
        Constraint::Length(hint_height(&hints, area.width)),
    ]);
    let areas = Layout::vertical(constraints).split(column);
    frame.render_widget(
        Paragraph::new(Span::from(form.kind.title()).bold()),
        areas[0],
    );
    frame.render_widget(
        Paragraph::new(form.kind.explanation()).wrap(Wrap { trim: true }),
        areas[1],
    );
    if summary_height > 0 {
        frame.render_widget(summary, areas[2]);
    }
    for (i, (field, rect)) in fields.iter().zip(areas.iter().skip(3)).enumerate() {
        let focused = i == form.focus;
        let label = form.kind.label(*field);
        match field {
            Field::Role => render_role(frame, *rect, form.role, focused),
            Field::Name => TextField {
                label,
                input: &form.name,
                focused,
                masked: false,
                error: false,
            }
            .render(frame, *rect),
            Field::Pin | Field::Again => {
                let pin = if *field == Field::Pin {
                    &form.pin
                } else {
                    &form.again
                };
                // Only as many stand-ins as digits reach the widget, never the digits.
                let shown = Input::new("0".repeat(pin.expose().len()));
                TextField {
                    label,
                    input: &shown,
                    focused,
                    masked: true,
                    error: false,
                }
                .render(frame, *rect);
            }
        }
    }
    if let Some(keys) = areas.last() {
        hint_line(
            frame,
            Rect {
                width: area.width,
                x: area.x,
                ..*keys
            },
            &hints,
        );
    }
}

fn render_role(frame: &mut Frame, area: Rect, role: StaffRole, focused: bool) {
    let option = |this: StaffRole, text: &'static str| {
        let mark = if role == this { "(•) " } else { "( ) " };
        let style = match (focused, role == this) {
            (true, true) => Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (_, true) => Style::default().add_modifier(Modifier::BOLD),
            _ => Style::default(),
        };
        Span::styled(format!("{mark}{text}"), style)
    };
    let label = Span::from(if focused { "▶ Role  " } else { "  Role  " });
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            if focused { label.bold() } else { label },
            option(StaffRole::Recruiter, "Recruiter"),
            Span::from("  "),
            option(StaffRole::Coordinator, "Coordinator"),
        ])),
        area,
    );
}

#[cfg(test)]
#[path = "team_tests.rs"]
mod tests;
