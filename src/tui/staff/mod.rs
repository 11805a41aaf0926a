//! The staff screens: sign in, the live queue, a candidate's details, and the walk-in form.
//!
//! [`StaffApp`] is the state machine ([`Program`]): keys and the clock come in as [`Msg`]s,
//! `update` changes the state and asks for [`Effect`]s (check a PIN, save a status, register a
//! walk-in), and `render` only draws. [`Shell`] carries the effects out against the [`Store`],
//! and notices other processes' commits (the kiosk) through `PRAGMA data_version`.

pub mod dashboard;
pub mod detail;
pub mod interview;
pub mod offer;
pub mod queue;
pub mod sign_in;
pub mod syncing;
pub mod walk_in;

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use zeroize::Zeroizing;

use crate::content::Content;
use crate::domain::text::visible;
use crate::domain::{Event, Registration, Source, Staff, Status};
use crate::screening::ScriptLibrary;
use crate::screening::scoring::Recommendation;
use crate::service::pin::{self as pin_check, Door, PinRefusal};
use crate::store::screenings::{Answer, Decision, Screening, ScriptRef};
use crate::store::{Actor, CandidateDetail, QueueRow, RegisterOutcome, Store};
use crate::tui::Program;
use crate::tui::widgets::{MIN_HEIGHT, MIN_WIDTH, fits};

use crate::domain::offer::NewOffer;
use crate::store::offers::OfferRecord;
use dashboard::{Dashboard, DashboardAction, ExportUpdate};
use interview::{Interview, InterviewAction};
use offer::{OfferForm, OfferFormAction, OfferShown, OfferShownAction};
use queue::{Queue, QueueAction, page_height};
use sign_in::{SignIn, SignInAction};
use walk_in::{WalkIn, WalkInAction};

/// A PIN on its way to be checked; wiped from memory when dropped, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(Zeroizing<String>);

impl Pin {
    pub fn new(pin: impl Into<String>) -> Self {
        Self(Zeroizing::new(pin.into()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(****)")
    }
}

/// Everything that can happen to the staff screens.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// The clock moved on.
    Tick(DateTime<Utc>),
    /// The event's candidates, as [`Store::candidates`] returns them.
    Candidates(Vec<QueueRow>),
    /// How many changes wait to be synced.
    Unsynced(i64),
    /// Where sync stands: waiting and rejected changes, the last sync and its error.
    SyncStatus(crate::report::day::SyncStatus),
    /// What this laptop has noticed about its clock, as [`Store::clock_checks`] returns it.
    Clock(crate::domain::clock::ClockChecks),
    /// The background sync (started with `s` on the dashboard) reported progress.
    SyncProgress(crate::sync::client::SyncEvent),
    /// The background sync ended: what it did, or why it stopped.
    SyncFinished(Result<String, String>),
    /// The active staff list changed (someone was added in another terminal).
    Staff(Vec<Staff>),
    /// The PIN was right: this person is signed in.
    SignedIn(Staff),
    /// The PIN check said no, and why (wrong, paused, locked...).
    PinRefused(PinRefusal),
    /// The details asked for with [`Effect::LoadDetail`].
    Detail(Box<CandidateDetail>),
    /// A status change was saved.
    StatusChanged {
        candidate_id: String,
        ticket: String,
        status: Status,
    },
    /// A walk-in was saved.
    Registered {
        outcome: RegisterOutcome,
        name: String,
    },
    /// Something the shell was asked to do failed; the words say what and how to fix it.
    Failed(String),
    /// A candidate to interview, with the interview this recruiter left open for them, if any.
    InterviewReady {
        detail: Box<CandidateDetail>,
        open: Option<Box<Screening>>,
    },
    /// The interview now exists in the store.
    ScreeningStarted(Box<Screening>),
    /// The decision was saved.
    ScreeningFinished {
        ticket: String,
        candidate_id: String,
        screening_id: String,
        decision: Recommendation,
    },
    /// The offer form, ready for a candidate.
    OfferFormReady {
        detail: Box<CandidateDetail>,
        screening_id: Option<String>,
        valid_days: u32,
    },
    /// An offer to show with its QR code.
    OfferReady {
        offer: Box<OfferRecord>,
        printer: Option<String>,
    },
    /// An offer was withdrawn or declined.
    OfferClosed {
        reference: String,
        status: crate::domain::offer::OfferStatus,
    },
    /// A slip printed (Ok: where) or not (Err: why).
    Printed(Result<String, String>),
    /// The candidate went back to the queue without a decision.
    ScreeningAbandoned { ticket: String },
    /// The rows the coordinator's dashboard is computed from, read now.
    Dashboard {
        rows: Box<crate::report::day::DayRows>,
        people: Vec<crate::report::fairness::Person>,
    },
    /// How the export started from the dashboard is getting on.
    Export(ExportUpdate),
    /// Several messages at once, handled in order.
    Batch(Vec<Msg>),
}

/// What the shell should do for the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Check `pin` for this member of staff through the one PIN check (which counts, pauses and
    /// audits); answer `SignedIn`, `PinRefused` or `Failed`.
    CheckPin {
        staff_id: String,
        pin: Pin,
        at: DateTime<Utc>,
    },
    /// Audit a sign-out.
    SignOut { staff_id: String, at: DateTime<Utc> },
    /// Read the candidates and the unsynced count again.
    Reload,
    /// Start a sync in the background; answer `SyncProgress`s, then `SyncFinished`.
    StartSync,
    /// Read one candidate's details; answer `Detail`.
    LoadDetail { candidate_id: String },
    /// Save a status change; answer `StatusChanged`.
    SetStatus {
        candidate_id: String,
        ticket: String,
        status: Status,
        staff_id: String,
        at: DateTime<Utc>,
    },
    /// Register a walk-in; answer `Registered`.
    Register {
        registration: Box<Registration>,
        staff_id: String,
        at: DateTime<Utc>,
    },
    /// Read a candidate (and any interview of theirs this recruiter left open); answer `InterviewReady`.
    LoadInterview {
        candidate_id: String,
        staff_id: String,
    },
    /// After sign-in: pick up an interview this recruiter left open, if there is one.
    ResumeOpenInterview { staff_id: String },
    /// Take the candidate into interview; answer `ScreeningStarted`.
    StartScreening {
        candidate_id: String,
        script: ScriptRef,
        blind: bool,
        staff: Staff,
        at: DateTime<Utc>,
    },
    /// Save one answer the moment it is given.
    SaveAnswer {
        screening_id: String,
        answer: Answer,
        staff_id: String,
        at: DateTime<Utc>,
    },
    /// Save the decision; answer `ScreeningFinished`.
    FinishScreening {
        screening_id: String,
        candidate_id: String,
        ticket: String,
        decision: Box<Decision>,
        staff_id: String,
        at: DateTime<Utc>,
    },
    /// Open the candidate's live offer, or the form to make one; answer `OfferReady` or `OfferFormReady`.
    OpenOffer {
        candidate_id: String,
        screening_id: Option<String>,
    },
    /// Make the offer; answer `OfferReady`.
    MakeOffer {
        offer: Box<NewOffer>,
        staff_id: String,
        at: DateTime<Utc>,
    },
    /// Withdraw or decline an offer with a reason; answer `OfferClosed`.
    CloseOffer {
        offer_id: String,
        status: crate::domain::offer::OfferStatus,
        reason: String,
        staff_id: String,
        at: DateTime<Utc>,
    },
    /// Print the offer's slip on the event's printer and log it; answer `Printed`.
    PrintOffer {
        offer_id: String,
        staff_id: String,
        at: DateTime<Utc>,
    },
    /// Read the dashboard's rows now and again after every commit; answer `Dashboard`.
    WatchDashboard,
    /// Stop reading the dashboard's rows.
    UnwatchDashboard,
    /// Export a dataset of the day on a thread of its own, into the database's folder; news
    /// arrives as `Export` messages from [`Shell::poll`].
    StartExport {
        dataset: crate::export::Dataset,
        format: crate::export::Format,
    },
    /// Give the candidate back to the queue; answer `ScreeningAbandoned`.
    AbandonScreening {
        screening_id: String,
        ticket: String,
        staff_id: String,
        at: DateTime<Utc>,
    },
}

