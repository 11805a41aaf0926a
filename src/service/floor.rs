//! What the staff screens watch during the day: the queue, where sync stands, what this laptop
//! noticed about its clock, and the rows the coordinator's dashboard is computed from.

use crate::domain::clock::ClockChecks;
use crate::domain::day::{DayRows, SyncStatus};
use crate::domain::fairness::Person;
use crate::domain::{Event, Staff};
use crate::service::log::logged;
use crate::store::{Actor, CandidateDetail, QueueRow, Store, StoreError};

/// What the staff screens open on.
#[derive(Debug)]
pub struct Opening {
    /// The current event, if there is one yet.
    pub event: Option<Event>,
    /// The active staff, for the sign-in list.
    pub staff: Vec<Staff>,
    /// What the first run set up, said once on the sign-in screen.
    pub first_run_hint: Option<String>,
    /// The event interviews blind.
    pub blind: bool,
}

/// Reads what the staff screens open on.
pub fn opening(store: &Store) -> Result<Opening, StoreError> {
    logged!(
        debug,
        "floor opening",
        read_opening(store),
        |opening| staff = opening.staff.len(),
        event = opening.event.as_ref().map(|e| e.id.as_str())
    )
}

fn read_opening(store: &Store) -> Result<Opening, StoreError> {
    let event = store.current_event()?;
    let blind = match &event {
        Some(event) => store.blind_interviews(event)?,
        None => false,
    };
    // The hint names demo staff, who sign in only at a demo event.
    let first_run_hint = match &event {
        Some(event) if event.demo => {
            store.setting(crate::service::first_run::FIRST_RUN_HINT_SETTING)?
        }
        _ => None,
    };
    Ok(Opening {
        staff: active_staff(store)?,
        first_run_hint,
        event,
        blind,
    })
}

/// The queue, as the staff screens show it.
pub fn queue(store: &Store, event: &Event) -> Result<Vec<QueueRow>, StoreError> {
    logged!(trace, "floor queue", store.candidates(event), |rows| rows =
        rows.len())
}

/// One candidate, with their answers, interview and offer, for the detail screen.
pub fn candidate(
    store: &Store,
    event: &Event,
    candidate_id: &str,
) -> Result<CandidateDetail, StoreError> {
    logged!(
        debug,
        "floor candidate",
        store.candidate(event, candidate_id),
        |_| candidate = candidate_id
    )
}

/// Where sync stands: changes waiting and rejected, the last sync and its error.
pub fn sync_status(store: &Store) -> Result<SyncStatus, StoreError> {
    logged!(trace, "floor sync status", store.sync_status())
}

/// What this laptop has noticed about its clock.
pub fn clock_checks(store: &Store) -> Result<ClockChecks, StoreError> {
    logged!(trace, "floor clock checks", store.clock_checks())
}

/// The day's rows for the dashboard's figures, and the people for its fairness view.
pub fn day(store: &Store, event: &Event) -> Result<(DayRows, Vec<Person>), StoreError> {
    logged!(
        trace,
        "floor day",
        store
            .day_rows(event)
            .and_then(|rows| Ok((rows, store.fairness_people(event)?)))
    )
}

/// The active staff, for the sign-in list.
pub fn active_staff(store: &Store) -> Result<Vec<Staff>, StoreError> {
    let staff = logged!(trace, "floor active staff", store.staff_with_pins())?;
    Ok(staff.into_iter().map(|(staff, _)| staff).collect())
}

/// Records a sign-out in the audit log.
pub fn sign_out(store: &mut Store, staff_id: &str, actor: &Actor) -> Result<(), StoreError> {
    logged!(
        info,
        "sign out",
        store.audit(actor, "staff.sign_out", "staff", staff_id),
        |_| staff = staff_id
    )
}
