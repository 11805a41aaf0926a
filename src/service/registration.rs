//! Registration, for every shell: a candidate signs in at the kiosk or is entered as a walk-in,
//! and a booked candidate arrives or does not come (their status moves on the queue).

use crate::domain::{Event, Registration, Source, Status};
use crate::service::log::logged;
use crate::store::{Actor, RegisterOutcome, Store, StoreError};

/// Registers a candidate (kiosk or walk-in) in one transaction: their ticket, the duplicate check,
/// their equality answers, the audit row and the outbox.
pub fn register(
    store: &mut Store,
    event: &Event,
    registration: &Registration,
    source: Source,
    actor: &Actor,
) -> Result<RegisterOutcome, StoreError> {
    logged!(
        info,
        "register",
        store.register(event, registration, source, actor),
        |done| ticket = %done.ticket,
        candidate = %done.candidate_id,
        source = source.as_ref(),
        possible_duplicate = done.possible_duplicate
    )
}

/// Moves a candidate to `status`: arrived (waiting), no-show, back to the queue and so on.
pub fn set_status(
    store: &mut Store,
    event: &Event,
    candidate_id: &str,
    status: Status,
    actor: &Actor,
) -> Result<(), StoreError> {
    logged!(
        info,
        "set status",
        store.set_status(event, candidate_id, status, actor),
        |_| candidate = candidate_id,
        status = status.as_ref()
    )
}
