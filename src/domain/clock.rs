//! Noticing a wrong clock on this laptop. Pure: no I/O; the store records what it notices and the
//! staff screens and `fairfloor doctor` show [`ClockWarning::text`].
//!
//! Two signs: the clock jumped between two changes written here (backwards past the last recorded
//! change by more than [`BACK_LIMIT`], or forward by more than [`FORWARD_LIMIT`] past the end of the
//! event's day), and the central service's clock disagrees with ours by more than
//! [`OFFSET_LIMIT`] at the last sync. Neither refuses a change: records keep their event (so their
//! day) and their place in the queue whatever the clock says; the warning is there so staff fix
//! the time.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Going back past the last recorded change by more than this is a jump, not two laptops' clocks
/// a few seconds apart.
pub const BACK_LIMIT: Duration = Duration::minutes(5);
/// Going forward by more than this (and past the end of the event's day, in the day's work) is a
/// jump, not a night.
pub const FORWARD_LIMIT: Duration = Duration::days(1);
/// The changes only made at the fair itself. Going forward by days is a jump only for these: a
/// purge, a reprint or a new event days after the fair is the calendar, not the clock.
pub const DAY_WORK: [&str; 5] = [
    "candidate.register",
    "candidate.status",
    "screening.start",
    "screening.answer",
    "offer.make",
];
/// A difference with the central service's clock beyond this is shown.
pub const OFFSET_LIMIT: Duration = Duration::minutes(5);
/// A jump is shown for this long after it, by this laptop's clock, unless a sync finds the clock right.
pub const JUMP_SHOWN_FOR: Duration = Duration::hours(12);

/// The clock read `from` at the last recorded change and `to` at the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockJump {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl ClockJump {
    /// Whether going from `last` (the last recorded change) to `now` is a jump. `day_end` is the
    /// end of the current event's day, if there is an event: going forward is only a jump past it,
    /// so the first change at a new fair weeks later is not one.
    pub fn between(
        last: DateTime<Utc>,
        now: DateTime<Utc>,
        day_end: Option<DateTime<Utc>>,
    ) -> Option<Self> {
        let jump = Self {
            from: last,
            to: now,
        };
        if now < last - BACK_LIMIT {
            return Some(jump);
        }
        (now > last + FORWARD_LIMIT && day_end.is_some_and(|end| now >= end)).then_some(jump)
    }
}

/// The central service's clock minus this laptop's, measured at a sync (by this laptop's clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockOffset {
    pub seconds: i64,
    pub measured_at: DateTime<Utc>,
}

/// What this laptop has noticed about its clock, as stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClockChecks {
    pub offset: Option<ClockOffset>,
    pub jump: Option<ClockJump>,
}

impl ClockChecks {
    /// The warning to show at `now`, if any (see [`ClockWarning::of`]).
    pub fn warning(&self, now: DateTime<Utc>) -> Option<ClockWarning> {
        ClockWarning::of(self.offset, self.jump, now)
    }
}

/// What staff are told about the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockWarning {
    /// The central service's clock is this far ahead of ours (negative: behind).
    Offset(Duration),
    Jump(ClockJump),
}

impl ClockWarning {
    /// The warning to show at `now`, if any. A difference with the centre beyond the limit comes
    /// first; a jump is shown for [`JUMP_SHOWN_FOR`] unless a later sync found the clock right.
    pub fn of(
        offset: Option<ClockOffset>,
        jump: Option<ClockJump>,
        now: DateTime<Utc>,
    ) -> Option<Self> {
        if let Some(offset) = offset {
            let difference = Duration::seconds(offset.seconds);
            if difference.abs() > OFFSET_LIMIT {
                return Some(Self::Offset(difference));
            }
        }
        let jump = jump?;
        let checked_since = offset.is_some_and(|o| o.measured_at >= jump.to);
        let recent = now < jump.to + JUMP_SHOWN_FOR;
        (!checked_since && recent).then_some(Self::Jump(jump))
    }