/// Which screen is showing.
#[derive(Debug, Clone)]
enum Screen {
    SignIn,
    Queue,
    Detail(Box<CandidateDetail>),
    WalkIn(Box<WalkIn>),
    Interview(Box<Interview>),
    OfferForm(Box<OfferForm>),
    Offer(Box<OfferShown>),
    Dashboard(Box<Dashboard>),
}

/// A line under the queue or a detail: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Notice {
    text: String,
    error: bool,
}

/// The staff screens' state.
#[derive(Debug, Clone)]
pub struct StaffApp {
    content: Content,
    event: Option<Event>,
    first_run_hint: Option<String>,
    now: DateTime<Utc>,
    size: (u16, u16),
    screen: Screen,
    sign_in: SignIn,
    signed_in: Option<Staff>,
    queue: Queue,
    unsynced: Option<i64>,
    sync_status: Option<crate::report::day::SyncStatus>,
    /// What this laptop noticed about its clock; warned about in the queue's header.
    clock: crate::domain::clock::ClockChecks,
    /// The sync started from the dashboard, while it runs.
    sync_run: Option<syncing::SyncRun>,
    notice: Option<Notice>,
    scripts: Arc<ScriptLibrary>,
    /// The event interviews blind: interview screens hide registration answers.
    blind: bool,
    finished: bool,
}

impl StaffApp {
    /// A new app on the sign-in screen. `event` may be an [`Event`] or `None` (no event yet).
    pub fn new(
        content: Content,
        event: impl Into<Option<Event>>,
        staff: Vec<Staff>,
        first_run_hint: Option<String>,
        now: DateTime<Utc>,
    ) -> Self {
        let content_roles = content.roles.clone();
        Self {
            content,
            event: event.into(),
            first_run_hint,
            now,
            size: (MIN_WIDTH, MIN_HEIGHT),
            screen: Screen::SignIn,
            sign_in: SignIn::new(staff),
            signed_in: None,
            queue: Queue::default(),
            unsynced: None,
            sync_status: None,
            clock: Default::default(),
            sync_run: None,
            notice: None,
            scripts: Arc::new(ScriptLibrary::built_in(&content_roles)),
            blind: false,
            finished: false,
        }
    }

    /// Uses these screening scripts, and blind interviewing when the event asks for it.
    pub fn with_scripts(mut self, scripts: ScriptLibrary, blind: bool) -> Self {
        self.scripts = Arc::new(scripts);
        self.blind = blind;
        self
    }

    /// The interview, when it is showing.
    pub fn interview(&self) -> Option<&Interview> {
        match &self.screen {
            Screen::Interview(interview) => Some(interview),
            _ => None,
        }
    }

    pub fn queue(&self) -> &Queue {
        &self.queue
    }

    pub fn sign_in_state(&self) -> &sign_in::SignIn {
        &self.sign_in
    }

    pub fn signed_in(&self) -> Option<&Staff> {
        self.signed_in.as_ref()
    }

    /// The coordinator's dashboard, when it is showing.
    pub fn dashboard(&self) -> Option<&Dashboard> {
        match &self.screen {
            Screen::Dashboard(dashboard) => Some(dashboard),
            _ => None,
        }
    }

    fn timezone(&self) -> chrono_tz::Tz {
        self.event
            .as_ref()
            .map_or(chrono_tz::Europe::London, |e| e.timezone)
    }

    /// Opens the dashboard for a coordinator; a recruiter is told plainly that they cannot.
    fn open_dashboard(&mut self) -> Vec<Effect> {
        let coordinator = self
            .signed_in
            .as_ref()
            .is_some_and(|s| s.role == crate::domain::StaffRole::Coordinator);
        if !coordinator {
            self.complain("Only coordinators can open the dashboard.");
            return Vec::new();
        }
        self.notice = None;
        self.screen = Screen::Dashboard(Box::default());
        vec![Effect::WatchDashboard]
    }

    /// Starts the dashboard's sync, unless one is already running.
    fn start_sync(&mut self) -> Vec<Effect> {
        if self.sync_run.is_some() {
            self.complain("A sync is already running; its progress shows below.");
            return Vec::new();
        }
        self.notice = None;
        self.sync_run = Some(syncing::SyncRun::default());
        vec![Effect::StartSync]
    }

    /// The sync started from the dashboard, while it runs.
    pub fn sync_run(&self) -> Option<&syncing::SyncRun> {
        self.sync_run.as_ref()
    }

    /// The walk-in form, when it is showing.
    pub fn walk_in(&self) -> Option<&WalkIn> {
        match &self.screen {
            Screen::WalkIn(form) => Some(form),
            _ => None,
        }
    }

    /// The candidate whose details are showing.
    pub fn detail(&self) -> Option<&CandidateDetail> {
        match &self.screen {
            Screen::Detail(detail) => Some(detail),
            _ => None,
        }
    }

