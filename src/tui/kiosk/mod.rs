//! The candidate self-registration kiosk: one question per screen, in the pattern UK public
//! health services use, locked so a candidate cannot leave it, and wiped when left idle.
//!
//! [`Kiosk`] is the state machine; [`run`] is the shell that saves registrations and checks PINs
//! through the one PIN check (`service::pin`): only a coordinator's PIN closes the kiosk, and
//! wrong PINs pause the box for longer and longer, across restarts.

pub mod form;
mod lists;
mod view;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;
use zeroize::Zeroize;

use self::form::{Form, Question, TextStep};
use super::Program;
use crate::content::Content;
use crate::domain::Registration;
use crate::service::pin::{PinRefusal, seconds_until, wait_words};
use crate::store::RegisterOutcome;

/// The key that asks for a coordinator's PIN to close the kiosk. Documented in the README.
pub const UNLOCK_KEY: KeyCode = KeyCode::F(12);

/// Where the candidate is in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Start,
    Privacy,
    /// They did not agree: nothing is kept.
    Declined,
    Text(TextStep),
    Roles,
    ContractTypes,
    WorkPatterns,
    RightToWork,
    CareExperience,
    EqualityIntro,
    Equality(usize),
    Check,
    Confirmation,
}

/// The steps the counter on each page counts ("Step 3 of 14"), in the order they come. The
/// equality questions count as one step with their introduction (each question says "3 of 7"
/// itself), so the total stays the same whether or not a candidate chooses to answer them.
const COUNTED_STEPS: [Step; 14] = [
    Step::Privacy,
    Step::Text(TextStep::GivenName),
    Step::Text(TextStep::FamilyName),
    Step::Text(TextStep::Email),
    Step::Text(TextStep::Phone),
    Step::Text(TextStep::Postcode),
    Step::Roles,
    Step::ContractTypes,
    Step::WorkPatterns,
    Step::RightToWork,
    Step::CareExperience,
    Step::Text(TextStep::Adjustments),
    Step::EqualityIntro,
    Step::Check,
];

impl Step {
    /// Where this page is in the form, counting from 1, and how many steps there are; `None`
    /// for the pages around the form (welcome, not agreed, confirmation).
    pub fn counter(self) -> Option<(usize, usize)> {
        let counted = match self {
            Step::Equality(_) => Step::EqualityIntro,
            other => other,
        };
        COUNTED_STEPS
            .iter()
            .position(|&step| step == counted)
            .map(|i| (i + 1, COUNTED_STEPS.len()))
    }
}

impl From<Question> for Step {
    fn from(question: Question) -> Self {
        match question {
            Question::Text(step) => Step::Text(step),
            Question::Roles => Step::Roles,
            Question::ContractTypes => Step::ContractTypes,
            Question::WorkPatterns => Step::WorkPatterns,
            Question::RightToWork => Step::RightToWork,
            Question::CareExperience => Step::CareExperience,
            Question::Equality(i) => Step::Equality(i),
        }
    }
}

/// Rows of the "Check your answers" page, in order; the last row is the send button.
pub const CHECK_ROWS: [&str; 13] = [
    "given_name",
    "family_name",
    "email",
    "phone",
    "postcode",
    "roles",
    "contract_types",
    "work_patterns",
    "right_to_work",
    "care_experience",
    "adjustments",
    "equality",
    "submit",
];

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste), as one piece.
    Paste(String),
    Tick(DateTime<Utc>),
    /// The shell saved (or failed to save) the registration.
    Registered(Result<RegisterOutcome, String>),
    /// The shell printed the ticket (or could not: why, for the log; the candidate is told only
    /// to remember their number).
    TicketPrinted(Result<(), String>),
    /// The shell checked a PIN: the coordinator's id when it opens the kiosk, or why not.
    PinChecked(Result<String, PinRefusal>),
    /// The PIN could not be checked (the database failed); it was refused.
    PinCheckFailed(String),
}

#[derive(Debug, PartialEq, Eq)]
pub enum Effect {
    Register(Box<Registration>),
    /// Print this ticket on the kiosk's printer; answer `TicketPrinted`.
    PrintTicket(String),
    /// Check a PIN through the one PIN check (which counts, pauses and audits); answer
    /// `PinChecked` or `PinCheckFailed`.
    CheckPin(String),
}

