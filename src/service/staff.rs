//! Staff, for every shell: add a member of staff (only their PIN's hash is kept), find one by
//! name, and clear a PIN lock once a coordinator has confirmed with their own PIN.

use chrono::{DateTime, Utc};

use crate::domain::staff::{PinHashError, hash_pin};
use crate::domain::{Staff, StaffRole};
use crate::service::pin::{self, Door, PinCheck, PinRefusal};
use crate::store::{Actor, Store, StoreError};

/// A member of staff's name as it is kept (trimmed), or `None` when it is blank or holds
/// characters a terminal would act on.
pub fn valid_name(name: &str) -> Option<&str> {
    let name = name.trim();
    let unsafe_char = name
        .chars()
        .any(crate::domain::text::is_unsafe_for_terminal);
    (!name.is_empty() && !unsafe_char).then_some(name)
}

/// Why a member of staff could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddStaffError {
    #[error(transparent)]
    Pin(#[from] PinHashError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Adds a member of staff (`name` from [`valid_name`]); only the PIN's hash is stored.
pub fn add(
    store: &mut Store,
    name: &str,
    role: StaffRole,
    pin: &str,
    actor: &Actor,
) -> Result<Staff, AddStaffError> {
    let hash = hash_pin(pin)?;
    Ok(store.add_staff(name, role, &hash, actor)?)
}

/// Why no one member of staff has a name.
#[derive(Debug, thiserror::Error)]
pub enum FindStaffError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no active member of staff has that name")]
    NotFound,
    /// More than one active member of staff has it.
    #[error("{0} members of staff have that name")]
    Ambiguous(usize),
}

/// The active member of staff with this name (ignoring case and spaces around it).
pub fn find(store: &Store, name: &str) -> Result<Staff, FindStaffError> {
    let wanted = name.trim().to_lowercase();
    let mut found: Vec<Staff> = crate::service::floor::active_staff(store)?
        .into_iter()
        .filter(|staff| staff.name.trim().to_lowercase() == wanted)
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(FindStaffError::NotFound),
        n => Err(FindStaffError::Ambiguous(n)),
    }
}

/// Whether anyone can close the kiosk: only a coordinator's PIN does.
pub fn has_coordinator(store: &Store) -> Result<bool, StoreError> {
    Ok(crate::service::floor::active_staff(store)?
        .iter()
        .any(|staff| staff.role == StaffRole::Coordinator))
}

/// Clears `target`'s PIN lock and wrong PINs once `coordinator`'s `pin` passes the one PIN check
/// (counted like any other). `Ok(Ok(was_locked))` when cleared; `Ok(Err(_))` when the PIN was
/// refused, and then nothing changed.
pub fn unlock(
    store: &mut Store,
    target: &Staff,
    coordinator: &Staff,
    pin: &str,
    now: DateTime<Utc>,
) -> Result<Result<bool, PinRefusal>, StoreError> {
    let door = Door::Coordinator {
        staff_id: &coordinator.id,
    };
    let checked: PinCheck = pin::check(store, door, pin, now)?;
    if let Err(refusal) = checked {
        return Ok(Err(refusal));
    }
    let actor = Actor::staff(&coordinator.id, now);
    Ok(Ok(store.unlock_staff_pin(&target.id, &actor)?))
}
