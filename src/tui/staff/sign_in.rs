//! Signing in: choose your name, type your PIN. The PIN is checked by the shell through the one
//! PIN check (`service::pin`: argon2, and the pauses and locks that survive a restart), so this
//! screen only collects it and says what the check answered.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};
use zeroize::Zeroize;

use crate::domain::Staff;
use crate::domain::text::visible;
use crate::domain::validate::{PIN_MAX_DIGITS, PIN_MIN_DIGITS, staff_pin};
use crate::service::pin::{PinRefusal, seconds_until, wait_words};
use crate::tui::widgets::{ChoiceList, centred_column, wrapped_height};

use super::queue::hint_line;

/// The command that adds the first member of staff, shown when there is nobody to sign in as.
pub const ADD_STAFF_COMMAND: &str = "fairfloor staff add --name \"Your Name\" --role recruiter";

/// What a key on the sign-in screen asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum SignInAction {
    None,
    /// Check this PIN for this member of staff.
    Check {
        staff_id: String,
        pin: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct SignIn {
    staff: Vec<Staff>,
    cursor: usize,
    pin: String,
    /// Until when the last answer said PINs are paused (shown as a countdown; the check
    /// itself enforces it).
    paused_until: Option<DateTime<Utc>>,
    message: Option<String>,
}

impl Drop for SignIn {
    fn drop(&mut self) {
        self.pin.zeroize();
    }
}

impl SignIn {
    pub fn new(staff: Vec<Staff>) -> Self {
        Self {
            staff,
            cursor: 0,
            pin: String::new(),
            paused_until: None,
            message: None,
        }
    }

    pub fn staff(&self) -> &[Staff] {
        &self.staff
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    pub fn pin_len(&self) -> usize {
        self.pin.len()
    }

    pub fn chosen(&self) -> Option<&Staff> {
        self.staff.get(self.cursor)
    }

    /// A fresh staff list (someone was added in another terminal); keeps the chosen person.
    pub fn set_staff(&mut self, staff: Vec<Staff>) {
        let keep = self.chosen().map(|s| s.id.clone());
        self.cursor = keep
            .and_then(|id| staff.iter().position(|s| s.id == id))
            .unwrap_or(0);
        self.staff = staff;
    }

    fn clear_pin(&mut self) {
        self.pin.zeroize();
        self.pin.clear();
    }

    /// Ready for the next person: PIN and message cleared. A pause is not forgotten.
    pub fn reset(&mut self) {
        self.clear_pin();
        self.message = None;
    }

    /// Seconds left in a pause after too many wrong PINs.
    pub fn paused_for(&self, now: DateTime<Utc>) -> Option<i64> {
        self.paused_until
            .and_then(|until| seconds_until(until, now))
    }

    pub fn tick(&mut self, now: DateTime<Utc>) {
        if self.paused_until.is_some() && self.paused_for(now).is_none() {
            self.paused_until = None;
            self.message = Some("You can try your PIN again.".to_string());
        }
    }

    pub fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> SignInAction {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return SignInAction::None;
        }
        match key.code {
            KeyCode::Up | KeyCode::Down => {
                let last = self.staff.len().saturating_sub(1);
                let next = match key.code {
                    KeyCode::Up => self.cursor.saturating_sub(1),
                    _ => (self.cursor + 1).min(last),
                };
                if next != self.cursor {
                    // The last answer (a pause too: it may have been that person's only) was
                    // about someone else; the check says again if this person must wait.
                    self.paused_until = None;
                    self.message = None;
                }
                self.cursor = next;
                self.clear_pin();
            }
            KeyCode::Backspace => {
                self.pin.pop();
            }
            KeyCode::Esc => self.reset(),
            KeyCode::Char(c) if c.is_ascii_digit() && self.pin.len() < PIN_MAX_DIGITS => {
                self.pin.push(c);
            }
            // A full PIN ignores more digits, as a keypad would.
            KeyCode::Char(c) if c.is_ascii_digit() => {}
            KeyCode::Char(_) => {
                self.message = Some("A PIN is digits only.".to_string());
            }
            KeyCode::Enter => return self.submit(now),
            _ => {}
        }
        SignInAction::None
    }

    fn submit(&mut self, _now: DateTime<Utc>) -> SignInAction {
        // Even while a pause shows, the PIN goes to the check: the pause may be another
        // person's, and the check (not this screen) decides.
        let Some(staff) = self.chosen() else {
            return SignInAction::None;
        };
        if staff_pin(&self.pin).is_err() {
            self.message = Some(format!(
                "Type your PIN: {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits."
            ));
            return SignInAction::None;
        }
        let staff_id = staff.id.clone();
        let pin = std::mem::take(&mut self.pin);
        self.message = None;
        SignInAction::Check { staff_id, pin }
    }

    /// The PIN was right.
    pub fn accepted(&mut self) {
        self.paused_until = None;
        self.reset();
    }

    /// The check refused the PIN, and said why.
    pub fn refused(&mut self, refusal: PinRefusal) {
        self.clear_pin();
        self.paused_until = None;
        self.message = match refusal {
            PinRefusal::Wrong {
                paused_until: Some(until),
                ..
            }
            | PinRefusal::Paused { until } => {
                self.paused_until = Some(until);
                None
            }
            PinRefusal::Wrong { free_left, .. } => {
                let name = self.chosen().map(|s| s.name.as_str()).unwrap_or("you");
                let next = match free_left {
                    0 => "the next wrong PIN starts a pause".to_string(),
                    1 => "1 try left before a pause".to_string(),
                    n => format!("{n} tries left before a pause"),
                };
                Some(format!(
                    "That PIN is not right for {name}. Check your name and try again ({next})."
                ))
            }
            other => Some(other.to_string()),
        };
    }

    /// Checking failed for another reason (the database could not be read or written).
    pub fn failed(&mut self, message: String) {
        self.clear_pin();
        self.message = Some(message);
    }
}

fn pause_message(seconds: i64) -> String {
    format!(
        "Too many wrong PINs. Wait {}, then try again.",
        wait_words(seconds)
    )
}

/// What the sign-in screen shows about the fair.
pub struct SignInView<'a> {
    pub event: Option<&'a str>,
    pub hint: Option<&'a str>,
    pub now: DateTime<Utc>,
}

