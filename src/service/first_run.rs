//! A database with something in it: the demo event, staff and queue a brand-new file gets on its
//! first run, and the demo candidates `fairfloor demo` adds to a day.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::content::Content;
use crate::demo::{DemoError, DemoOptions, DemoSummary};
use crate::domain::{Event, NewEvent};
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

/// Adds demo candidates (and interviews) to the current event, or to a new demo event dated
/// today in Europe/London when there is none yet.
pub fn add_demo(
    store: &mut Store,
    content: &Content,
    options: &DemoOptions,
    now: DateTime<Utc>,
) -> Result<(Event, DemoSummary), DemoError> {
    let event = match store.current_event()? {
        Some(event) => event,
        None => {
            let today = now.with_timezone(&chrono_tz::Europe::London).date_naive();
            let event = NewEvent {
                name: "Demo recruitment fair".into(),
                venue: "Demo venue".into(),
                date: today,
                timezone: chrono_tz::Europe::London,
            };
            store.create_event(&event, &Actor::new("demo", now))?
        }
    };
    let added = logged!(
        info,
        "demo",
        crate::demo::add_demo(store, &event, content, options),
        |added| event = %event.id,
        candidates = added.candidates
    )?;
    Ok((event, added))
}
