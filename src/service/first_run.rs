//! A database with something in it: the demo event, staff and queue a brand-new file gets on its
//! first run, and the demo candidates `fairfloor demo` adds to a day.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::content::Content;
use crate::demo::{DemoError, DemoOptions, DemoSummary};
use crate::domain::Event;
use crate::service::log::logged;
use crate::store::{Actor, Store};

/// The setting holding what the first run set up, said once on the staff screens' sign-in.
pub const FIRST_RUN_HINT_SETTING: &str = "first_run_hint";

/// Seeds a brand-new database with the demo event, staff and waiting candidates, and leaves the
/// sign-in screen a note of who to sign in as (and `made_key`, the key file made for it).
pub fn seed(
    store: &mut Store,
    content: &Content,
    made_key: Option<&Path>,
    now: DateTime<Utc>,
) -> Result<(), DemoError> {
    logged!(info, "first run", seed_demo(store, content, made_key, now))
}

fn seed_demo(
    store: &mut Store,
    content: &Content,
    made_key: Option<&Path>,
    now: DateTime<Utc>,
) -> Result<(), DemoError> {
    let first = crate::demo::seed_first_run(store, content, now)?;
    let key_note = made_key
        .map(|path| format!(" Its key is in {}.", path.display()))
        .unwrap_or_default();
    store.set_setting(
        FIRST_RUN_HINT_SETTING,
        &format!(
            "New database with a demo event. Sign in as {} (PIN {}) or {} (PIN {}).{key_note}",
            first.recruiter, first.recruiter_pin, first.coordinator, first.coordinator_pin
        ),
    )?;
    Ok(())
}

/// How `fairfloor demo` came by the event it filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoEvent {
    /// There was no event: a demo fair was made, as on a first run, with demo staff.
    Made,
    /// The current event had no candidates yet and is now a demo event.
    Turned,
    /// The current event was already a demo event.
    Already,
}

/// Adds demo candidates (and interviews) to the current event once it is a demo event: a new
/// demo fair, as on a first run, when there is no event; the current event turned into a demo
/// event while it has no candidates; never among a real event's candidates.
pub fn add_demo(
    store: &mut Store,
    content: &Content,
    options: &DemoOptions,
    now: DateTime<Utc>,
) -> Result<(Event, DemoEvent, DemoSummary), DemoError> {
    let (event, how) = match store.current_event()? {
        None => {
            seed(store, content, None, now)?;
            (store.require_event()?, DemoEvent::Made)
        }
        Some(event) if event.demo => (event, DemoEvent::Already),
        Some(event) => {
            let candidates = store.candidate_count(&event)?;
            if candidates > 0 {
                return Err(DemoError::RealEvent {
                    event: event.name,
                    candidates,
                });
            }
            let turned = store.make_demo_event(&event, &Actor::new("demo", now))?;
            (turned, DemoEvent::Turned)
        }
    };
    let added = logged!(
        info,
        "demo",
        crate::demo::add_demo(store, &event, content, options),
        |added| event = %event.id,
        candidates = added.candidates
    )?;
    Ok((event, how, added))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DEMO_COORDINATOR, DEMO_COORDINATOR_PIN};
    use crate::domain::{Registration, Source};
    use crate::service::pin::{self, Door, PinRefusal};
    use crate::store::test_time;

    fn options(candidates: usize) -> DemoOptions {
        DemoOptions {
            candidates,
            seed: 1,
        }
    }

    fn demo_coordinator_signs_in(store: &mut Store) -> Result<String, PinRefusal> {
        let everyone = store.all_staff().unwrap();
        let (coordinator, _) = everyone
            .iter()
            .find(|(s, _)| s.name == DEMO_COORDINATOR)
            .expect("the demo coordinator was made");
        let door = Door::SignIn {
            staff_id: &coordinator.id,
        };
        pin::check(store, door, DEMO_COORDINATOR_PIN, test_time())
            .unwrap()
            .map(|s| s.name)
    }

    /// Issue 13: demo staff's PINs are in the README. They open a demo fair and nothing else.
    #[test]
    fn demo_pins_work_at_the_demo_fair_and_not_once_a_real_event_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        let content = Content::load().unwrap();
        let (fair, how, _) = add_demo(&mut store, &content, &options(0), test_time()).unwrap();
        assert_eq!((fair.demo, how), (true, DemoEvent::Made));
        assert_eq!(
            demo_coordinator_signs_in(&mut store),
            Ok(DEMO_COORDINATOR.to_string())
        );

        let real =
            crate::domain::NewEvent::parse("Leeds Fair", "Arena", "2026-03-30", "UTC").unwrap();
        crate::service::event::create(
            &mut store,
            &real,
            None,
            false,
            &Actor::new("cli", test_time()),
        )
        .unwrap();
        assert_eq!(
            demo_coordinator_signs_in(&mut store),
            Err(PinRefusal::NotActive)
        );
        let door = Door::Kiosk;
        assert!(
            pin::check(&mut store, door, DEMO_COORDINATOR_PIN, test_time())
                .unwrap()
                .is_err()
        );
        assert!(
            crate::service::floor::active_staff(&store)
                .unwrap()
                .is_empty()
        );
        assert!(!crate::service::staff::has_coordinator(&store).unwrap());
    }

    #[test]
    fn an_event_with_no_candidates_becomes_a_demo_event_and_one_with_candidates_is_refused() {
        let (_dir, mut store, event) = crate::store::test_store();
        let content = Content::load().unwrap();
        let real = crate::service::staff::add(
            &mut store,
            "Asha Patel",
            crate::domain::StaffRole::Recruiter,
            "4821",
            &Actor::new("cli", test_time()),
        )
        .unwrap();
        let (turned, how, added) =
            add_demo(&mut store, &content, &options(5), test_time()).unwrap();
        // Issue 14: made-up interviews are never credited to a real person.
        let interviewers: Vec<String> = store
            .connection()
            .prepare("SELECT DISTINCT staff_id FROM screenings")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(!interviewers.is_empty());
        assert!(!interviewers.contains(&real.id), "{interviewers:?}");
        assert_eq!(
            (turned.id, turned.demo, how),
            (event.id, true, DemoEvent::Turned)
        );
        assert_eq!(added.candidates, 5);
        assert!(store.require_event().unwrap().demo);

        let (_dir, mut store, event) = crate::store::test_store();
        let someone = Registration {
            given_name: "Real".into(),
            family_name: "Person".into(),
            email: Some("real@example.com".into()),
            ..Registration::default()
        };
        store
            .register(
                &event,
                &someone,
                Source::Kiosk,
                &Actor::new("kiosk", test_time()),
            )
            .unwrap();
        let err = add_demo(&mut store, &content, &options(5), test_time()).unwrap_err();
        assert!(
            matches!(&err, DemoError::RealEvent { candidates: 1, .. }),
            "{err}"
        );
        assert_eq!(store.candidate_count(&event).unwrap(), 1);
        assert!(!store.require_event().unwrap().demo);
    }
}