    /// One line for staff, with the time of a jump in the event's time zone:
    /// "Clock: this laptop is 1 h 02 min behind the central service — fix the time",
    /// "Clock went back 1 h at 10:32: check the time".
    pub fn text(&self, timezone: Tz) -> String {
        match self {
            Self::Offset(difference) => {
                let side = if *difference > Duration::zero() {
                    "behind"
                } else {
                    "ahead of"
                };
                format!(
                    "Clock: this laptop is {} {side} the central service — fix the time",
                    amount(difference.abs())
                )
            }
            Self::Jump(jump) => {
                let way = if jump.to < jump.from {
                    "back"
                } else {
                    "forward"
                };
                format!(
                    "Clock went {way} {} at {}: check the time",
                    amount((jump.to - jump.from).abs()),
                    jump.to.with_timezone(&timezone).format("%H:%M")
                )
            }
        }
    }
}

/// "12 min", "1 h", "1 h 02 min", "3 days", "3 days 4 h".
fn amount(duration: Duration) -> String {
    let minutes = duration.num_minutes();
    let (days, hours, minutes) = (minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
    match (days, hours, minutes) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m:02} min"),
        (d, 0, _) => format!("{d} day{}", if d == 1 { "" } else { "s" }),
        (d, h, _) => format!("{d} day{} {h} h", if d == 1 { "" } else { "s" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn back_past_the_limit_or_forward_by_days_past_the_day_is_a_jump() {
        let last = at("2026-11-23T10:00:00Z");
        let end = Some(at("2026-11-24T00:00:00Z"));
        assert_eq!(
            ClockJump::between(last, last - Duration::minutes(4), end),
            None
        );
        assert!(ClockJump::between(last, last - Duration::hours(1), end).is_some());
        assert_eq!(
            ClockJump::between(last, last + Duration::hours(8), end),
            None
        );
        assert!(ClockJump::between(last, last + Duration::days(3), end).is_some());
        // A new fair weeks later (its event is today) is not a jump.
        let later = last + Duration::days(40);
        assert_eq!(
            ClockJump::between(last, later, Some(later + Duration::hours(10))),
            None
        );
        assert_eq!(ClockJump::between(last, later, None), None);
    }

    #[test]
    fn the_words_say_how_far_and_which_way() {
        let london = chrono_tz::Europe::London;
        let behind = ClockWarning::Offset(Duration::minutes(62));
        assert_eq!(
            behind.text(london),
            "Clock: this laptop is 1 h 02 min behind the central service — fix the time"
        );
        let ahead = ClockWarning::Offset(Duration::days(-3));
        assert_eq!(
            ahead.text(london),
            "Clock: this laptop is 3 days ahead of the central service — fix the time"
        );
        let back = ClockWarning::Jump(ClockJump {
            from: at("2026-11-23T11:32:00Z"),
            to: at("2026-11-23T10:32:00Z"),
        });
        assert_eq!(
            back.text(london),
            "Clock went back 1 h at 10:32: check the time"
        );
    }

    #[test]
    fn a_small_difference_is_quiet_and_a_sync_that_finds_the_clock_right_clears_a_jump() {
        let now = at("2026-11-23T10:40:00Z");
        let jump = ClockJump {
            from: at("2026-11-23T11:32:00Z"),
            to: at("2026-11-23T10:32:00Z"),
        };
        let fine = |measured_at| ClockOffset {
            seconds: 30,
            measured_at,
        };
        assert_eq!(ClockWarning::of(Some(fine(now)), None, now), None);
        assert_eq!(
            ClockWarning::of(None, Some(jump), now),
            Some(ClockWarning::Jump(jump))
        );
        assert_eq!(ClockWarning::of(Some(fine(now)), Some(jump), now), None);
        assert_eq!(
            ClockWarning::of(Some(fine(jump.to - Duration::hours(1))), Some(jump), now),
            Some(ClockWarning::Jump(jump))
        );
        assert_eq!(
            ClockWarning::of(None, Some(jump), now + Duration::hours(13)),
            None
        );
        let off = ClockOffset {
            seconds: -400,
            measured_at: now,
        };
        assert_eq!(
            ClockWarning::of(Some(off), Some(jump), now),
            Some(ClockWarning::Offset(Duration::seconds(-400)))
        );
    }
}
