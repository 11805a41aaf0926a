//! Times are stored as UTC RFC 3339 text with milliseconds, so they sort as text.

use chrono::{DateTime, SecondsFormat, Utc};

use super::error::StoreError;

pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn parse(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt(format!("time '{text}'")))
}
