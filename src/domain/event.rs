//! A recruitment fair: one day, one venue, one time zone.

use chrono::NaiveDate;
use chrono_tz::Tz;

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub name: String,
    pub venue: String,
    pub date: NaiveDate,
    pub timezone: Tz,
    /// Made for a demo (`fairfloor demo`, or the first run on the default path): its screens,
    /// slips and exports say DEMO, and demo staff sign in only while it is current.
    pub demo: bool,
}

impl Event {
    /// The event's name as screens, slips and exports show it: a demo event's says DEMO first, so
    /// nobody takes its made-up people for real ones.
    pub fn title(&self) -> String {
        if self.demo {
            format!("DEMO · {}", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// What `fairfloor init` asks for, checked before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub name: String,
    pub venue: String,
    pub date: NaiveDate,
    pub timezone: Tz,
    /// Whether the event is made for a demo; `parse` (a real fair's `init`) never makes one.
    pub demo: bool,
}

/// Why an event or device setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("the event name is empty: give one with --event \"Leeds Jobs Fair\"")]
    EmptyName,
    #[error("the venue is empty: give one with --venue \"First Direct Arena\"")]
    EmptyVenue,
    #[error("'{0}' is not a date in the form YYYY-MM-DD, like 2026-03-14")]
    BadDate(String),
    #[error("'{0}' is not a time zone name: use one like Europe/London")]
    BadTimezone(String),
    #[error(
        "'{0}' cannot be a ticket prefix: use 1 to 3 capital letters, like B, so tickets read B-042"
    )]
    BadTicketPrefix(String),
}

impl NewEvent {
    /// Checks and trims what the user typed on the command line.
    pub fn parse(name: &str, venue: &str, date: &str, timezone: &str) -> Result<Self, EventError> {
        let name = name.trim();
        let venue = venue.trim();
        if name.is_empty() {
            return Err(EventError::EmptyName);
        }
        if venue.is_empty() {
            return Err(EventError::EmptyVenue);
        }
        let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .map_err(|_| EventError::BadDate(date.to_string()))?;
        let timezone: Tz = timezone
            .trim()
            .parse()
            .map_err(|_| EventError::BadTimezone(timezone.to_string()))?;
        Ok(Self {
            name: name.to_string(),
            venue: venue.to_string(),
            date,
            timezone,
            demo: false,
        })
    }
}

/// The per-laptop letters in front of ticket numbers, so two laptops never hand out the same ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketPrefix(String);

impl TicketPrefix {
    pub fn parse(input: &str) -> Result<Self, EventError> {
        let prefix = input.trim().to_ascii_uppercase();
        let ok = (1..=3).contains(&prefix.len()) && prefix.chars().all(|c| c.is_ascii_uppercase());
        if ok {
            Ok(Self(prefix))
        } else {
            Err(EventError::BadTicketPrefix(input.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A short, human ticket: `B-042`. Numbers past 999 simply grow a digit.
    pub fn ticket(&self, number: u32) -> String {
        format!("{}-{number:03}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_good_event() {
        let event =
            NewEvent::parse(" Leeds Fair ", "Arena", "2026-03-29", "Europe/London").unwrap();
        assert_eq!(event.name, "Leeds Fair");
        assert_eq!(event.date, NaiveDate::from_ymd_opt(2026, 3, 29).unwrap());
        assert_eq!(event.timezone, chrono_tz::Europe::London);
    }

    #[test]
    fn refuses_bad_event_fields_with_a_fix() {
        assert_eq!(
            NewEvent::parse("", "Arena", "2026-03-29", "Europe/London"),
            Err(EventError::EmptyName)
        );
        let err = NewEvent::parse("Fair", "Arena", "29/03/2026", "Europe/London").unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
        let err = NewEvent::parse("Fair", "Arena", "2026-03-29", "Europe/Leeds").unwrap_err();
        assert!(err.to_string().contains("Europe/London"), "{err}");
    }

    #[test]
    fn tickets_are_short_and_keep_their_prefix() {
        let prefix = TicketPrefix::parse("b").unwrap();
        assert_eq!(prefix.ticket(42), "B-042");
        assert_eq!(prefix.ticket(1234), "B-1234");
        assert!(TicketPrefix::parse("B1").is_err());
        assert!(TicketPrefix::parse("ABCD").is_err());
        assert!(TicketPrefix::parse("").is_err());
    }
}

/// The UTC instants a local calendar day runs between: `[start, end)`. Midnight always exists in
/// the UK zones, but a zone whose clocks jump at midnight starts the day at its first real instant,
/// and the days either side of a clock change are 23 or 25 hours long.
pub fn local_day_bounds(
    date: NaiveDate,
    timezone: Tz,
) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
    (
        local_midnight(date, timezone),
        local_midnight(date.succ_opt().unwrap_or(date), timezone),
    )
}

fn local_midnight(date: NaiveDate, timezone: Tz) -> chrono::DateTime<chrono::Utc> {
    use chrono::{LocalResult, TimeZone};
    // Step forward a minute at a time past a gap (at most a couple of hours in any real zone).
    let mut local = date.and_time(chrono::NaiveTime::MIN);
    for _ in 0..24 * 60 {
        match timezone.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                return t.with_timezone(&chrono::Utc);
            }
            LocalResult::None => local += chrono::Duration::minutes(1),
        }
    }
    local.and_utc()
}

#[cfg(test)]
mod day_tests {
    use super::*;

    fn hours(date: &str) -> i64 {
        let (start, end) = local_day_bounds(date.parse().unwrap(), chrono_tz::Europe::London);
        (end - start).num_hours()
    }

    #[test]
    fn a_london_day_is_23_or_25_hours_long_on_the_clock_changes() {
        assert_eq!(hours("2026-03-29"), 23);
        assert_eq!(hours("2026-10-25"), 25);
        assert_eq!(hours("2026-06-01"), 24);
        let (start, _) = local_day_bounds("2026-06-01".parse().unwrap(), chrono_tz::Europe::London);
        assert_eq!(start.to_rfc3339(), "2026-05-31T23:00:00+00:00");
    }

    #[test]
    fn a_day_that_starts_in_a_gap_starts_at_its_first_real_instant() {
        // Havana skips from midnight to 01:00 when its clocks go forward.
        let (start, _) =
            local_day_bounds("2026-03-08".parse().unwrap(), chrono_tz::America::Havana);
        assert_eq!(start.to_rfc3339(), "2026-03-08T05:00:00+00:00");
    }
}