/// How long a candidate may leave the kiosk before it warns, and how long the warning lasts.
#[derive(Debug, Clone, Copy)]
pub struct IdlePolicy {
    pub timeout: Duration,
    pub countdown: Duration,
}

impl Default for IdlePolicy {
    fn default() -> Self {
        Self {
            timeout: Duration::seconds(120),
            countdown: Duration::seconds(30),
        }
    }
}

/// The box over the kiosk that asks for a coordinator's PIN.
#[derive(Debug, Default)]
struct Unlock {
    pin: Input,
    message: Option<String>,
}

/// The kiosk's whole state.
pub struct Kiosk {
    content: Arc<Content>,
    event_name: String,
    step: Step,
    form: Form,
    /// The text box of the current typed question.
    input: Input,
    /// The highlighted row of a list or of the check page.
    cursor: Option<usize>,
    /// The cursor is on a list's first option because the page put it there (nothing is chosen
    /// yet), not because the candidate moved it: Enter takes that option.
    first_highlight: bool,
    errors: Vec<String>,
    /// A word about what just happened that is not an error (a paste), until the next key.
    notice: Option<String>,
    /// Print each ticket on the kiosk's printer (`fairfloor kiosk --print-tickets`).
    print_tickets: bool,
    /// Whether this registration's ticket printed, once the shell has said.
    ticket_printed: Option<bool>,
    /// Set while changing an answer from "Check your answers": Continue goes back there.
    return_to_check: bool,
    outcome: Option<RegisterOutcome>,
    idle: IdlePolicy,
    last_activity: DateTime<Utc>,
    now: DateTime<Utc>,
    unlock: Option<Unlock>,
    /// Until when the PIN check said PINs are paused; kept when the box is closed, so opening
    /// it again still shows the wait. The check enforces the pause; this only shows it.
    pin_paused_until: Option<DateTime<Utc>>,
    finished: bool,
}