    /// The last message shown under the queue or a detail, and whether it is an error.
    pub fn notice(&self) -> Option<(&str, bool)> {
        self.notice.as_ref().map(|n| (n.text.as_str(), n.error))
    }

    /// The name of the screen showing: "sign-in", "queue", "detail" or "walk-in".
    pub fn screen_name(&self) -> &'static str {
        match self.screen {
            Screen::SignIn => "sign-in",
            Screen::Queue => "queue",
            Screen::Detail(_) => "detail",
            Screen::WalkIn(_) => "walk-in",
            Screen::Interview(_) => "interview",
            Screen::OfferForm(_) => "offer-form",
            Screen::Offer(_) => "offer",
            Screen::Dashboard(_) => "dashboard",
        }
    }

    fn page(&self) -> usize {
        page_height(self.size.1)
    }

    fn event_line(&self) -> String {
        match &self.event {
            Some(event) => format!(
                "{} · {} · {}",
                event.name,
                event.date.format("%a %-d %b %Y"),
                event.venue
            ),
            None => "No event".to_string(),
        }
    }

    fn say(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            error: false,
        });
    }

    fn complain(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            error: true,
        });
    }

    fn staff_id(&self) -> Option<String> {
        self.signed_in.as_ref().map(|s| s.id.clone())
    }

    fn sign_out(&mut self) -> Vec<Effect> {
        let effects = self
            .staff_id()
            .map(|staff_id| Effect::SignOut {
                staff_id,
                at: self.now,
            })
            .into_iter()
            .collect();
        self.signed_in = None;
        self.screen = Screen::SignIn;
        self.notice = None;
        self.queue.reset_view();
        self.sign_in.reset();
        effects
    }

    /// The status change `wanted` for a candidate, or a notice saying why not.
    fn change_status(&mut self, row: Option<QueueRow>, wanted: Status) -> Vec<Effect> {
        let Some(row) = row else {
            self.complain("Nobody is selected.");
            return Vec::new();
        };
        let Some(staff_id) = self.staff_id() else {
            return Vec::new();
        };
        let ticket = visible(&row.ticket).into_owned();
        let allowed = match wanted {
            Status::NoShow => row.status == Status::Waiting,
            Status::Waiting => matches!(row.status, Status::Booked | Status::NoShow),
            Status::Booked => false,
        };
        if !allowed {
            let why = match (wanted, row.status) {
                (Status::NoShow, Status::Booked) => {
                    format!("{ticket} has not arrived yet (booked), so cannot be a no-show.")
                }
                (Status::NoShow, _) => format!("{ticket} is already marked as a no-show."),
                _ => format!("{ticket} is already waiting."),
            };
            self.complain(why);
            return Vec::new();
        }
        vec![Effect::SetStatus {
            candidate_id: row.id,
            ticket: row.ticket,
            status: wanted,
            staff_id,
            at: self.now,
        }]
    }

    /// Starts (or resumes) an interview with a queue row, or says why not.
    fn interview_with(&mut self, row: Option<QueueRow>) -> Vec<Effect> {
        let (Some(row), Some(staff)) = (row, self.signed_in.clone()) else {
            self.complain("Nobody is selected.");
            return Vec::new();
        };
        let ticket = visible(&row.ticket).into_owned();
        if let Some(decision) = row.decision {
            self.complain(format!(
                "{ticket} has been interviewed already ({}).",
                decision.title()
            ));
            return Vec::new();
        }
        match &row.interviewer {
            Some(name) if *name != staff.name => {
                self.complain(format!(
                    "{ticket} is in interview with {}. Choose someone else.",
                    visible(name)
                ));
                return Vec::new();
            }
            None if row.status != Status::Waiting => {
                self.complain(format!(
                    "{ticket} is not waiting. Mark them as arrived (a) first."
                ));
                return Vec::new();
            }
            _ => {}
        }
        vec![Effect::LoadInterview {
            candidate_id: row.id,
            staff_id: staff.id,
        }]
    }

    fn interview_action(&mut self, action: InterviewAction) -> Vec<Effect> {
        let Some(staff) = self.signed_in.clone() else {
            return Vec::new();
        };
        let ticket = match &self.screen {
            Screen::Interview(interview) => interview.candidate().row.ticket.clone(),
            _ => String::new(),
        };
        match action {
            InterviewAction::None => Vec::new(),
            InterviewAction::Leave => {
                let open =
                    matches!(&self.screen, Screen::Interview(i) if i.screening_id().is_some());
                self.screen = Screen::Queue;
                if open {
                    self.say(format!(
                        "The interview with {} is saved and still open: select them and press s to carry on.",
                        visible(&ticket)
                    ));
                }
                vec![Effect::Reload]
            }
            InterviewAction::Start {
                candidate_id,
                script,
                blind,
            } => vec![Effect::StartScreening {
                candidate_id,
                script,
                blind,
                staff,
                at: self.now,
            }],
            InterviewAction::Save {
                screening_id,
                answer,
            } => vec![Effect::SaveAnswer {
                screening_id,
                answer,
                staff_id: staff.id,
                at: self.now,
            }],
            InterviewAction::Finish {
                screening_id,
                mut decision,
            } => {
                let mut candidate_id = String::new();
                if let Screen::Interview(interview) = &self.screen {
                    decision.signposts = interview.chosen_signposts(&self.content);
                    candidate_id = interview.candidate().row.id.clone();
                }
                vec![Effect::FinishScreening {
                    screening_id,
                    candidate_id,
                    ticket,
                    decision: Box::new(decision),
                    staff_id: staff.id,
                    at: self.now,
                }]
            }
            InterviewAction::Abandon { screening_id } => vec![Effect::AbandonScreening {
                screening_id,
                ticket,
                staff_id: staff.id,
                at: self.now,
            }],
        }
    }

    fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('c' | 'C'))
        {
            self.finished = true;
            return self.sign_out();
        }
        match &mut self.screen {
            Screen::SignIn => match self.sign_in.key(key, self.now) {
                SignInAction::None => Vec::new(),
                SignInAction::Check { staff_id, pin } => vec![Effect::CheckPin {
                    staff_id,
                    pin: Pin::new(pin),
                    at: self.now,
                }],
            },
            Screen::Queue => {
                let page = self.page();
                match self.queue.key(key, page) {
                    QueueAction::None => Vec::new(),
                    QueueAction::Open(candidate_id) => vec![Effect::LoadDetail { candidate_id }],
                    QueueAction::WalkIn => {
                        self.notice = None;
                        self.screen = Screen::WalkIn(Box::new(WalkIn::new(&self.content)));
                        Vec::new()
                    }
                    QueueAction::NoShow => {
                        let row = self.queue.selected().cloned();
                        self.change_status(row, Status::NoShow)
                    }
                    QueueAction::Arrived => {
                        let row = self.queue.selected().cloned();
                        self.change_status(row, Status::Waiting)
                    }
                    QueueAction::Offer => match self.queue.selected().cloned() {
                        Some(row) if row.decision == Some(Recommendation::Offer) => {
                            vec![Effect::OpenOffer {
                                candidate_id: row.id,
                                screening_id: None,
                            }]
                        }
                        Some(row) => {
                            self.complain(format!(
                                "{} has no offer decision. Interview them first (s).",
                                visible(&row.ticket)
                            ));
                            Vec::new()
                        }
                        None => Vec::new(),
                    },
                    QueueAction::Interview => {
                        let row = self.queue.selected().cloned();
                        self.interview_with(row)
                    }
                    QueueAction::Dashboard => self.open_dashboard(),
                    QueueAction::SignOut => self.sign_out(),
                }
            }
            Screen::Detail(detail) => {
                let row = detail.row.clone();
                match key.code {
                    KeyCode::Esc | KeyCode::Backspace | KeyCode::Char('q') => {
                        self.screen = Screen::Queue;
                        Vec::new()
                    }
                    KeyCode::Char('n') => self.change_status(Some(row), Status::NoShow),
                    KeyCode::Char('a') => self.change_status(Some(row), Status::Waiting),
                    KeyCode::Char('s') => self.interview_with(Some(row)),
                    _ => Vec::new(),
                }
            }
            Screen::Dashboard(dashboard) => match dashboard.key(key) {
                DashboardAction::None => Vec::new(),
                DashboardAction::Back => {
                    self.screen = Screen::Queue;
                    vec![Effect::UnwatchDashboard, Effect::Reload]
                }
                DashboardAction::Sync => self.start_sync(),
                DashboardAction::Export { dataset, format } => {
                    vec![Effect::StartExport { dataset, format }]
                }
            },
            Screen::Interview(interview) => {
                let action = interview.key(key, self.now);
                self.interview_action(action)
            }
            Screen::OfferForm(form) => match form.key(key) {
                OfferFormAction::None => Vec::new(),
                OfferFormAction::Cancel => {
                    let ticket = visible(&form.candidate().row.ticket).into_owned();
                    self.screen = Screen::Queue;
                    self.say(format!(
                        "No offer made yet for {ticket}: select them in the Screened list and press o."
                    ));
                    vec![Effect::Reload]
                }
                OfferFormAction::Save(offer) => match self.staff_id() {
                    Some(staff_id) => vec![Effect::MakeOffer {
                        offer,
                        staff_id,
                        at: self.now,
                    }],
                    None => Vec::new(),
                },
            },
            Screen::Offer(shown) => match shown.key(key) {
                OfferShownAction::None => Vec::new(),
                OfferShownAction::Back => {
                    self.screen = Screen::Queue;
                    vec![Effect::Reload]
                }
                OfferShownAction::Close {
                    offer_id,
                    status,
                    reason,
                } => match self.staff_id() {
                    Some(staff_id) => vec![Effect::CloseOffer {
                        offer_id,
                        status,
                        reason,
                        staff_id,
                        at: self.now,
                    }],
                    None => Vec::new(),
                },
                OfferShownAction::Print { offer_id } => match self.staff_id() {
                    Some(staff_id) => vec![Effect::PrintOffer {
                        offer_id,
                        staff_id,
                        at: self.now,
                    }],
                    None => Vec::new(),
                },
            },
            Screen::WalkIn(form) => match form.key(key) {
                WalkInAction::None => Vec::new(),
                WalkInAction::Cancel => {
                    self.screen = Screen::Queue;
                    self.say("Walk-in cancelled: nothing was saved.");
                    Vec::new()
                }
                WalkInAction::Submit(registration) => match self.staff_id() {
                    Some(staff_id) => vec![Effect::Register {
                        registration,
                        staff_id,
                        at: self.now,
                    }],
                    None => Vec::new(),
                },
            },
        }
    }
}

