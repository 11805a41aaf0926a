//! What this laptop has noticed about its clock (see [`crate::domain::clock`]): a jump between two
//! recorded changes, noted by [`super::change::record`] with an audit row, and the difference with
//! the central service's clock at the last sync. Both are settings: this laptop's own, not synced.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction};

use super::Store;
use super::error::Result;
use super::time::parse;
use crate::domain::clock::{ClockChecks, ClockJump, ClockOffset, ClockWarning};
use crate::domain::event::local_day_bounds;

/// The last jump noticed, as JSON [`ClockJump`].
pub const JUMP_SETTING: &str = "clock_jump";
/// The difference with the centre at the last sync, as JSON [`ClockOffset`].
pub const OFFSET_SETTING: &str = "clock_offset";

/// Notes a jump from the last recorded change (`last_at`) to `now`, before a change doing
/// `action`, in the settings, and returns it for the caller's audit row. A `last_at` that cannot be read is no evidence of anything.
pub(super) fn notice_jump(
    tx: &Transaction<'_>,
    action: &str,
    last_at: &str,
    now: DateTime<Utc>,
) -> Result<Option<ClockJump>> {
    let Ok(last) = parse(last_at) else {
        return Ok(None);
    };
    // The event's day only matters for a forward jump in the day's work, so it is read only then.
    let day_end = if now > last + crate::domain::clock::FORWARD_LIMIT
        && crate::domain::clock::DAY_WORK.contains(&action)
    {
        current_day_end(tx)?
    } else {
        None
    };
    let Some(jump) = ClockJump::between(last, now, day_end) else {
        return Ok(None);
    };
    super::set_setting(
        tx,
        JUMP_SETTING,
        &serde_json::to_string(&jump).expect("plain fields serialise"),
    )?;
    Ok(Some(jump))
}

