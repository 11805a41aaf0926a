//! The demo-ready event a brand-new database gets, so the first `fairfloor` (or `fairfloor kiosk`)
//! on a new file opens the staff screens on a current event with staff and a queue.

use chrono::{DateTime, Duration, Utc};

use super::interviews::{Day, screen};
use super::people::{Plan, generate};
use super::{
    DEMO_COORDINATOR, DEMO_COORDINATOR_PIN, DEMO_RECRUITER, DEMO_RECRUITER_PIN, DemoError,
    add_demo_staff, write,
};
use crate::content::Content;
use crate::domain::{Event, NewEvent, StaffRole};
use crate::store::{Actor, Store};

/// The seed used for the first-run candidates, so every new laptop shows the same demo.
pub const FIRST_RUN_SEED: u64 = 2026;

/// How many candidates a brand-new database starts with.
pub const FIRST_RUN_CANDIDATES: usize = 12;

/// How many first-run candidates have already been interviewed, so the Screened tab is in use.
pub const FIRST_RUN_SCREENED: usize = 3;

/// What a brand-new database gets so the staff screens open on real screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstRun {
    pub event: Event,
    pub recruiter: String,
    pub recruiter_pin: &'static str,
    pub coordinator: String,
    pub coordinator_pin: &'static str,
}

/// Creates the demo event (dated `now` in Europe/London, and made current), a demo recruiter and
/// coordinator with well-known PINs, and [`FIRST_RUN_CANDIDATES`] waiting candidates who arrived
/// over the 90 minutes before `now`, so the queue shows real-looking waits. The demo recruiter
/// has already interviewed [`FIRST_RUN_SCREENED`] of the earliest, so the Screened tab is in use.
pub fn seed_first_run(
    store: &mut Store,
    content: &Content,
    now: DateTime<Utc>,
) -> Result<FirstRun, DemoError> {
    let timezone = chrono_tz::Europe::London;
    let actor = Actor::new("demo", now);
    let event = store.create_event(
        &NewEvent {
            name: "Demo recruitment fair".to_string(),
            venue: "Demo venue".to_string(),
            date: now.with_timezone(&timezone).date_naive(),
            timezone,
            demo: true,
        },
        &actor,
    )?;
    let first_run = FirstRun {
        event,
        recruiter: DEMO_RECRUITER.to_string(),
        recruiter_pin: DEMO_RECRUITER_PIN,
        coordinator: DEMO_COORDINATOR.to_string(),
        coordinator_pin: DEMO_COORDINATOR_PIN,
    };
    let recruiter = add_demo_staff(
        store,
        &first_run.recruiter,
        StaffRole::Recruiter,
        first_run.recruiter_pin,
        &actor,
    )?;
    add_demo_staff(
        store,
        &first_run.coordinator,
        StaffRole::Coordinator,
        first_run.coordinator_pin,
        &actor,
    )?;
    let plan = Plan {
        count: FIRST_RUN_CANDIDATES,
        first_number: store.candidate_count(&first_run.event)? + 1,
        start: now - Duration::minutes(90),
        end: now,
        booked_share: 0.0,
    };
    let people = generate(content, FIRST_RUN_SEED, &plan);
    let outcomes = write(store, &first_run.event, &people)?;
    let day = Day {
        close: now,
        max_wait_minutes: 15,
        share: 1.0,
        limit: FIRST_RUN_SCREENED,
        seed: FIRST_RUN_SEED,
    };
    screen(
        store,
        &first_run.event,
        content,
        &[recruiter],
        &people,
        &outcomes,
        &day,
    )?;
    Ok(first_run)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::tests::decisions;
    use crate::domain::Status;
    use crate::domain::staff::verify_pin;
    use crate::store::test_time;

    fn content() -> Content {
        Content::load().unwrap()
    }

    /// The first run's interviews are recorded at times it makes up, in any order: they are no
    /// clock reading, so the fresh demo fair opens with no clock warning (it once said "Clock
    /// went back 8 min").
    #[test]
    fn a_first_run_and_a_sign_in_raise_no_clock_warning() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("new.db")).unwrap();
        let now = test_time();
        seed_first_run(&mut store, &content(), now).unwrap();
        store
            .audit(&Actor::new("staff:x", now), "staff.sign_in", "staff", "x")
            .unwrap();
        assert_eq!(store.clock_warning(now).unwrap(), None);
        let jumps: i64 = store
            .connection()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'clock.jump'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(jumps, 0);
    }

    #[test]
    fn a_first_run_opens_on_a_current_event_with_staff_and_a_queue() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("new.db")).unwrap();
        let now = test_time();
        let first = seed_first_run(&mut store, &content(), now).unwrap();
        assert_eq!(store.current_event().unwrap(), Some(first.event.clone()));
        assert_eq!(first.event.name, "Demo recruitment fair");
        assert_eq!(first.event.venue, "Demo venue");
        assert_eq!(first.event.date, now.date_naive());
        assert_eq!(first.event.timezone, chrono_tz::Europe::London);
        let staff = store.staff_with_pins().unwrap();
        assert_eq!(staff.len(), 2);
        for (member, hash) in &staff {
            let pin = match member.role {
                StaffRole::Recruiter => first.recruiter_pin,
                StaffRole::Coordinator => first.coordinator_pin,
            };
            assert!(verify_pin(pin, hash), "{member:?}");
        }
        assert!(staff.iter().any(|(s, _)| s.name == first.recruiter));
        assert!(staff.iter().any(|(s, _)| s.name == first.coordinator));
        let queue = store.candidates(&first.event).unwrap();
        assert_eq!(queue.len(), FIRST_RUN_CANDIDATES);
        for row in &queue {
            assert_eq!(row.status, Status::Waiting);
            let arrived = row.arrived_at.unwrap();
            assert!(
                arrived >= now - Duration::minutes(90) && arrived < now,
                "{row:?}"
            );
        }
        // A few of the earliest are already interviewed, by the demo recruiter, before now;
        // the rest are still waiting.
        let screened = decisions(&store);
        assert_eq!(screened.len(), FIRST_RUN_SCREENED);
        assert_eq!(
            queue.iter().filter(|r| r.decision.is_some()).count(),
            FIRST_RUN_SCREENED
        );
        for (_, by, _, _, _, _, completed) in &screened {
            assert_eq!(by, &first.recruiter);
            assert!(completed.as_str() <= crate::store::time::rfc3339(now).as_str());
        }
        assert_eq!(store.verify_audit_chain().unwrap(), None);
    }
}