impl Program for StaffApp {
    type Msg = Msg;
    type Effect = Effect;

    fn input(&self, event: TermEvent) -> Option<Msg> {
        match event {
            TermEvent::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
            TermEvent::Resize(width, height) => Some(Msg::Resize(width, height)),
            _ => None,
        }
    }

    fn tick(&self, now: DateTime<Utc>) -> Msg {
        Msg::Tick(now)
    }

    fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => self.key(key),
            Msg::Resize(width, height) => {
                self.size = (width, height);
                Vec::new()
            }
            Msg::Tick(now) => {
                self.now = now;
                self.sign_in.tick(now);
                let timezone = self.timezone();
                if let Screen::Dashboard(dashboard) = &mut self.screen {
                    dashboard.tick(now, timezone);
                }
                Vec::new()
            }
            Msg::Candidates(rows) => {
                let page = self.page();
                self.queue.set_rows(rows, page);
                Vec::new()
            }
            Msg::Unsynced(count) => {
                self.unsynced = Some(count);
                Vec::new()
            }
            Msg::SyncStatus(status) => {
                self.unsynced = Some(status.unsynced);
                self.sync_status = Some(status);
                Vec::new()
            }
            Msg::Clock(checks) => {
                self.clock = checks;
                Vec::new()
            }
            Msg::SyncProgress(event) => {
                if let Some(run) = &mut self.sync_run {
                    run.update(&event);
                }
                Vec::new()
            }
            Msg::SyncFinished(outcome) => {
                self.sync_run = None;
                match outcome {
                    Ok(text) => self.say(text),
                    Err(why) => self.complain(format!("Sync stopped: {why}")),
                }
                vec![Effect::Reload]
            }
            Msg::Staff(staff) => {
                self.sign_in.set_staff(staff);
                Vec::new()
            }
            Msg::SignedIn(staff) => {
                self.sign_in.accepted();
                self.signed_in = Some(staff);
                self.notice = None;
                self.screen = Screen::Queue;
                let staff_id = self.staff_id().unwrap_or_default();
                vec![Effect::Reload, Effect::ResumeOpenInterview { staff_id }]
            }
            Msg::PinRefused(refusal) => {
                self.sign_in.refused(refusal);
                Vec::new()
            }
            Msg::Detail(detail) => {
                if self.signed_in.is_some() {
                    self.screen = Screen::Detail(detail);
                }
                Vec::new()
            }
            Msg::StatusChanged {
                candidate_id,
                ticket,
                status,
            } => {
                let done = match status {
                    Status::NoShow => "marked as no-show",
                    Status::Waiting => "marked as arrived: now waiting",
                    Status::Booked => "marked as booked",
                };
                self.say(format!("{} {done}", visible(&ticket)));
                let mut effects = vec![Effect::Reload];
                if matches!(&self.screen, Screen::Detail(d) if d.row.id == candidate_id) {
                    effects.push(Effect::LoadDetail { candidate_id });
                }
                effects
            }
            Msg::Registered { outcome, name } => {
                let mut text = format!(
                    "Registered {} as {}",
                    visible(&name),
                    visible(&outcome.ticket)
                );
                if outcome.possible_duplicate {
                    text.push_str(
                        ". DUP? The same email or phone is already registered: check with the candidate.",
                    );
                }
                self.say(text);
                self.queue.select_when_seen(outcome.candidate_id);
                self.screen = Screen::Queue;
                vec![Effect::Reload]
            }
            Msg::InterviewReady { detail, open } => {
                if self.signed_in.is_none() {
                    return Vec::new();
                }
                let signposts = self.content.signposts.len();
                let library = Arc::clone(&self.scripts);
                let interview = match open {
                    Some(screening) => {
                        Interview::resume(detail, library, signposts, &screening, self.now)
                    }
                    None => Ok(Interview::prepare(
                        detail, library, signposts, self.blind, self.now,
                    )),
                };
                match interview {
                    Ok(interview) => self.screen = Screen::Interview(Box::new(interview)),
                    Err(message) => self.complain(message),
                }
                Vec::new()
            }
            Msg::ScreeningStarted(screening) => {
                if let Screen::Interview(interview) = &mut self.screen {
                    interview.started(&screening, self.now);
                }
                vec![Effect::Reload]
            }
            Msg::ScreeningFinished {
                ticket,
                candidate_id,
                screening_id,
                decision,
            } => {
                self.screen = Screen::Queue;
                self.say(format!(
                    "Saved: {} — {}.",
                    visible(&ticket),
                    decision.title()
                ));
                let mut effects = vec![Effect::Reload];
                if decision == Recommendation::Offer {
                    effects.push(Effect::OpenOffer {
                        candidate_id,
                        screening_id: Some(screening_id),
                    });
                }
                effects
            }
            Msg::OfferFormReady {
                detail,
                screening_id,
                valid_days,
            } => {
                if self.signed_in.is_some() {
                    let timezone = self
                        .event
                        .as_ref()
                        .map_or(chrono_tz::Europe::London, |e| e.timezone);
                    let today = self.now.with_timezone(&timezone).date_naive();
                    self.screen = Screen::OfferForm(Box::new(OfferForm::new(
                        detail,
                        screening_id,
                        &self.content,
                        valid_days,
                        today,
                    )));
                }
                Vec::new()
            }
            Msg::OfferReady { offer, printer } => {
                if self.signed_in.is_some() {
                    self.screen = Screen::Offer(Box::new(OfferShown::new(*offer, printer)));
                }
                vec![Effect::Reload]
            }
            Msg::OfferClosed { reference, status } => {
                self.screen = Screen::Queue;
                let done = match status {
                    crate::domain::offer::OfferStatus::Withdrawn => "withdrawn",
                    _ => "recorded as declined",
                };
                self.say(format!("Offer {} {done}.", visible(&reference)));
                vec![Effect::Reload]
            }
            Msg::Printed(result) => {
                if let Screen::Offer(shown) = &mut self.screen {
                    match result {
                        Ok(done) => shown.printed(done),
                        Err(e) => shown.said(e, true),
                    }
                }
                Vec::new()
            }
            Msg::ScreeningAbandoned { ticket } => {
                self.screen = Screen::Queue;
                self.say(format!(
                    "{} is back in the queue; the interview was closed without a decision.",
                    visible(&ticket)
                ));
                vec![Effect::Reload]
            }
            Msg::Failed(message) => {
                match &mut self.screen {
                    Screen::Interview(interview) => interview.failed(message),
                    Screen::OfferForm(form) => form.failed(message),
                    Screen::Offer(shown) => shown.said(message, true),
                    Screen::SignIn => self.sign_in.failed(message),
                    Screen::WalkIn(form) => form.save_failed(message),
                    _ => self.complain(message),
                }
                Vec::new()
            }
            Msg::Dashboard { rows, people } => {
                let timezone = self.timezone();
                if let Screen::Dashboard(dashboard) = &mut self.screen {
                    dashboard.set_rows(*rows, people, &self.content, self.now, timezone);
                }
                Vec::new()
            }
            Msg::Export(update) => {
                match (&mut self.screen, update) {
                    (Screen::Dashboard(dashboard), update) => dashboard.export_update(update),
                    // The dashboard was left while the export ran: say how it ended.
                    (_, ExportUpdate::Finished(Ok(exported))) => self.say(format!(
                        "Export finished: {} rows{}.",
                        crate::export::grouped(exported.rows),
                        exported
                            .path
                            .map(|p| format!(" in {}", p.display()))
                            .unwrap_or_default()
                    )),
                    (_, ExportUpdate::Finished(Err(message))) => {
                        self.complain(format!("The export failed: {message}"))
                    }
                    (_, ExportUpdate::Progress { .. }) => {}
                }
                Vec::new()
            }
            Msg::Batch(messages) => messages
                .into_iter()
                .flat_map(|msg| self.update(msg))
                .collect(),
        }
    }

    fn render(&self, frame: &mut Frame) {
        if !fits(frame, MIN_WIDTH, MIN_HEIGHT) {
            return;
        }
        let event_line = self.event_line();
        let notice = self.notice.as_ref().map(|n| (n.text.as_str(), n.error));
        let sync_run_text = self.sync_run.as_ref().map(syncing::SyncRun::text);
        match &self.screen {
            Screen::SignIn => sign_in::render(
                frame,
                &self.sign_in,
                &sign_in::SignInView {
                    event: self.event.as_ref().map(|_| event_line.as_str()),
                    hint: self.first_run_hint.as_deref(),
                    now: self.now,
                },
            ),
            Screen::Queue => {
                let signed_in = self.signed_in.as_ref().map_or("", |s| s.name.as_str());
                let coordinator = self
                    .signed_in
                    .as_ref()
                    .is_some_and(|s| s.role == crate::domain::StaffRole::Coordinator);
                let clock = self
                    .clock
                    .warning(self.now)
                    .map(|warning| warning.text(self.timezone()));
                queue::render(
                    frame,
                    &self.queue,
                    &self.content,
                    &queue::Header {
                        event: &event_line,
                        signed_in,
                        unsynced: self.unsynced,
                        sync: self.sync_status.as_ref(),
                        timezone: self.timezone(),
                        notice,
                        now: self.now,
                        coordinator,
                        clock: clock.as_deref(),
                    },
                );
            }
            Screen::Detail(candidate) => detail::render(
                frame,
                candidate,
                &detail::DetailView {
                    content: &self.content,
                    timezone: self
                        .event
                        .as_ref()
                        .map_or(chrono_tz::Europe::London, |e| e.timezone),
                    now: self.now,
                    notice,
                },
            ),
            Screen::Interview(interview) => interview::render(
                frame,
                interview,
                &interview::InterviewView {
                    content: &self.content,
                    staff_name: self.signed_in.as_ref().map_or("", |s| s.name.as_str()),
                    now: self.now,
                },
            ),
            Screen::OfferForm(form) => offer::render_form(frame, form),
            Screen::Offer(shown) => offer::render_shown(
                frame,
                shown,
                &self.content,
                self.event
                    .as_ref()
                    .map_or(chrono_tz::Europe::London, |e| e.timezone),
                self.now,
            ),
            Screen::Dashboard(dashboard) => dashboard::render(
                frame,
                dashboard,
                &dashboard::DashboardView {
                    event: &event_line,
                    signed_in: self.signed_in.as_ref().map_or("", |s| s.name.as_str()),
                    content: &self.content,
                    timezone: self.timezone(),
                    now: self.now,
                    notice,
                    sync_run: sync_run_text.as_deref(),
                },
            ),
            Screen::WalkIn(form) => walk_in::render(
                frame,
                form,
                self.event.as_ref().map_or("", |e| e.name.as_str()),
            ),
        }
    }

    fn finished(&self) -> bool {
        self.finished
    }
}

