//! The rows one event day's dashboard figures are computed from (see `crate::report::day`), as
//! the store reads them: plain values, so the figures can be computed and tested without a store.

use chrono::{DateTime, Utc};

use super::offer::{OfferKind, OfferStatus};
use super::screening::ScreeningStatus;
use super::{CareExperience, Status};

/// A candidate of the event, as the figures need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRow {
    pub id: String,
    pub status: Status,
    pub arrived_at: Option<DateTime<Utc>>,
    pub care_experience: Option<CareExperience>,
}

/// An interview on the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreeningRow {
    pub candidate_id: String,
    pub staff_id: String,
    pub staff_name: String,
    pub status: ScreeningStatus,
    pub started_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// An offer or talent-pool place made on the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRow {
    pub candidate_id: String,
    pub staff_id: String,
    pub staff_name: String,
    pub kind: OfferKind,
    pub status: OfferStatus,
    pub role_code: String,
}

impl OfferRow {
    /// A conditional offer that was made (declined later or not); withdrawn ones do not count.
    pub fn is_offer_made(&self) -> bool {
        self.kind == OfferKind::Offer && self.status != OfferStatus::Withdrawn
    }

    /// A talent-pool place that still stands (not withdrawn).
    pub fn is_talent_pool(&self) -> bool {
        self.kind == OfferKind::TalentPool && self.status != OfferStatus::Withdrawn
    }
}

/// Where sync with the central service stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncStatus {
    /// Changes not yet accepted by the central service.
    pub unsynced: i64,
    /// Changes the central service refused (they need a person to look at them).
    pub rejected: i64,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// Everything the dashboard is computed from, read in one go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayRows {
    pub candidates: Vec<CandidateRow>,
    pub screenings: Vec<ScreeningRow>,
    pub offers: Vec<OfferRow>,
    pub sync: SyncStatus,
}