/// The end of the current event's local day, if there is a current event.
fn current_day_end(tx: &Transaction<'_>) -> Result<Option<DateTime<Utc>>> {
    let found: Option<(String, String)> = tx
        .query_row(
            "SELECT e.event_date, e.timezone FROM settings s JOIN events e ON e.id = s.value
             WHERE s.key = ?1",
            [super::CURRENT_EVENT],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(found.and_then(|(date, timezone)| {
        let date = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok()?;
        Some(local_day_bounds(date, timezone.parse().ok()?).1)
    }))
}

impl Store {
    /// Stores the difference between the central service's clock and this laptop's, measured at
    /// a sync. A difference within the limit also clears an earlier jump's warning.
    pub fn record_clock_offset(&mut self, offset: ClockOffset) -> Result<()> {
        self.set_setting(
            OFFSET_SETTING,
            &serde_json::to_string(&offset).expect("plain fields serialise"),
        )
    }

    /// What this laptop has noticed about its clock.
    pub fn clock_checks(&self) -> Result<ClockChecks> {
        // A setting that does not parse (written by a later release, say) is no evidence.
        let read = |key| -> Result<Option<String>> { self.setting(key) };
        Ok(ClockChecks {
            offset: read(OFFSET_SETTING)?.and_then(|v| serde_json::from_str(&v).ok()),
            jump: read(JUMP_SETTING)?.and_then(|v| serde_json::from_str(&v).ok()),
        })
    }

    /// The clock warning to show staff at `now`, if any.
    pub fn clock_warning(&self, now: DateTime<Utc>) -> Result<Option<ClockWarning>> {
        Ok(self.clock_checks()?.warning(now))
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::domain::Source;
    use crate::store::candidates::tests::zoe;
    use crate::store::{Actor, test_store, test_time};

    fn person(email: &str) -> crate::domain::Registration {
        let mut r = zoe();
        r.email = Some(email.into());
        r.phone = None;
        r
    }

    fn actions(store: &Store) -> Vec<String> {
        store
            .connection()
            .prepare("SELECT action FROM audit_log ORDER BY seq")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// Issue 11: nothing warned about the clock. A change written with the clock an hour behind
    /// the last recorded one is kept, and the jump is noted, audited and shown.
    #[test]
    fn a_clock_that_goes_back_is_noted_audited_and_shown_but_the_change_is_kept() {
        let (_dir, mut store, event) = test_store();
        let t = test_time();
        let at = |d: Duration| Actor::new("kiosk", t + d);
        store
            .register(
                &event,
                &person("a@example.com"),
                Source::Kiosk,
                &at(Duration::zero()),
            )
            .unwrap();
        // A few minutes back (two processes, a small correction) is not a jump.
        store
            .register(
                &event,
                &person("b@example.com"),
                Source::Kiosk,
                &at(-Duration::minutes(3)),
            )
            .unwrap();
        assert_eq!(store.clock_warning(t).unwrap(), None);
        let back = at(-Duration::minutes(63));
        store
            .register(&event, &person("c@example.com"), Source::Kiosk, &back)
            .unwrap();
        assert_eq!(store.candidates(&event).unwrap().len(), 3);
        let warning = store.clock_warning(back.at).unwrap().expect("a warning");
        assert_eq!(
            warning.text(event.timezone),
            // 08:27 UTC is 09:27 in London on 29 March 2026 (summer time from 01:00 that day).
            "Clock went back 1 h at 09:27: check the time"
        );
        assert_eq!(
            actions(&store)[1..],
            [
                "candidate.register",
                "candidate.register",
                "clock.jump",
                "candidate.register"
            ]
        );
        assert_eq!(store.verify_audit_chain().unwrap(), None);
        // Changes after it, at the new time, are not more jumps.
        store
            .register(&event, &person("d@example.com"), Source::Kiosk, &back)
            .unwrap();
        assert_eq!(
            actions(&store)
                .iter()
                .filter(|a| *a == "clock.jump")
                .count(),
            1
        );
        // A sync that finds the clock right clears it; one that finds it wrong says by how much.
        store
            .record_clock_offset(ClockOffset {
                seconds: 20,
                measured_at: back.at + Duration::minutes(1),
            })
            .unwrap();
        assert_eq!(store.clock_warning(back.at).unwrap(), None);
        store
            .record_clock_offset(ClockOffset {
                seconds: 62 * 60,
                measured_at: back.at + Duration::minutes(2),
            })
            .unwrap();
        assert_eq!(
            store
                .clock_warning(back.at)
                .unwrap()
                .unwrap()
                .text(event.timezone),
            "Clock: this laptop is 1 h 02 min behind the central service — fix the time"
        );
    }

    /// Demo data is written at made-up times (the first run's waiting people, a demo day that
    /// runs to 17:00): it is not a clock reading, so it neither warns nor is compared with.
    #[test]
    fn demo_data_at_made_up_times_is_not_a_clock_jump() {
        let (_dir, mut store, event) = test_store();
        let t = test_time();
        store
            .register(
                &event,
                &person("past@example.com"),
                Source::Demo,
                &Actor::new("demo", t - Duration::hours(3)),
            )
            .unwrap();
        store
            .register(
                &event,
                &person("future@example.com"),
                Source::Demo,
                &Actor::new("demo", t + Duration::hours(7)),
            )
            .unwrap();
        store
            .register(
                &event,
                &person("real@example.com"),
                Source::Kiosk,
                &Actor::new("kiosk", t + Duration::minutes(1)),
            )
            .unwrap();
        assert_eq!(store.clock_warning(t).unwrap(), None);
        assert!(!actions(&store).contains(&"clock.jump".to_string()));
    }

    #[test]
    fn a_clock_three_days_fast_during_the_event_is_noted_but_a_new_fair_later_is_not() {
        let (_dir, mut store, event) = test_store();
        let t = test_time();
        let fast = Actor::new("kiosk", t + Duration::days(3));
        store
            .register(&event, &person("a@example.com"), Source::WalkIn, &fast)
            .unwrap();
        let warning = store.clock_warning(fast.at).unwrap().expect("a warning");
        assert!(
            warning
                .text(event.timezone)
                .starts_with("Clock went forward 3 days at "),
            "{}",
            warning.text(event.timezone)
        );
        // Weeks later, a new fair's event is created first: its first changes are not jumps.
        let (_dir, mut store, _) = test_store();
        let later = Actor::new("cli", t + Duration::days(40));
        let next = store
            .create_event(
                &crate::domain::NewEvent::parse("Next Fair", "Hall", "2026-05-08", "Europe/London")
                    .unwrap(),
                &later,
            )
            .unwrap();
        store
            .register(&next, &person("b@example.com"), Source::Kiosk, &later)
            .unwrap();
        assert_eq!(store.clock_warning(later.at).unwrap(), None);
    }
}
