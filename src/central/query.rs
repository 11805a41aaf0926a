//! What the centre's exports read: records from every laptop, joined.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use tokio_postgres::GenericClient;

use super::error::Result;

/// One offer of a day, with what an export shows beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferRow {
    pub offer_id: String,
    pub reference: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub kind: String,
    pub role_code: String,
    pub site: Option<String>,
    pub contract: Option<String>,
    pub hours: Option<f64>,
    pub conditions: Vec<String>,
    pub expires_on: Option<String>,
    pub onboarding_url: Option<String>,
    /// When the offer was made, in the event's time zone (RFC 3339 with offset).
    pub made_at: String,
    pub event_name: String,
    pub event_date: String,
    pub venue: String,
    pub ticket: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub staff_name: Option<String>,
    pub device_id: Option<String>,
}

fn text(record: &Value, key: &str) -> Option<String> {
    match record.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A UTC RFC 3339 time shown in a time zone; left as sent if either cannot be read.
fn local_time(at: &str, timezone: &str) -> String {
    match (
        DateTime::parse_from_rfc3339(at),
        timezone.parse::<chrono_tz::Tz>(),
    ) {
        (Ok(at), Ok(zone)) => at.with_timezone(&Utc).with_timezone(&zone).to_rfc3339(),
        _ => at.to_string(),
    }
}

/// Every offer, from every laptop, made at an event held on `date` (each event's day is counted
/// in its own time zone), oldest first, with its candidate, event and recruiter.
pub async fn offers_of_day(client: &impl GenericClient, date: NaiveDate) -> Result<Vec<OfferRow>> {
    let rows = client
        .query(
            "SELECT o.record, e.record, c.record, s.name
             FROM offers o
             JOIN events e ON e.id = o.event_id
             LEFT JOIN candidates c ON c.id = o.candidate_id
             LEFT JOIN staff s ON s.id = o.staff_id
             WHERE e.event_date = $1
             ORDER BY o.record->>'created_at', o.record->>'reference', o.id",
            &[&date.format("%Y-%m-%d").to_string()],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| {
            let offer: Value = row.get(0);
            let event: Value = row.get(1);
            let candidate: Option<Value> = row.get(2);
            let candidate = candidate.unwrap_or(Value::Null);
            let timezone = text(&event, "timezone").unwrap_or_else(|| "Europe/London".into());
            OfferRow {
                offer_id: text(&offer, "id").unwrap_or_default(),
                reference: text(&offer, "reference").unwrap_or_default(),
                status: text(&offer, "status").unwrap_or_default(),
                status_reason: text(&offer, "status_reason"),
                kind: text(&offer, "kind").unwrap_or_default(),
                role_code: text(&offer, "role_code").unwrap_or_default(),
                site: text(&offer, "site"),
                contract: text(&offer, "contract"),
                hours: offer.get("hours").and_then(Value::as_f64),
                conditions: offer
                    .get("conditions")
                    .and_then(Value::as_array)
                    .map(|items| {
                        items
                            .iter()
                            .map(|item| {
                                item.as_str()
                                    .map_or_else(|| item.to_string(), str::to_string)
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                expires_on: text(&offer, "expires_on"),
                onboarding_url: text(&offer, "onboarding_url"),
                made_at: local_time(&text(&offer, "created_at").unwrap_or_default(), &timezone),
                event_name: text(&event, "name").unwrap_or_default(),
                event_date: text(&event, "event_date").unwrap_or_default(),
                venue: text(&event, "venue").unwrap_or_default(),
                ticket: text(&candidate, "ticket"),
                given_name: text(&candidate, "given_name"),
                family_name: text(&candidate, "family_name"),
                email: text(&candidate, "email"),
                phone: text(&candidate, "phone"),
                staff_name: row.get(3),
                device_id: text(&offer, "device_id"),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offer_times_are_shown_in_the_events_time_zone() {
        assert_eq!(
            local_time("2026-07-01T08:30:00Z", "Europe/London"),
            "2026-07-01T09:30:00+01:00"
        );
        assert_eq!(local_time("not a time", "Europe/London"), "not a time");
    }
}
