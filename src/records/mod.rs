//! The records that travel from a laptop's outbox to the central service: one serde struct per
//! synced entity (and one per partial update of an entity), [`Entity`], the names they travel
//! under, and [`wire`], the protocol that carries them. The laptop's store builds every outbox
//! payload from these structs ([`Synced::of`]) and the centre knows entities by these names, so
//! the two sides cannot drift apart.
//!
//! To add a column to a synced record: this struct, the laptop's schema (a new migration in
//! src/store/migrations), the centre's schema (a new migration in src/central/migrations).
//! A new synced entity is a struct here, an [`Entity`] variant and a table on both sides.
//!
//! The JSON shapes are the wire format that laptops and centres of other versions share: never
//! rename or retype a field. An `Option` travels as `null` (a partial update that sends `null`
//! clears the field at the centre), times as UTC RFC 3339 text, dates as `YYYY-MM-DD`. The centre
//! stores what arrives as JSON and merges partial updates field by field, so it keeps fields a
//! newer laptop sends that these structs do not know yet.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::offer::{Check, Contract, OfferKind, OfferStatus};
use crate::domain::screening::{AnswerKind, Decision, ScreeningStatus};
use crate::domain::stored_enum;
use crate::domain::{
    CareExperience, ContractType, RightToWork, Source, StaffRole, Status, WorkPattern,
};

pub mod wire;

stored_enum! {
    /// What an outbox entry is a record of (its `entity` on the wire). The centre keeps each in a
    /// table; a partial update travels as its own entity and lands in its record's table.
    pub enum Entity {
        /// [`Event`].
        Event,
        /// A partial event: [`EventOfferSettings`] or [`EventBlindInterviews`].
        EventSettings,
        /// [`Staff`] (never the PIN hash).
        Staff,
        /// [`Candidate`], or the changed fields: [`CandidateContact`], [`CandidateMerged`].
        Candidate,
        /// A partial candidate: [`CandidateStatus`].
        CandidateStatus,
        /// [`EqualityAnswer`].
        EqualityMonitoring,
        /// [`Screening`], or the changed fields: [`ScreeningAbandoned`], [`ScreeningDecision`].
        Screening,
        /// [`ScreeningAnswer`].
        ScreeningAnswer,
        /// [`Offer`], or the changed fields: [`OfferClosed`].
        Offer,
        /// [`DocumentSeen`].
        DocumentSeen,
    }
}

/// A record the outbox carries: the entity it travels as, and its id (the outbox entry's id).
pub trait Record: Serialize {
    const ENTITY: Entity;
    fn id(&self) -> &str;
}

/// A record ready for the outbox: what [`wire::OutboxEntry`] will carry of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Synced {
    pub entity: Entity,
    pub id: String,
    pub payload: Value,
}

impl Synced {
    /// The record as it travels.
    pub fn of<R: Record>(record: &R) -> serde_json::Result<Self> {
        Ok(Self {
            entity: R::ENTITY,
            id: record.id().to_string(),
            payload: serde_json::to_value(record)?,
        })
    }
}

/// A new event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub name: String,
    pub venue: String,
    /// `YYYY-MM-DD`.
    pub event_date: String,
    /// An IANA time zone name (`Europe/London`).
    pub timezone: String,
}

/// An event's offer settings; `null` for a setting not given (the centre then clears it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventOfferSettings {
    /// The event's id.
    pub id: String,
    pub onboarding_base_url: Option<String>,
    pub offer_valid_days: Option<u32>,
    pub printer: Option<String>,
}

/// Blind interviewing turned on or off for an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventBlindInterviews {
    /// The event's id.
    pub id: String,
    pub blind_interviews: bool,
}

/// A member of staff. The centre names recruiters in its exports; the PIN hash never leaves the
/// laptop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub id: String,
    pub name: String,
    pub role: StaffRole,
    pub active: bool,
    pub created_at: String,
}

/// A registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: String,
    pub event_id: String,
    /// The laptop that registered them (rewritten when a copied file takes a new device id).
    pub device_id: String,
    pub ticket: String,
    pub ticket_number: u32,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postcode: Option<String>,
    pub roles: Vec<String>,
    pub contract_types: Vec<ContractType>,
    pub work_patterns: Vec<WorkPattern>,
    pub right_to_work: Option<RightToWork>,
    pub care_experience: Option<CareExperience>,
    pub adjustments: String,
    pub source: Source,
    pub status: Status,
    pub consent_at: Option<String>,
    pub privacy_version: Option<String>,
    /// The candidate registered first with the same email or phone at this event.
    pub duplicate_of: Option<String>,
    pub registered_at: String,
    pub arrived_at: Option<String>,
    pub arrival_seq: Option<i64>,
}