impl Kiosk {
    pub fn new(
        content: Arc<Content>,
        event_name: &str,
        idle: IdlePolicy,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            content,
            event_name: event_name.to_string(),
            step: Step::Start,
            form: Form::default(),
            input: Input::default(),
            cursor: None,
            first_highlight: false,
            notice: None,
            print_tickets: false,
            ticket_printed: None,
            errors: Vec::new(),
            return_to_check: false,
            outcome: None,
            idle,
            last_activity: now,
            now,
            unlock: None,
            pin_paused_until: None,
            finished: false,
        }
    }

    pub fn step(&self) -> Step {
        self.step
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    /// Seconds left before the form is wiped, once the idle warning is showing.
    pub fn idle_seconds_left(&self) -> Option<i64> {
        if !self.idle_applies() || !self.holds_answers() {
            return None;
        }
        let idle = self.now - self.last_activity;
        (idle >= self.idle.timeout).then(|| {
            let left = self.idle.timeout + self.idle.countdown - idle;
            (left.num_milliseconds() + 999).div_euclid(1000).max(0)
        })
    }

    fn idle_applies(&self) -> bool {
        self.step != Step::Start || self.unlock.is_some()
    }

    /// Only a half-filled form needs a warning before it goes; the confirmation and "not saved"
    /// pages simply return to the start once the candidate has walked away.
    fn holds_answers(&self) -> bool {
        !matches!(self.step, Step::Confirmation | Step::Declined)
    }

    /// Back to the welcome screen with nothing of the last candidate left in memory.
    /// Prints each candidate's ticket too, where the kiosk has a receipt printer.
    pub fn printing_tickets(mut self) -> Self {
        self.print_tickets = true;
        self
    }

    fn reset(&mut self) {
        self.ticket_printed = None;
        self.form.wipe();
        self.wipe_input();
        self.step = Step::Start;
        self.cursor = None;
        self.first_highlight = false;
        self.errors.clear();
        self.return_to_check = false;
        self.outcome = None;
        self.unlock = None;
    }

    fn wipe_input(&mut self) {
        let mut typed = self.input.value_and_reset();
        typed.zeroize();
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let was_idle = self.idle_seconds_left().is_some();
        self.last_activity = self.now;
        self.notice = None;
        if was_idle {
            // The key only says "I'm still here"; it must not also answer a question.
            return Vec::new();
        }
        if self.unlock.is_some() {
            return self.on_unlock_key(key);
        }
        if key.code == UNLOCK_KEY {
            self.unlock = Some(Unlock::default());
            return Vec::new();
        }
        if is_escape_attempt(&key) {
            return Vec::new();
        }
        match self.step {
            Step::Start => {
                if key.code == KeyCode::Enter {
                    self.go(Step::Privacy);
                }
                Vec::new()
            }
            Step::Declined => {
                if key.code == KeyCode::Enter {
                    self.reset();
                }
                Vec::new()
            }
            Step::Confirmation => {
                if key.code == KeyCode::Enter {
                    self.reset();
                }
                Vec::new()
            }
            Step::Text(step) => self.on_text_key(step, key),
            Step::Check => self.on_check_key(key),
            _ => self.on_choice_key(key),
        }
    }

    fn on_text_key(&mut self, step: TextStep, key: KeyEvent) -> Vec<Effect> {
        if step == TextStep::Postcode && self.on_no_fixed_address_key(key) {
            return Vec::new();
        }
        match key.code {
            KeyCode::Enter => match self.check_text(step) {
                Ok(()) => {
                    let typed = self.input.value().trim().to_string();
                    self.form.set_text(step, typed);
                    self.advance();
                }
                Err(message) => self.errors = vec![message],
            },
            KeyCode::Esc => {
                // Keep what they typed, so coming forward again shows it.
                let typed = self.input.value().trim().to_string();
                self.form.set_text(step, typed);
                self.back();
            }
            _ => {
                if let Some(request) = to_input_request(&Event::Key(key)) {
                    self.input.handle(request);
                }
            }
        }
        Vec::new()
    }

    /// The answer in the text box, checked; the phone question also checks the contact rule
    /// (an email or a phone), since it is the last chance to give one.
    fn check_text(&self, step: TextStep) -> Result<(), String> {
        let typed = self.input.value();
        step.validate(typed)
            .map_err(|error| self.content.kiosk.field_error(&error))?;
        if step == TextStep::Phone {
            self.form
                .reach(typed, &self.content)
                .map_err(|(_, message)| message)?;
        }
        Ok(())
    }

    /// The "I do not have a fixed address" box under the postcode: Down moves to it, Space
    /// ticks it (emptying the postcode box), Up or typing goes back to the box. `true` when
    /// the key was used here.
    fn on_no_fixed_address_key(&mut self, key: KeyEvent) -> bool {
        let on_box = self.cursor.is_some();
        match key.code {
            KeyCode::Down if !on_box => self.cursor = Some(0),
            KeyCode::Up if on_box => self.cursor = None,
            KeyCode::Char(' ') if on_box => {
                self.errors.clear();
                self.form.no_fixed_address = !self.form.no_fixed_address;
                if self.form.no_fixed_address {
                    self.wipe_input();
                    self.form.set_text(TextStep::Postcode, String::new());
                }
            }
            KeyCode::Enter if self.form.no_fixed_address => {
                self.wipe_input();
                self.form.set_text(TextStep::Postcode, String::new());
                self.advance();
            }
            KeyCode::Char(_) | KeyCode::Backspace if on_box || self.form.no_fixed_address => {
                // Typing a postcode takes back "no fixed address".
                self.cursor = None;
                self.form.no_fixed_address = false;
                return false;
            }
            _ => return false,
        }
        true
    }

    fn on_check_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let last = CHECK_ROWS.len() - 1;
        match key.code {
            KeyCode::Up => self.cursor = Some(self.cursor.map_or(last, |i| i.saturating_sub(1))),
            KeyCode::Down => self.cursor = Some(self.cursor.map_or(0, |i| (i + 1).min(last))),
            KeyCode::Esc => self.back(),
            KeyCode::Enter => {
                let row = self.cursor.unwrap_or(last);
                if row == last {
                    return self.submit();
                }
                let step = match CHECK_ROWS[row] {
                    "given_name" => Step::Text(TextStep::GivenName),
                    "family_name" => Step::Text(TextStep::FamilyName),
                    "email" => Step::Text(TextStep::Email),
                    "phone" => Step::Text(TextStep::Phone),
                    "postcode" => Step::Text(TextStep::Postcode),
                    "roles" => Step::Roles,
                    "contract_types" => Step::ContractTypes,
                    "work_patterns" => Step::WorkPatterns,
                    "right_to_work" => Step::RightToWork,
                    "care_experience" => Step::CareExperience,
                    "adjustments" => Step::Text(TextStep::Adjustments),
                    _ => Step::EqualityIntro,
                };
                self.return_to_check = true;
                self.go(step);
            }
            _ => {}
        }
        Vec::new()
    }

    fn submit(&mut self) -> Vec<Effect> {
        match self.form.to_registration(&self.content) {
            Ok(registration) => {
                self.errors.clear();
                vec![Effect::Register(Box::new(registration))]
            }
            Err((question, message)) => {
                // Should not happen (each page checks its answer), but never send a bad form.
                self.return_to_check = true;
                self.go(question.into());
                self.errors = vec![message];
                Vec::new()
            }
        }
    }

    fn on_unlock_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let locked = self.pin_paused_for().is_some();
        let Some(unlock) = self.unlock.as_mut() else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Esc => {
                let mut pin = unlock.pin.value_and_reset();
                pin.zeroize();
                self.unlock = None;
            }
            KeyCode::Enter if !locked && !unlock.pin.value().is_empty() => {
                let pin = unlock.pin.value_and_reset();
                return vec![Effect::CheckPin(pin)];
            }
            KeyCode::Backspace => {
                unlock.pin.handle(tui_input::InputRequest::DeletePrevChar);
            }
            KeyCode::Char(c) if c.is_ascii_digit() && !locked && unlock.pin.value().len() < 8 => {
                unlock.pin.handle(tui_input::InputRequest::InsertChar(c));
            }
            _ => {}
        }
        Vec::new()
    }

    /// Seconds left in a pause of the unlock box.
    pub fn pin_paused_for(&self) -> Option<i64> {
        self.pin_paused_until
            .and_then(|until| seconds_until(until, self.now))
    }

    /// What the unlock box says under the PIN: the wait while paused, else the last answer.
    fn unlock_message(&self) -> Option<String> {
        let text = &self.content.kiosk.unlock;
        match self.pin_paused_for() {
            Some(seconds) => Some(text.paused.replace("{wait}", &wait_words(seconds))),
            None => self.unlock.as_ref()?.message.clone(),
        }
    }

    fn on_pin_checked(&mut self, checked: Result<String, PinRefusal>) {
        let text = &self.content.kiosk.unlock;
        let message = match checked {
            Ok(_) => {
                // The check has audited who closed the kiosk.
                self.reset();
                self.finished = true;
                return;
            }
            Err(
                PinRefusal::Wrong {
                    paused_until: Some(until),
                    ..
                }
                | PinRefusal::Paused { until },
            ) => {
                self.pin_paused_until = Some(until);
                None
            }
            Err(PinRefusal::Wrong { .. }) => Some(text.wrong.clone()),
            Err(PinRefusal::NotCoordinator) => Some(text.coordinators_only.clone()),
            Err(other) => Some(other.to_string()),
        };
        if let Some(unlock) = self.unlock.as_mut() {
            unlock.message = message;
        }
    }

    /// Moves to a step, loading its current answer into the text box or list.
    /// A paste goes into the text box as one line, without control characters; anywhere
    /// else it is refused with a word, never silently (issue 14). Without bracketed paste a
    /// pasted line break would have been an Enter that answered the question.
    fn on_paste(&mut self, text: &str) {
        /// More than any answer needs: a paste of a whole document is cut here.
        const MOST: usize = 200;
        self.last_activity = self.now;
        let words = &self.content.kiosk;
        match self.step {
            Step::Text(_) if self.unlock.is_none() => {
                let line = text
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                for c in line.chars().filter(|c| !c.is_control()).take(MOST) {
                    self.input.handle(tui_input::InputRequest::InsertChar(c));
                }
                self.notice = Some(words.error_or(
                    "paste.added",
                    "We added the text you pasted. Check it is right, then press Enter.",
                ));
            }
            _ => {
                self.notice = Some(words.error_or(
                    "paste.not_here",
                    "Pasting does not work on this page. Use the arrow keys, Space and Enter.",
                ));
            }
        }
    }

    fn go(&mut self, step: Step) {
        self.errors.clear();
        self.notice = None;
        self.wipe_input();
        self.step = step;
        self.cursor = None;
        self.first_highlight = false;
        match step {
            Step::Text(text) => {
                self.input = Input::new(self.form.text(text).to_string());
                if text == TextStep::Postcode && self.form.no_fixed_address {
                    self.cursor = Some(0);
                }
            }
            Step::Check => self.cursor = Some(CHECK_ROWS.len() - 1),
            Step::Privacy | Step::EqualityIntro => self.highlight_first(),
            _ => match self.chosen().iter().position(|&on| on) {
                Some(i) => self.cursor = Some(i),
                // An equality answer is never given by pressing Enter in a hurry: it goes into
                // the fairness figures, so the candidate picks it (or "I prefer not to say").
                None if matches!(step, Step::Equality(_)) => {}
                None => self.highlight_first(),
            },
        }
    }

    /// Puts the cursor on a list's first option, with nothing chosen, so Enter works at once.
    fn highlight_first(&mut self) {
        if self.option_count() > 0 {
            self.cursor = Some(0);
            self.first_highlight = true;
        }
    }

    /// After an answer is accepted: the next question, or back to "Check your answers".
    fn advance(&mut self) {
        let next = self.next_step();
        let going_to_check = matches!(next, Step::Check);
        if self.return_to_check && !self.in_equality_run(next) || going_to_check {
            self.return_to_check = false;
            self.go(Step::Check);
        } else {
            self.go(next);
        }
    }

    /// While changing the equality answers from the check page, carry on through them.
    fn in_equality_run(&self, next: Step) -> bool {
        matches!(self.step, Step::EqualityIntro | Step::Equality(_))
            && matches!(next, Step::Equality(_))
    }

    fn back(&mut self) {
        if self.return_to_check {
            self.return_to_check = false;
            self.go(Step::Check);
            return;
        }
        let previous = match self.step {
            Step::Start | Step::Privacy | Step::Declined | Step::Confirmation => Step::Start,
            Step::Text(TextStep::GivenName) => Step::Privacy,
            Step::Text(TextStep::FamilyName) => Step::Text(TextStep::GivenName),
            Step::Text(TextStep::Email) => Step::Text(TextStep::FamilyName),
            Step::Text(TextStep::Phone) => Step::Text(TextStep::Email),
            Step::Text(TextStep::Postcode) => Step::Text(TextStep::Phone),
            Step::Roles => Step::Text(TextStep::Postcode),
            Step::ContractTypes => Step::Roles,
            Step::WorkPatterns => Step::ContractTypes,
            Step::RightToWork => Step::WorkPatterns,
            Step::CareExperience => Step::RightToWork,
            Step::Text(TextStep::Adjustments) => Step::CareExperience,
            Step::EqualityIntro => Step::Text(TextStep::Adjustments),
            Step::Equality(0) => Step::EqualityIntro,
            Step::Equality(i) => Step::Equality(i - 1),
            Step::Check => match &self.form.equality {
                Some(answers) if !answers.is_empty() => Step::Equality(answers.len() - 1),
                _ => Step::EqualityIntro,
            },
        };
        if self.step == Step::Privacy {
            // Going back from the privacy notice starts over; nothing has been typed yet.
            self.reset();
        } else {
            self.go(previous);
        }
    }

    fn next_step(&self) -> Step {
        let questions = self.content.equality.questions.len();
        match self.step {
            Step::Start | Step::Declined => Step::Privacy,
            Step::Privacy => Step::Text(TextStep::GivenName),
            Step::Text(TextStep::GivenName) => Step::Text(TextStep::FamilyName),
            Step::Text(TextStep::FamilyName) => Step::Text(TextStep::Email),
            Step::Text(TextStep::Email) => Step::Text(TextStep::Phone),
            Step::Text(TextStep::Phone) => Step::Text(TextStep::Postcode),
            Step::Text(TextStep::Postcode) => Step::Roles,
            Step::Roles => Step::ContractTypes,
            Step::ContractTypes => Step::WorkPatterns,
            Step::WorkPatterns => Step::RightToWork,
            Step::RightToWork => Step::CareExperience,
            Step::CareExperience => Step::Text(TextStep::Adjustments),
            Step::Text(TextStep::Adjustments) => Step::EqualityIntro,
            Step::EqualityIntro if self.form.equality.is_some() && questions > 0 => {
                Step::Equality(0)
            }
            Step::EqualityIntro => Step::Check,
            Step::Equality(i) if i + 1 < questions => Step::Equality(i + 1),
            Step::Equality(_) | Step::Check | Step::Confirmation => Step::Check,
        }
    }

    fn on_tick(&mut self, now: DateTime<Utc>) {
        self.now = now;
        if self.pin_paused_until.is_some() && self.pin_paused_for().is_none() {
            self.pin_paused_until = None;
            if let Some(unlock) = self.unlock.as_mut() {
                unlock.message = None;
            }
        }
        let allowed = if self.holds_answers() {
            self.idle.timeout + self.idle.countdown
        } else {
            self.idle.timeout
        };
        if self.idle_applies() && now - self.last_activity >= allowed {
            self.reset();
            self.last_activity = now;
        }
    }

    fn on_registered(&mut self, result: Result<RegisterOutcome, String>) -> Vec<Effect> {
        match result {
            Ok(outcome) => {
                // Saved: nothing personal needs to stay in memory now.
                self.form.wipe();
                let print = self
                    .print_tickets
                    .then(|| Effect::PrintTicket(outcome.ticket.clone()));
                self.outcome = Some(outcome);
                self.step = Step::Confirmation;
                self.cursor = None;
                self.errors.clear();
                print.into_iter().collect()
            }
            Err(detail) => {
                self.errors = vec![
                    self.content.kiosk.error("submit.failed"),
                    format!("For staff: {detail}"),
                ];
                Vec::new()
            }
        }
    }
}

