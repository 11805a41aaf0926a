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
}

/// What `fairfloor init` asks for, checked before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub name: String,
    pub venue: String,
    pub date: NaiveDate,
    pub timezone: Tz,
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
