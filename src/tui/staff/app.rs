//! The staff screens' state machine: [`StaffApp`] takes [`Msg`]s, changes its state and asks
//! for [`Effect`]s in `update`, and draws in `render` without changing anything.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;

use super::contact::{ContactAction, ContactForm};
use super::dashboard::{self, Dashboard, DashboardAction, ExportUpdate};
use super::interview::{self, Interview, InterviewAction};
use super::message::{Effect, Msg, Pin};
use super::offer::{self, OfferForm, OfferFormAction, OfferShown, OfferShownAction};
use super::queue::{self, Queue, QueueAction, page_height};
use super::sign_in::{self, SignIn, SignInAction};
use super::walk_in::{self, WalkIn, WalkInAction};
use super::{detail, syncing};
use crate::content::Content;
use crate::domain::screening::Recommendation;
use crate::domain::text::visible;
use crate::domain::{Event, Staff, Status};
use crate::screening::ScriptLibrary;
use crate::store::{CandidateDetail, QueueRow};
use crate::tui::Program;
use crate::tui::widgets::{MIN_HEIGHT, MIN_WIDTH, fits};

/// Which screen is showing.
#[derive(Debug, Clone)]
pub(super) enum Screen {
    SignIn,
    Queue,
    Detail(Box<CandidateDetail>),
    /// Correcting the contact details of the candidate whose details were showing.
    Contact(Box<ContactForm>),
    WalkIn(Box<WalkIn>),
    Interview(Box<Interview>),
    OfferForm(Box<OfferForm>),
    Offer(Box<OfferShown>),
    Dashboard(Box<Dashboard>),
    Team(Box<super::team::Team>),
}

/// A line under the queue or a detail: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Notice {
    pub(super) text: String,
    pub(super) error: bool,
}

/// The staff screens' state.
#[derive(Debug, Clone)]
pub struct StaffApp {
    pub(super) content: Content,
    pub(super) event: Option<Event>,
    pub(super) first_run_hint: Option<String>,
    pub(super) now: DateTime<Utc>,
    pub(super) size: (u16, u16),
    pub(super) screen: Screen,
    pub(super) sign_in: SignIn,
    pub(super) signed_in: Option<Staff>,
    pub(super) queue: Queue,
    pub(super) unsynced: Option<i64>,
    pub(super) sync_status: Option<crate::domain::day::SyncStatus>,
    /// What this laptop noticed about its clock; warned about in the queue's header.
    pub(super) clock: crate::domain::clock::ClockChecks,
    /// The sync started from the dashboard, while it runs.
    pub(super) sync_run: Option<syncing::SyncRun>,
    pub(super) notice: Option<Notice>,
    /// Someone `n` would mark as a no-show, once `y` confirms it.
    pub(super) confirming_no_show: Option<QueueRow>,
    /// A possible duplicate waiting for y to merge it into the registration it repeats.
    pub(super) confirming_merge: Option<QueueRow>,
    pub(super) scripts: Arc<ScriptLibrary>,
    /// The event interviews blind: interview screens hide registration answers.
    pub(super) blind: bool,
    pub(super) finished: bool,
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
            confirming_no_show: None,
            confirming_merge: None,
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

    pub(super) fn timezone(&self) -> chrono_tz::Tz {
        self.event
            .as_ref()
            .map_or(chrono_tz::Europe::London, |e| e.timezone)
    }

    /// Opens the dashboard for a coordinator; a recruiter is told plainly that they cannot.
    pub(super) fn open_dashboard(&mut self) -> Vec<Effect> {
        self.open_for_coordinator(
            "Only coordinators can open the dashboard.",
            Screen::Dashboard(Box::default()),
            Effect::WatchDashboard,
        )
    }

    /// Starts the dashboard's sync, unless one is already running.
    pub(super) fn start_sync(&mut self) -> Vec<Effect> {
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

    /// The name of the screen showing: "sign-in", "queue", "detail", "walk-in", "staff"...
    pub fn screen_name(&self) -> &'static str {
        match self.screen {
            Screen::SignIn => "sign-in",
            Screen::Queue => "queue",
            Screen::Detail(_) => "detail",
            Screen::Contact(_) => "contact",
            Screen::WalkIn(_) => "walk-in",
            Screen::Interview(_) => "interview",
            Screen::OfferForm(_) => "offer-form",
            Screen::Offer(_) => "offer",
            Screen::Dashboard(_) => "dashboard",
            Screen::Team(_) => "staff",
        }
    }

    pub(super) fn page(&self) -> usize {
        page_height(self.size.1)
    }

    pub(super) fn event_line(&self) -> String {
        match &self.event {
            Some(event) => format!(
                "{} · {} · {}",
                event.title(),
                event.date.format("%a %-d %b %Y"),
                event.venue
            ),
            None => "No event".to_string(),
        }
    }

