//! The wire format between a laptop (`fairfloor sync`) and the central service
//! (`fairfloor central serve`). Both sides compile this one file, so they cannot drift apart.
//!
//! - `GET  /v1/info` → [`ServiceInfo`]: lets a client refuse an incompatible server before pushing.
//! - `POST /v1/changes` with `Authorization: Bearer TOKEN` and a [`ChangeBatch`] body →
//!   [`BatchAck`] (200), or [`ApiError`] with 400 (malformed batch: nothing applied),
//!   401 (bad or revoked token) or 403 (the token belongs to another laptop).

use serde::{Deserialize, Serialize};

/// The API version this build speaks. A server answering another version is refused.
pub const API_VERSION: u32 = 1;

/// What `/v1/info` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceInfo {
    /// Always `fairfloor-central`: tells a client it reached the right kind of server.
    pub service: String,
    pub api_version: u32,
}

/// One outbox row, as it travels. `(device_id, seq)` identifies it for ever.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub device_id: String,
    /// Contiguous per device, from 1.
    pub seq: i64,
    /// `event`, `event_settings` (a partial event), `staff` (never the PIN hash), `candidate`,
    /// `candidate_status` (a partial candidate), `equality_monitoring`, `screening` (whole, or the
    /// changed fields), `screening_answer`, `offer` (whole, or the changed fields), `document_seen`.
    pub entity: String,
    /// The record's id (for `candidate_status` and `event_settings`, the candidate's or event's).
    pub id: String,
    /// `upsert` or `delete`.
    pub op: String,
    /// The record's fields (all of them, or the changed ones for a partial update).
    pub payload: serde_json::Value,
    /// When the change was made, UTC RFC 3339.
    pub at: String,
}

/// The body of `POST /v1/changes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeBatch {
    pub changes: Vec<OutboxEntry>,
}

/// An entry the centre holds but could not apply (an entity it does not know, a payload without
/// its id…). It counts as received, so it never blocks the entries after it, and the laptop keeps
/// it with the reason for a person to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub seq: i64,
    pub reason: String,
}

/// The answer to a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchAck {
    pub device_id: String,
    /// The highest `seq` such that the centre holds every entry from 1 to it.
    pub acked_seq: i64,
    /// Entries of this batch that were held but rejected.
    #[serde(default)]
    pub rejected: Vec<Rejection>,
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: String,
}