/// A candidate's contact details corrected at the table (a typo in an email), or a possible
/// duplicate checked and cleared: the fields that can change, merged into the candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateContact {
    /// The candidate's id.
    pub id: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postcode: Option<String>,
    /// The earlier registration with the same email or phone, as checked again; `null` once
    /// staff have checked it is someone else.
    pub duplicate_of: Option<String>,
    pub updated_at: String,
}

/// A registration merged into an earlier one of the same person: it leaves the queue and the
/// figures; the earlier one carries on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateMerged {
    /// The later registration's id.
    pub id: String,
    /// The earlier registration it is merged into.
    pub merged_into: String,
    pub updated_at: String,
}

/// A candidate's status changed (arrived, no-show…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateStatus {
    /// The candidate's id.
    pub id: String,
    pub status: Status,
    pub arrived_at: Option<String>,
    pub arrival_seq: Option<i64>,
    pub updated_at: String,
}

/// One equality-monitoring answer, kept apart from the candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EqualityAnswer {
    pub id: String,
    pub candidate_id: String,
    /// The question's id.
    pub question: String,
    /// The answer's id.
    pub answer: String,
    pub recorded_at: String,
}

/// An interview, as it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screening {
    pub id: String,
    pub event_id: String,
    pub candidate_id: String,
    pub device_id: String,
    pub staff_id: String,
    pub script_id: String,
    pub script_version: u32,
    /// SHA-256 of the script file.
    pub script_hash: String,
    pub blind: bool,
    /// In progress.
    pub status: ScreeningStatus,
    pub started_at: String,
    pub updated_at: String,
    /// The fair pack's version it was made under (none from earlier releases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_version: Option<String>,
}

/// An interview ended without a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningAbandoned {
    /// The interview's id.
    pub id: String,
    /// Abandoned.
    pub status: ScreeningStatus,
    pub updated_at: String,
}

/// An interview's decision, which completes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningDecision {
    /// The interview's id.
    pub id: String,
    /// Completed.
    pub status: ScreeningStatus,
    pub completed_at: String,
    /// Totals, recommendation, decision, override reason, feedback and signposts, as fields
    /// of this record.
    #[serde(flatten)]
    pub decision: Decision,
    pub updated_at: String,
}

/// One answer in an interview (saved again, under the same id, when it changes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningAnswer {
    pub id: String,
    pub screening_id: String,
    pub question_id: String,
    pub kind: AnswerKind,
    /// Eligibility questions: the chosen answer's id.
    pub answer: Option<String>,
    /// Values questions: 1 to 4.
    pub score: Option<u8>,
    pub notes: String,
    pub answered_at: String,
}

/// An offer (or a talent-pool place), as made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub id: String,
    pub event_id: String,
    pub candidate_id: String,
    pub screening_id: Option<String>,
    pub device_id: String,
    pub staff_id: String,
    pub kind: OfferKind,
    pub role_code: String,
    pub site: String,
    pub contract: Contract,
    pub hours: String,
    pub conditions: Vec<Check>,
    /// `YYYY-MM-DD`.
    pub expires_on: String,
    pub token: String,
    pub reference: String,
    pub onboarding_url: String,
    pub status: OfferStatus,
    pub created_at: String,
    pub updated_at: String,
    /// The fair pack's version it was made under (none from earlier releases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_version: Option<String>,
}

/// An offer withdrawn or declined, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferClosed {
    /// The offer's id.
    pub id: String,
    pub status: OfferStatus,
    pub status_reason: String,
    pub updated_at: String,
}

/// A document a recruiter saw in the original for an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSeen {
    pub id: String,
    pub offer_id: String,
    pub check_id: Check,
    pub document: String,
    pub share_code: Option<String>,
    /// The recruiter's staff id.
    pub seen_by: String,
    pub seen_at: String,
}

/// Each record's entity; every record is keyed by its `id` field.
macro_rules! records {
    ($($record:ident => $entity:ident),+ $(,)?) => {
        $(
            impl Record for $record {
                const ENTITY: Entity = Entity::$entity;
                fn id(&self) -> &str {
                    &self.id
                }
            }
        )+
    };
}

records! {
    Event => Event,
    EventOfferSettings => EventSettings,
    EventBlindInterviews => EventSettings,
    Staff => Staff,
    Candidate => Candidate,
    CandidateContact => Candidate,
    CandidateMerged => Candidate,
    CandidateStatus => CandidateStatus,
    EqualityAnswer => EqualityMonitoring,
    Screening => Screening,
    ScreeningAbandoned => Screening,
    ScreeningDecision => Screening,
    ScreeningAnswer => ScreeningAnswer,
    Offer => Offer,
    OfferClosed => Offer,
    DocumentSeen => DocumentSeen,
}

#[cfg(test)]
mod tests;