    pub(super) fn say(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            error: false,
        });
    }

    pub(super) fn complain(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            error: true,
        });
    }

    pub(super) fn staff_id(&self) -> Option<String> {
        self.signed_in.as_ref().map(|s| s.id.clone())
    }

    pub(super) fn sign_out(&mut self) -> Vec<Effect> {
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
    /// `n`: asks before marking someone waiting as a no-show (one key on a busy floor should not
    /// take a person out of the queue); anyone else gets the reason it cannot be done.
    fn ask_no_show(&mut self, row: Option<QueueRow>) -> Vec<Effect> {
        match row {
            Some(row) if row.status == Status::Waiting => {
                self.say(format!(
                    "Mark {} {} ({}) as a no-show? y = yes, any other key = no",
                    visible(&row.given_name),
                    visible(&row.family_name),
                    visible(&row.ticket)
                ));
                self.confirming_no_show = Some(row);
                Vec::new()
            }
            other => self.change_status(other, Status::NoShow),
        }
    }

    pub(super) fn change_status(&mut self, row: Option<QueueRow>, wanted: Status) -> Vec<Effect> {
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
    pub(super) fn interview_with(&mut self, row: Option<QueueRow>) -> Vec<Effect> {
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

    pub(super) fn interview_action(&mut self, action: InterviewAction) -> Vec<Effect> {
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

    pub(super) fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('c' | 'C'))
        {
            self.finished = true;
            return self.sign_out();
        }
        if let Some(row) = self.confirming_no_show.take() {
            if key.code == KeyCode::Char('y') {
                return self.change_status(Some(row), Status::NoShow);
            }
            self.say("Nothing changed.");
            return Vec::new();
        }
        if let Some(row) = self.confirming_merge.take() {
            if key.code == KeyCode::Char('y') {
                return vec![Effect::SettleDuplicate {
                    candidate_id: row.id,
                    ticket: row.ticket,
                    same_person: true,
                    staff_id: self.staff_id().unwrap_or_default(),
                    at: self.now,
                }];
            }
            self.say("Nothing changed.");
            return Vec::new();
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
                        self.ask_no_show(row)
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
                    QueueAction::Staff => self.open_team(),
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
                    KeyCode::Char('n') => self.ask_no_show(Some(row)),
                    KeyCode::Char('a') => self.change_status(Some(row), Status::Waiting),
                    KeyCode::Char('s') => self.interview_with(Some(row)),
                    KeyCode::Char('e') => {
                        self.notice = None;
                        self.screen = Screen::Contact(Box::new(ContactForm::new(detail)));
                        Vec::new()
                    }
                    KeyCode::Char('m') if row.possible_duplicate => {
                        let earlier = detail.duplicate_of_ticket.as_deref().map_or_else(
                            || "the earlier registration".to_string(),
                            |t| visible(t).into_owned(),
                        );
                        self.say(format!(
                            "Merge {} into {earlier}? Only if they are the same person: {} leaves the queue and {earlier} carries on. y = yes, any other key = no",
                            visible(&row.ticket),
                            visible(&row.ticket)
                        ));
                        self.confirming_merge = Some(row);
                        Vec::new()
                    }
                    KeyCode::Char('c') if row.possible_duplicate => {
                        vec![Effect::SettleDuplicate {
                            candidate_id: row.id,
                            ticket: row.ticket,
                            same_person: false,
                            staff_id: self.staff_id().unwrap_or_default(),
                            at: self.now,
                        }]
                    }
                    _ => Vec::new(),
                }
            }
            Screen::Contact(form) => match form.key(key) {
                ContactAction::None => Vec::new(),
                ContactAction::Cancel => vec![Effect::LoadDetail {
                    candidate_id: form.candidate_id().to_string(),
                }],
                ContactAction::Save {
                    candidate_id,
                    ticket,
                    email,
                    phone,
                    postcode,
                } => vec![Effect::CorrectContact {
                    candidate_id,
                    ticket,
                    contact: [email, phone, postcode],
                    staff_id: self.staff_id().unwrap_or_default(),
                    at: self.now,
                }],
            },
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
                DashboardAction::CheckReady(printer) => vec![Effect::CheckReady(printer)],
            },
            Screen::Team(_) => self.team_key(key),
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
            Msg::ContactCorrected {
                candidate_id,
                ticket,
                outcome,
            } => {
                use super::message::ContactOutcome;
                let ticket = visible(&ticket).into_owned();
                match outcome {
                    ContactOutcome::Refused(problems) => {
                        if let Screen::Contact(form) = &mut self.screen {
                            form.rejected(problems);
                        }
                        return Vec::new();
                    }
                    ContactOutcome::Saved { duplicate_of: None } => {
                        self.say(format!("{ticket}: contact details corrected."));
                    }
                    ContactOutcome::Saved {
                        duplicate_of: Some(earlier),
                    } => self.say(format!(
                        "{ticket}: contact details corrected. DUP? {} has the same email or phone: check with the candidate.",
                        visible(&earlier)
                    )),
                    ContactOutcome::NotADuplicate => {
                        self.say(format!("{ticket}: checked, not a duplicate."));
                    }
                    ContactOutcome::Merged { into, took_place } => {
                        let into = visible(&into).into_owned();
                        self.say(if took_place {
                            format!("{ticket} merged into {into}, who now has {ticket}'s place in the queue.")
                        } else {
                            format!("{ticket} merged into {into}.")
                        });
                        self.screen = Screen::Queue;
                        return vec![Effect::Reload];
                    }
                }
                vec![Effect::Reload, Effect::LoadDetail { candidate_id }]
            }
            Msg::StatusChanged {
                candidate_id,
                ticket,
                status,
            } => {
                let done = match status {
                    Status::NoShow => {
                        "marked as no-show (pressed by mistake? select them and press a: they keep their place)"
                    }
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
                    Screen::Contact(form) => {
                        form.rejected(vec![(crate::domain::contact::ContactBox::Email, message)])
                    }
                    Screen::Team(team) => team.failed(message),
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
            Msg::Team(members) => self.team_listed(members),
            Msg::StaffChanged(text) => self.staff_changed(text),
            Msg::Ready(readiness) => {
                if let Screen::Dashboard(dashboard) = &mut self.screen {
                    dashboard.set_ready(*readiness);
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
                let coordinator = self.coordinator();
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
            Screen::Team(team) => super::team::render(
                frame,
                team,
                self.signed_in.as_ref().map_or("", |s| s.name.as_str()),
            ),
            Screen::Contact(form) => super::contact::render(frame, form),
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