/// Keys that would leave or suspend an ordinary terminal program. The kiosk ignores them.
fn is_escape_attempt(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('c' | 'z' | '\\' | 'd' | '4'))
}

impl Program for Kiosk {
    type Msg = Msg;
    type Effect = Effect;

    fn input(&self, event: Event) -> Option<Msg> {
        match event {
            Event::Key(key) => Some(Msg::Key(key)),
            Event::Paste(text) => Some(Msg::Paste(text)),
            _ => None,
        }
    }

    fn pastes_whole(&self) -> bool {
        true
    }

    fn tick(&self, now: DateTime<Utc>) -> Msg {
        Msg::Tick(now)
    }

    fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Paste(text) => {
                self.on_paste(&text);
                Vec::new()
            }
            Msg::Tick(now) => {
                self.on_tick(now);
                Vec::new()
            }
            Msg::Registered(result) => self.on_registered(result),
            Msg::TicketPrinted(result) => {
                if let Err(why) = &result {
                    // For whoever looks after the kiosk; the candidate has the number on screen.
                    tracing::warn!(error = %why, "the kiosk's ticket did not print");
                }
                self.ticket_printed = Some(result.is_ok());
                Vec::new()
            }
            Msg::PinChecked(checked) => {
                self.on_pin_checked(checked);
                Vec::new()
            }
            Msg::PinCheckFailed(detail) => {
                if let Some(unlock) = self.unlock.as_mut() {
                    unlock.message = Some(
                        self.content
                            .kiosk
                            .unlock
                            .failed
                            .replace("{detail}", &detail),
                    );
                }
                Vec::new()
            }
        }
    }

    fn render(&self, frame: &mut ratatui::Frame) {
        view::render(self, frame);
    }

    fn finished(&self) -> bool {
        self.finished
    }
}

