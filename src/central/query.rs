//! What the centre's exports read: records from every laptop, joined.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde_json::Value;
use tokio_postgres::GenericClient;

use super::error::Result;
use crate::domain::RoleCatalogue;
use crate::domain::offer::still_to_do;
use crate::export::offers::OfferRow;

fn text(record: &Value, key: &str) -> Option<String> {
    match record.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A UTC RFC 3339 time in a time zone (`None` if either cannot be read).
fn local_time(at: &str, timezone: &str) -> Option<DateTime<FixedOffset>> {
    let zone = timezone.parse::<chrono_tz::Tz>().ok()?;
    let at = DateTime::parse_from_rfc3339(at).ok()?;
    Some(at.with_timezone(&Utc).with_timezone(&zone).fixed_offset())
}

/// Offers made on `date`: the offers of the events on that date, from every laptop (an offer
/// belongs to its candidate's event, whose day is the event's date, whatever the laptop's clock
/// said when it was made); with the candidate, the recruiter and the interview's score (the
/// offer's screening, or else the candidate's latest completed one). An event whose date, or an
/// offer whose time or expiry date, does not parse is left out rather than failing the export.
const OFFERS_OF_DAY: &str = "
    SELECT o.record, e.record, c.record, st.name, s.record,
        ARRAY(SELECT d.record->>'check_id' FROM documents_seen d WHERE d.offer_id = o.id)
    FROM offers o
    JOIN events e ON e.id = o.event_id
    LEFT JOIN candidates c ON c.id = o.candidate_id
    LEFT JOIN staff st ON st.id = o.staff_id
    LEFT JOIN screenings s ON s.id = COALESCE(o.record->>'screening_id',
        (SELECT s2.id FROM screenings s2
         WHERE s2.candidate_id = o.candidate_id AND s2.status = 'completed'
         ORDER BY s2.record->>'completed_at' DESC, s2.id DESC LIMIT 1))
    WHERE CASE WHEN e.record->>'event_date' ~ '^\\d{4}-\\d{2}-\\d{2}$'
               THEN (e.record->>'event_date')::date
          END = $1
    ORDER BY o.record->>'created_at', o.record->>'reference', o.id";

/// Every offer of the events on `date`, from every laptop, oldest first, as
/// rows of the laptop's offers export; role titles come from `roles`.
pub async fn offers_of_day(
    client: &impl GenericClient,
    date: NaiveDate,
    roles: &RoleCatalogue,
) -> Result<Vec<OfferRow>> {
    let rows = client.query(OFFERS_OF_DAY, &[&date]).await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let offer: Value = row.get(0);
            let event: Value = row.get(1);
            let candidate: Value = row.get::<_, Option<Value>>(2).unwrap_or(Value::Null);
            let screening: Value = row.get::<_, Option<Value>>(4).unwrap_or(Value::Null);
            let timezone = text(&event, "timezone").unwrap_or_else(|| "Europe/London".into());
            let field = |key: &str| text(&offer, key).unwrap_or_default();
            let made_at = local_time(&field("created_at"), &timezone)?;
            let expires_on = NaiveDate::parse_from_str(&field("expires_on"), "%Y-%m-%d").ok()?;
            Some(OfferRow {
                reference: field("reference"),
                kind: field("kind"),
                status: field("status"),
                made_at,
                expires_on,
                ticket: text(&candidate, "ticket").unwrap_or_default(),
                given_name: text(&candidate, "given_name").unwrap_or_default(),
                family_name: text(&candidate, "family_name").unwrap_or_default(),
                email: text(&candidate, "email"),
                phone: text(&candidate, "phone"),
                role_title: roles
                    .get(&field("role_code"))
                    .map(|role| role.title.clone())
                    .unwrap_or_default(),
                role_code: field("role_code"),
                site: field("site"),
                contract: field("contract"),
                hours: field("hours"),
                conditions: still_to_do(
                    &offer
                        .get("conditions")
                        .and_then(Value::as_array)
                        .map(|items| {
                            items
                                .iter()
                                .map(|item| {
                                    item.as_str()
                                        .map_or_else(|| item.to_string(), str::to_string)
                                })
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default(),
                    &row.get::<_, Vec<Option<String>>>(5)
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>(),
                ),
                onboarding_url: field("onboarding_url"),
                staff_name: row.get::<_, Option<String>>(3).unwrap_or_default(),
                screening_total: screening.get("total").and_then(Value::as_i64),
                screening_max: screening.get("max_total").and_then(Value::as_i64),
                status_reason: text(&offer, "status_reason"),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offer_times_are_shown_in_the_events_time_zone() {
        let summer = local_time("2026-07-01T08:30:00Z", "Europe/London").unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-01T09:30:00+01:00");
        assert_eq!(local_time("not a time", "Europe/London"), None);
        assert_eq!(local_time("2026-07-01T08:30:00Z", "Mars/Olympus"), None);
    }
}