pub fn render(frame: &mut Frame, state: &SignIn, view: &SignInView<'_>) {
    let area = centred_column(frame.area(), 72);
    let mut top: Vec<Line> = vec![Line::from("fairfloor · staff sign in").bold()];
    match view.event {
        Some(event) => top.push(Line::from(visible(event).into_owned())),
        None => top.push(Line::from(
            "There is no event yet. Create one with: fairfloor init --event NAME --venue VENUE --date YYYY-MM-DD",
        )),
    }
    let top_height = top
        .iter()
        .map(|l| wrapped_height(&l.to_string(), area.width))
        .sum::<u16>();
    let hint_height = view
        .hint
        .map_or(0, |h| wrapped_height(h, area.width.saturating_sub(4)) + 2);
    let message_height = state
        .message
        .as_deref()
        .map_or(1, |m| wrapped_height(m, area.width));

    let fixed = top_height + 1 + hint_height + 1 + 1 + 3 + message_height + 1;
    let names_height = (state.staff.len().min(u16::MAX as usize) as u16)
        .min(area.height.saturating_sub(fixed))
        .max(1);
    let [
        head,
        _,
        hint_area,
        names_label,
        names,
        _,
        pin_area,
        message_area,
        _,
        keys,
    ] = Layout::vertical([
        Constraint::Length(top_height),
        Constraint::Length(1),
        Constraint::Length(hint_height),
        Constraint::Length(1),
        Constraint::Length(names_height),
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Length(message_height),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(top).wrap(Wrap { trim: true }), head);

    if let Some(hint) = view.hint {
        frame.render_widget(
            Paragraph::new(visible(hint).into_owned())
                .wrap(Wrap { trim: true })
                .block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_type(BorderType::Rounded)
                        .title(" First time here? "),
                ),
            hint_area,
        );
    }

    if state.staff.is_empty() {
        let lines = vec![
            Line::from("No staff can sign in yet.").bold(),
            Line::from(""),
            Line::from("Add yourself in another terminal, then come back here:"),
            Line::from(""),
            Line::from(format!("  {ADD_STAFF_COMMAND}")).bold(),
            Line::from(""),
            Line::from("It asks for a PIN of 4 to 8 digits. This screen updates by itself."),
        ];
        let rest = names_label
            .union(message_area)
            .union(keys)
            .intersection(area);
        let rest = Rect {
            height: rest.height.saturating_sub(1),
            ..rest
        };
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
        hint_line(frame, keys, &["Ctrl-C quit"]);
        return;
    }

    frame.render_widget(Paragraph::new("Who are you?").bold(), names_label);
    let labels: Vec<String> = state
        .staff
        .iter()
        .map(|s| format!("{} ({})", s.name, s.role))
        .collect();
    let chosen: Vec<bool> = (0..labels.len()).map(|i| i == state.cursor).collect();
    frame.render_widget(
        ChoiceList {
            labels: &labels,
            chosen: &chosen,
            cursor: Some(state.cursor),
            multiple: false,
        },
        names,
    );

    let paused = state.paused_for(view.now);
    let pin_title = match paused {
        Some(_) => " PIN (paused) ".to_string(),
        None => format!(" PIN ({PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits) "),
    };
    let bullets = "•".repeat(state.pin.len());
    let pin_box = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .title(pin_title);
    let pin_width = (PIN_MAX_DIGITS as u16 + 2).max(30).min(pin_area.width);
    let [pin_rect] = Layout::horizontal([Constraint::Length(pin_width)]).areas(pin_area);
    frame.render_widget(Paragraph::new(bullets).block(pin_box), pin_rect);
    if paused.is_none() && pin_rect.width > 2 && pin_rect.height > 2 {
        let x = (pin_rect.x + 1 + state.pin.chars().count() as u16)
            .min(pin_rect.right().saturating_sub(2));
        frame.set_cursor_position((x, pin_rect.y + 1));
    }

    let message = match (paused, state.message.as_deref()) {
        (Some(seconds), _) => Some(pause_message(seconds)),
        (None, Some(message)) => Some(message.to_string()),
        (None, None) => None,
    };
    if let Some(message) = message {
        frame.render_widget(
            Paragraph::new(Line::from(vec![Span::styled(
                message,
                Style::default().add_modifier(Modifier::BOLD),
            )]))
            .wrap(Wrap { trim: true }),
            message_area,
        );
    }
    hint_line(
        frame,
        keys,
        &[
            "↑↓ choose your name",
            "type your PIN",
            "Enter sign in",
            "Ctrl-C quit",
        ],
    );
}