/// Runs the kiosk on the real terminal until a member of staff unlocks it.
pub fn run(
    mut store: crate::store::Store,
    content: Content,
    idle: IdlePolicy,
    print_tickets: bool,
) -> anyhow::Result<()> {
    use crate::domain::Source;
    use crate::service::pin::Door;
    use crate::store::Actor;

    let event = crate::service::event::require(&store)?;
    let content = Arc::new(content);
    let mut kiosk = Kiosk::new(Arc::clone(&content), &event.title(), idle, Utc::now());
    if print_tickets {
        kiosk = kiosk.printing_tickets();
    }
    super::terminal::run(
        &mut kiosk,
        |effect| match effect {
            Effect::Register(registration) => {
                let actor = Actor::new("kiosk", Utc::now());
                let result = crate::service::registration::register(
                    &mut store,
                    &event,
                    &registration,
                    Source::Kiosk,
                    &actor,
                )
                .map_err(|e| crate::tui::words::store_error(&e));
                Some(Msg::Registered(result))
            }
            Effect::PrintTicket(ticket) => Some(Msg::TicketPrinted(
                crate::service::registration::print_ticket(&store, &event, &content, &ticket)
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
            )),
            Effect::CheckPin(mut pin) => {
                let checked = crate::service::pin::check(&mut store, Door::Kiosk, &pin, Utc::now());
                pin.zeroize();
                Some(match checked {
                    Ok(checked) => Msg::PinChecked(checked.map(|staff| staff.id)),
                    Err(e) => Msg::PinCheckFailed(crate::tui::words::store_error(&e)),
                })
            }
        },
        || None,
    )
}

#[cfg(test)]
mod tests;
