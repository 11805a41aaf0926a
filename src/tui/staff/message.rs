//! What flows between the staff screens and their shell: [`Msg`]s in (keys, the clock, answers
//! to effects) and [`Effect`]s out (what the shell should do through the services).

use std::fmt;

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use zeroize::Zeroizing;

use super::dashboard::ExportUpdate;
use super::team::StaffEdit;
use crate::domain::offer::NewOffer;
use crate::domain::screening::{Answer, Decision, Recommendation, Screening, ScriptRef};
use crate::domain::{Registration, Staff, Status};
use crate::service::pin::PinRefusal;
use crate::store::offers::OfferRecord;
use crate::store::{CandidateDetail, QueueRow, RegisterOutcome};

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

/// How a correction of contact details ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactOutcome {
    /// Saved; the ticket of an earlier registration with the same email or phone, if any.
    Saved { duplicate_of: Option<String> },
    /// Not saved: what is wrong with which box.
    Refused(Vec<(crate::domain::contact::ContactBox, String)>),
    /// The possible-duplicate flag was cleared.
    NotADuplicate,
    /// Merged into the earlier registration (its ticket), which may have taken its place.
    Merged { into: String, took_place: bool },
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
    SyncStatus(crate::domain::day::SyncStatus),
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
    /// A correction of contact details, or the check of a possible duplicate, was answered.
    ContactCorrected {
        candidate_id: String,
        ticket: String,
        outcome: ContactOutcome,
    },
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
        rows: Box<crate::domain::day::DayRows>,
        people: Vec<crate::domain::fairness::Person>,
    },
    /// How the export started from the dashboard is getting on.
    Export(ExportUpdate),
    /// Everyone on this laptop's staff list, for the coordinator's staff screen.
    Team(Vec<crate::service::staff::Member>),
    /// A change on the staff screen was saved: what was done, in words.
    StaffChanged(String),
    /// What the fair needs, checked for the dashboard's Ready tab.
    Ready(Box<crate::ready::Readiness>),
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
    /// Check and save corrected contact details (email, phone, postcode as typed); answer
    /// `ContactCorrected`.
    CorrectContact {
        candidate_id: String,
        ticket: String,
        contact: [String; 3],
        staff_id: String,
        at: DateTime<Utc>,
    },
    /// Settle a possible duplicate checked with the candidate: merge it into the registration it
    /// repeats (`same_person`), or clear the flag; answer `ContactCorrected`.
    SettleDuplicate {
        candidate_id: String,
        ticket: String,
        same_person: bool,
        staff_id: String,
        at: DateTime<Utc>,
    },
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
    /// Read everyone on this laptop's staff list; answer `Team`.
    LoadTeam,
    /// Check what the fair needs, as `fairfloor doctor --ready` does; answer `Ready`.
    CheckReady(crate::service::ready::PrinterCheck),
    /// Make a coordinator's change to the staff list through the staff service, `by` being the
    /// signed-in coordinator (the audit's actor); answer `StaffChanged` with the list read again,
    /// or `Failed` with the service's reason.
    EditStaff {
        edit: StaffEdit,
        by: Staff,
        at: DateTime<Utc>,
    },
    /// Give the candidate back to the queue; answer `ScreeningAbandoned`.
    AbandonScreening {
        screening_id: String,
        ticket: String,
        staff_id: String,
        at: DateTime<Utc>,
    },
}
