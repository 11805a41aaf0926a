//! The wire format between a laptop (`fairfloor sync`) and the central service
//! (`fairfloor central serve`). Both sides compile this one file, so they cannot drift apart; the
//! records an [`OutboxEntry`] carries are the structs of [`crate::records`].
//!
//! - `GET  /v1/info` → [`ServiceInfo`]: lets a client refuse an incompatible server before pushing.
//! - `POST /v1/changes` with `Authorization: Bearer TOKEN` and a [`ChangeBatch`] body →
//!   [`BatchAck`] (200), or [`ApiError`] with 400 (malformed batch: nothing applied),
//!   401 (bad or revoked token), 403 (the token belongs to another laptop), 409 (the device id
//!   is enrolled with another token, or a `(device_id, seq)` the centre holds came again with
//!   other content: nothing applied), 408 (the body took too long), 413 (the body is too large)
//!   or 503 (the centre is busy: try again). Every refusal carries a machine-readable [`ApiError::code`] from [`codes`].

use serde::{Deserialize, Serialize};

/// The API version this build speaks. A server answering another version is refused.
pub const API_VERSION: u32 = 1;

/// What `/v1/info` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceInfo {
    /// Always `fairfloor-central`: tells a client it reached the right kind of server.
    pub service: String,
    pub api_version: u32,
    /// The centre's clock when it answered, UTC RFC 3339, so a laptop can tell staff its own clock
    /// is wrong. Absent from older centres, so optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
}

/// One outbox row, as it travels. `(device_id, seq)` identifies it for ever.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub device_id: String,
    /// Contiguous per device, from 1.
    pub seq: i64,
    /// `event`, `event_settings` (a partial event), `staff` (never the PIN hash), `candidate`,
    /// `candidate_status` (a partial candidate), `equality_monitoring`, `screening` (whole, or the
    /// changed fields), `screening_answer`, `offer` (whole, or the changed fields), `document_seen`:
    /// the names of [`super::Entity`]. Text, so a centre can hold (and reject) an entity it does
    /// not know from a newer laptop.
    pub entity: String,
    /// The record's id (for `candidate_status` and `event_settings`, the candidate's or event's).
    pub id: String,
    /// `upsert` or `delete`.
    pub op: String,
    /// The record's fields (all of them, or the changed ones for a partial update): one of the
    /// structs of [`super`], as JSON.
    pub payload: serde_json::Value,
    /// When the change was made, UTC RFC 3339.
    pub at: String,
}

impl OutboxEntry {
    /// An entry that creates or replaces the record `id` of `entity` with `payload`.
    pub fn upsert(
        device_id: &str,
        seq: i64,
        entity: &str,
        id: &str,
        payload: serde_json::Value,
        at: &str,
    ) -> Self {
        Self {
            device_id: device_id.into(),
            seq,
            entity: entity.into(),
            id: id.into(),
            op: "upsert".into(),
            payload,
            at: at.into(),
        }
    }
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
    /// For the person at the laptop: what happened and what to do.
    pub error: String,
    /// For the program: one of [`codes`]. Absent in answers from older centres, so optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// The values of [`ApiError::code`]. A client acts on the code, never on the wording.
pub mod codes {
    /// 401: no token, or one the centre does not know (unknown or revoked).
    pub const UNAUTHORISED: &str = "unauthorised";
    /// 403: the token is bound to another device id.
    pub const TOKEN_OF_ANOTHER_DEVICE: &str = "token_of_another_device";
    /// 409: another token (live or revoked) is already bound to this device id, so this laptop's
    /// database is a copy of another laptop's (or the laptop was enrolled again).
    pub const DEVICE_ENROLLED_ELSEWHERE: &str = "device_enrolled_elsewhere";
    /// 409: the centre holds one of the batch's `(device_id, seq)` with other content.
    pub const SEQ_CONFLICT: &str = "seq_conflict";
    /// 400: the batch is malformed; nothing was applied.
    pub const BAD_BATCH: &str = "bad_batch";
    /// 413: the body is larger than the centre takes.
    pub const BODY_TOO_LARGE: &str = "body_too_large";
    /// 408: the body did not arrive in time.
    pub const BODY_TIMEOUT: &str = "body_timeout";
    /// 503: too many batches at once; try again shortly.
    pub const BUSY: &str = "busy";
    /// 500: the centre could not store the batch; nothing was applied.
    pub const INTERNAL: &str = "internal";
    /// 404 / 405: no such route or method.
    pub const NOT_FOUND: &str = "not_found";
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_info_from_an_older_centre_without_its_time_still_parses() {
        let old: ServiceInfo =
            serde_json::from_str(r#"{"service":"fairfloor-central","api_version":1}"#).unwrap();
        assert_eq!(old.now, None);
        let new: ServiceInfo = serde_json::from_str(
            r#"{"service":"fairfloor-central","api_version":1,"now":"2026-11-23T10:00:00.000Z"}"#,
        )
        .unwrap();
        assert_eq!(new.now.as_deref(), Some("2026-11-23T10:00:00.000Z"));
    }

    #[test]
    fn an_error_body_without_a_code_still_parses_and_none_is_not_sent() {
        let old: ApiError = serde_json::from_str(r#"{"error":"token revoked"}"#).unwrap();
        assert_eq!(old.code, None);
        let new = ApiError {
            error: "x".into(),
            code: None,
        };
        assert_eq!(serde_json::to_string(&new).unwrap(), r#"{"error":"x"}"#);
        let coded: ApiError =
            serde_json::from_str(r#"{"error":"x","code":"seq_conflict"}"#).unwrap();
        assert_eq!(coded.code.as_deref(), Some(codes::SEQ_CONFLICT));
    }
}