/// Carries out the app's effects against the store, and notices other processes' changes.
pub struct Shell {
    store: Store,
    event: Option<Event>,
    data_version: Option<i64>,
    /// The dashboard is open: every refresh reads its rows too.
    watching_dashboard: bool,
    /// Messages from the background sync, while it runs.
    sync_messages: Option<std::sync::mpsc::Receiver<Msg>>,
    /// News from the export thread, while one runs.
    export: Option<std::sync::mpsc::Receiver<ExportUpdate>>,
}

impl Shell {
    pub fn new(store: Store, event: Option<Event>) -> Self {
        let data_version = store.data_version().ok();
        Self {
            store,
            event,
            data_version,
            watching_dashboard: false,
            sync_messages: None,
            export: None,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The candidates and the unsynced count, read now.
    pub fn refresh(&self) -> Msg {
        let Some(event) = &self.event else {
            return Msg::Batch(Vec::new());
        };
        let mut messages = Vec::new();
        match self.store.candidates(event) {
            Ok(rows) => messages.push(Msg::Candidates(rows)),
            Err(e) => messages.push(Msg::Failed(format!("Could not read the queue: {e}"))),
        }
        if let Ok(status) = self.store.sync_status() {
            messages.push(Msg::SyncStatus(status));
        }
        if let Ok(checks) = self.store.clock_checks() {
            messages.push(Msg::Clock(checks));
        }
        if self.watching_dashboard {
            messages.push(self.dashboard_rows(event));
        }
        Msg::Batch(messages)
    }

    fn dashboard_rows(&self, event: &Event) -> Msg {
        let read = self
            .store
            .day_rows(event)
            .and_then(|rows| Ok((rows, self.store.fairness_people(event)?)));
        match read {
            Ok((rows, people)) => Msg::Dashboard {
                rows: Box::new(rows),
                people,
            },
            Err(e) => Msg::Failed(format!("Could not read the day's figures: {e}")),
        }
    }

    /// Called on every tick: news of a running sync or export, and everything read again when another
    /// process has committed.
    pub fn poll(&mut self) -> Option<Msg> {
        let mut messages = self.sync_messages();
        messages.extend(self.export_news());
        messages.extend(self.poll_store());
        (!messages.is_empty()).then_some(Msg::Batch(messages))
    }

    /// The latest progress of the running export and, once it has ended, how.
    fn export_news(&mut self) -> Option<Msg> {
        use std::sync::mpsc::TryRecvError;
        let news = self.export.as_ref()?;
        let mut progress = None;
        let mut finished = None;
        loop {
            match news.try_recv() {
                Ok(update @ ExportUpdate::Progress { .. }) => progress = Some(update),
                Ok(update @ ExportUpdate::Finished(_)) => {
                    finished = Some(update);
                    break;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    finished = Some(ExportUpdate::Finished(Err(
                        "the export stopped unexpectedly; try again".to_string(),
                    )));
                    break;
                }
            }
        }
        if finished.is_some() {
            self.export = None;
        }
        let messages: Vec<Msg> = progress
            .into_iter()
            .chain(finished)
            .map(Msg::Export)
            .collect();
        (!messages.is_empty()).then_some(Msg::Batch(messages))
    }

    /// Starts an export of the event's day on its own thread (with its own connection, so the
    /// screens stay live), into the folder the database is in.
    fn start_export(
        &mut self,
        dataset: crate::export::Dataset,
        format: crate::export::Format,
    ) -> Option<Msg> {
        use crate::export::{Destination, ExportRequest, export_day};
        if self.export.is_some() {
            return None;
        }
        let event = match self.event() {
            Ok(event) => event.clone(),
            Err(e) => return Some(Msg::Export(ExportUpdate::Finished(Err(e)))),
        };
        let db = self.store.path().to_path_buf();
        let folder = db
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(
                || std::path::PathBuf::from("."),
                std::path::Path::to_path_buf,
            );
        let path = folder.join(dataset.file_name(event.date, format));
        let (news, receiver) = std::sync::mpsc::channel();
        self.export = Some(receiver);
        std::thread::spawn(move || {
            let progress_news = news.clone();
            let result = (|| {
                let store = Store::open(&db).map_err(|e| e.to_string())?;
                let content = Content::load().map_err(|e| e.to_string())?;
                let request = ExportRequest {
                    dataset,
                    format,
                    bom: false,
                    event: &event,
                    roles: &content.roles,
                };
                export_day(
                    store.connection(),
                    &request,
                    &Destination::File(path),
                    &mut |done, total| {
                        let _ = progress_news.send(ExportUpdate::Progress { done, total });
                    },
                )
                .map_err(|e| e.to_string())
            })();
            let _ = news.send(ExportUpdate::Finished(result));
        });
        None
    }

    /// When another process has committed, reads everything again.
    fn poll_store(&mut self) -> Option<Msg> {
        let version = self.store.data_version().ok()?;
        if self.data_version == Some(version) {
            return None;
        }
        self.data_version = Some(version);
        let mut messages = vec![self.refresh()];
        if let Ok(staff) = self.store.staff_with_pins() {
            messages.push(Msg::Staff(staff.into_iter().map(|(s, _)| s).collect()));
        }
        Some(Msg::Batch(messages))
    }

    /// Whatever the background sync has said since the last look.
    fn sync_messages(&mut self) -> Vec<Msg> {
        use std::sync::mpsc::TryRecvError;
        let mut messages = Vec::new();
        while let Some(receiver) = &self.sync_messages {
            match receiver.try_recv() {
                Ok(message) => messages.push(message),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => self.sync_messages = None,
            }
        }
        messages
    }

    fn event(&self) -> Result<&Event, String> {
        self.event.as_ref().ok_or_else(|| {
            "There is no event yet. Create one with: fairfloor init --event NAME --venue VENUE --date YYYY-MM-DD".to_string()
        })
    }

    /// Does what the app asked; the answer, if any, goes back to the app.
    pub fn perform(&mut self, effect: Effect) -> Option<Msg> {
        match effect {
            Effect::CheckPin { staff_id, pin, at } => Some(self.check_pin(&staff_id, &pin, at)),
            Effect::SignOut { staff_id, at } => {
                // Signing out always works; a failed audit row is not worth stopping for.
                let _ = self.store.audit(
                    &Actor::staff(&staff_id, at),
                    "staff.sign_out",
                    "staff",
                    &staff_id,
                );
                None
            }
            Effect::Reload => Some(self.refresh()),
            Effect::StartSync => {
                if self.sync_messages.is_some() {
                    return Some(Msg::Failed("A sync is already running.".into()));
                }
                self.sync_messages = Some(syncing::start(self.store.path().to_path_buf()));
                None
            }
            Effect::StartExport { dataset, format } => self.start_export(dataset, format),
            Effect::WatchDashboard => {
                self.watching_dashboard = true;
                let event = match self.event() {
                    Ok(event) => event,
                    Err(e) => return Some(Msg::Failed(e)),
                };
                Some(self.dashboard_rows(event))
            }
            Effect::UnwatchDashboard => {
                self.watching_dashboard = false;
                None
            }
            Effect::LoadDetail { candidate_id } => {
                let event = match self.event() {
                    Ok(event) => event,
                    Err(e) => return Some(Msg::Failed(e)),
                };
                Some(match self.store.candidate(event, &candidate_id) {
                    Ok(detail) => Msg::Detail(Box::new(detail)),
                    Err(e) => Msg::Failed(format!("Could not open the candidate: {e}")),
                })
            }
            Effect::SetStatus {
                candidate_id,
                ticket,
                status,
                staff_id,
                at,
            } => {
                let event = match self.event() {
                    Ok(event) => event.clone(),
                    Err(e) => return Some(Msg::Failed(e)),
                };
                let actor = Actor::staff(&staff_id, at);
                Some(
                    match self.store.set_status(&event, &candidate_id, status, &actor) {
                        Ok(()) => Msg::StatusChanged {
                            candidate_id,
                            ticket,
                            status,
                        },
                        Err(e) => Msg::Failed(format!("{ticket} was not changed: {e}")),
                    },
                )
            }
            Effect::Register {
                registration,
                staff_id,
                at,
            } => {
                let event = match self.event() {
                    Ok(event) => event.clone(),
                    Err(e) => return Some(Msg::Failed(e)),
                };
                let actor = Actor::staff(&staff_id, at);
                Some(
                    match self
                        .store
                        .register(&event, &registration, Source::WalkIn, &actor)
                    {
                        Ok(outcome) => Msg::Registered {
                            outcome,
                            name: registration.full_name(),
                        },
                        Err(e) => Msg::Failed(format!(
                            "Not saved: {e}. Everything typed is still here; press Ctrl-S to try again."
                        )),
                    },
                )
            }
            other => self.interview_effect(other),
        }
    }

    fn interview_effect(&mut self, effect: Effect) -> Option<Msg> {
        let event = match self.event() {
            Ok(event) => event.clone(),
            Err(e) => return Some(Msg::Failed(e)),
        };
        match effect {
            Effect::LoadInterview {
                candidate_id,
                staff_id,
            } => Some(self.interview_ready(&event, &candidate_id, &staff_id)),
            Effect::ResumeOpenInterview { staff_id } => match self.store.open_screening(&staff_id) {
                Ok(Some(screening)) => {
                    Some(self.interview_ready(&event, &screening.candidate_id, &staff_id))
                }
                Ok(None) => None,
                Err(e) => Some(Msg::Failed(format!("Could not look for an open interview: {e}"))),
            },
            Effect::StartScreening {
                candidate_id,
                script,
                blind,
                staff,
                at,
            } => Some(
                match self.store.start_screening(
                    &event,
                    &candidate_id,
                    &staff,
                    &script,
                    blind,
                    &Actor::staff(&staff.id, at),
                ) {
                    Ok(screening) => Msg::ScreeningStarted(Box::new(screening)),
                    Err(e) => Msg::Failed(format!("The interview did not start: {e}")),
                },
            ),
            Effect::SaveAnswer {
                screening_id,
                answer,
                staff_id,
                at,
            } => self
                .store
                .save_answer(&screening_id, &answer, &Actor::staff(&staff_id, at))
                .err()
                .map(|e| {
                    Msg::Failed(format!(
                        "That answer was not saved: {e}. It is still on screen; give it again to retry."
                    ))
                }),
            Effect::FinishScreening {
                screening_id,
                candidate_id,
                ticket,
                decision,
                staff_id,
                at,
            } => Some(
                match self.store.finish_screening(
                    &screening_id,
                    &decision,
                    &Actor::staff(&staff_id, at),
                ) {
                    Ok(()) => Msg::ScreeningFinished {
                        ticket,
                        candidate_id,
                        screening_id,
                        decision: decision.decision,
                    },
                    Err(e) => Msg::Failed(format!(
                        "The decision was not saved: {e}. Nothing is lost; press Ctrl-S to try again."
                    )),
                },
            ),
            Effect::AbandonScreening {
                screening_id,
                ticket,
                staff_id,
                at,
            } => Some(
                match self
                    .store
                    .abandon_screening(&screening_id, &Actor::staff(&staff_id, at))
                {
                    Ok(()) => Msg::ScreeningAbandoned { ticket },
                    Err(e) => Msg::Failed(format!("The interview was not closed: {e}")),
                },
            ),
            Effect::OpenOffer {
                candidate_id,
                screening_id,
            } => Some(self.open_offer(&event, &candidate_id, screening_id)),
            Effect::MakeOffer { offer, staff_id, at } => Some(
                match self
                    .store
                    .make_offer(&event, &offer, &staff_id, &Actor::staff(&staff_id, at))
                {
                    Ok(record) => Msg::OfferReady {
                        offer: Box::new(record),
                        printer: self.store.offer_settings(&event).ok().and_then(|s| s.printer),
                    },
                    Err(e) => Msg::Failed(format!("The offer was not made: {e}")),
                },
            ),
            Effect::PrintOffer {
                offer_id,
                staff_id,
                at,
            } => Some(Msg::Printed(self.print_offer(&event, &offer_id, &staff_id, at))),
            Effect::CloseOffer {
                offer_id,
                status,
                reason,
                staff_id,
                at,
            } => Some(
                match self.store.offer(&event, &offer_id).and_then(|offer| {
                    self.store
                        .close_offer(&offer.id, status, &reason, &Actor::staff(&staff_id, at))
                        .map(|()| offer.reference)
                }) {
                    Ok(reference) => Msg::OfferClosed { reference, status },
                    Err(e) => Msg::Failed(format!("The offer was not changed: {e}")),
                },
            ),
            _ => None,
        }
    }

    /// The candidate's live offer if they have one, otherwise the form to make it.
    fn open_offer(&self, event: &Event, candidate_id: &str, screening_id: Option<String>) -> Msg {
        let detail = match self.store.candidate(event, candidate_id) {
            Ok(detail) => detail,
            Err(e) => return Msg::Failed(format!("Could not open the candidate: {e}")),
        };
        let settings = match self.store.offer_settings(event) {
            Ok(settings) => settings,
            Err(e) => return Msg::Failed(format!("Could not read the offer settings: {e}")),
        };
        match self.store.offer(event, &detail.row.ticket) {
            Ok(offer) if offer.status == crate::domain::offer::OfferStatus::Made => {
                Msg::OfferReady {
                    offer: Box::new(offer),
                    printer: settings.printer,
                }
            }
            _ => Msg::OfferFormReady {
                detail: Box::new(detail),
                screening_id,
                valid_days: settings.offer_valid_days,
            },
        }
    }

    /// Prints the slip on the event's printer and logs the attempt, whatever happens.
    fn print_offer(
        &mut self,
        event: &Event,
        offer_id: &str,
        staff_id: &str,
        at: DateTime<Utc>,
    ) -> Result<String, String> {
        let offer = self
            .store
            .offer(event, offer_id)
            .map_err(|e| e.to_string())?;
        let target_text = self
            .store
            .offer_settings(event)
            .map_err(|e| e.to_string())?
            .printer
            .ok_or("No printer is set: fairfloor event --printer cups:QUEUE")?;
        let target: crate::print::Target = target_text
            .parse()
            .map_err(|e: crate::print::PrintError| e.to_string())?;
        let content = crate::content::Content::load().map_err(|e| e.to_string())?;
        let slip = crate::offer::slip(&offer, &content, event.timezone);
        let actor = Actor::staff(staff_id, at);
        let earlier = self.store.prints(offer_id).unwrap_or(0);
        let options = crate::offer::print_options(&self.store);
        match crate::print::print(&slip, &target, options) {
            Ok(done) => {
                let _ = self
                    .store
                    .log_print(offer_id, &target_text, true, &done, &actor);
                Ok(if earlier > 0 {
                    format!("{done} (print {} of this slip)", earlier + 1)
                } else {
                    done
                })
            }
            Err(e) => {
                let _ = self
                    .store
                    .log_print(offer_id, &target_text, false, &e.to_string(), &actor);
                Err(format!("{e}. The offer is saved; press p to try again."))
            }
        }
    }

    fn interview_ready(&self, event: &Event, candidate_id: &str, staff_id: &str) -> Msg {
        let detail = match self.store.candidate(event, candidate_id) {
            Ok(detail) => detail,
            Err(e) => return Msg::Failed(format!("Could not open the candidate: {e}")),
        };
        let open = match self.store.open_screening(staff_id) {
            Ok(open) => open.filter(|s| s.candidate_id == candidate_id),
            Err(e) => return Msg::Failed(format!("Could not look for an open interview: {e}")),
        };
        Msg::InterviewReady {
            detail: Box::new(detail),
            open: open.map(Box::new),
        }
    }

    fn check_pin(&mut self, staff_id: &str, pin: &Pin, at: DateTime<Utc>) -> Msg {
        match pin_check::check(&mut self.store, Door::SignIn { staff_id }, pin.expose(), at) {
            Ok(Ok(staff)) => Msg::SignedIn(staff),
            Ok(Err(refusal)) => Msg::PinRefused(refusal),
            Err(e) => Msg::Failed(format!("Could not check the PIN, so it was refused: {e}")),
        }
    }
}

/// Runs the staff screens on the real terminal until someone presses Ctrl-C.
/// `scripts_dir` holds extra or replacement screening scripts (`*.toml`) besides the built-in ones.
pub fn run(
    store: Store,
    content: Content,
    scripts_dir: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let event = store.current_event()?;
    let staff = store
        .staff_with_pins()?
        .into_iter()
        .map(|(staff, _)| staff)
        .collect();
    let hint = store.setting("first_run_hint")?;
    let blind = match &event {
        Some(event) => store.blind_interviews(event)?,
        None => false,
    };
    let scripts = ScriptLibrary::load(scripts_dir.as_deref(), &content.roles);
    let mut app =
        StaffApp::new(content, event.clone(), staff, hint, Utc::now()).with_scripts(scripts, blind);
    let shell = RefCell::new(Shell::new(store, event));
    let mut perform = |effect| shell.borrow_mut().perform(effect);
    if let Ok((width, height)) = crossterm::terminal::size() {
        app.update(Msg::Resize(width, height));
    }
    let first = shell.borrow().refresh();
    crate::tui::terminal::dispatch(&mut app, first, &mut perform);
    crate::tui::terminal::run(&mut app, perform, || shell.borrow_mut().poll())
}

#[cfg(test)]
pub(crate) mod tests;
